// Adapter for hls.js 1.x. The <video> gives frames, playhead, waiting, seeks and the end; hls.js
// gives what only it knows: the rendition being rendered (FRAG_CHANGED: the fragment now playing,
// whereas LEVEL_SWITCHED is only the loader's decision), errors with its own `details` and
// `fatal` verdict, live vs VOD from the playlist, live latency, and the CMCD it sent.
import type Hls from 'hls.js';
import type { HlsListeners, Level } from 'hls.js';
import { observePlayerCmcd } from '../cmcd/player-requests.js';
import type { PlayerProbe } from '../view/probe.js';
import type { ErrorType, PlayerError, Rendition } from '../view/signals.js';
import type { AdapterContext, PlayerAdapter } from './adapter.js';
import { ElementSlot } from './element-slot.js';

export interface HlsJsAdapterOptions {
  /** The <video> when hls.js is attached to it later (by default `hls.media`, when attached). */
  video?: HTMLVideoElement;
}

// Non-fatal "errors" that describe a stall or its handling rather than a failure: the stall
// itself is measured from the element; reporting these as errors would count every stall twice.
const NOT_ERRORS = new Set([
  'bufferStalledError',
  'bufferNudgeOnStall',
  'bufferSeekOverHole',
  'bufferFullError',
  'playlistUnchangedError',
  'fragGap',
  'aborted',
]);

const MANIFEST_DETAILS = new Set([
  'manifestLoadError',
  'manifestParsingError',
  'manifestIncompatibleCodecsError',
  'levelEmptyError',
  'levelParsingError',
]);

/** hls.js error → contract error class; `details` stays the player's own code. */
export function hlsErrorType(type: string, details: string): ErrorType {
  if (/TimeOut$/i.test(details)) return 'timeout';
  if (MANIFEST_DETAILS.has(details)) return 'manifest';
  if (details === 'bufferIncompatibleCodecsError' || details === 'bufferAddCodecError')
    return 'media_unsupported';
  switch (type) {
    case 'networkError':
      return 'network';
    case 'mediaError':
    case 'muxError':
      return 'media_decode';
    case 'keySystemError':
      return 'drm';
    default:
      return 'other';
  }
}

function rendition(level: Level | undefined): Rendition | undefined {
  if (!level) return undefined;
  return {
    ...(level.bitrate > 0 ? { bitrate: level.bitrate } : {}),
    ...(level.width > 0 ? { width: level.width, height: level.height } : {}),
  };
}

class HlsJsAdapter implements PlayerAdapter {
  readonly playerName = 'hlsjs' as const;
  readonly playerVersion: string;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly hls: Hls,
    private readonly options: HlsJsAdapterOptions,
  ) {
    this.playerVersion = (hls.constructor as typeof Hls).version;
  }

  attach(context: AdapterContext): PlayerProbe {
    const { hls } = this;
    const { Events } = hls.constructor as typeof Hls;
    const now = () => context.clock.now();
    const slot: ElementSlot = new ElementSlot(
      context.emit,
      context.clock,
      (): number | undefined => (slot.source.streamType === 'live' ? hls.latency : undefined),
    );
    this.cleanups.push(() => slot.dispose());

    const { cleanups } = this;
    function listen<E extends keyof HlsListeners>(event: E, listener: HlsListeners[E]): void {
      hls.on(event, listener);
      cleanups.push(() => hls.off(event, listener));
    }
    listen(Events.MEDIA_ATTACHED, (_event, data) => slot.observe(data.media as HTMLVideoElement));
    listen(Events.MANIFEST_LOADING, (_event, data) => {
      const previous = slot.source.url;
      if (previous !== undefined && previous !== data.url) {
        slot.changeSource({ url: data.url, format: 'hls' });
      } else slot.setSource({ url: data.url, format: 'hls' });
    });
    listen(Events.LEVEL_LOADED, (_event, data) => {
      slot.setSource({ streamType: data.details.live ? 'live' : 'vod' });
    });
    listen(Events.FRAG_CHANGED, (_event, data) => {
      const r = rendition(hls.levels[data.frag.level]);
      if (r) context.emit({ kind: 'rendition_rendered', at: now(), rendition: r });
    });
    listen(Events.LEVEL_SWITCHING, (_event, data) => {
      const r = rendition(hls.levels[data.level]);
      if (r) context.emit({ kind: 'rendition_requested', at: now(), rendition: r });
    });
    listen(Events.ERROR, (_event, data) => {
      if (!data.fatal && NOT_ERRORS.has(data.details)) return;
      const error: PlayerError = {
        type: hlsErrorType(data.type, data.details),
        code: data.details,
        fatal: data.fatal,
      };
      const status = data.response?.code;
      const message = data.error?.message || (status ? `HTTP ${status}` : undefined);
      if (message) error.message = message;
      context.emit({
        kind: 'error',
        at: now(),
        error,
        ...(slot.element ? { position: slot.element.currentTime } : {}),
      });
    });

    // Attached to a player that is already running: take over what it already knows.
    if (hls.url) slot.setSource({ url: hls.url, format: 'hls' });
    slot.observe((hls.media as HTMLVideoElement | null) ?? this.options.video);
    const playing = rendition(hls.levels[hls.currentLevel]);
    if (playing) context.emit({ kind: 'rendition_rendered', at: now(), rendition: playing });

    // CMCD from resource timing: hls.js offers no hook after construction, so only query mode
    // is seen; requests carrying this player's session id only (a page may hold several players).
    if (hls.config.cmcd) {
      const cmcd = observePlayerCmcd(
        (seen) =>
          context.emit({ kind: 'cmcd', at: now(), object: seen.object, values: seen.values }),
        () => hls.config.cmcd?.sessionId ?? hls.sessionId,
      );
      this.cleanups.push(() => cmcd.stop());
    }
    return slot.probe;
  }

  detach(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}

/** Observes an hls.js player: `qoe.attachPlayer(hlsJsAdapter(hls), metadata)`. */
export function hlsJsAdapter(hls: Hls, options: HlsJsAdapterOptions = {}): PlayerAdapter {
  return new HlsJsAdapter(hls, options);
}
