// Shared set-up for the SDK's real-browser tests: Debian's Chromium, ffmpeg fixtures served by the
// fault-injecting media server, the SDK bundle injected into the harness page, and the OTLP
// capture server standing in for the receiver.
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
import { bundleIife } from '../../scripts/bundle.js';

export interface BrowserRig {
  browser: Browser;
  fixtures: MediaFixtures;
  media: MediaServer;
  capture: OtlpCapture;
  sdkBundle: string;
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
  return {
    browser,
    fixtures,
    media,
    capture,
    sdkBundle: readFileSync(bundlePath, 'utf8'),
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
  const config = {
    endpoint: rig.capture.url,
    apiKey: 'test-key',
    serviceName: 'sdk-browser-test',
    maxBatchDelayMs: 500,
    ...options.sdkConfig,
  };
  await page.page.evaluate(
    `window.qoe = new OpenQoE.OpenQoE(${JSON.stringify(config)});
     window.qoeHandle = window.qoe.attachPlayer(document.querySelector('video'), { contentId: 'fixture' });`,
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
