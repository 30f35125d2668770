// The few parts of each player library's global API the loaders use. Written by hand instead of
// importing the packages' typings: the libraries arrive as classic scripts at run time, their
// typings describe module exports or global namespaces that would leak into the Node-side type
// space, and a narrow surface documents exactly what the harness depends on. Event payloads stay
// `unknown` and are read with pickDetail(), which tolerates shape changes across versions.
import type { JsonObject } from '../json.js';

export interface HlsInstance {
  on(event: string, listener: (event: string, data: unknown) => void): void;
  attachMedia(media: HTMLMediaElement): void;
  loadSource(url: string): void;
  destroy(): void;
  readonly levels: readonly { width: number; height: number; bitrate: number }[];
}

export interface HlsGlobal {
  new (config: JsonObject): HlsInstance;
  readonly version: string;
  isSupported(): boolean;
  readonly Events: {
    readonly MANIFEST_PARSED: string;
    readonly LEVEL_SWITCHED: string;
    readonly FRAG_CHANGED: string;
    readonly ERROR: string;
  };
}

export interface DashPlayer {
  updateSettings(settings: JsonObject): void;
  on(event: string, listener: (event: unknown) => void): void;
  initialize(view: HTMLMediaElement, url: string, autoPlay: boolean): void;
  getVersion(): string;
  play(): void;
  reset(): void;
}

export interface DashGlobal {
  MediaPlayer: {
    (): { create(): DashPlayer };
    readonly events: {
      readonly ERROR: string;
      readonly QUALITY_CHANGE_RENDERED: string;
      readonly STREAM_INITIALIZED: string;
      readonly PLAYBACK_ERROR: string;
    };
  };
}

export interface ShakaPlayer extends EventTarget {
  attach(media: HTMLMediaElement): Promise<void>;
  configure(config: JsonObject): boolean;
  load(uri: string): Promise<void>;
  destroy(): Promise<void>;
}

export interface ShakaGlobal {
  Player: {
    new (): ShakaPlayer;
    readonly version: string;
    isBrowserSupported(): boolean;
  };
  polyfill: { installAll(): void };
}

export interface VideojsPlayer {
  ready(callback: () => void): void;
  on(event: string, listener: () => void): void;
  one(event: string, listener: () => void): void;
  src(source: { src: string; type: string }): void;
  play(): Promise<void> | undefined;
  error(): { code: number; message: string } | null;
  tech(options: { IWillNotUseThisInPlugins: true }): {
    el(): Element;
    vhs?: unknown;
  };
  qualityLevels?(): {
    readonly length: number;
    readonly selectedIndex: number;
    [index: number]: { width?: number; height?: number; bitrate?: number } | undefined;
    on(event: string, listener: () => void): void;
  };
  dispose(): void;
}

export interface VideojsGlobal {
  (element: HTMLVideoElement, options: JsonObject): VideojsPlayer;
  readonly VERSION: string;
  /** VHS tuning knobs are globals, not player options. */
  Vhs?: { GOAL_BUFFER_LENGTH: number; MAX_GOAL_BUFFER_LENGTH: number };
}
