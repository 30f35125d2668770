// A pool of pre-built views for the load tiers. Building OTLP JSON in k6's JavaScript runtime costs
// far more than sending it, so the bodies are built once (k6 shares them between VUs through a
// SharedArray) and each iteration only swaps in a fresh view id — every view the receiver sees is
// a new trace — and sets fresh batch ids and send times in the headers.
import { batchesOf, type BatchPolicy, type Signal } from './batches.ts';
import { legacyBatches } from './legacy.ts';
import { seededRandom } from './random.ts';
import { simulateView } from './view.ts';

export interface PooledBatch {
  readonly signal: Signal;
  /** The body cut at every occurrence of the view id: joining with a new id is one cheap join. */
  readonly parts: readonly string[];
  readonly items: number;
}

export interface PooledView {
  /** The view id inside the bodies, replaced by a fresh one per iteration. */
  readonly viewId: string;
  readonly items: number;
  readonly batches: readonly PooledBatch[];
  /** The same view's player events as /v2/events bodies, cut like the batches' bodies. */
  readonly legacy: readonly { readonly parts: readonly string[]; readonly events: number }[];
}

export interface PoolOptions {
  readonly size: number;
  readonly seed: number;
  readonly policy: BatchPolicy;
  /** The views end at this time (epoch ms): their timestamps are in the recent past. */
  readonly nowMs: number;
  readonly maxWatchSeconds?: number;
  readonly legacyBatchEvents?: number;
}

export function buildPool(options: PoolOptions): PooledView[] {
  const views: PooledView[] = [];
  for (let i = 0; i < options.size; i++) {
    const seed = options.seed * 100_003 + i;
    const viewOptions = { maxWatchSeconds: options.maxWatchSeconds ?? 300 };
    // Simulate once to learn the view's length, then again so that it ends just before now.
    const probe = simulateView(seededRandom(seed), { ...viewOptions, startMs: 0 });
    const view = simulateView(seededRandom(seed), {
      ...viewOptions,
      startMs: options.nowMs - (probe.endMs - probe.startMs) - 1000,
    });
    const batches = batchesOf(view, options.policy, seededRandom(seed ^ 0x5bd1e995));
    views.push({
      viewId: view.viewId,
      items: view.items.length,
      batches: batches.map((b) => ({
        signal: b.signal,
        parts: b.body.split(view.viewId),
        items: b.items,
      })),
      legacy: legacyBatches(view, options.legacyBatchEvents ?? 50).map((events) => ({
        parts: JSON.stringify({ events }).split(view.viewId),
        events: events.length,
      })),
    });
  }
  return views;
}

export function meanItemsPerView(pool: readonly PooledView[]): number {
  if (pool.length === 0) throw new RangeError('meanItemsPerView: empty pool');
  return pool.reduce((sum, view) => sum + view.items, 0) / pool.length;
}

export function meanLegacyEventsPerView(pool: readonly PooledView[]): number {
  if (pool.length === 0) throw new RangeError('meanLegacyEventsPerView: empty pool');
  return pool.reduce((sum, v) => sum + v.legacy.reduce((s, b) => s + b.events, 0), 0) / pool.length;
}

/** A pooled body under a new view id (its trace ids and video.view.id). */
export function withViewId(parts: readonly string[], viewId: string): string {
  return parts.join(viewId);
}
