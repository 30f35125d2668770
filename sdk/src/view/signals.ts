// The vocabulary adapters speak. An adapter only translates its player's events into these
// signals; every measurement is made by the view tracker from them. `at` is always a timestamp
// from the SDK clock (epoch milliseconds on a monotonic base), taken when the player event fired.
import type { CmcdValues } from '../cmcd/parse.js';
import type { AttributeValues } from '../generated/contract.js';

/** Normalised error classes, the same for every player: the contract's `error.type` values. */
export type ErrorType = AttributeValues['error.type'];

export interface PlayerError {
  type: ErrorType;
  /** The player's own code (hls.js details, dash.js code, Shaka code, MediaError code). */
  code?: string;
  message?: string;
  fatal: boolean;
  /** Failures caused by the viewer's situation (entitlement, geo-block): excluded from failure rates. */
  userCaused?: boolean;
}

export interface Rendition {
  /** Bits per second as advertised by the manifest. */
  bitrate?: number;
  width?: number;
  height?: number;
}

export interface SourceInfo {
  url?: string;
  format?: 'hls' | 'dash' | 'mp4' | 'webm' | 'other';
  streamType?: 'vod' | 'live' | 'unknown';
  /** Seconds; Infinity or undefined for live. */
  duration?: number;
}

export type PlaybackSignal =
  /** The player can start loading media (SDK attach → this is the player startup time). */
  | { kind: 'ready'; at: number }
  /** Play intent: a play request or autoplay. Starts a view when none is active. */
  | { kind: 'play_requested'; at: number; autoplay: boolean }
  /**
   * A frame was presented (requestVideoFrameCallback) at media time `position`. Frames are
   * signalled as they come, in order, or `held`: signalled late, when asked, after frames that were
   * not signalled — each of those came soon after the one before, so no gap is to be read between
   * a held frame and the frame signalled before it.
   */
  | { kind: 'frame'; at: number; position: number; held?: boolean }
  /** The playhead moved (timeupdate), used where frames are not observable. */
  | { kind: 'progress'; at: number; position: number }
  /** The element reports it waits for data while it should play. */
  | { kind: 'waiting'; at: number; position: number; bufferAhead?: number }
  | { kind: 'pause'; at: number; position: number }
  | { kind: 'seeking'; at: number; from: number; to: number }
  | { kind: 'seeked'; at: number; position: number }
  | { kind: 'ended'; at: number; position: number }
  | { kind: 'error'; at: number; error: PlayerError; position?: number }
  /** The rendition being rendered changed (hls.js FRAG_CHANGED, dash.js qualityChangeRendered...). */
  | { kind: 'rendition_rendered'; at: number; rendition: Rendition }
  /** The player requested another rendition (ABR decision; may lead what is rendered). */
  | { kind: 'rendition_requested'; at: number; rendition: Rendition }
  /** What is being played became known or changed (duration, live/VOD, format, URL). */
  | { kind: 'source'; at: number; source: SourceInfo }
  /** A different source was loaded: the current view ends, the next intent starts another. */
  | { kind: 'source_change'; at: number; source: SourceInfo }
  /** The player sent CMCD with a request for `object` (URL without the CMCD parameter). */
  | { kind: 'cmcd'; at: number; object: string; values: CmcdValues };

export type SignalKind = PlaybackSignal['kind'];
