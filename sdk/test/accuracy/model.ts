// The vocabulary of the accuracy suite: scenarios as data, what a run observed on each side
// (ground truth from the harness, measurements from the SDK), and the rows of the report.
import type { Fault, JsonObject, PlayerKind } from '@openqoe/testkit';

/** The media a player is given. */
export type SourceKind =
  /** The progressive MP4 (480p). */
  | 'progressive'
  /** The HLS master playlist (three renditions). */
  | 'hls'
  /** The 240p HLS media playlist alone (one rendition: no ABR). */
  | 'hls-240p'
  /** The DASH manifest (three video representations). */
  | 'dash'
  /** The 240p HLS media playlist published live by the media server (a sliding window). */
  | 'live-hls';

/** Which requests a fault hits. */
export type FaultTarget =
  /** The source itself: master playlist, MPD, MP4 or live playlist. */
  | { source: true }
  /**
   * Video segments by number (1-based); every rendition unless `renditions` names some. With
   * `audio`, DASH's separate audio segment of the same number too (HLS TS carries audio inside).
   */
  | { segments: readonly number[]; renditions?: readonly string[]; audio?: boolean };

export interface FaultSpec {
  target: FaultTarget;
  fault: Fault;
  /** How many matching requests get it (default every one). */
  times?: number;
}

export interface PlayerSetup {
  source: SourceKind;
  /** Forward buffer target in seconds (harness default 4). */
  bufferSeconds?: number;
  /** Deep-merged over the harness defaults for this player. */
  playerConfig?: JsonObject;
  faults?: readonly FaultSpec[];
  /** Overrides of the scenario's preconditions for this player; the note must say why. */
  expect?: Partial<ScenarioExpectation>;
  /** Why this player needs settings that differ from the others', shown in the report. */
  note?: string;
}

/** A player the scenario cannot apply to, with the reason shown in the report. */
export interface NotApplicable {
  notApplicable: string;
}

export type Step =
  /** Records the play request in the page, then asks the player to play. */
  | { do: 'play' }
  /** Until presented frames span this many seconds of media time. */
  | { do: 'playFor'; seconds: number; timeoutMs?: number }
  /** Sets currentTime; waits until frames are presented past the target. A commanded seek. */
  | { do: 'seek'; to: number; thenPlaySeconds: number }
  /** Until the player or the element reports a fatal error. */
  | { do: 'awaitFatal'; timeoutMs: number }
  /** The viewer waits (a fixed time is the scenario itself here, not a synchronisation). */
  | { do: 'wait'; ms: number }
  /** The viewer leaves the page (pagehide). Must be the last step. */
  | { do: 'leave' };

export type MetricId =
  'startup' | 'stalls' | 'seeks' | 'switches' | 'bitrate' | 'errors' | 'exit' | 'streamType';

export interface Scenario {
  id: string;
  title: string;
  /** What the scenario does to playback, for the report. */
  description: string;
  players: Readonly<Record<PlayerKind, PlayerSetup | NotApplicable>>;
  steps: readonly Step[];
  metrics: readonly MetricId[];
  /**
   * What must be true of the ground truth for the scenario to have happened as designed (e.g. at
   * least one stall). A run that fails it fails, so a scenario cannot pass vacuously.
   */
  expect: ScenarioExpectation;
}

export interface ScenarioExpectation {
  minStalls?: number;
  maxStalls?: number;
  minDownSwitches?: number;
  minUpSwitches?: number;
  fatal?: boolean;
  exitBeforeStart?: boolean;
}

/** What the harness saw, independent of the SDK. Times in milliseconds. */
export interface TruthSummary {
  /** First play request → first frame of motion; undefined when playback never started. */
  startupMs: number | undefined;
  /** Frame gaps longer than the compared minimum while neither paused nor seeking. */
  stallsMs: number[];
  /** Seeks the scenario commanded. */
  seeks: number;
  /** Rendered frame heights one after another (each change of rendition), from frame callbacks. */
  renderedHeights: number[];
  /** Advertised bitrate of each rendered height, from the manifest; undefined when it has none. */
  renderedBitrates: (number | undefined)[];
  /** True when the player or the element gave up playback. */
  fatal: boolean;
  /** The viewer left before the first frame, after waiting this long (pagehide − play request). */
  exitWaitMs: number | undefined;
  streamType: 'vod' | 'live';
}

/** What the SDK reported for the view. Times in milliseconds. */
export interface SdkSummary {
  startupMs: number | undefined;
  stallsMs: number[];
  seeks: number;
  upSwitches: number;
  downSwitches: number;
  /** Bitrates rendered one after another, from quality changes (or the average without any). */
  renderedBitrates: (number | undefined)[];
  fatalErrors: number;
  endReason: string | undefined;
  exitBeforeStart: boolean | undefined;
  waitMs: number | undefined;
  streamType: string | undefined;
}

export interface MetricRow {
  metric: string;
  unit: string;
  truth: string;
  measured: string;
  /** measured − truth, for numeric rows. */
  error: number | undefined;
  tolerance: string;
  pass: boolean;
}

export type CaseStatus = 'measured' | 'adapter missing' | 'not applicable' | 'error';

export interface CaseResult {
  scenario: string;
  player: PlayerKind;
  status: CaseStatus;
  rows: MetricRow[];
  /** Why a case was not measured, or what went wrong running it. */
  reason?: string;
  /** Scenario preconditions that the ground truth did not meet. */
  unmet: string[];
  /**
   * Set when the first attempt did not complete (the player failed before the scenario could
   * happen, e.g. an intermittent browser error) and the case was run once more: why it failed.
   */
  retriedAfter?: string;
  /** Player library version (html5: the browser). */
  playerVersion?: string;
  durationMs: number;
}

export interface RunInfo {
  date: string;
  machine: string;
  chromium: string;
  node: string;
  playerVersions: Partial<Record<PlayerKind, string>>;
  runtimeMs: number;
}
