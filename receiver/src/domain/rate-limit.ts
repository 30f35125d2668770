// Token buckets (R6): per API key, per client IP and per session. The arithmetic is a pure
// function of the bucket, its spec and the time; the limiter keeps one bucket per client in a
// bounded table.
import { LruMap } from './lru.js';

export interface BucketSpec {
  /** Tokens added per second (sustained requests per second). */
  readonly ratePerSecond: number;
  /** Bucket capacity (the largest burst). */
  readonly burst: number;
}

export interface Bucket {
  readonly tokens: number;
  readonly updatedMs: number;
}

export interface TakeResult {
  readonly bucket: Bucket;
  readonly allowed: boolean;
  /** When refused, whole seconds until a token will be there (≥ 1). */
  readonly retryAfterSeconds: number;
}

export function fullBucket(spec: BucketSpec, nowMs: number): Bucket {
  return { tokens: spec.burst, updatedMs: nowMs };
}

/** Refills `bucket` up to `nowMs`, then takes `cost` tokens if it holds them. */
export function takeTokens(bucket: Bucket, spec: BucketSpec, nowMs: number, cost = 1): TakeResult {
  const elapsedMs = Math.max(0, nowMs - bucket.updatedMs);
  const tokens = Math.min(spec.burst, bucket.tokens + (elapsedMs * spec.ratePerSecond) / 1000);
  if (tokens >= cost) {
    return {
      bucket: { tokens: tokens - cost, updatedMs: nowMs },
      allowed: true,
      retryAfterSeconds: 0,
    };
  }
  const waitSeconds = (cost - tokens) / spec.ratePerSecond;
  return {
    bucket: { tokens, updatedMs: nowMs },
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)),
  };
}

export interface RateLimiterOptions {
  /** Clients remembered at once; a forgotten client starts again with a full bucket. */
  readonly maxClients: number;
  readonly clock: () => number;
}

export class RateLimiter {
  private readonly buckets: LruMap<string, Bucket>;

  constructor(
    private readonly spec: BucketSpec,
    private readonly options: RateLimiterOptions,
  ) {
    this.buckets = new LruMap(options.maxClients);
  }

  /** Takes one token for `client`; 0 when allowed, else the seconds to wait. */
  take(client: string, cost = 1): number {
    const now = this.options.clock();
    const bucket = this.buckets.get(client) ?? fullBucket(this.spec, now);
    const result = takeTokens(bucket, this.spec, now, cost);
    this.buckets.set(client, result.bucket);
    return result.allowed ? 0 : result.retryAfterSeconds;
  }
}
