// Runs one scenario with one player in real Chromium: sets up the faults, opens the harness with
// the SDK attached through the player's adapter, performs the steps, and compares what the
// harness recorded with what the SDK sent. One browser, media server and capture server serve the
// whole suite; cases run one after another so timings are not disturbed by each other.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  dashAudioSegmentPath,
  segmentPath,
  type FlatSpan,
  type FaultRule,
  type GroundTruth,
  type MediaFixtures,
  type PlayerKind,
} from '@openqoe/testkit';
import { SDK_ROOT, type AdapterName } from '../../scripts/bundle.js';
import {
  openSdkPage,
  viewLogs,
  viewSpans,
  type BrowserRig,
  type SdkPage,
} from '../browser/support.js';
import { ATTR_VIDEO_CONTENT_ID, SPAN_VIDEO_VIEW } from '../../src/generated/contract.js';
import { compareMetrics, summarizeSdk, summarizeTruth, unmetExpectations } from './compare.js';
import { dashBitrateByHeight, hlsBitrateByHeight } from './manifests.js';
import type {
  CaseResult,
  FaultSpec,
  NotApplicable,
  PlayerSetup,
  Scenario,
  SourceKind,
  Step,
} from './model.js';

/** Where the page reports its pagehide (a beacon the media server logs; it answers 405). */
const PAGEHIDE_MARK_PATH = '/accuracy/pagehide';
const VIEW_END_TIMEOUT_MS = 15_000;

function isNotApplicable(setup: PlayerSetup | NotApplicable): setup is NotApplicable {
  return 'notApplicable' in setup;
}

/** The adapter source file of a library player; html5 needs none. */
export function adapterFile(player: PlayerKind): string | undefined {
  return player === 'html5' ? undefined : join(SDK_ROOT, 'src', 'adapters', `${player}.ts`);
}

/** Undefined when the player can be measured, else why not (its adapter is not written yet). */
export function missingAdapter(player: PlayerKind): string | undefined {
  const file = adapterFile(player);
  if (file === undefined || existsSync(file)) return undefined;
  return `sdk/src/adapters/${player}.ts does not exist yet`;
}

/** Fixture path of each source (the live one is the VOD playlist it is made from). */
function fixturePath(fixtures: MediaFixtures, source: SourceKind): string {
  const lowest = fixtures.renditions[0];
  if (lowest === undefined) throw new Error('the fixtures have no rendition');
  switch (source) {
    case 'progressive':
      return fixtures.progressive.path;
    case 'hls':
      return fixtures.hls.master;
    case 'dash':
      return fixtures.dash.manifest;
    case 'hls-240p':
    case 'live-hls':
      return lowest.hls.playlist;
  }
}

function formatOf(source: SourceKind): 'hls' | 'dash' | undefined {
  if (source === 'dash') return 'dash';
  return source === 'progressive' ? undefined : 'hls';
}

/** Advertised bitrate by height for what the player is given; none for a plain <video>. */
function bitrateTable(rig: BrowserRig, player: PlayerKind, source: SourceKind) {
  // The plain element exposes no bitrate at all: the SDK must not invent one.
  if (player === 'html5') return new Map<number, number>();
  const read = (path: string) => readFileSync(join(rig.fixtures.dir, path), 'utf8');
  if (source === 'dash') return dashBitrateByHeight(read(rig.fixtures.dash.manifest));
  if (source === 'hls') return hlsBitrateByHeight(read(rig.fixtures.hls.master));
  // A media playlist given alone advertises no bandwidth (only a master playlist does).
  return new Map<number, number>();
}

function faultRule(rig: BrowserRig, sourcePath: string, setup: PlayerSetup, spec: FaultSpec) {
  const { target } = spec;
  let path: string | RegExp;
  if ('source' in target) {
    path = sourcePath;
  } else {
    const format = formatOf(setup.source);
    if (format === undefined) throw new Error('segment faults need a segmented source');
    const renditions = target.renditions ?? rig.fixtures.renditions.map((r) => r.id);
    const paths = target.segments.flatMap((n) => [
      ...renditions.map((id) => rig.media.mediaPath(segmentPath(rig.fixtures, format, id, n))),
      ...(target.audio && format === 'dash'
        ? [rig.media.mediaPath(dashAudioSegmentPath(rig.fixtures, n))]
        : []),
    ]);
    path = new RegExp(
      `^(?:${paths.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`,
    );
  }
  const rule: FaultRule = { path, fault: spec.fault };
  if (spec.times !== undefined) rule.times = spec.times;
  return rule;
}

interface Performed {
  truth: GroundTruth;
  seeks: number;
  left: boolean;
}

async function perform(page: SdkPage, steps: readonly Step[]): Promise<Performed> {
  let seeks = 0;
  for (const step of steps) {
    switch (step.do) {
      case 'play':
        await page.play();
        break;
      case 'playFor':
        await page.waitForMediaProgress(step.seconds, step.timeoutMs ?? 20_000);
        break;
      case 'seek':
        seeks += 1;
        await seekAndPlay(page, step.to, step.thenPlaySeconds);
        break;
      case 'awaitFatal':
        await page.waitForFatalError(step.timeoutMs);
        break;
      case 'wait':
        await page.page.waitForTimeout(step.ms);
        break;
      case 'leave': {
        // The ground truth is read first: the page and its recorder are gone afterwards.
        const truth = await page.groundTruth();
        await page.run(
          `addEventListener('pagehide', () => navigator.sendBeacon(` +
            `${JSON.stringify(PAGEHIDE_MARK_PATH)} + '?at=' + (performance.timeOrigin + performance.now())))`,
        );
        await page.page.goto('about:blank');
        return { truth, seeks, left: true };
      }
    }
  }
  return { truth: await page.groundTruth(), seeks, left: false };
}

const SEEK_TIMEOUT_MS = 20_000;

/** Seeks the element and waits until frames have moved `seconds` past the target. */
async function seekAndPlay(page: SdkPage, to: number, seconds: number): Promise<void> {
  const from = to + seconds;
  await page.page.evaluate(
    `new Promise((resolve, reject) => {
      const element = window.openqoeHarness.video;
      const timer = setTimeout(() => reject(new Error(
        'no frame in [${from}, ${from + 2}) s within ${SEEK_TIMEOUT_MS} ms of seeking to ${to} s; at ' + element.currentTime)),
        ${SEEK_TIMEOUT_MS});
      const onFrame = (_now, meta) => {
        if (meta.mediaTime >= ${from} && meta.mediaTime < ${from + 2}) {
          clearTimeout(timer);
          resolve(true);
        } else element.requestVideoFrameCallback(onFrame);
      };
      element.currentTime = ${to};
      element.requestVideoFrameCallback(onFrame);
    })`,
  );
}

/** The page's own pagehide time, from the beacon in the media server's log. */
async function pagehideAt(rig: BrowserRig): Promise<number | undefined> {
  const deadline = performance.now() + 5000;
  for (;;) {
    const mark = rig.media.requests(PAGEHIDE_MARK_PATH)[0];
    const at = mark === undefined ? null : new URLSearchParams(mark.query).get('at');
    if (at !== null) return Number(at);
    if (performance.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let caseCounter = 0;

/**
 * The root span of the case's view, found by the content id the case gave the SDK: a view may
 * end (a fatal error, the page left) before the page could be asked for its id.
 */
async function rootSpanOf(rig: BrowserRig, contentId: string): Promise<FlatSpan> {
  return rig.capture.waitFor(
    (capture) =>
      capture
        .spans()
        .filter(
          (s) => s.name === SPAN_VIDEO_VIEW && s.attributes[ATTR_VIDEO_CONTENT_ID] === contentId,
        )
        .sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1))[0],
    { timeoutMs: VIEW_END_TIMEOUT_MS, description: `the root span of view ${contentId}` },
  );
}

/**
 * Runs a case, and once more if the first attempt did not complete: an intermittent failure of
 * the player or browser is reported with the case (retriedAfter), never hidden.
 */
export async function measureCase(
  rig: BrowserRig,
  scenario: Scenario,
  player: PlayerKind,
): Promise<CaseResult> {
  const first = await runCase(rig, scenario, player);
  if (first.status !== 'error') return first;
  const second = await runCase(rig, scenario, player);
  return { ...second, retriedAfter: first.reason ?? 'unknown' };
}

export async function runCase(
  rig: BrowserRig,
  scenario: Scenario,
  player: PlayerKind,
): Promise<CaseResult> {
  const started = performance.now();
  const base = { scenario: scenario.id, player, rows: [], unmet: [] };
  const setup = scenario.players[player];
  if (isNotApplicable(setup)) {
    return { ...base, status: 'not applicable', reason: setup.notApplicable, durationMs: 0 };
  }
  const missing = missingAdapter(player);
  if (missing !== undefined) {
    return { ...base, status: 'adapter missing', reason: missing, durationMs: 0 };
  }
  rig.media.clearFaults();
  rig.media.clearRequests();
  const path = fixturePath(rig.fixtures, setup.source);
  const live =
    setup.source === 'live-hls' ? rig.media.addLiveHls({ fixturePath: path }) : undefined;
  const sourcePath = live?.path ?? rig.media.mediaPath(path);
  for (const spec of setup.faults ?? [])
    rig.media.addFault(faultRule(rig, sourcePath, setup, spec));
  caseCounter += 1;
  const contentId = `accuracy-${scenario.id}-${player}-${caseCounter}`;
  let page: SdkPage | undefined;
  let playerVersion: string | undefined;
  try {
    page = await openSdkPage(rig, {
      player,
      src: rig.media.url(sourcePath),
      ...(setup.bufferSeconds === undefined ? {} : { bufferSeconds: setup.bufferSeconds }),
      ...(setup.playerConfig === undefined ? {} : { playerConfig: setup.playerConfig }),
      ...(player === 'html5' ? {} : { adapter: player as AdapterName }),
      metadata: { contentId },
    });
    playerVersion = page.loaded.version;
    const performed = await perform(page, scenario.steps);
    if (!performed.left) {
      await page.run('window.qoeHandle.detach(); window.qoe.flush()');
      await page.page.waitForFunction('window.qoe.diagnostics.pendingBatches === 0', undefined, {
        timeout: VIEW_END_TIMEOUT_MS,
      });
    }
    const viewId = (await rootSpanOf(rig, contentId)).traceId;
    const leftAtEpochMs = performed.left ? await pagehideAt(rig) : undefined;
    const truth = summarizeTruth(performed.truth, {
      seeks: performed.seeks,
      bitrateByHeight: bitrateTable(rig, player, setup.source),
      ...(leftAtEpochMs === undefined ? {} : { leftAtEpochMs }),
      streamType: setup.source === 'live-hls' ? 'live' : 'vod',
    });
    const sdk = summarizeSdk(viewSpans(rig.capture, viewId), viewLogs(rig.capture, viewId));
    return {
      ...base,
      status: 'measured',
      rows: compareMetrics(scenario.metrics, truth, sdk),
      unmet: unmetExpectations({ ...scenario.expect, ...setup.expect }, truth),
      playerVersion,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    return {
      ...base,
      status: 'error',
      reason: error instanceof Error ? error.message.split('\n')[0] : String(error),
      ...(playerVersion === undefined ? {} : { playerVersion }),
      durationMs: performance.now() - started,
    };
  } finally {
    live?.remove();
    rig.media.clearFaults();
    await page?.close().catch(() => undefined);
  }
}
