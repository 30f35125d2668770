// Adapter for Video.js 8.x. Video.js renders into its tech's <video> (with VHS for HLS/DASH); the
// element gives frames, playhead, waiting, seeks and the end. Video.js gives the source URL (the
// element's is a MediaSource blob), MediaError codes (every Video.js error stops playback), live
// vs VOD and live latency from its live tracker. Rendered renditions: the picture's size changing
// is the switch actually shown, and the quality level of that size (VHS) gives the bitrate; VHS's
// own quality-level `change` is only its choice of what to fetch.
import type * as PlayerModule from 'video.js/dist/types/player.js';
import type { PlayerProbe } from '../view/probe.js';
import type { PlayerError, Rendition } from '../view/signals.js';
import type { AdapterContext, PlayerAdapter } from './adapter.js';
import { ElementSlot } from './element-slot.js';
import { formatOf } from './media-element.js';
import { MEDIA_ERROR_TYPES } from './media-error.js';

// Video.js ships CommonJS-style declarations: its Player class is the module's default export.
type VideoJsPlayer = PlayerModule.default;

export interface VideoJsAdapterOptions {
  /** Reserved for future options; none yet. */
  readonly [option: string]: never;
}

interface QualityLevel {
  bitrate?: number;
  width?: number;
  height?: number;
}

interface QualityLevelList {
  readonly length: number;
  readonly selectedIndex: number;
  readonly [index: number]: QualityLevel | undefined;
  on(type: string, listener: () => void): void;
  off(type: string, listener: () => void): void;
}

interface PlayerExtras {
  qualityLevels?: () => QualityLevelList;
  liveTracker?: { isLive(): boolean; liveCurrentTime(): number };
}

/** What Video.js and VHS say about whether the stream is live. */
export interface VideoJsLiveClues {
  /** `player.liveTracker.isLive()`: false for a live window under its `liveTolerance` (15 s). */
  trackerLive?: boolean;
  playerDuration?: number;
  elementDuration?: number;
  /** VHS's media playlist `endList`: false while an HLS playlist (or dynamic MPD) still grows. */
  playlistEndList?: boolean;
}

/**
 * Live or VOD, from any clue that says live. VHS presents a sliding-window live stream with a
 * finite duration, and the live tracker ignores windows shorter than its tolerance, so the
 * playlist that has no end is the clue that holds for every live stream VHS plays.
 */
export function videoJsStreamType(clues: VideoJsLiveClues): 'live' | 'vod' {
  const live =
    clues.trackerLive === true ||
    clues.playerDuration === Infinity ||
    clues.elementDuration === Infinity ||
    clues.playlistEndList === false;
  return live ? 'live' : 'vod';
}

/** Video.js MediaError (VHS errors included) → contract error class and code. */
interface VhsPlaylistError {
  status?: number;
  message?: string;
}

/**
 * Video.js MediaError → contract error class; the MediaError code stays the player's code. A
 * failed VHS playlist (manifest) request, when there is one, makes it a manifest error with
 * VHS's message, which names the request that failed.
 */
export function videoJsError(
  error: { code?: number; message?: string },
  playlistError?: VhsPlaylistError,
): PlayerError {
  const code = error.code ?? 0;
  const message = playlistError?.message ?? error.message;
  return {
    type: playlistError ? 'manifest' : (MEDIA_ERROR_TYPES[code] ?? 'other'),
    code: String(code),
    fatal: true,
    ...(message ? { message: message.slice(0, 200) } : {}),
  };
}

class VideoJsAdapter implements PlayerAdapter {
  readonly playerName = 'videojs' as const;
  readonly playerVersion: string | undefined;
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly player: VideoJsPlayer & PlayerExtras) {
    const version = (globalThis as { videojs?: { VERSION?: string } }).videojs?.VERSION;
    this.playerVersion = typeof version === 'string' ? version : undefined;
  }

  attach(context: AdapterContext): PlayerProbe {
    const { player, cleanups } = this;
    const now = () => context.clock.now();
    const slot: ElementSlot = new ElementSlot(
      context.emit,
      context.clock,
      (): number | undefined => {
        const tracker = player.liveTracker;
        if (slot.source.streamType !== 'live' || !tracker) return undefined;
        return tracker.liveCurrentTime() - (player.currentTime() ?? 0);
      },
    );
    cleanups.push(() => slot.dispose());
    const listen = (type: string, listener: () => void): void => {
      player.on(type, listener);
      cleanups.push(() => player.off(type, listener));
    };
    const techElement = (): HTMLVideoElement | undefined => {
      const el = player.tech(true)?.el() as Element | undefined;
      return el instanceof HTMLVideoElement ? el : undefined;
    };
    const levels = (): QualityLevelList | undefined =>
      typeof player.qualityLevels === 'function' ? player.qualityLevels() : undefined;
    const levelOfSize = (width: number, height: number): QualityLevel | undefined => {
      const list = levels();
      for (let i = 0; list && i < list.length; i += 1) {
        const level = list[i];
        // The element rounds the display aspect ratio (427x240 for a 426x240 rendition).
        if (level && level.height === height && Math.abs((level.width ?? 0) - width) <= 2) {
          return level;
        }
      }
      return undefined;
    };
    const sourceKnown = (): void => {
      const url = player.currentSrc();
      if (!url) return;
      const previous = slot.source.url;
      if (previous !== undefined && previous !== url) {
        slot.changeSource({ url, format: formatOf(url) });
      } else slot.setSource({ url, format: formatOf(url) });
    };

    listen('loadstart', () => {
      slot.observe(techElement());
      sourceKnown();
    });
    const streamTypeKnown = (): void => {
      const tech = player.tech(true) as {
        vhs?: { playlists?: { media?: () => { endList?: boolean } | undefined } };
      };
      const playlist = tech.vhs?.playlists?.media?.();
      const streamType = videoJsStreamType({
        trackerLive: player.liveTracker?.isLive(),
        playerDuration: player.duration(),
        elementDuration: slot.element?.duration,
        playlistEndList: playlist?.endList,
      });
      if (slot.source.streamType !== streamType) slot.setSource({ streamType });
    };
    listen('loadedmetadata', streamTypeKnown);
    // The live tracker and VHS may make up their minds after the metadata.
    listen('durationchange', () => {
      if (slot.source.streamType !== undefined) streamTypeKnown();
    });
    listen('error', () => {
      const error = player.error();
      if (!error) return;
      const element = slot.element;
      // Video.js's MediaError is generic (code 4 for a missing manifest); VHS's playlist loader
      // keeps the failed request, which says what failed.
      const tech = player.tech(true) as { vhs?: { playlists?: { error?: VhsPlaylistError } } };
      const playlistError = tech.vhs?.playlists?.error;
      context.emit({
        kind: 'error',
        at: now(),
        error: videoJsError(error as { code?: number; message?: string }, playlistError),
        ...(element ? { position: element.currentTime } : {}),
      });
    });
    const onResize = (): void => {
      const element = slot.element;
      if (!element || element.videoWidth === 0) return;
      const level = levelOfSize(element.videoWidth, element.videoHeight);
      const rendition: Rendition = {
        ...(level && level.bitrate ? { bitrate: level.bitrate } : {}),
        width: element.videoWidth,
        height: element.videoHeight,
      };
      context.emit({ kind: 'rendition_rendered', at: now(), rendition });
    };
    listen('resize', onResize);
    // VHS's selection: the rendition it will fetch next, not yet what is shown.
    const list = levels();
    if (list) {
      const onChange = (): void => {
        const level = list[list.selectedIndex];
        if (!level) return;
        context.emit({
          kind: 'rendition_requested',
          at: now(),
          rendition: {
            ...(level.bitrate ? { bitrate: level.bitrate } : {}),
            ...(level.width ? { width: level.width, height: level.height } : {}),
          },
        });
      };
      list.on('change', onChange);
      cleanups.push(() => list.off('change', onChange));
    }

    // Video.js may hold a play() call until its tech and source are ready and only then play the
    // element: the viewer's intent is the call, so it is reported when made (the element's own
    // `play` that follows belongs to the view it started).
    const originalPlay = player.play;
    const wrappedPlay: VideoJsPlayer['play'] = function (this: VideoJsPlayer) {
      if (player.paused()) {
        // A source set just before (src() then play()) is known before its loadstart.
        sourceKnown();
        context.emit({ kind: 'play_requested', at: now(), autoplay: false });
      }
      return originalPlay.call(this);
    };
    player.play = wrappedPlay;
    cleanups.push(() => {
      if (player.play === wrappedPlay) player.play = originalPlay;
    });

    // What the player already knows when the SDK is attached to a running player.
    slot.observe(techElement());
    sourceKnown();
    onResize();
    return slot.probe;
  }

  detach(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}

/** Observes a Video.js player: `qoe.attachPlayer(videoJsAdapter(player), metadata)`. */
export function videoJsAdapter(
  player: VideoJsPlayer,
  options: VideoJsAdapterOptions = {},
): PlayerAdapter {
  void options; // no options yet; the parameter keeps the factories' shape
  return new VideoJsAdapter(player as VideoJsPlayer & PlayerExtras);
}
