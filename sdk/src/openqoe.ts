// The SDK's one implementation behind both entries: `new OpenQoE(config)`, `attachPlayer(player,
// metadata)`, `destroy()`. Wires adapters → view trackers → OpenTelemetry, and the page lifecycle
// (pagehide, visibilitychange, online) into them. The SDK's own providers, batching, consent gate
// and transport (the OwnPipeline) are plugged in by the main entry (index.ts) only, so a page that
// brings its providers through @openqoe/sdk/core (core.ts) does not download them. After
// construction no method throws into the page: failures are swallowed and counted.
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { globalScheduler, performanceClock, type Clock, type Scheduler } from './clock.js';
import { resolveConfig, type OpenQoEConfig, type ResolvedConfig } from './config.js';
import { randomHex } from './ids.js';
import type { PlayerAdapter } from './adapters/adapter.js';
import { html5Adapter } from './adapters/html5.js';
import { INSTRUMENTATION_NAME, OtelViewSink } from './otel/otel-sink.js';
import { scrubUrl } from './privacy/url.js';
import { SessionManager, type KeyValueStore } from './session/session.js';
import type { DropReason } from './transport/drops.js';
import { NULL_PROBE, type PlayerProbe } from './view/probe.js';
import type { PlaybackSignal } from './view/signals.js';
import type { ViewAttributes, ViewScope, ViewSink } from './view/sink.js';
import { ViewTracker } from './view/view-tracker.js';

export const SDK_VERSION = '0.1.0';

/** What the integrator knows about the content; becomes video.content.* attributes. */
export interface ContentMetadata {
  contentId?: string;
  title?: string;
  series?: string;
  /** Seconds, when known before the player reports it. */
  duration?: number;
  streamType?: 'vod' | 'live';
}

export interface PlayerHandle {
  /** The active view's id (= its trace id), if a view is active. */
  readonly viewId: string | undefined;
  /** Ends the active view (reason `detached`) and stops observing the player. */
  detach(): void;
}

const OPT_OUT_KEY = 'openqoe:optout';
/** Whether telemetry may be sent (S11); an opt-out (S9) counts as 'denied'. */
export type Consent = 'granted' | 'pending' | 'denied';

/** What the SDK has done so far, for debugging an integration. */
export interface Diagnostics {
  delivered: number;
  retried: number;
  rejected: number;
  persisted: number;
  replayed: number;
  pendingBatches: number;
  dropped: Partial<Record<DropReason, number>>;
  internalErrors: number;
}

export function storage(kind: 'localStorage' | 'sessionStorage'): KeyValueStore | undefined {
  try {
    const store = (globalThis as Record<string, unknown>)[kind] as Storage | undefined;
    return store ?? undefined;
  } catch {
    return undefined; // access throws in sandboxed frames with storage disabled
  }
}

function isAdapter(value: unknown): value is PlayerAdapter {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PlayerAdapter).attach === 'function'
  );
}

/** What the SDK's own pipeline gets from the instance it serves. */
export interface PipelineHost {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  /** The consent gate between batching and the transport, read at each batch. */
  consent(): Consent;
  /** The current session's id (touching the session, as any activity does). */
  sessionId(): string;
  /** Counts a failure swallowed to protect the page. */
  internalError(): void;
}

/**
 * The SDK's own OpenTelemetry providers, batching, consent gate and transport, sending to
 * config.endpoint; the instance tells it what happens to the page and to consent.
 */
export interface OwnPipeline {
  readonly tracer: Tracer;
  readonly logger: Logger;
  /** Consent or opt-out changed: batches held while consent was pending go out or are forgotten. */
  release(): void;
  /** Sends everything batched now. */
  flush(): void;
  /** The page is hidden or left: reports drops and sends everything the way that survives unload. */
  unload(): void;
  /** The page came back from the back/forward cache. */
  resume(): void;
  online(): void;
  diagnostics(): Omit<Diagnostics, 'internalErrors'>;
  /** Sends what is left and stops (the instance is destroyed). */
  destroy(): void;
}

/** The own pipeline as the main entry injects it (the core entry has none). */
export interface OwnPipelineFactory {
  /** The config options of the pipeline (see OwnPipelineOption), accepted besides the core's. */
  readonly options: readonly string[];
  /**
   * Validates the pipeline's options, at construction even if the page's providers leave the
   * pipeline unused, and returns how to build (and start) it.
   */
  configure(config: OpenQoEConfig, hasProviders: boolean): (host: PipelineHost) => OwnPipeline;
}

/** A sink that records nothing: for sessions sampled out, consent refused or opt-out. */
const NULL_SCOPE: ViewScope = {
  viewId: '',
  startSpan: () => ({ end: () => undefined }),
  event: () => undefined,
  end: () => undefined,
};

/**
 * The implementation shared by `OpenQoE` of @openqoe/sdk (which passes its own pipeline, used when
 * the config brings no providers) and of @openqoe/sdk/core (which requires the providers).
 */
export class OpenQoEBase {
  private readonly config: ResolvedConfig;
  private readonly clock: Clock = performanceClock;
  private readonly scheduler: Scheduler = globalScheduler;
  private readonly sessions: SessionManager;
  private readonly tracer: Tracer;
  private readonly logger: Logger;
  /** The SDK's own pipeline; absent when the page's providers are used. */
  private readonly own: OwnPipeline | undefined;
  private readonly trackers = new Set<{ tracker: ViewTracker; adapter: PlayerAdapter }>();
  private readonly removeListeners: (() => void)[] = [];
  private consent: Consent;
  private optedOut: boolean;
  private destroyed = false;
  /** Internal failures swallowed to protect the page; visible for debugging. */
  internalErrors = 0;

  /** `ownPipeline`: how to send when the config brings no providers; without it they are required. */
  constructor(config: OpenQoEConfig, ownPipeline?: OwnPipelineFactory) {
    this.config = resolveConfig(config, ownPipeline?.options);
    const { tracerProvider, loggerProvider } = this.config;
    const buildOwn = ownPipeline?.configure(config, tracerProvider !== undefined);
    this.consent = this.config.requireConsent ? 'pending' : 'granted';
    this.optedOut = storage('localStorage')?.getItem(OPT_OUT_KEY) === '1';
    this.sessions = new SessionManager(storage('sessionStorage'), this.clock, {
      inactivityTimeoutMs: this.config.sessionTimeoutMs,
      maxLifetimeMs: 24 * 3600_000,
      sampleRate: this.config.sampleRate,
    });

    if (tracerProvider && loggerProvider) {
      this.tracer = tracerProvider.getTracer(INSTRUMENTATION_NAME, SDK_VERSION);
      this.logger = loggerProvider.getLogger(INSTRUMENTATION_NAME, SDK_VERSION);
    } else {
      // resolveConfig let the providers be missing only when there is a pipeline to build instead.
      this.own = (buildOwn as (host: PipelineHost) => OwnPipeline)({
        clock: this.clock,
        scheduler: this.scheduler,
        consent: () => (this.optedOut ? 'denied' : this.consent),
        sessionId: () => this.sessions.touch().id,
        internalError: () => {
          this.internalErrors += 1;
        },
      });
      this.tracer = this.own.tracer;
      this.logger = this.own.logger;
    }
    this.listenToPage();
  }

  /** Starts observing a player: a <video> element or a PlayerAdapter (see the adapter subpaths). */
  attachPlayer(
    player: HTMLVideoElement | PlayerAdapter,
    metadata: ContentMetadata = {},
  ): PlayerHandle {
    try {
      return this.attach(player, metadata);
    } catch {
      this.internalErrors += 1;
      return { viewId: undefined, detach: () => undefined };
    }
  }

  /** Grants or refuses consent (S11): refused forgets everything held and sends nothing. */
  setConsent(granted: boolean): void {
    this.guard(() => {
      this.consent = granted ? 'granted' : 'denied';
      this.own?.release();
    });
  }

  /** Stops all sending from now on, remembered across page loads (S9). */
  optOut(): void {
    this.guard(() => {
      this.optedOut = true;
      this.own?.release();
      storage('localStorage')?.setItem(OPT_OUT_KEY, '1');
    });
  }

  optIn(): void {
    this.guard(() => {
      this.optedOut = false;
      storage('localStorage')?.setItem(OPT_OUT_KEY, '0');
    });
  }

  /** What the SDK has done so far, for debugging an integration. */
  get diagnostics(): Diagnostics {
    // Without its own transport (the page's providers send), the instance sent nothing itself.
    return {
      delivered: 0,
      retried: 0,
      rejected: 0,
      persisted: 0,
      replayed: 0,
      pendingBatches: 0,
      dropped: {},
      ...this.own?.diagnostics(),
      internalErrors: this.internalErrors,
    };
  }

  /** Sends everything buffered now. */
  flush(): void {
    this.guard(() => this.own?.flush());
  }

  /** Ends every view (reason `destroyed`), sends what is left, and releases everything. */
  destroy(): void {
    if (this.destroyed) return;
    this.guard(() => {
      for (const entry of this.trackers) {
        entry.tracker.close('destroyed');
        entry.adapter.detach();
      }
      this.trackers.clear();
      for (const remove of this.removeListeners.splice(0)) remove();
      this.own?.destroy();
    });
    this.destroyed = true;
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────

  private attach(
    player: HTMLVideoElement | PlayerAdapter,
    metadata: ContentMetadata,
  ): PlayerHandle {
    const adapter = isAdapter(player) ? player : html5Adapter(player);
    // A view can start inside attach() (a player already playing), before the adapter's probe
    // exists: until then the tracker asks one that knows nothing and notes a wish for frames.
    let framesWanted = false;
    let probe: PlayerProbe = { ...NULL_PROBE, watchFrames: (wanted) => (framesWanted = wanted) };
    const tracker = new ViewTracker({
      sink: this.viewSink(),
      clock: this.clock,
      scheduler: this.scheduler,
      get probe() {
        return probe;
      },
      player: {
        name: adapter.playerName,
        instanceId: randomHex(8),
        version: adapter.playerVersion,
      },
      viewAttributes: this.viewAttributes(metadata),
      options: { heartbeatIntervalMs: this.config.heartbeatIntervalMs },
    });
    if (metadata.duration !== undefined || metadata.streamType !== undefined) {
      tracker.handle({
        kind: 'source',
        at: this.clock.now(),
        source: {
          duration: metadata.duration,
          streamType: metadata.streamType,
        },
      });
    }
    const entry = { tracker, adapter };
    this.trackers.add(entry);
    probe = adapter.attach({
      emit: (signal) => this.guard(() => tracker.handle(this.scrubSignal(signal))),
      clock: this.clock,
      currentViewId: () => tracker.activeViewId,
    });
    if (framesWanted) probe.watchFrames?.(true);
    return {
      get viewId() {
        return tracker.activeViewId;
      },
      detach: () =>
        this.guard(() => {
          if (!this.trackers.delete(entry)) return;
          tracker.close('detached');
          adapter.detach();
        }),
    };
  }

  private viewAttributes(metadata: ContentMetadata): ViewAttributes {
    const page =
      typeof location === 'object'
        ? scrubUrl(location.href, this.config.allowedQueryParams)
        : undefined;
    return {
      'video.view.sample_rate': this.config.sampleRate,
      'video.content.id': metadata.contentId,
      'video.content.title': metadata.title,
      'video.content.series': metadata.series,
      'url.full': page,
    };
  }

  /** S9: media URLs lose their query string and fragment before the tracker sees them. */
  private scrubSignal(signal: PlaybackSignal): PlaybackSignal {
    if (
      (signal.kind === 'source' || signal.kind === 'source_change') &&
      signal.source.url !== undefined
    ) {
      return {
        ...signal,
        source: {
          ...signal.source,
          url: scrubUrl(signal.source.url, this.config.allowedQueryParams),
        },
      };
    }
    return signal;
  }

  /**
   * Views of a session sampled out (S12) record nothing at all. With the page's providers there is
   * no gate before sending (their exporters send whatever ends), so consent (S11) and opt-out (S9)
   * act here: nothing is recorded before consent, and from a refusal or opt-out on nothing more
   * ends — an OpenTelemetry span that never ends is never exported.
   */
  private viewSink(): ViewSink {
    const otel = new OtelViewSink(this.tracer, this.logger);
    const allowed = (): boolean =>
      this.sessions.touch().sampled &&
      (this.own !== undefined || (this.consent === 'granted' && !this.optedOut));
    return {
      startView: (at, attributes) => {
        if (!allowed()) return NULL_SCOPE;
        const view = otel.startView(at, attributes);
        return this.own
          ? view
          : {
              viewId: view.viewId,
              startSpan: (name, start, spanAttributes) => {
                const span = view.startSpan(name, start, spanAttributes);
                return { end: (end, endAttributes) => allowed() && span.end(end, endAttributes) };
              },
              event: (name, eventAt, eventAttributes) =>
                allowed() && view.event(name, eventAt, eventAttributes),
              end: (end, totals) => allowed() && view.end(end, totals),
            };
      },
      event: (name, at, attributes) => {
        if (allowed()) otel.event(name, at, attributes);
      },
    };
  }

  /** T2: flush synchronously when the page is hidden or left; end views when it is left. */
  private listenToPage(): void {
    if (typeof addEventListener !== 'function' || typeof document !== 'object') return;
    const listen = (target: EventTarget, type: string, handler: (event: Event) => void): void => {
      const guarded = (event: Event) => this.guard(() => handler(event));
      target.addEventListener(type, guarded);
      this.removeListeners.push(() => target.removeEventListener(type, guarded));
    };
    const own = this.own;
    listen(window, 'pagehide', () => {
      for (const { tracker } of this.trackers) tracker.close('page_hidden');
      own?.unload();
    });
    // The rest concerns the SDK's own transport only.
    if (!own) return;
    listen(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') own.unload();
    });
    listen(window, 'pageshow', (event) => {
      if ((event as PageTransitionEvent).persisted) own.resume();
    });
    listen(window, 'online', () => own.online());
  }

  private guard(task: () => void): void {
    try {
      task();
    } catch {
      this.internalErrors += 1;
    }
  }
}
