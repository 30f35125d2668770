// The receiver's configuration, resolved: every field present, every value checked. Built by
// load-config.ts from the environment and the optional RECEIVER_CONFIG file; tests build it with
// `defaultConfig()` and overrides.
import type { LabelPolicy } from '../domain/cardinality.js';
import type { BucketSpec } from '../domain/rate-limit.js';
import type { TimestampPolicy } from '../domain/timestamps.js';

export interface KeyConfig {
  /** SHA-256 of the key: the key itself is not kept. */
  readonly digest: Buffer;
  readonly tenant: string;
  /** Allowed browser origins: exact origins, `https://*.host` patterns, or `*`. */
  readonly origins: readonly string[];
  /** Requests per second for this key; undefined means unlimited. */
  readonly rateLimit: BucketSpec | undefined;
}

export interface CardinalityOverride {
  readonly policy: LabelPolicy;
  readonly maxCardinality: number | undefined;
}

export interface TenantConfig {
  /** Key of the HMAC that turns /v2/events viewer ids into user.hash; without one they are dropped. */
  readonly viewerHashSalt: string | undefined;
  /** Per label attribute, on top of the global overrides. */
  readonly cardinality: Readonly<Record<string, CardinalityOverride>>;
}

export interface LimitsConfig {
  /** Raw body (compressed or not), R4: 1 MiB. */
  readonly maxBodyBytes: number;
  /** After gunzip, R4: 8 MiB. */
  readonly maxInflatedBytes: number;
  readonly maxDepth: number;
  /** Spans / log records / events per request (the contract's items_per_request). */
  readonly maxItems: number;
  /** Requests handled at once; more are answered 503 at once. */
  readonly maxInFlightRequests: number;
  /**
   * Bytes of request bodies (raw and inflated) held at once; past it, 503. The parsed trees and
   * strings of those bodies take about three times as much heap at worst, so the default (24 MiB)
   * stays inside the V8 old-space cap the receiver is started with (128 MiB).
   */
  readonly memoryBudgetBytes: number;
  /** Longest time a client may take to send its request. */
  readonly requestTimeoutMs: number;
}

export interface DownstreamConfig {
  /** Alloy's OTLP/HTTP base URL, e.g. http://alloy:4318 (a path prefix is kept). */
  readonly url: string;
  /** Longest wait for Alloy's answer (and for a free connection). */
  readonly timeoutMs: number;
  readonly connections: number;
  /** Requests waiting for a connection; more are refused as overload. */
  readonly maxQueue: number;
  /** Retry-After the receiver suggests when Alloy gave none. */
  readonly retryAfterSeconds: number;
  /** Upper bound for a Retry-After passed on from Alloy. */
  readonly maxRetryAfterSeconds: number;
  /** Timeout of the readiness probe. */
  readonly probeTimeoutMs: number;
}

export interface ReceiverConfig {
  readonly port: number;
  readonly host: string;
  readonly keys: readonly KeyConfig[];
  readonly tenants: ReadonlyMap<string, TenantConfig>;
  readonly limits: LimitsConfig;
  readonly rateLimits: {
    readonly perIp: BucketSpec | undefined;
    readonly perSession: BucketSpec | undefined;
    /** Clients (IPs, sessions) remembered per table. */
    readonly maxClients: number;
  };
  readonly timestamps: TimestampPolicy;
  readonly cardinality: {
    readonly windowMs: number;
    readonly overrides: Readonly<Record<string, CardinalityOverride>>;
  };
  readonly downstream: DownstreamConfig;
  readonly dedup: { readonly maxEntries: number; readonly ttlMs: number };
  readonly cors: { readonly maxAgeSeconds: number };
  /** Take the client IP from X-Forwarded-For (only behind a proxy that sets it). */
  readonly trustProxy: boolean;
  /** A header a trusted proxy sets to the viewer's ISO country code (e.g. cf-ipcountry). */
  readonly countryHeader: string | undefined;
  readonly telemetry: { readonly exportIntervalMs: number; readonly tenant: string };
  readonly shutdownTimeoutMs: number;
  readonly legacyServiceName: string;
}

const MIB = 1024 * 1024;

export const DEFAULT_PORT = 8788;
export const DEFAULT_OTEL_URL = 'http://localhost:4318';
export const DEFAULT_TENANT = 'default';

/** Defaults with no keys: a caller adds at least one. */
export function defaultConfig(): ReceiverConfig {
  return {
    port: DEFAULT_PORT,
    host: '0.0.0.0',
    keys: [],
    tenants: new Map(),
    limits: {
      maxBodyBytes: MIB,
      maxInflatedBytes: 8 * MIB,
      maxDepth: 16,
      maxItems: 1000,
      maxInFlightRequests: 1024,
      memoryBudgetBytes: 24 * MIB,
      requestTimeoutMs: 30_000,
    },
    rateLimits: {
      perIp: { ratePerSecond: 50, burst: 100 },
      perSession: { ratePerSecond: 10, burst: 30 },
      maxClients: 100_000,
    },
    timestamps: {
      mode: 'correct',
      skewToleranceMs: 60_000,
      maxFutureMs: 5 * 60_000,
      // The SDK keeps undeliverable batches for 24 h (T5); a view can last hours before that.
      maxPastMs: 48 * 3_600_000,
    },
    cardinality: { windowMs: 24 * 3_600_000, overrides: {} },
    downstream: {
      url: DEFAULT_OTEL_URL,
      timeoutMs: 5_000,
      connections: 32,
      maxQueue: 512,
      retryAfterSeconds: 5,
      maxRetryAfterSeconds: 60,
      probeTimeoutMs: 1_000,
    },
    dedup: { maxEntries: 50_000, ttlMs: 24 * 3_600_000 },
    cors: { maxAgeSeconds: 86_400 },
    trustProxy: false,
    countryHeader: undefined,
    telemetry: { exportIntervalMs: 60_000, tenant: 'openqoe-receiver' },
    shutdownTimeoutMs: 10_000,
    legacyServiceName: 'openqoe-legacy',
  };
}
