// Nothing lost: the receiver (the capture server here) goes down, answers 503, or the browser goes
// offline; the page may even reload in between. Every span and event of the view must arrive,
// each exactly once — checked by the per-view sequence numbers, which have no gaps.
import { expect } from 'chai';
import type { OtlpCapture } from '@openqoe/testkit';
import { openSdkPage, startRig, waitForViewEnd, type BrowserRig, type SdkPage } from './support.js';

/** Sequence numbers of every item of a view that reached the capture server. */
function sequenceNumbers(capture: OtlpCapture, viewId: string): number[] {
  const items = [
    ...capture.spans().filter((s) => s.traceId === viewId),
    ...capture.logRecords().filter((r) => r.traceId === viewId),
  ];
  return items.map((item) => Number(item.attributes['openqoe.record.seq'])).sort((a, b) => a - b);
}

/** 0..n with no gap and no duplicate, n being the root span's number (it is always the last). */
function expectComplete(capture: OtlpCapture, viewId: string): void {
  const root = capture.spans().find((s) => s.traceId === viewId && s.name === 'video.view');
  expect(root, 'root span').to.not.equal(undefined);
  const last = Number(root!.attributes['openqoe.record.seq']);
  const seqs = sequenceNumbers(capture, viewId);
  expect(seqs).to.deep.equal(Array.from({ length: last + 1 }, (_, i) => i));
}

/** Until as many items arrived as the root span's number says the view had. */
async function waitForAll(capture: OtlpCapture, viewId: string): Promise<void> {
  await capture.waitFor(
    () => {
      const root = capture.spans().find((s) => s.traceId === viewId && s.name === 'video.view');
      const expected = Number(root?.attributes['openqoe.record.seq']) + 1;
      return root !== undefined && sequenceNumbers(capture, viewId).length >= expected;
    },
    { timeoutMs: 30_000, description: `every item of view ${viewId}` },
  );
}

const CONFIG = { maxBatchDelayMs: 300 };

/** Opens the progressive MP4 with the SDK attached and plays `seconds`; returns the view's id. */
async function playView(
  rig: BrowserRig,
  seconds: number,
): Promise<{ page: SdkPage; viewId: string }> {
  const page = await openSdkPage(rig, {
    player: 'html5',
    src: rig.media.mediaUrl(rig.fixtures.progressive.path),
    sdkConfig: CONFIG,
  });
  await page.play();
  await page.waitForMediaTime(seconds);
  const viewId = await page.viewId();
  if (viewId === undefined) throw new Error('the SDK started no view on play');
  return { page, viewId };
}

describe('SDK delivery in Chromium: nothing lost', function () {
  this.timeout(120_000);
  let rig: BrowserRig;

  before(async () => {
    rig = await startRig();
  });
  after(async () => {
    await rig?.close();
  });
  afterEach(async () => {
    rig.capture.clearBehaviours();
    if (!rig.capture.listening) await rig.capture.up();
  });

  it('503s with Retry-After: every item arrives once after recovery', async () => {
    rig.capture.failWith(503, { times: 4, retryAfter: 1 });
    const { page, viewId } = await playView(rig, 3);
    await page.run('window.qoeHandle.detach(); window.qoe.flush()');
    await waitForViewEnd(rig.capture, viewId, 30_000);
    // A batch that failed repeatedly waits in the offline queue and may arrive after later ones.
    await waitForAll(rig.capture, viewId);
    expect(rig.capture.rejected.filter((r) => r.status === 503)).to.have.length(4);
    expectComplete(rig.capture, viewId);
    const batchIds = rig.capture.requests.map((r) => r.headers['x-openqoe-batch-id']);
    expect(new Set(batchIds).size, 'no batch stored twice').to.equal(batchIds.length);
    await page.close();
  });

  it('receiver down, page reloaded, receiver back: the view is replayed from IndexedDB', async () => {
    await rig.capture.down();
    const { page, viewId } = await playView(rig, 3);
    await page.page.waitForFunction('window.qoe.diagnostics.retried >= 1');
    // The reload ends the view (pagehide); with the receiver failing, its batches go to IndexedDB.
    await page.page.reload();
    await rig.capture.up();
    await page.page.addScriptTag({ content: rig.sdkBundle });
    await page.run(
      `window.qoe = new OpenQoE.OpenQoE(${JSON.stringify({ endpoint: rig.capture.url, ...CONFIG })})`,
    );
    const root = await waitForViewEnd(rig.capture, viewId, 30_000);
    expect(root.attributes['video.view.end_reason']).to.equal('page_hidden');
    await waitForAll(rig.capture, viewId);
    expectComplete(rig.capture, viewId);
    expect(await page.run('window.qoe.diagnostics.replayed')).to.be.greaterThan(0);
    await page.close();
  });

  it('browser offline, then online: queued batches are delivered in full', async () => {
    const { page, viewId } = await playView(rig, 1);
    await page.page.context().setOffline(true);
    await page.waitForMediaTime(4);
    await page.run('window.qoeHandle.detach(); window.qoe.flush()');
    await page.page.waitForFunction('window.qoe.diagnostics.persisted >= 1');
    const before = rig.capture.counts().accepted.requests;
    await page.page.context().setOffline(false);
    await waitForViewEnd(rig.capture, viewId, 30_000);
    expect(rig.capture.counts().accepted.requests).to.be.greaterThan(before);
    await waitForAll(rig.capture, viewId);
    expectComplete(rig.capture, viewId);
    await page.close();
  });
});
