// Adapter for dash.js 5.x. The <video> gives frames, playhead, waiting, seeks and the end; dash.js
// gives the rendition being rendered (qualityChangeRendered, not the ABR request), its error codes
// (an `error` event is one it gave up on after its own retries), live vs VOD, live latency, and
// — through a request interceptor that runs after its CMCD one — the CMCD each request carried,
// in query and header mode alike.
import type {
  MediaPlayerClass,
  MediaPlayerErrorEvent,
  QualityChangeRenderedEvent,
  QualityChangeRequestedEvent,
  Representation,
} from 'dashjs';
import { cmcdFromHeaders, cmcdFromUrl } from '../cmcd/parse.js';
import { observePlayerCmcd } from '../cmcd/player-requests.js';
import type { PlayerProbe } from '../view/probe.js';
import type { ErrorType, PlayerError, Rendition } from '../view/signals.js';
import type { AdapterContext, PlayerAdapter } from './adapter.js';
import { ElementSlot } from './element-slot.js';
import { MEDIA_ERROR_TYPES } from './media-error.js';

export interface DashJsAdapterOptions {
  /** The <video>, when dash.js is attached to it later than the SDK (default: its view). */
  video?: HTMLVideoElement;
}

type RequestInterceptor = Parameters<MediaPlayerClass['addRequestInterceptor']>[0];

// dash.js MediaPlayerErrors codes → contract error class (see dash.js MediaPlayerErrors).
const MANIFEST_CODES = [10, 11, 25, 31, 32, 34];
const MEDIA_CODES = [20, 21, 22];
const UNSUPPORTED_CODES = [23, 35, 200, 201];
// Errors dash.js reports and then carries on from: text track parsing, clock sync.
const RECOVERED_CODES = [16, 33];

export function dashErrorType(code: number): ErrorType {
  if (MANIFEST_CODES.includes(code)) return 'manifest';
  if (MEDIA_CODES.includes(code)) return 'media_decode';
  if (UNSUPPORTED_CODES.includes(code)) return 'media_unsupported';
  if (code === 24 || (code >= 100 && code < 200)) return 'drm';
  if ((code >= 12 && code <= 19) || (code >= 26 && code <= 29)) return 'network';
  return 'other';
}

function rendition(representation: Representation | null | undefined): Rendition | undefined {
  if (!representation) return undefined;
  return {
    ...(representation.bandwidth > 0 ? { bitrate: representation.bandwidth } : {}),
    ...(representation.width > 0
      ? { width: representation.width, height: representation.height }
      : {}),
  };
}

class DashJsAdapter implements PlayerAdapter {
  readonly playerName = 'dashjs' as const;
  readonly playerVersion: string;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly player: MediaPlayerClass,
    private readonly options: DashJsAdapterOptions,
  ) {
    this.playerVersion = player.getVersion();
  }

  attach(context: AdapterContext): PlayerProbe {
    const { player, cleanups } = this;
    const now = () => context.clock.now();
    const slot: ElementSlot = new ElementSlot(
      context.emit,
      context.clock,
      (): number | undefined =>
        slot.source.streamType === 'live' ? player.getCurrentLiveLatency() : undefined,
    );
    cleanups.push(() => slot.dispose());
    const listen = <E>(type: string, listener: (event: E) => void): void => {
      const untyped = listener as (event: unknown) => void;
      player.on(type, untyped);
      cleanups.push(() => player.off(type, untyped));
    };
    const currentUrl = (): string | undefined => {
      const source = player.getSource();
      return typeof source === 'string' ? source : undefined;
    };
    const video = (): HTMLVideoElement | undefined => {
      try {
        return player.getVideoElement();
      } catch {
        return undefined; // dash.js throws until a view is attached
      }
    };

    listen('manifestLoadingStarted', () => {
      const url = currentUrl();
      if (url === undefined) return;
      const previous = slot.source.url;
      if (previous !== undefined && previous !== url) slot.changeSource({ url, format: 'dash' });
      else slot.setSource({ url, format: 'dash' });
      slot.observe(video());
    });
    listen('streamInitialized', () => {
      slot.observe(video());
      slot.setSource({ streamType: player.isDynamic() ? 'live' : 'vod' });
    });
    listen<QualityChangeRenderedEvent>('qualityChangeRendered', (event) => {
      const r = event.mediaType === 'video' ? rendition(event.newRepresentation) : undefined;
      if (r) context.emit({ kind: 'rendition_rendered', at: now(), rendition: r });
    });
    listen<QualityChangeRequestedEvent>('qualityChangeRequested', (event) => {
      const r = event.mediaType === 'video' ? rendition(event.newRepresentation) : undefined;
      if (r) context.emit({ kind: 'rendition_requested', at: now(), rendition: r });
    });
    const reportError = (error: PlayerError): void => {
      const element = slot.element;
      context.emit({
        kind: 'error',
        at: now(),
        error,
        ...(element ? { position: element.currentTime } : {}),
      });
    };
    listen<MediaPlayerErrorEvent>('error', (event) => {
      const code = typeof event.error.code === 'number' ? event.error.code : -1;
      const message = event.error.message;
      reportError({
        type: dashErrorType(code),
        code: String(code),
        fatal: !RECOVERED_CODES.includes(code),
        ...(typeof message === 'string' && message ? { message } : {}),
      });
    });
    listen<{ error: MediaError | null }>('playbackError', (event) => {
      const code = event.error ? event.error.code : 0;
      reportError({
        type: MEDIA_ERROR_TYPES[code] ?? 'other',
        code: `media:${code}`,
        fatal: true,
        ...(event.error && event.error.message ? { message: event.error.message } : {}),
      });
    });

    // What the player already knows when the SDK is attached to a running player.
    const url = currentUrl();
    if (url !== undefined) slot.setSource({ url, format: 'dash' });
    slot.observe(video() ?? this.options.video);
    if (player.isReady()) {
      try {
        const playing = rendition(player.getCurrentRepresentationForType('video'));
        if (playing) context.emit({ kind: 'rendition_rendered', at: now(), rendition: playing });
      } catch {
        // no stream active yet: qualityChangeRendered will report the first rendition
      }
    }

    const cmcd = observePlayerCmcd(
      (seen) => context.emit({ kind: 'cmcd', at: now(), object: seen.object, values: seen.values }),
      () => player.getSettings().streaming?.cmcd?.sid ?? undefined,
    );
    cleanups.push(() => cmcd.stop());
    // Runs after dash.js's own CMCD interceptor, so it sees the request exactly as it is sent.
    const interceptor: RequestInterceptor = (request) => {
      const seen =
        request.url.indexOf('CMCD=') >= 0
          ? cmcdFromUrl(request.url)
          : request.headers
            ? cmcdFromHeaders(request.url, request.headers)
            : undefined;
      if (seen) cmcd.fromPlayer(seen);
      return Promise.resolve(request);
    };
    player.addRequestInterceptor(interceptor);
    cleanups.push(() => player.removeRequestInterceptor(interceptor));
    return slot.probe;
  }

  detach(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}

/** Observes a dash.js MediaPlayer: `qoe.attachPlayer(dashJsAdapter(player), metadata)`. */
export function dashJsAdapter(
  player: MediaPlayerClass,
  options: DashJsAdapterOptions = {},
): PlayerAdapter {
  return new DashJsAdapter(player, options);
}
