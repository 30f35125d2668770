// The offline queue in IndexedDB, so undelivered batches survive a reload or a closed tab (T5).
// Each operation is one transaction; bounds are applied on every write, under the transaction.
import type { Batch } from './batch.js';
import {
  DEFAULT_QUEUE_BOUNDS,
  applyBounds,
  type Eviction,
  type OfflineQueue,
  type QueueBounds,
} from './offline-queue.js';

const STORE = 'batches';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Stored with a monotonically increasing key so arrival order survives across page loads. */
interface Row {
  seq?: number;
  batch: Batch;
}

export class IndexedDbQueue implements OfflineQueue {
  private db: Promise<IDBDatabase> | undefined;

  constructor(
    private readonly name = 'openqoe',
    private readonly bounds: QueueBounds = DEFAULT_QUEUE_BOUNDS,
    private readonly factory: IDBFactory = indexedDB,
  ) {}

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      const req = this.factory.open(this.name, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      };
      this.db = request(req);
    }
    return this.db;
  }

  private async rows(store: IDBObjectStore): Promise<{ key: IDBValidKey; batch: Batch }[]> {
    const [keys, values] = await Promise.all([
      request(store.getAllKeys()),
      request(store.getAll() as IDBRequest<Row[]>),
    ]);
    return values.map((row, i) => ({ key: keys[i] as IDBValidKey, batch: row.batch }));
  }

  /** Evicts per the bounds inside the given read-write transaction. */
  private async enforce(
    store: IDBObjectStore,
    now: number,
  ): Promise<{ kept: Batch[]; evicted: Eviction[] }> {
    const rows = await this.rows(store);
    const { keep, evicted } = applyBounds(
      rows.map((r) => r.batch),
      now,
      this.bounds,
    );
    const evictedIds = new Set(evicted.map((e) => e.batch.id));
    for (const row of rows) if (evictedIds.has(row.batch.id)) store.delete(row.key);
    return { kept: keep, evicted };
  }

  async put(batches: readonly Batch[], now: number): Promise<Eviction[]> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    for (const batch of batches) store.add({ batch } satisfies Row);
    const { evicted } = await this.enforce(store, now);
    await done(tx);
    return evicted;
  }

  async list(now: number): Promise<{ batches: Batch[]; evicted: Eviction[] }> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    const { kept, evicted } = await this.enforce(tx.objectStore(STORE), now);
    await done(tx);
    return { batches: kept, evicted };
  }

  async remove(ids: readonly string[]): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    const wanted = new Set(ids);
    for (const row of await this.rows(store)) if (wanted.has(row.batch.id)) store.delete(row.key);
    await done(tx);
  }
}
