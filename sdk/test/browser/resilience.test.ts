// Nothing lost: the receiver (the capture server here) goes down, answers 503, or the browser goes
// offline; the page may even reload in between. Every span and event of the view must arrive,
// each exactly once — checked by the per-view sequence numbers, which have no gaps.
import { expect } from 'chai';
import { flattenLogRecords, flattenSpans, type OtlpCapture } from '@openqoe/testkit';
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
  config: Record<string, unknown> = CONFIG,
): Promise<{ page: SdkPage; viewId: string }> {
  const page = await openSdkPage(rig, {
    player: 'html5',
    src: rig.media.mediaUrl(rig.fixtures.progressive.path),
    sdkConfig: config,
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

  it('a full IndexedDB queue evicts the oldest batches; every item arrives or is counted and reported', async () => {
    // One record per batch and room for three: the view's last batches (its root span among them)
    // stay, the older ones queued while offline are evicted.
    const config = { maxBatchDelayMs: 200, maxBatchItems: 1, maxQueuedBatches: 3 };
    const { page, viewId } = await playView(rig, 1, config);
    await page.page.context().setOffline(true);
    // Pauses and seeks while offline: a dozen records, a batch each, for a queue of three.
    for (const position of [6, 9, 12]) {
      await page.run('document.querySelector("video").pause()');
      await page.run(`document.querySelector("video").currentTime = ${position}`);
      await page.play();
      await page.waitForMediaTime(position + 0.5);
    }
    await page.run('window.qoeHandle.detach(); window.qoe.flush()');
    await page.page.waitForFunction('(window.qoe.diagnostics.dropped.queue_full ?? 0) > 0');
    await page.page.context().setOffline(false);
    const root = await waitForViewEnd(rig.capture, viewId, 30_000);
    const total = Number(root.attributes['openqoe.record.seq']) + 1;
    // Drops are reported in a batch of their own when the page goes (here a reload) or the next
    // one starts; the new page also finishes a replay the reload interrupted.
    await page.page.reload();
    await page.page.addScriptTag({ content: rig.sdkBundle });
    await page.run(`window.qoe = new OpenQoE.OpenQoE(${JSON.stringify(sdkConfig(rig, config))})`);
    // Batches the reload stashed join the queue on this page and may evict more: those drops are
    // reported when this page goes too.
    await page.page.waitForFunction('window.qoe.diagnostics.pendingBatches === 0');
    await page.page.goto('about:blank');
    await rig.capture.waitFor(
      () =>
        new Set(sequenceNumbers(rig.capture, viewId)).size +
          reportedDrops(rig.capture, 'queue_full') >=
          total || undefined,
      { timeoutMs: 20_000, description: 'every item of the view delivered or reported dropped' },
    );
    const delivered = new Set(sequenceNumbers(rig.capture, viewId)).size;
    expect(reportedDrops(rig.capture, 'queue_full')).to.be.greaterThan(0);
    expect(delivered + reportedDrops(rig.capture, 'queue_full')).to.equal(total);
    // A batch replayed again after the reload cut its first replay short is the same batch (same
    // id), which the receiver stores once (T6); no item travels in two different batches.
    expect(batchIdsPerItem(rig.capture, viewId).every((ids) => ids.size === 1)).to.equal(true);
    await page.close();
  });

  it('queued batches older than the TTL are dropped at replay, counted and reported', async () => {
    const config = { maxBatchDelayMs: 200, queueTtlMs: 1500 };
    const { page, viewId } = await playView(rig, 1, config);
    const deliveredOnline = await rig.capture.waitFor(
      () => sequenceNumbers(rig.capture, viewId).length || undefined,
      { timeoutMs: 10_000, description: 'the first batches of the view' },
    );
    await page.page.context().setOffline(true);
    await page.waitForMediaTime(3);
    await page.run('window.qoeHandle.detach(); window.qoe.flush()');
    await page.page.waitForFunction('window.qoe.diagnostics.persisted >= 1');
    await new Promise((resolve) => setTimeout(resolve, 2000)); // past the TTL, still offline
    await page.page.context().setOffline(false);
    await page.page.waitForFunction('(window.qoe.diagnostics.dropped.ttl_expired ?? 0) > 0');
    const dropped = Number(await page.run('window.qoe.diagnostics.dropped.ttl_expired'));
    await page.page.reload();
    await page.page.addScriptTag({ content: rig.sdkBundle });
    await page.run(`window.qoe = new OpenQoE.OpenQoE(${JSON.stringify(sdkConfig(rig, config))})`);
    await rig.capture.waitFor(
      () => reportedDrops(rig.capture, 'ttl_expired') >= dropped || undefined,
      {
        timeoutMs: 20_000,
        description: 'the report of the expired batches',
      },
    );
    expect(reportedDrops(rig.capture, 'ttl_expired')).to.equal(dropped);
    // Nothing queued while offline was delivered late: only what went out before, without gaps.
    const seqs = sequenceNumbers(rig.capture, viewId);
    expect(seqs).to.deep.equal(Array.from({ length: seqs.length }, (_, i) => i));
    expect(seqs.length).to.be.at.least(deliveredOnline);
    expect(
      rig.capture.spans().some((s) => s.traceId === viewId && s.name === 'video.view'),
    ).to.equal(false);
    await page.close();
  });
});

/** For each item of the view, the ids of the batches that carried it. */
function batchIdsPerItem(capture: OtlpCapture, viewId: string): Set<string>[] {
  const ids = new Map<number, Set<string>>();
  for (const request of capture.requests) {
    const batchId = request.headers['x-openqoe-batch-id'] ?? '';
    const items =
      request.signal === 'traces'
        ? flattenSpans(request.body)
        : request.signal === 'logs'
          ? flattenLogRecords(request.body)
          : [];
    for (const item of items.filter((i) => i.traceId === viewId)) {
      const seq = Number(item.attributes['openqoe.record.seq']);
      ids.set(seq, (ids.get(seq) ?? new Set()).add(batchId));
    }
  }
  return [...ids.values()];
}

function sdkConfig(rig: BrowserRig, extra: Record<string, unknown>): Record<string, unknown> {
  return { endpoint: rig.capture.url, apiKey: 'test-key', ...extra };
}

/**
 * Records the SDK reported dropped for `reason`, summed over its drop reports so far. A report
 * sent twice (the unload flush re-sends a batch whose first request the page may have cut off) is
 * the same batch id, stored once by the receiver; counted once here too.
 */
function reportedDrops(capture: OtlpCapture, reason: string): number {
  const seen = new Set<string>();
  let sum = 0;
  for (const request of capture.requests) {
    if (request.signal !== 'logs') continue;
    const batchId = request.headers['x-openqoe-batch-id'] ?? `request ${request.seq}`;
    if (seen.has(batchId)) continue;
    seen.add(batchId);
    for (const record of flattenLogRecords(request.body)) {
      if (
        record.eventName === 'openqoe.sdk.drop_report' &&
        record.attributes['openqoe.drop.reason'] === reason
      ) {
        sum += Number(record.attributes['openqoe.drop.count']);
      }
    }
  }
  return sum;
}
