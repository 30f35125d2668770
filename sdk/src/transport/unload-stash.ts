// T5 at unload: an IndexedDB write started in pagehide is aborted when the document goes (seen in
// Chromium on reload), so batches that cannot be sent then are written synchronously to
// localStorage, and moved into the offline queue on the next page load.
import type { KeyValueStore } from '../session/session.js';
import { batchBytes, type Batch } from './batch.js';

export const UNLOAD_STASH_KEY = 'openqoe:unload-stash';
/** localStorage quotas are a few MiB per origin, shared with the page: take little. */
export const UNLOAD_STASH_MAX_BYTES = 256 * 1024;

export interface UnloadStash {
  /** Saves batches synchronously; returns those that did not fit (oldest first). */
  save(batches: readonly Batch[]): Batch[];
  /** Returns and forgets everything saved. */
  take(): Batch[];
}

function isBatch(value: unknown): value is Batch {
  const b = value as Partial<Batch> | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.id === 'string' &&
    (b.signal === 'traces' || b.signal === 'logs') &&
    typeof b.body === 'string' &&
    typeof b.items === 'number' &&
    typeof b.createdAt === 'number'
  );
}

export class StorageUnloadStash implements UnloadStash {
  constructor(
    private readonly store: KeyValueStore,
    private readonly maxBytes = UNLOAD_STASH_MAX_BYTES,
  ) {}

  save(batches: readonly Batch[]): Batch[] {
    const kept = this.read();
    let bytes = kept.reduce((sum, b) => sum + batchBytes(b), 0);
    const overflow: Batch[] = [];
    for (const batch of batches) {
      const size = batchBytes(batch);
      if (bytes + size > this.maxBytes) {
        overflow.push(batch);
        continue;
      }
      kept.push(batch);
      bytes += size;
    }
    try {
      this.store.setItem(UNLOAD_STASH_KEY, JSON.stringify(kept));
    } catch {
      return [...batches]; // quota exceeded or storage blocked: nothing was saved
    }
    return overflow;
  }

  take(): Batch[] {
    const batches = this.read();
    if (batches.length > 0) {
      try {
        this.store.setItem(UNLOAD_STASH_KEY, '[]');
      } catch {
        // Left in place, the same batches come back next load; the receiver drops repeats by id.
      }
    }
    return batches;
  }

  private read(): Batch[] {
    try {
      const value: unknown = JSON.parse(this.store.getItem(UNLOAD_STASH_KEY) ?? '[]');
      return Array.isArray(value) ? value.filter(isBatch) : [];
    } catch {
      return [];
    }
  }
}
