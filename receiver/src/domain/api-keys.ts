// API keys (R2): each maps to a tenant and carries its allowed origins and rate limit. Keys are
// held only as SHA-256 digests; a presented key is digested and compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { BucketSpec } from './rate-limit.js';
import { OriginPolicy } from './origins.js';

export interface ApiKey {
  /** A short, non-secret name for logs and rate-limit tables: the digest's first 12 hex digits. */
  readonly id: string;
  readonly digest: Buffer;
  readonly tenant: string;
  readonly origins: OriginPolicy;
  /** Requests per second for this key; undefined means unlimited. */
  readonly rateLimit: BucketSpec | undefined;
}

export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export class KeyRing {
  private readonly byDigest = new Map<string, ApiKey>();

  constructor(keys: readonly ApiKey[]) {
    for (const key of keys) {
      const hex = key.digest.toString('hex');
      if (this.byDigest.has(hex)) throw new RangeError(`API key ${key.id} is configured twice`);
      this.byDigest.set(hex, key);
    }
  }

  get keys(): ApiKey[] {
    return [...this.byDigest.values()];
  }

  /** The key matching `presented`, if any. */
  authenticate(presented: string): ApiKey | undefined {
    const digest = keyDigest(presented);
    const candidate = this.byDigest.get(digest.toString('hex'));
    // The lookup is by digest, which reveals nothing about stored keys; the final comparison is
    // constant-time all the same, as R2 asks.
    return candidate && timingSafeEqual(candidate.digest, digest) ? candidate : undefined;
  }

  /** Whether any key admits `origin` (for CORS preflights, which carry no key). */
  anyAllows(origin: string): boolean {
    for (const key of this.byDigest.values()) if (key.origins.allows(origin)) return true;
    return false;
  }
}

export function newApiKey(
  digest: Buffer,
  tenant: string,
  origins: OriginPolicy,
  rateLimit: BucketSpec | undefined,
): ApiKey {
  return { id: digest.toString('hex').slice(0, 12), digest, tenant, origins, rateLimit };
}
