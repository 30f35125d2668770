// Adapter for Shaka Player 5.x. The <video> gives frames, playhead, waiting, seeks and the end;
// the size of the pictures it presents is the rendition rendered, and Shaka's variant of that size
// its bitrate (`adaptation`/`variantchanged` are only Shaka's choice of what to fetch, and
// `mediaqualitychanged` exists only for loads started with observeQualityChanges on and follows
// the playhead, not the pictures). Shaka gives shaka.util.Error codes with their severity, load
// failures, retries it recovered from, live vs VOD, live latency (getStats), and — through a
// request filter, which Shaka runs after it applied CMCD — the CMCD each request carried. The view records the session id Shaka sent (`video.cmcd.sid`): Shaka 5.2 ignores a
// session id changed after load() (it compares its configuration object with itself), so the
// SDK cannot make it the view's id.
import type * as ShakaModule from 'shaka-player';
import { cmcdFromHeaders, cmcdFromUrl } from '../cmcd/parse.js';
import { observePlayerCmcd } from '../cmcd/player-requests.js';
import type { PlayerProbe } from '../view/probe.js';
import type { ErrorType, PlayerError } from '../view/signals.js';
import type { AdapterContext, PlayerAdapter } from './adapter.js';
import { ElementSlot } from './element-slot.js';
import { variantOfSize, videoBitrateOf } from './shaka-variants.js';

type ShakaPlayer = ShakaModule.default.Player;
type ShakaTrack = ShakaModule.default.extern.Track;
type ShakaRequestFilter = ShakaModule.default.extern.RequestFilter;

export interface ShakaAdapterOptions {
  /** Reserved for future options; none yet. */
  readonly [option: string]: never;
}
interface ShakaErrorLike {
  severity?: number;
  category?: number;
  code?: number;
  data?: unknown[];
  message?: string;
}

const CRITICAL = 2;
// shaka.util.Error.Category
const NETWORK = 1;
const MEDIA = 3;
const MANIFEST = 4;
const STREAMING = 5;
const DRM = 6;
// shaka.net.NetworkingEngine.RequestType.MANIFEST, as found in a network error's data[4].
const MANIFEST_REQUEST = 0;
// Codes that mean "the application moved on" (load interrupted, operation aborted), not failures.
const NOT_FAILURES = [7000, 7001, 7002];

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (
    callback: (now: number, metadata: { width: number; height: number }) => void,
  ) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/** shaka.util.Error → contract error class; the numeric code stays the player's own code. */
export function shakaErrorType(error: ShakaErrorLike): ErrorType {
  const code = error.code ?? 0;
  switch (error.category) {
    case NETWORK:
      if (code === 1003) return 'timeout';
      return error.data?.[4] === MANIFEST_REQUEST ? 'manifest' : 'network';
    case MANIFEST:
      return 'manifest';
    case MEDIA:
      return code === 3016 || code === 3017 ? 'media_decode' : 'media_unsupported';
    case STREAMING:
      return 'media_decode';
    case DRM:
      return 'drm';
    default:
      return 'other';
  }
}

function toPlayerError(error: ShakaErrorLike, fatal: boolean): PlayerError {
  return {
    type: shakaErrorType(error),
    code: String(error.code ?? 'unknown'),
    fatal,
    ...(error.message ? { message: error.message.slice(0, 200) } : {}),
  };
}

class ShakaAdapter implements PlayerAdapter {
  readonly playerName = 'shaka' as const;
  readonly playerVersion: string;
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly player: ShakaPlayer) {
    this.playerVersion = (player.constructor as unknown as { version: string }).version;
  }

  attach(context: AdapterContext): PlayerProbe {
    const { player, cleanups } = this;
    const now = () => context.clock.now();
    const slot: ElementSlot = new ElementSlot(
      context.emit,
      context.clock,
      (): number | undefined =>
        slot.source.streamType === 'live' ? player.getStats().liveLatency : undefined,
    );
    cleanups.push(() => slot.dispose());
    const listen = (
      target: { addEventListener: ShakaPlayer['addEventListener'] } & {
        removeEventListener: ShakaPlayer['removeEventListener'];
      },
      type: string,
      listener: (event: Record<string, unknown>) => void,
    ): void => {
      const untyped = listener as unknown as Parameters<ShakaPlayer['addEventListener']>[1];
      target.addEventListener(type, untyped);
      cleanups.push(() => target.removeEventListener(type, untyped));
    };
    const position = () => (slot.element ? { position: slot.element.currentTime } : {});
    const reportError = (error: ShakaErrorLike, fatal: boolean): void => {
      context.emit({ kind: 'error', at: now(), error: toPlayerError(error, fatal), ...position() });
    };
    const sourceKnown = (): void => {
      const url = player.getAssetUri();
      if (!url) return;
      const format = formatOfManifest(player.getManifestType());
      const previous = slot.source.url;
      if (previous !== undefined && previous !== url) slot.changeSource({ url, format });
      else slot.setSource({ url, format });
    };

    // A load() the wrapper below did not see start (called before the SDK was attached, the usual
    // order for an application that creates the player first) fails out of its sight. Shaka then
    // unloads — `unloading` not to switch content — and the failed request that made the load
    // fail came before as `downloadfailed` while it was not yet loaded: together they are the
    // failure.
    // A load failing without a failed request (an unparsable manifest) is not distinguishable
    // this way from the application unloading mid-load, so it is not reported.
    let loadFailure: ShakaErrorLike | undefined;
    // Each failed load is reported once, by whichever sees it first (`unloading` comes before
    // load()'s rejection reaches the wrapper).
    let loadFailureReported = false;
    const reportLoadFailure = (error: ShakaErrorLike): void => {
      // Whatever its severity, an error that made load() fail ended this playback.
      if (!loadFailureReported && !NOT_FAILURES.includes(error.code ?? 0)) reportError(error, true);
      loadFailureReported = true;
    };
    listen(player, 'downloadfailed', (event) => {
      const error = event['error'] as ShakaErrorLike | null | undefined;
      // ATTEMPTS_EXHAUSTED stands for the failure before it, which load() rejects with.
      if (player.isFullyLoaded() || !error || error.code === 1010 || event['aborted']) return;
      loadFailure = error;
    });
    listen(player, 'unloading', (event) => {
      // Reported once per load (a later unload() is not another failure): see loadFailureReported.
      if (loadFailure && !event['isSwitchingContent']) reportLoadFailure(loadFailure);
    });
    listen(player, 'loading', () => {
      loadFailure = undefined;
      loadFailureReported = false;
      shownSize = ''; // the new content's first picture is its first rendition, whatever its size
      sourceKnown();
      slot.observe(player.getMediaElement() as HTMLVideoElement | null);
      watchResize(player.getMediaElement());
    });
    listen(player, 'loaded', () => {
      loadFailure = undefined;
      sourceKnown();
      slot.setSource({ streamType: player.isLive() ? 'live' : 'vod' });
    });
    // The element's `resize` comes with the decoder's configuration — before any picture of that
    // size is shown, and even for a rendition replaced before it was shown — so the switch is
    // taken from the next picture actually presented (requestVideoFrameCallback) where the
    // browser has it.
    let shownSize = '';
    const renderedSize = (width: number, height: number): void => {
      const size = `${width}x${height}`;
      if (!width || size === shownSize) return;
      shownSize = size;
      const track = variantOfSize(player.getVariantTracks(), width, height);
      context.emit({
        kind: 'rendition_rendered',
        at: now(),
        rendition: { ...(track ? { bitrate: videoBitrateOf(track) } : {}), width, height },
      });
    };
    let frameRequest: { video: FrameCallbackVideo; handle: number } | undefined;
    const onResize = (): void => {
      const video = slot.element as FrameCallbackVideo | undefined;
      if (!video || frameRequest) return;
      if (typeof video.requestVideoFrameCallback !== 'function') {
        renderedSize(video.videoWidth, video.videoHeight);
        return;
      }
      const handle = video.requestVideoFrameCallback((_now, metadata) => {
        frameRequest = undefined;
        renderedSize(metadata.width, metadata.height);
      });
      frameRequest = { video, handle };
    };
    cleanups.push(() => {
      if (frameRequest) frameRequest.video.cancelVideoFrameCallback?.(frameRequest.handle);
      frameRequest = undefined;
    });
    // The element may come later (player.attach() after the SDK): re-checked on each load.
    let resizeTarget: HTMLMediaElement | null = null;
    const watchResize = (video: HTMLMediaElement | null): void => {
      if (!video || video === resizeTarget) return;
      if (resizeTarget) resizeTarget.removeEventListener('resize', onResize);
      video.addEventListener('resize', onResize);
      resizeTarget = video;
    };
    cleanups.push(() => {
      if (resizeTarget) resizeTarget.removeEventListener('resize', onResize);
    });
    const requested = (event: Record<string, unknown>): void => {
      const track = (event['newTrack'] ??
        player.getVariantTracks().find((t: ShakaTrack) => t.active)) as ShakaTrack | undefined;
      if (!track) return;
      context.emit({
        kind: 'rendition_requested',
        at: now(),
        rendition: {
          bitrate: videoBitrateOf(track),
          ...(track.width ? { width: track.width, height: track.height ?? undefined } : {}),
        },
      });
    };
    listen(player, 'adaptation', requested);
    listen(player, 'variantchanged', requested);
    listen(player, 'error', (event) => {
      const error = event['detail'] as ShakaErrorLike | undefined;
      if (!error || NOT_FAILURES.includes(error.code ?? 0)) return;
      reportError(error, error.severity === CRITICAL);
    });

    // A failed load() rejects the application's promise and dispatches no `error` event: the
    // adapter sees it by wrapping load(), passing the result through untouched.
    const originalLoad = player.load;
    const wrappedLoad: ShakaPlayer['load'] = function (
      this: ShakaPlayer,
      ...args: Parameters<ShakaPlayer['load']>
    ) {
      return originalLoad.apply(this, args).catch((error: unknown) => {
        if (error) reportLoadFailure(error as ShakaErrorLike);
        throw error;
      });
    };
    player.load = wrappedLoad;
    cleanups.push(() => {
      if (player.load === wrappedLoad) player.load = originalLoad;
    });

    // CMCD: the request filter runs after Shaka applied CMCD, in query and header mode.
    const cmcdConfig = () => player.getConfiguration().cmcd;
    const cmcd = observePlayerCmcd(
      (seen) => context.emit({ kind: 'cmcd', at: now(), object: seen.object, values: seen.values }),
      () => cmcdConfig().sessionId || undefined,
    );
    cleanups.push(() => cmcd.stop());
    const filter: ShakaRequestFilter = (_type, request) => {
      const uri = request.uris[0];
      if (uri === undefined) return;
      const seen =
        uri.indexOf('CMCD=') >= 0 ? cmcdFromUrl(uri) : cmcdFromHeaders(uri, request.headers);
      if (seen) cmcd.fromPlayer(seen);
    };
    const networking = player.getNetworkingEngine();
    if (networking) {
      networking.registerRequestFilter(filter);
      cleanups.push(() => networking.unregisterRequestFilter(filter));
      // A retried request is an error the player recovered from, with its own code.
      listen(networking, 'retry', (event) => {
        const error = event['error'] as ShakaErrorLike | undefined;
        if (error) reportError(error, false);
      });
    }
    // Observed before the `play` listener below is added, so the core's listener runs first.
    slot.observe(player.getMediaElement() as HTMLVideoElement | null);
    watchResize(player.getMediaElement());

    // What the player already knows when the SDK is attached to a running player (its rendition:
    // from the next picture it presents).
    sourceKnown();
    onResize();
    return slot.probe;
  }

  detach(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}

function formatOfManifest(type: string | null): 'hls' | 'dash' | 'other' {
  if (type === 'DASH') return 'dash';
  if (type === 'HLS') return 'hls';
  return 'other';
}

/** Observes a Shaka Player: `qoe.attachPlayer(shakaAdapter(player), metadata)`. */
export function shakaAdapter(
  player: ShakaPlayer,
  options: ShakaAdapterOptions = {},
): PlayerAdapter {
  void options; // no options yet; the parameter keeps the factories' shape
  return new ShakaAdapter(player);
}
