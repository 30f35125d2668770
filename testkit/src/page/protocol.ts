// The contract between the Node side and the harness page: fixed URL paths on the media server,
// what `load()` accepts, and what the page reports back. Types and constants only, so both the
// browser bundle and Node code can import it.
import type { JsonObject } from '../json.js';
import type {
  GroundTruth,
  MediaEventRecord,
  PlayerEventRecord,
  PlayerKind,
} from '../ground-truth/types.js';

export const HARNESS_PAGE_PATH = '/harness.html';
export const HARNESS_SCRIPT_PATH = '/harness.js';
/** Id of the element the <video> (or the Video.js player) is placed in. */
export const HARNESS_STAGE_ID = 'stage';
/** Prefix under which the media server serves the fixture directory. */
export const MEDIA_PATH_PREFIX = '/media/';

/** Where the media server serves each player library (read from node_modules, as published). */
export const LIBRARY_PATHS = {
  hlsjs: '/lib/hls.min.js',
  dashjs: '/lib/dash.all.min.js',
  shaka: '/lib/shaka-player.compiled.js',
  videojs: '/lib/video.min.js',
  videojsCss: '/lib/video-js.min.css',
} as const;
export type LibraryName = keyof typeof LIBRARY_PATHS;

/** Name of the global through which Node drives the page. */
export const HARNESS_GLOBAL = 'openqoeHarness';

export interface LoadRequest {
  player: PlayerKind;
  /** Absolute URL of the manifest or file. */
  src: string;
  /** Forward buffer target in seconds, mapped onto each player's own setting. */
  bufferSeconds: number;
  /**
   * Extra player configuration, deep-merged over the harness defaults: hls.js config, dash.js
   * settings, Shaka configure() object, Video.js options. Ignored for html5.
   */
  playerConfig?: JsonObject;
  muted?: boolean;
}

export interface LoadResult {
  player: PlayerKind;
  /** Library version, or the browser's user agent for html5. */
  version: string;
}

/** What Node can wait for with `check()`. */
export type HarnessCondition =
  | { kind: 'metadata' }
  | { kind: 'mediaTime'; seconds: number }
  /** Presented frames span at least `seconds` of media time (last − first frame). */
  | { kind: 'mediaProgress'; seconds: number }
  | { kind: 'ended' }
  | { kind: 'fatalError' };

export interface HarnessStatus {
  /** True when the condition asked about holds. */
  met: boolean;
  /** The first fatal error, from the player or the element, if any happened. */
  fatal: PlayerEventRecord | MediaEventRecord | null;
  readyState: number;
  currentTime: number;
  /** mediaTime of the first frame callback, or null before it. */
  firstFrameMediaTime: number | null;
  /** mediaTime of the latest frame callback, or null before the first frame. */
  lastFrameMediaTime: number | null;
  frames: number;
  ended: boolean;
  paused: boolean;
}

/** The global object the harness script installs. */
export interface HarnessApi {
  load(request: LoadRequest): Promise<LoadResult>;
  /** Records the play request time, then asks the player to play. Does not wait for playback. */
  play(): void;
  check(condition: HarnessCondition): HarnessStatus;
  snapshot(): GroundTruth;
  /** The player instance (Hls, dash.js MediaPlayer, shaka.Player, Video.js player), for adapter tests. */
  player: unknown;
  video: HTMLVideoElement | null;
}
