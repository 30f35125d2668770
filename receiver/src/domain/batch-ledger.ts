// Remembers which batches were already forwarded (T6), so a batch the client retries (same
// X-OpenQoE-Batch-Id, same tenant, same signal) is acknowledged without reaching Alloy twice.
// Bounded in entries and in time. A copy that arrives while the first is still on its way waits
// for the first's outcome instead of racing it downstream.

export interface LedgerOptions {
  readonly maxEntries: number;
  readonly ttlMs: number;
  readonly clock: () => number;
}

interface Done<T> {
  readonly state: 'done';
  readonly result: T;
  readonly expiresAt: number;
}

interface Pending<T> {
  readonly state: 'pending';
  readonly settled: Promise<T | undefined>;
  readonly settle: (result: T | undefined) => void;
}

type Entry<T> = Done<T> | Pending<T>;

export type Claim<T> =
  /** Not seen: forward it, then call finish with the answer (or undefined if it failed). */
  | { readonly kind: 'new'; finish(result: T | undefined): void }
  /** Already forwarded: answer this again. */
  | { readonly kind: 'duplicate'; readonly result: T }
  /** A copy is on its way: await its answer (undefined if it failed). */
  | { readonly kind: 'pending'; readonly settled: Promise<T | undefined> };

export class BatchLedger<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly options: LedgerOptions) {}

  get size(): number {
    return this.entries.size;
  }

  claim(key: string): Claim<T> {
    const now = this.options.clock();
    const entry = this.entries.get(key);
    if (entry?.state === 'pending') return { kind: 'pending', settled: entry.settled };
    if (entry?.state === 'done') {
      if (entry.expiresAt > now) return { kind: 'duplicate', result: entry.result };
      this.entries.delete(key);
    }
    let settle!: (result: T | undefined) => void;
    const settled = new Promise<T | undefined>((resolve) => {
      settle = resolve;
    });
    const pending: Pending<T> = { state: 'pending', settled, settle };
    this.entries.set(key, pending);
    this.evict(now);
    return {
      kind: 'new',
      finish: (result) => {
        if (this.entries.get(key) === pending) {
          if (result === undefined) this.entries.delete(key);
          else {
            // Re-inserted at the young end: entries stay ordered by expiry.
            this.entries.delete(key);
            this.entries.set(key, {
              state: 'done',
              result,
              expiresAt: this.options.clock() + this.options.ttlMs,
            });
          }
        }
        settle(result);
      },
    };
  }

  /** Drops expired entries, then the oldest finished ones while over the bound. */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      // Pending entries belong to requests in flight (bounded elsewhere): never evicted here.
      if (entry.state === 'pending') continue;
      if (this.entries.size <= this.options.maxEntries && entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
