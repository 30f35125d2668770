// T5: batches that could not be delivered wait here — in IndexedDB in browsers, in memory where it
// is missing — bounded by count and bytes (oldest evicted first) and by age. Every eviction is
// returned to the caller to be counted as a drop.
import { batchBytes, type Batch } from './batch.js';

export interface QueueBounds {
  maxBatches: number;
  maxBytes: number;
  ttlMs: number;
}

export const DEFAULT_QUEUE_BOUNDS: QueueBounds = {
  maxBatches: 50,
  maxBytes: 512 * 1024,
  ttlMs: 24 * 3600_000,
};

export type EvictionReason = 'queue_full' | 'ttl_expired';

export interface Eviction {
  batch: Batch;
  reason: EvictionReason;
}

/**
 * Applies the bounds to batches in arrival order: expired ones go first, then the oldest until
 * both count and byte bounds hold. Pure; returns what to keep and what was evicted and why.
 */
export function applyBounds(
  batches: readonly Batch[],
  now: number,
  bounds: QueueBounds,
): { keep: Batch[]; evicted: Eviction[] } {
  const evicted: Eviction[] = [];
  const fresh: Batch[] = [];
  for (const batch of batches) {
    if (now - batch.createdAt > bounds.ttlMs) evicted.push({ batch, reason: 'ttl_expired' });
    else fresh.push(batch);
  }
  let bytes = fresh.reduce((sum, b) => sum + batchBytes(b), 0);
  while (fresh.length > 0 && (fresh.length > bounds.maxBatches || bytes > bounds.maxBytes)) {
    const oldest = fresh.shift() as Batch;
    bytes -= batchBytes(oldest);
    evicted.push({ batch: oldest, reason: 'queue_full' });
  }
  return { keep: fresh, evicted };
}

export interface OfflineQueue {
  /** Adds batches at the end; returns what the bounds evicted. */
  put(batches: readonly Batch[], now: number): Promise<Eviction[]>;
  /** All batches in arrival order, after dropping expired ones (returned as evictions). */
  list(now: number): Promise<{ batches: Batch[]; evicted: Eviction[] }>;
  remove(ids: readonly string[]): Promise<void>;
}

export class MemoryQueue implements OfflineQueue {
  private batches: Batch[] = [];

  constructor(private readonly bounds: QueueBounds = DEFAULT_QUEUE_BOUNDS) {}

  async put(batches: readonly Batch[], now: number): Promise<Eviction[]> {
    const { keep, evicted } = applyBounds([...this.batches, ...batches], now, this.bounds);
    this.batches = keep;
    return evicted;
  }

  async list(now: number): Promise<{ batches: Batch[]; evicted: Eviction[] }> {
    const { keep, evicted } = applyBounds(this.batches, now, this.bounds);
    this.batches = keep;
    return { batches: [...keep], evicted };
  }

  async remove(ids: readonly string[]): Promise<void> {
    this.batches = this.batches.filter((b) => !ids.includes(b.id));
  }
}
