// The public entry point: `new OpenQoE(config)`, `attachPlayer(player, metadata)`, `destroy()`.
// Wires adapters → view trackers → OpenTelemetry → batching → consent/sampling gate → transport,
// and the page lifecycle (pagehide, visibilitychange, online) into them. After construction no
// method throws into the page: failures are swallowed and counted.
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import type { Resource } from '@opentelemetry/resources';
import { globalScheduler, performanceClock, type Clock, type Scheduler } from './clock.js';
import { resolveConfig, type OpenQoEConfig, type ResolvedConfig } from './config.js';
import {
  ATTR_OPENQOE_DROP_COUNT,
  ATTR_OPENQOE_DROP_REASON,
  EVENT_OPENQOE_SDK_DROP_REPORT,
  type ResourceAttributes,
} from './generated/contract.js';
import { randomHex } from './ids.js';
import type { PlayerAdapter } from './adapters/adapter.js';
import { html5Adapter } from './adapters/html5.js';
import { BatchingProcessor } from './otel/batching-processor.js';
import { OtelViewSink } from './otel/otel-sink.js';
import { INSTRUMENTATION_NAME, buildResource, createProviders } from './otel/providers.js';
import { scrubUrl } from './privacy/url.js';
import { hashViewerId } from './privacy/viewer-hash.js';
import { SessionManager, type KeyValueStore } from './session/session.js';
import type { Batch } from './transport/batch.js';
import { DropCounter, type DropReason } from './transport/drops.js';
import { HttpSender } from './transport/http-sender.js';
import { IndexedDbQueue } from './transport/indexeddb-queue.js';
import { MemoryQueue, type OfflineQueue } from './transport/offline-queue.js';
import { Transport } from './transport/transport.js';
import { StorageUnloadStash } from './transport/unload-stash.js';
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
// Batches held while consent is pending; beyond this the oldest are forgotten.
const MAX_HELD_BATCHES = 50;

type Consent = 'granted' | 'pending' | 'denied';

function storage(kind: 'localStorage' | 'sessionStorage'): KeyValueStore | undefined {
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

/** A sink that records nothing: for sessions sampled out, consent refused or opt-out. */
const NULL_SCOPE: ViewScope = {
  viewId: '',
  startSpan: () => ({ end: () => undefined }),
  event: () => undefined,
  end: () => undefined,
};

export class OpenQoE {
  private readonly config: ResolvedConfig;
  private readonly clock: Clock = performanceClock;
  private readonly scheduler: Scheduler = globalScheduler;
  private readonly sessions: SessionManager;
  private readonly drops: DropCounter;
  private readonly tracer: Tracer;
  private readonly logger: Logger;
  private readonly processor: BatchingProcessor | undefined;
  private readonly transport: Transport | undefined;
  private readonly shutdownProviders: () => Promise<void>;
  private readonly trackers = new Set<{ tracker: ViewTracker; adapter: PlayerAdapter }>();
  private readonly held: Batch[] = [];
  private readonly removeListeners: (() => void)[] = [];
  private consent: Consent;
  private optedOut: boolean;
  private userHash: string | undefined;
  private resourceCache: { sessionId: string; resource: Resource } | undefined;
  private destroyed = false;
  /** Internal failures swallowed to protect the page; visible for debugging. */
  internalErrors = 0;

  constructor(config: OpenQoEConfig) {
    this.config = resolveConfig(config);
    this.consent = this.config.requireConsent ? 'pending' : 'granted';
    this.optedOut = storage('localStorage')?.getItem(OPT_OUT_KEY) === '1';
    this.sessions = new SessionManager(storage('sessionStorage'), this.clock, {
      inactivityTimeoutMs: this.config.sessionTimeoutMs,
      maxLifetimeMs: 24 * 3600_000,
      sampleRate: this.config.sampleRate,
    });
    this.drops = new DropCounter(storage('localStorage'));

    if (this.config.tracerProvider && this.config.loggerProvider) {
      this.tracer = this.config.tracerProvider.getTracer(INSTRUMENTATION_NAME, SDK_VERSION);
      this.logger = this.config.loggerProvider.getLogger(INSTRUMENTATION_NAME, SDK_VERSION);
      this.shutdownProviders = () => Promise.resolve();
    } else {
      this.transport = this.createTransport(this.config.endpoint ?? '');
      this.processor = new BatchingProcessor(
        { enqueue: (batch) => this.deliver(batch) },
        this.clock,
        this.scheduler,
        {
          maxItems: this.config.maxBatchItems,
          maxDelayMs: this.config.maxBatchDelayMs,
          maxBatchBytes: 48 * 1024,
        },
        () => this.currentResource(),
      );
      const providers = createProviders(this.processor, SDK_VERSION);
      this.tracer = providers.tracer;
      this.logger = providers.logger;
      this.shutdownProviders = providers.shutdown;
      this.transport.start();
    }
    if (this.config.viewerId && this.config.viewerIdSalt) {
      void hashViewerId(this.config.viewerId, this.config.viewerIdSalt).then(
        (hash) => {
          this.userHash = hash;
          this.resourceCache = undefined;
        },
        () => {
          this.internalErrors += 1; // no Web Crypto (insecure context): the viewer stays anonymous
        },
      );
    }
    this.listenToPage();
    this.reportDrops();
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
      const held = this.held.splice(0);
      if (granted && !this.optedOut) for (const batch of held) this.transport?.enqueue(batch);
    });
  }

  /** Stops all sending from now on, remembered across page loads (S9). */
  optOut(): void {
    this.guard(() => {
      this.optedOut = true;
      this.held.splice(0);
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
  get diagnostics(): {
    delivered: number;
    retried: number;
    rejected: number;
    persisted: number;
    replayed: number;
    pendingBatches: number;
    dropped: Partial<Record<DropReason, number>>;
    internalErrors: number;
  } {
    const stats = this.transport?.stats;
    return {
      delivered: stats?.delivered ?? 0,
      retried: stats?.retried ?? 0,
      rejected: stats?.rejected ?? 0,
      persisted: stats?.persisted ?? 0,
      replayed: stats?.replayed ?? 0,
      pendingBatches: this.transport?.pendingBatches ?? 0,
      dropped: this.drops.peek(),
      internalErrors: this.internalErrors,
    };
  }

  /** Sends everything buffered now. */
  flush(): void {
    this.guard(() => this.processor?.flush());
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
      this.processor?.flush();
      this.transport?.flushForUnload();
      this.transport?.stop();
      for (const remove of this.removeListeners.splice(0)) remove();
      void this.shutdownProviders().catch(() => undefined);
    });
    this.destroyed = true;
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────

  private attach(
    player: HTMLVideoElement | PlayerAdapter,
    metadata: ContentMetadata,
  ): PlayerHandle {
    const adapter = isAdapter(player) ? player : html5Adapter(player);
    let probe: PlayerProbe = NULL_PROBE;
    // A view can start inside attach() (a player already playing): its wish for frames waits here.
    let framesWanted = false;
    const tracker = new ViewTracker({
      sink: this.viewSink(),
      clock: this.clock,
      scheduler: this.scheduler,
      // Delegates to the adapter's probe, which exists only once the adapter is attached.
      probe: {
        position: () => probe.position(),
        bufferAhead: () => probe.bufferAhead(),
        frames: () => probe.frames(),
        renderedSize: () => probe.renderedSize(),
        displaySize: () => probe.displaySize(),
        liveLatency: () => probe.liveLatency(),
        playbackRate: () => probe.playbackRate?.() ?? 1,
        watchFrames: (wanted) => {
          framesWanted = wanted;
          probe.watchFrames?.(wanted);
        },
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

  /** Views of a session sampled out (S12) record nothing at all. */
  private viewSink(): ViewSink {
    const otel = new OtelViewSink(this.tracer, this.logger);
    return {
      startView: (at, attributes) =>
        this.sessions.touch().sampled ? otel.startView(at, attributes) : NULL_SCOPE,
      event: (name, at, attributes) => {
        if (this.sessions.touch().sampled) otel.event(name, at, attributes);
      },
    };
  }

  private currentResource(): Resource {
    const session = this.sessions.touch();
    if (this.resourceCache?.sessionId === session.id) return this.resourceCache.resource;
    const attributes: Partial<ResourceAttributes> = {
      'service.name': this.config.serviceName,
      'telemetry.distro.name': 'openqoe',
      'telemetry.distro.version': SDK_VERSION,
      'session.id': session.id,
      'service.version': this.config.serviceVersion,
      'deployment.environment.name': this.config.environment,
      'user.hash': this.userHash,
      ...(typeof navigator === 'object'
        ? { 'user_agent.original': navigator.userAgent.slice(0, 512) }
        : {}),
    };
    const resource = buildResource(attributes);
    this.resourceCache = { sessionId: session.id, resource };
    return resource;
  }

  /** The gate between batching and transport: consent (S11) and opt-out (S9). */
  private deliver(batch: Batch): void {
    if (this.optedOut || this.consent === 'denied') return;
    if (this.consent === 'pending') {
      this.held.push(batch);
      if (this.held.length > MAX_HELD_BATCHES) this.held.shift();
      return;
    }
    this.transport?.enqueue(batch);
  }

  private createTransport(endpoint: string): Transport {
    const queue: OfflineQueue =
      typeof indexedDB === 'object'
        ? new IndexedDbQueue('openqoe', {
            maxBatches: this.config.maxQueuedBatches,
            maxBytes: this.config.maxQueuedBytes,
            ttlMs: this.config.queueTtlMs,
          })
        : new MemoryQueue();
    const sender = new HttpSender(
      {
        url: endpoint,
        apiKey: this.config.apiKey,
        requestTimeoutMs: this.config.requestTimeoutMs,
      },
      {
        fetch: (input, init) => fetch(input, init),
        ...(typeof navigator === 'object' && typeof navigator.sendBeacon === 'function'
          ? { sendBeacon: (url: string, data: BodyInit) => navigator.sendBeacon(url, data) }
          : {}),
      },
    );
    const localStore = storage('localStorage');
    const locks =
      typeof navigator === 'object'
        ? (navigator as Navigator & { locks?: LockManager }).locks
        : undefined;
    return new Transport(
      sender,
      queue,
      this.drops,
      {
        clock: this.clock,
        scheduler: this.scheduler,
        isOnline: () => typeof navigator !== 'object' || navigator.onLine !== false,
        ...(localStore ? { unloadStash: new StorageUnloadStash(localStore) } : {}),
        // One tab replays the shared offline queue at a time (T5); without Web Locks, every tab may.
        withReplayLock: async (task) => {
          if (!locks) {
            await task();
            return true;
          }
          return locks.request('openqoe-replay', { ifAvailable: true }, async (lock) => {
            if (!lock) return false;
            await task();
            return true;
          });
        },
      },
      {
        backoff: { initialMs: 1000, maxMs: 60_000 },
        breaker: { failureThreshold: 5, openMs: 30_000, maxOpenMs: 5 * 60_000 },
        attemptsBeforePersist: 3,
        maxPendingBatches: this.config.maxQueuedBatches,
        recheckMs: 5000,
      },
    );
  }

  /** T2: flush synchronously when the page is hidden or left; end views when it is left. */
  private listenToPage(): void {
    if (typeof addEventListener !== 'function' || typeof document !== 'object') return;
    const listen = (target: EventTarget, type: string, handler: (event: Event) => void): void => {
      const guarded = (event: Event) => this.guard(() => handler(event));
      target.addEventListener(type, guarded);
      this.removeListeners.push(() => target.removeEventListener(type, guarded));
    };
    listen(window, 'pagehide', () => {
      for (const { tracker } of this.trackers) tracker.close('page_hidden');
      this.unloadFlush();
    });
    listen(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.unloadFlush();
    });
    listen(window, 'pageshow', (event) => {
      if ((event as PageTransitionEvent).persisted) this.transport?.start();
    });
    listen(window, 'online', () => this.transport?.online());
  }

  private unloadFlush(): void {
    this.reportDrops();
    this.processor?.flush();
    this.transport?.flushForUnload();
  }

  /** T5: drops counted earlier (this page or a previous one) are reported as events of their own. */
  private reportDrops(): void {
    if (!this.processor || this.optedOut || this.consent === 'denied') return;
    const counts = this.drops.take();
    for (const [reason, count] of Object.entries(counts) as [DropReason, number][]) {
      this.logger.emit({
        eventName: EVENT_OPENQOE_SDK_DROP_REPORT,
        timestamp: this.clock.now(),
        attributes: { [ATTR_OPENQOE_DROP_REASON]: reason, [ATTR_OPENQOE_DROP_COUNT]: count },
      });
    }
  }

  private guard(task: () => void): void {
    try {
      task();
    } catch {
      this.internalErrors += 1;
    }
  }
}
