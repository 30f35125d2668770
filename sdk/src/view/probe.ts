// What the view tracker may ask the player about at any time (heartbeats, view end). Adapters
// implement it on top of the media element and their player's API; every method may return
// undefined when the player cannot tell.

export interface PlayerProbe {
  /** Playhead position in seconds. */
  position(): number | undefined;
  /** Seconds buffered ahead of the playhead. */
  bufferAhead(): number | undefined;
  /** Cumulative frame counts from getVideoPlaybackQuality(). */
  frames(): { dropped: number; total: number } | undefined;
  /** Size of the rendered frames (videoWidth × videoHeight); undefined until a frame can be shown. */
  renderedSize(): { width: number; height: number } | undefined;
  /** Size the element occupies on screen, in device pixels. */
  displaySize(): { width: number; height: number } | undefined;
  /** Distance from the live edge, when the player exposes it. */
  liveLatency(): { seconds: number; estimated: boolean } | undefined;
  /** Media seconds per wall-clock second (1 unless the viewer changed the speed). */
  playbackRate?(): number;
  /**
   * Turns `frame` signals on or off for the view. An adapter may hold frames back while they come
   * at a steady pace, but must signal at once the frames around a gap in the picture (and
   * those soon after a seek), where the exact time is the measurement. Called with
   * true while already on, it signals the latest frame held back, if any: the tracker does so
   * before each check, so the last frame before a gap is always known exactly.
   */
  watchFrames?(wanted: boolean): void;
}

export const NULL_PROBE: PlayerProbe = {
  position: () => undefined,
  bufferAhead: () => undefined,
  frames: () => undefined,
  renderedSize: () => undefined,
  displaySize: () => undefined,
  liveLatency: () => undefined,
};
