// What the page-side recorder captures, as plain JSON so it crosses the Playwright boundary
// unchanged. Shared by the browser bundle (which fills it) and the Node-side analysis (which reads
// it); nothing here may depend on the DOM or on Node.
//
// Every timestamp named `t`, `now`, `expectedDisplayTime` or `presentationTime` is the page's
// performance.now() in milliseconds; add `timeOrigin` to get epoch milliseconds comparable with
// the media server's request log.

/** The player kinds the harness can load. */
export const PLAYER_KINDS = ['html5', 'hlsjs', 'dashjs', 'shaka', 'videojs'] as const;
export type PlayerKind = (typeof PLAYER_KINDS)[number];

/**
 * Media element events the recorder listens to. `stalled` is recorded for completeness but means
 * "no data arriving", not a playback stall: stalls come from frame gaps (see analyze.ts).
 */
export const MEDIA_EVENT_TYPES = [
  'loadstart',
  'loadedmetadata',
  'loadeddata',
  'canplay',
  'play',
  'playing',
  'waiting',
  'seeking',
  'seeked',
  'pause',
  'ended',
  'error',
  'ratechange',
  'resize',
  'emptied',
  'stalled',
] as const;
export type MediaEventType = (typeof MEDIA_EVENT_TYPES)[number];

/** One requestVideoFrameCallback invocation: one frame handed to the compositor. */
export interface FrameRecord {
  /** The callback's `now` argument: when the frame callback ran. */
  now: number;
  expectedDisplayTime: number;
  presentationTime: number;
  /** Seconds on the media timeline. */
  mediaTime: number;
  /** Cumulative count; a jump of more than 1 means frames were presented without a callback. */
  presentedFrames: number;
  width: number;
  height: number;
}

/** One media element event with the element's state at that moment. */
export interface MediaEventRecord {
  type: MediaEventType;
  t: number;
  currentTime: number;
  readyState: number;
  paused: boolean;
  seeking: boolean;
  playbackRate: number;
  videoWidth: number;
  videoHeight: number;
  /** MediaError.code when the element holds an error, else null. */
  errorCode: number | null;
}

export type PlayerEventDetail = Record<string, string | number | boolean | null>;

/** An event from the player library itself, as the loader translated it. */
export interface PlayerEventRecord {
  t: number;
  player: PlayerKind | 'harness';
  /** The library's own event name (e.g. hls.js `hlsFragChanged`, dash.js `qualityChangeRendered`). */
  name: string;
  /** True when the player gave up playback (hls.js fatal, Shaka severity 2, any dash.js/Video.js error). */
  fatal: boolean;
  detail: PlayerEventDetail;
}

/** One markPlayRequested() call: the viewer's intent to play, with where playback stood. */
export interface PlayRequestRecord {
  t: number;
  /** The element's currentTime at the request: the position a preloaded frame shows. */
  currentTime: number;
  readyState: number;
  paused: boolean;
}

export interface GroundTruth {
  /** performance.timeOrigin of the page, epoch milliseconds. */
  timeOrigin: number;
  /** Every markPlayRequested() call, in call order. */
  playRequests: PlayRequestRecord[];
  frames: FrameRecord[];
  mediaEvents: MediaEventRecord[];
  playerEvents: PlayerEventRecord[];
}
