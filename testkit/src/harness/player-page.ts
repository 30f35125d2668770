// Node-side driver of the harness page: open it, load a player, start playback, wait for
// conditions (never for fixed times) and read the ground truth back.
import type { Browser, Page } from 'playwright-core';
import { openPage } from '../browser/page.js';
import type { InstrumentedPage, PageProblem } from '../browser/page.js';
import type { GroundTruth, PlayerKind } from '../ground-truth/types.js';
import type { MediaServer } from '../media/server.js';
import { HARNESS_GLOBAL, HARNESS_PAGE_PATH } from '../page/protocol.js';
import type { JsonObject } from '../json.js';
import type { HarnessCondition, HarnessStatus, LoadRequest, LoadResult } from '../page/protocol.js';

export interface OpenPlayerPageOptions {
  server: MediaServer;
  player: PlayerKind;
  /** Absolute URL of the manifest or MP4, e.g. server.mediaUrl(fixtures.hls.master). */
  src: string;
  /** Forward buffer target in seconds; default 4 (small, so delays can cause stalls). */
  bufferSeconds?: number;
  /** Deep-merged over the harness's defaults for that player. */
  playerConfig?: JsonObject;
  muted?: boolean;
}

export interface PlayerPage {
  readonly page: Page;
  readonly loaded: LoadResult;
  /** Console errors and uncaught exceptions seen so far. */
  readonly problems: readonly PageProblem[];
  /** Records the play request time in the page, then asks the player to play. */
  play(): Promise<void>;
  /** Until the element has metadata (readyState ≥ 1). Rejects on a fatal error. */
  waitForMetadata(timeoutMs?: number): Promise<HarnessStatus>;
  /** Until a presented frame's mediaTime reaches `seconds`. Rejects on a fatal error. */
  waitForMediaTime(seconds: number, timeoutMs?: number): Promise<HarnessStatus>;
  /**
   * Until presented frames span `seconds` of media time (last − first frame): "played N seconds"
   * whatever media time the stream starts at. Rejects on a fatal error.
   */
  waitForMediaProgress(seconds: number, timeoutMs?: number): Promise<HarnessStatus>;
  /** Until the element has ended. Rejects on a fatal error. */
  waitForEnded(timeoutMs?: number): Promise<HarnessStatus>;
  /** Until a fatal player or element error is recorded; resolves with it in `fatal`. */
  waitForFatalError(timeoutMs?: number): Promise<HarnessStatus>;
  status(): Promise<HarnessStatus>;
  groundTruth(): Promise<GroundTruth>;
  close(): Promise<void>;
}

const DEFAULT_WAIT_MS = 15_000;
const POLL_MS = 50;

export async function openPlayerPage(
  browser: Browser,
  options: OpenPlayerPageOptions,
): Promise<PlayerPage> {
  const instrumented = await openPage(browser);
  try {
    await instrumented.page.goto(options.server.url(HARNESS_PAGE_PATH));
    const request: LoadRequest = {
      player: options.player,
      src: options.src,
      bufferSeconds: options.bufferSeconds ?? 4,
      ...(options.playerConfig === undefined ? {} : { playerConfig: options.playerConfig }),
      ...(options.muted === undefined ? {} : { muted: options.muted }),
    };
    const loaded = await callHarness<LoadResult>(instrumented.page, 'load', request);
    return playerPage(instrumented, loaded);
  } catch (error) {
    await instrumented.close();
    throw error;
  }
}

function playerPage(instrumented: InstrumentedPage, loaded: LoadResult): PlayerPage {
  const { page } = instrumented;
  const waitUntil = (condition: HarnessCondition, timeoutMs = DEFAULT_WAIT_MS) =>
    waitForCondition(page, condition, timeoutMs);
  return {
    page,
    loaded,
    problems: instrumented.problems,
    play: () => callHarness<undefined>(page, 'play'),
    waitForMetadata: (timeoutMs) => waitUntil({ kind: 'metadata' }, timeoutMs),
    waitForMediaTime: (seconds, timeoutMs) => waitUntil({ kind: 'mediaTime', seconds }, timeoutMs),
    waitForMediaProgress: (seconds, timeoutMs) =>
      waitUntil({ kind: 'mediaProgress', seconds }, timeoutMs),
    waitForEnded: (timeoutMs) => waitUntil({ kind: 'ended' }, timeoutMs),
    waitForFatalError: (timeoutMs) => waitUntil({ kind: 'fatalError' }, timeoutMs),
    status: () => callHarness<HarnessStatus>(page, 'check', { kind: 'metadata' }),
    groundTruth: () => callHarness<GroundTruth>(page, 'snapshot'),
    close: () => instrumented.close(),
  };
}

/**
 * Calls window.openqoeHarness[method](arg) in the page. The call is sent as an expression string
 * built from JSON rather than as a function: functions would be serialised from tsx-transformed
 * source, which may reference helpers (such as esbuild's __name) that do not exist in the page.
 */
async function callHarness<T>(page: Page, method: string, arg?: unknown): Promise<T> {
  const argument = arg === undefined ? '' : JSON.stringify(arg);
  return (await page.evaluate(`window.${HARNESS_GLOBAL}.${method}(${argument})`)) as T;
}

async function waitForCondition(
  page: Page,
  condition: HarnessCondition,
  timeoutMs: number,
): Promise<HarnessStatus> {
  // Resolves in the page as soon as the condition holds or a fatal error makes it moot.
  const expression =
    `(() => { const s = window.${HARNESS_GLOBAL}.check(${JSON.stringify(condition)});` +
    ' return s.met || s.fatal !== null ? s : false; })()';
  let status: HarnessStatus;
  try {
    const handle = await page.waitForFunction(expression, undefined, {
      timeout: timeoutMs,
      polling: POLL_MS,
    });
    status = (await handle.jsonValue()) as HarnessStatus;
    await handle.dispose();
  } catch (error) {
    if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
    const current = await callHarness<HarnessStatus>(page, 'check', condition).catch(() => null);
    throw new Error(
      `timed out after ${timeoutMs} ms waiting for ${describe(condition)}; ` +
        `page state: ${JSON.stringify(current)}`,
      { cause: error },
    );
  }
  if (!status.met) {
    throw new Error(
      `fatal error while waiting for ${describe(condition)}: ${JSON.stringify(status.fatal)}`,
    );
  }
  return status;
}

function describe(condition: HarnessCondition): string {
  switch (condition.kind) {
    case 'mediaTime':
      return `media time ≥ ${condition.seconds} s`;
    case 'mediaProgress':
      return `${condition.seconds} s of media played`;
    case 'metadata':
      return 'metadata';
    case 'ended':
      return 'the end of playback';
    case 'fatalError':
      return 'a fatal error';
  }
}
