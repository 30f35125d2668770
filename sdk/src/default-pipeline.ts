// The SDK's own sending path, for pages without OpenTelemetry of their own: OpenTelemetry providers
// → batching (with the resource of the session) → the host's consent gate → transport (HTTP with
// retries, offline queue in IndexedDB, unload stash). Only the main entry (index.ts) imports this
// module; @openqoe/sdk/core leaves it, and the OpenTelemetry SDK packages it needs, out.
import type { Resource } from '@opentelemetry/resources';
import {
  OWN_PIPELINE_FIELDS,
  resolveOwnPipelineConfig,
  type OpenQoEConfig,
  type OwnPipelineConfig,
} from './config.js';
import {
  ATTR_OPENQOE_DROP_COUNT,
  ATTR_OPENQOE_DROP_REASON,
  EVENT_OPENQOE_SDK_DROP_REPORT,
  type ResourceAttributes,
} from './generated/contract.js';
import { BatchingProcessor } from './otel/batching-processor.js';
import { buildResource, createProviders } from './otel/providers.js';
import { hashViewerId } from './privacy/viewer-hash.js';
import type { Batch } from './transport/batch.js';
import { DropCounter, type DropReason } from './transport/drops.js';
import { HttpSender } from './transport/http-sender.js';
import { IndexedDbQueue } from './transport/indexeddb-queue.js';
import { MemoryQueue, type OfflineQueue } from './transport/offline-queue.js';
import { Transport } from './transport/transport.js';
import { StorageUnloadStash } from './transport/unload-stash.js';
// Last on purpose, like the order of imports in index.ts: it puts the OpenTelemetry SDK and the
// transport ahead of the core in the all-in bundle, which gzips ~400 B smaller (measured).
import {
  SDK_VERSION,
  storage,
  type OwnPipeline,
  type OwnPipelineFactory,
  type PipelineHost,
} from './openqoe.js';

// Batches held while consent is pending; beyond this the oldest are forgotten.
const MAX_HELD_BATCHES = 50;

/** The pipeline the main entry gives OpenQoE for configs without providers. */
export const DEFAULT_PIPELINE: OwnPipelineFactory = {
  options: OWN_PIPELINE_FIELDS,
  configure(config: OpenQoEConfig, hasProviders: boolean) {
    const resolved = resolveOwnPipelineConfig(config as Record<string, unknown>, hasProviders);
    return (host) => createDefaultPipeline(host, resolved);
  },
};

/** Builds and starts the own pipeline of an OpenQoE instance. */
function createDefaultPipeline(host: PipelineHost, config: OwnPipelineConfig): OwnPipeline {
  const drops = new DropCounter(storage('localStorage'));
  const transport = createTransport(host, config, drops);
  const held: Batch[] = [];
  let userHash: string | undefined;
  let resourceCache: { sessionId: string; resource: Resource } | undefined;
  // The resource is built once per session (and again once the viewer hash is known).
  const currentResource = (): Resource => {
    const sessionId = host.sessionId();
    if (resourceCache?.sessionId === sessionId) return resourceCache.resource;
    const attributes: Partial<ResourceAttributes> = {
      'service.name': config.serviceName,
      'telemetry.distro.name': 'openqoe',
      'telemetry.distro.version': SDK_VERSION,
      'session.id': sessionId,
      'service.version': config.serviceVersion,
      'deployment.environment.name': config.environment,
      'user.hash': userHash,
      ...(typeof navigator === 'object'
        ? { 'user_agent.original': navigator.userAgent.slice(0, 512) }
        : {}),
    };
    const resource = buildResource(attributes);
    resourceCache = { sessionId, resource };
    return resource;
  };
  // The gate between batching and transport: consent (S11) and opt-out (S9).
  const deliver = (batch: Batch): void => {
    const consent = host.consent();
    if (consent === 'denied') return;
    if (consent === 'pending') {
      held.push(batch);
      if (held.length > MAX_HELD_BATCHES) held.shift();
      return;
    }
    transport.enqueue(batch);
  };
  const processor = new BatchingProcessor(
    { enqueue: deliver },
    host.clock,
    host.scheduler,
    {
      maxItems: config.maxBatchItems,
      maxDelayMs: config.maxBatchDelayMs,
      maxBatchBytes: 48 * 1024,
    },
    currentResource,
  );
  const { tracer, logger, shutdown } = createProviders(processor, SDK_VERSION);
  transport.start();
  // The viewer hash only ever goes out in this pipeline's resource (pages bringing providers set
  // their own resource), so it is computed here.
  if (config.viewerId && config.viewerIdSalt) {
    void hashViewerId(config.viewerId, config.viewerIdSalt).then(
      (hash) => {
        userHash = hash;
        resourceCache = undefined;
      },
      () => host.internalError(), // no Web Crypto (insecure context): the viewer stays anonymous
    );
  }
  // T5: drops counted earlier (this page or a previous one) are reported as events of their own.
  const reportDrops = (): void => {
    if (host.consent() === 'denied') return;
    const counts = drops.take();
    for (const [reason, count] of Object.entries(counts) as [DropReason, number][]) {
      logger.emit({
        eventName: EVENT_OPENQOE_SDK_DROP_REPORT,
        timestamp: host.clock.now(),
        attributes: { [ATTR_OPENQOE_DROP_REASON]: reason, [ATTR_OPENQOE_DROP_COUNT]: count },
      });
    }
  };
  reportDrops();
  return {
    tracer,
    logger,
    release() {
      const released = held.splice(0);
      if (host.consent() === 'granted') for (const batch of released) transport.enqueue(batch);
    },
    flush: () => processor.flush(),
    unload() {
      reportDrops();
      processor.flush();
      transport.flushForUnload();
    },
    resume: () => transport.start(),
    online: () => transport.online(),
    diagnostics: () => ({
      ...transport.stats,
      pendingBatches: transport.pendingBatches,
      dropped: drops.peek(),
    }),
    destroy() {
      processor.flush();
      transport.flushForUnload();
      transport.stop();
      void shutdown().catch(() => undefined);
    },
  };
}

function createTransport(
  host: PipelineHost,
  config: OwnPipelineConfig,
  drops: DropCounter,
): Transport {
  const queue: OfflineQueue =
    typeof indexedDB === 'object'
      ? new IndexedDbQueue('openqoe', {
          maxBatches: config.maxQueuedBatches,
          maxBytes: config.maxQueuedBytes,
          ttlMs: config.queueTtlMs,
        })
      : new MemoryQueue();
  const sender = new HttpSender(
    {
      url: config.endpoint ?? '',
      apiKey: config.apiKey,
      requestTimeoutMs: config.requestTimeoutMs,
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
    drops,
    {
      clock: host.clock,
      scheduler: host.scheduler,
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
      maxPendingBatches: config.maxQueuedBatches,
      recheckMs: 5000,
    },
  );
}
