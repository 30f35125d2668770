// T3: what to do with pending batches when the page goes away. A keepalive fetch survives the page
// but all keepalive requests of a page share a 64 KiB in-flight budget; sendBeacon has its own
// quota and needs a CORS-safelisted content type. Whatever fits neither is written to the offline
// queue and sent on the next page load.
import { batchBytes, type Batch } from './batch.js';

export const KEEPALIVE_BUDGET_BYTES = 64 * 1024;

export interface UnloadPlan {
  keepalive: Batch[];
  beacon: Batch[];
  persist: Batch[];
}

/**
 * Assigns batches, oldest first, to keepalive until the budget (minus what is already in flight)
 * is used, then to beacon while `beaconBudgetBytes` lasts, then to the offline queue.
 */
export function planUnloadSends(
  batches: readonly Batch[],
  inFlightKeepaliveBytes: number,
  beaconBudgetBytes: number,
  keepaliveBudgetBytes = KEEPALIVE_BUDGET_BYTES,
): UnloadPlan {
  const plan: UnloadPlan = { keepalive: [], beacon: [], persist: [] };
  let keepaliveLeft = keepaliveBudgetBytes - inFlightKeepaliveBytes;
  let beaconLeft = beaconBudgetBytes;
  for (const batch of batches) {
    const bytes = batchBytes(batch);
    if (bytes <= keepaliveLeft) {
      plan.keepalive.push(batch);
      keepaliveLeft -= bytes;
    } else if (bytes <= beaconLeft) {
      plan.beacon.push(batch);
      beaconLeft -= bytes;
    } else {
      plan.persist.push(batch);
    }
  }
  return plan;
}
