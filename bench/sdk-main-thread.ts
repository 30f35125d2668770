// T8: what the SDK costs the page's main thread while a video plays. The same harness page plays
// the same progressive MP4 in Debian's Chromium with and without the SDK attached, alternating;
// the cost is the difference in main-thread script time (Chrome DevTools Protocol
// Performance.getMetrics, ScriptDuration) per second of playback.
import { openPlayerPage, type PlayerPage } from '@openqoe/testkit';
import { openSdkPage, startRig, type BrowserRig } from '../sdk/test/browser/support.js';
import type { BenchmarkOutput, RunOptions } from './benchmark.js';
import { formatNumber, markdownTable } from './report.js';
import { median } from './stats.js';

export const name = 'sdk-main-thread';
export const title = 'SDK main-thread cost during playback';
export const command = 'npx tsx bench/run.ts sdk-main-thread';

interface Sample {
  scriptSeconds: number;
  taskSeconds: number;
  playedSeconds: number;
}

type Metrics = Record<string, number>;

async function measure(page: PlayerPage, seconds: number): Promise<Sample> {
  // One DevTools session for the whole measurement: metrics accumulate from Performance.enable.
  const cdp = await page.page.context().newCDPSession(page.page);
  await cdp.send('Performance.enable');
  const read = async (): Promise<Metrics> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  const currentTime = async (): Promise<number> =>
    Number(await page.page.evaluate('document.querySelector("video").currentTime'));
  await page.play();
  await page.waitForMediaTime(1, 30_000);
  const start = await read();
  const startTime = await currentTime();
  await page.waitForMediaTime(1 + seconds, 60_000);
  const end = await read();
  const endTime = await currentTime();
  await cdp.detach();
  return {
    scriptSeconds: (end.ScriptDuration ?? 0) - (start.ScriptDuration ?? 0),
    taskSeconds: (end.TaskDuration ?? 0) - (start.TaskDuration ?? 0),
    playedSeconds: endTime - startTime,
  };
}

async function sample(rig: BrowserRig, withSdk: boolean, seconds: number): Promise<Sample> {
  const src = rig.media.mediaUrl(rig.fixtures.progressive.path);
  const page = withSdk
    ? // The SDK's default batching (5 s), as a page would run it.
      await openSdkPage(rig, { player: 'html5', src, sdkConfig: { maxBatchDelayMs: 5000 } })
    : await openPlayerPage(rig.browser, { server: rig.media, player: 'html5', src });
  try {
    return await measure(page, seconds);
  } finally {
    await page.close();
  }
}

const perSecondMs = (s: Sample, field: 'scriptSeconds' | 'taskSeconds'): number =>
  (s[field] * 1000) / s.playedSeconds;

export async function run(options: RunOptions): Promise<BenchmarkOutput> {
  const rounds = options.quick ? 1 : 3;
  const seconds = options.quick ? 4 : 15;
  const rig = await startRig();
  const without: Sample[] = [];
  const withSdk: Sample[] = [];
  try {
    // Alternate so both variants see the same machine conditions.
    for (let i = 0; i < rounds; i += 1) {
      without.push(await sample(rig, false, seconds));
      withSdk.push(await sample(rig, true, seconds));
    }
  } finally {
    await rig.close();
  }
  const baseScript = median(without.map((s) => perSecondMs(s, 'scriptSeconds')));
  const sdkScript = median(withSdk.map((s) => perSecondMs(s, 'scriptSeconds')));
  const baseTask = median(without.map((s) => perSecondMs(s, 'taskSeconds')));
  const sdkTask = median(withSdk.map((s) => perSecondMs(s, 'taskSeconds')));
  const cost = sdkScript - baseScript;
  const table = markdownTable(
    ['page', 'script ms per s played', 'all tasks ms per s played'],
    [
      ['harness + <video>, no SDK (baseline)', formatNumber(baseScript), formatNumber(baseTask)],
      ['harness + <video> + OpenQoE SDK', formatNumber(sdkScript), formatNumber(sdkTask)],
      ['SDK cost (difference)', formatNumber(cost), formatNumber(sdkTask - baseTask)],
    ],
  );
  const markdown = [
    `Debian Chromium, headless, playing the 480p progressive MP4 fixture in a plain \`<video>\` with the page's ground-truth recorder on both variants; ${rounds} alternating rounds of ${seconds} s of playback each, medians. Script time is CDP \`Performance.getMetrics\` ScriptDuration (main thread), measured from 1 s into playback so page load and SDK start-up are excluded. Goal: SDK cost < 1 ms per second played.`,
    '',
    table,
  ].join('\n');
  return {
    markdown,
    results: {
      rounds,
      seconds,
      baseScriptMsPerSecond: baseScript,
      sdkScriptMsPerSecond: sdkScript,
      sdkCostMsPerSecond: cost,
    },
  };
}
