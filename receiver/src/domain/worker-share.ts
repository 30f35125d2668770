// With RECEIVER_WORKERS = N, N processes share the port (Node cluster) and each keeps its own
// tables: nothing is shared between them. Limits meant for the receiver as a whole are therefore
// split, so that N workers together still honour them:
//   - a label dimension's max_cardinality (allow / hash): each worker admits its share of distinct
//     values, so Mimir never sees more than max_cardinality + the overflow value in total;
//     `bucket` is a pure function of the value (same answer in every worker) and enum-bounded
//     dimensions are bounded by the enum, so both stay as they are;
//   - an API key's token bucket: a key's traffic comes from many browsers over many connections,
//     which the cluster spreads evenly over the workers, so each gets rate/N and burst/N.
// Per-IP and per-session buckets are not split: one client's keep-alive connection stays on one
// worker, and a split would refuse a well-behaved client at 1/N of its limit. A client spreading
// requests over several connections can get up to N times those limits. The batch ledger is not
// split either: a retry that reaches another worker than its first copy is forwarded again
// (at-least-once delivery; duplicates, never loss).
import type { DimensionPolicy } from './cardinality.js';
import type { BucketSpec } from './rate-limit.js';

function checkWorkers(workers: number): void {
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`workers must be an integer ≥ 1, got ${workers}`);
  }
}

/** One worker's share of the label policies. */
export function cardinalityShare(
  policies: readonly DimensionPolicy[],
  workers: number,
): DimensionPolicy[] {
  checkWorkers(workers);
  return policies.map((policy) => {
    const counted =
      (policy.policy === 'allow' && policy.values === undefined) || policy.policy === 'hash';
    if (workers === 1 || !counted || policy.maxCardinality === undefined) return policy;
    return { ...policy, maxCardinality: Math.max(1, Math.floor(policy.maxCardinality / workers)) };
  });
}

/** One worker's share of an API key's token bucket. */
export function keyBucketShare(spec: BucketSpec, workers: number): BucketSpec {
  checkWorkers(workers);
  if (workers === 1) return spec;
  return {
    ratePerSecond: spec.ratePerSecond / workers,
    burst: Math.max(1, Math.floor(spec.burst / workers)),
  };
}
