// Shared set-up for the SDK's real-browser tests: Debian's Chromium, ffmpeg fixtures served by the
// fault-injecting media server, the SDK bundle injected into the harness page, and the OTLP
// capture server standing in for the receiver.
import { expect } from 'chai';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  ensureMediaFixtures,
  findRepoRoot,
  launchChromium,
  openPlayerPage,
  startMediaServer,
  startOtlpCapture,
  type FlatLogRecord,
  type FlatSpan,
  type JsonObject,
  type MediaFixtures,
  type MediaServer,
  type OtlpCapture,
  type PlayerKind,
  type PlayerPage,
} from '@openqoe/testkit';
import {
  ADAPTER_ADDONS,
  bundleAdapterAddon,
  bundleIife,
  type AdapterName,
} from '../../scripts/bundle.js';

export interface BrowserRig {
  browser: Browser;
  fixtures: MediaFixtures;
  media: MediaServer;
  capture: OtlpCapture;
  sdkBundle: string;
  /** The <script> add-on of a player adapter (built on first use), to inject after sdkBundle. */
  adapterAddon(adapter: AdapterName): Promise<string>;
  close(): Promise<void>;
}

export async function startRig(): Promise<BrowserRig> {
  const root = findRepoRoot();
  const outDir = join(root, '.cache', 'sdk-test');
  mkdirSync(outDir, { recursive: true });
  const bundlePath = join(outDir, 'openqoe.js');
  await bundleIife(bundlePath, false);
  const [browser, fixtures, capture] = await Promise.all([
    launchChromium(),
    ensureMediaFixtures(),
    startOtlpCapture({ browserClients: true }),
  ]);
  const media = await startMediaServer({ fixtures });
  const addons = new Map<AdapterName, Promise<string>>();
  return {
    browser,
    fixtures,
    media,
    capture,
    sdkBundle: readFileSync(bundlePath, 'utf8'),
    adapterAddon(adapter) {
      let addon = addons.get(adapter);
      if (!addon) {
        const path = join(outDir, `openqoe-${adapter}.js`);
        addon = bundleAdapterAddon(adapter, path, false).then(() => readFileSync(path, 'utf8'));
        addons.set(adapter, addon);
      }
      return addon;
    },
    async close() {
      await Promise.allSettled([browser.close(), media.close(), capture.close()]);
    },
  };
}

export interface SdkPage extends PlayerPage {
  /** The view id (trace id) the SDK reports for the attached player, once a view started. */
  viewId(): Promise<string | undefined>;
  /** Runs an expression in the page (e.g. `qoe.flush()`). */
  run(expression: string): Promise<unknown>;
}

export interface OpenSdkPageOptions {
  player: PlayerKind;
  src: string;
  playerConfig?: JsonObject;
  bufferSeconds?: number;
  sdkConfig?: Record<string, unknown>;
  /**
   * Attach through this player adapter's add-on (`OpenQoE.<factory>(player)`, the harness's player
   * object) instead of the <video> element.
   */
  adapter?: AdapterName;
  /** Content metadata given to attachPlayer (default `{ contentId: 'fixture' }`). */
  metadata?: Record<string, unknown>;
}

/** Opens the harness with a player, injects the SDK and attaches it before playback starts. */
export async function openSdkPage(rig: BrowserRig, options: OpenSdkPageOptions): Promise<SdkPage> {
  const page = await openPlayerPage(rig.browser, {
    server: rig.media,
    player: options.player,
    src: options.src,
    ...(options.playerConfig ? { playerConfig: options.playerConfig } : {}),
    ...(options.bufferSeconds !== undefined ? { bufferSeconds: options.bufferSeconds } : {}),
  });
  await page.page.addScriptTag({ content: rig.sdkBundle });
  let target = `document.querySelector('video')`;
  if (options.adapter) {
    await page.page.addScriptTag({ content: await rig.adapterAddon(options.adapter) });
    target = `OpenQoE.${ADAPTER_ADDONS[options.adapter]}(window.openqoeHarness.player)`;
  }
  const metadata = JSON.stringify(options.metadata ?? { contentId: 'fixture' });
  const config = {
    endpoint: rig.capture.url,
    apiKey: 'test-key',
    serviceName: 'sdk-browser-test',
    maxBatchDelayMs: 500,
    ...options.sdkConfig,
  };
  await page.page.evaluate(
    `window.qoe = new OpenQoE.OpenQoE(${JSON.stringify(config)});
     window.qoeHandle = window.qoe.attachPlayer(${target}, ${metadata});`,
  );
  return {
    ...page,
    viewId: async () => (await page.page.evaluate('window.qoeHandle.viewId')) as string | undefined,
    run: (expression) => page.page.evaluate(expression),
  };
}

export function viewSpans(capture: OtlpCapture, viewId: string): FlatSpan[] {
  return capture.spans().filter((span) => span.traceId === viewId);
}

export function viewLogs(capture: OtlpCapture, viewId: string): FlatLogRecord[] {
  return capture.logRecords().filter((record) => record.traceId === viewId);
}

/** Waits until the capture holds the view's ended root span, and returns it. */
export async function waitForViewEnd(
  capture: OtlpCapture,
  viewId: string,
  timeoutMs = 10_000,
): Promise<FlatSpan> {
  return capture.waitFor(
    (c) => c.spans().find((span) => span.traceId === viewId && span.name === 'video.view'),
    { timeoutMs, description: `root span of view ${viewId}` },
  );
}

/**
 * Ends the page's view — detached, or flushed only (a view that ended by itself) — and waits for
 * its root span to arrive. Returns the view id.
 */
export async function finishView(
  rig: BrowserRig,
  page: SdkPage,
  detach: boolean,
  knownViewId?: string,
): Promise<string> {
  const viewId = knownViewId ?? (await page.viewId());
  if (!viewId) throw new Error('the SDK started no view');
  await page.run(detach ? 'window.qoeHandle.detach(); window.qoe.flush()' : 'window.qoe.flush()');
  await waitForViewEnd(rig.capture, viewId, 15_000);
  return viewId;
}

/**
 * The viewer pauses a playing view for 2 s and resumes; the view is then detached. Checks what
 * every player must report: one pause event at the playhead, playing again after the resume, and
 * a watch time of the media played (the paused time not counted).
 */
export async function checkPauseAndResume(rig: BrowserRig, page: SdkPage): Promise<void> {
  await page.waitForMediaTime(2, 30_000);
  const pausedAt = Number(
    await page.run(
      '(() => { const v = document.querySelector("video"); v.pause(); return v.currentTime; })()',
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await page.run('document.querySelector("video").play()');
  await page.waitForMediaTime(pausedAt + 2, 30_000);
  const played = Number(await page.run('document.querySelector("video").currentTime'));
  const viewId = await finishView(rig, page, true);
  const logs = viewLogs(rig.capture, viewId);
  const pauses = logs.filter((r) => r.eventName === 'video.pause');
  expect(pauses, 'one pause event').to.have.length(1);
  expect(Number(pauses[0]!.attributes['video.playhead.position'])).to.be.closeTo(pausedAt, 0.5);
  // The first playing ends the startup, the next comes with the resume.
  const playing = logs.filter((r) => r.eventName === 'video.playing');
  expect(playing.length, 'playing after the resume').to.be.at.least(2);
  const root = viewSpans(rig.capture, viewId).find((s) => s.name === 'video.view')!;
  expect(Number(root.attributes['video.watch_time'])).to.be.closeTo(played, 1);
}
