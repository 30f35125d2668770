// Per-tenant state: the cardinality governor (with the tenant's policy overrides), the viewer-hash
// salt, and the counters /stats reports.
import { CardinalityGovernor, type DimensionPolicy } from './cardinality.js';
import type { TenantContext } from './pipeline.js';

export interface CardinalityOverrideSpec {
  readonly policy: DimensionPolicy['policy'];
  readonly maxCardinality: number | undefined;
}

export class TenantCounters {
  /** Requests by `outcome` or `outcome/reason`. */
  readonly requests: Record<string, number> = {};
  itemsAccepted = 0;
  itemsRejected = 0;
  duplicateBatches = 0;
  timestampsCorrected = 0;
  timestampsRejected = 0;

  countRequest(outcome: string, reason: string | undefined): void {
    const key = reason === undefined ? outcome : `${outcome}/${reason}`;
    this.requests[key] = (this.requests[key] ?? 0) + 1;
  }
}

export interface TenantRuntime extends TenantContext {
  readonly counters: TenantCounters;
}

/** The contract's label policies with overrides applied (later overrides win). */
export function mergePolicies(
  contract: readonly DimensionPolicy[],
  ...overrides: Readonly<Record<string, CardinalityOverrideSpec>>[]
): DimensionPolicy[] {
  return contract.map((policy) => {
    let merged: DimensionPolicy = policy;
    for (const table of overrides) {
      const override = table[policy.attribute];
      if (override === undefined) continue;
      merged = {
        attribute: policy.attribute,
        policy: override.policy,
        maxCardinality: override.maxCardinality ?? policy.maxCardinality,
        ...(policy.values ? { values: policy.values } : {}),
      };
    }
    return merged;
  });
}

export function createTenant(
  id: string,
  policies: readonly DimensionPolicy[],
  options: { overflowValue: string; windowMs: number; clock: () => number },
  viewerHashSalt: string | undefined,
): TenantRuntime {
  return {
    id,
    governor: new CardinalityGovernor(policies, options),
    viewerHashSalt,
    counters: new TenantCounters(),
  };
}
