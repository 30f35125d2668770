// Cardinality governance (R7): the attributes that may become metric labels (the contract's
// `label` class) are kept to a bounded set of values per tenant, so a client cannot create
// unbounded series in Mimir. Per dimension, as in the original openqoe worker:
//   allow   values pass until max_cardinality distinct ones were seen in the window; later new
//           ones become the overflow value (enum-bounded dimensions: values outside the enum do)
//   hash    the value is replaced by a short hash, then counted like allow
//   bucket  the value is replaced by one of max_cardinality hash buckets (never overflows)
//   drop    the attribute is removed
// So a dimension never shows more than max_cardinality + 1 values downstream.
import { createHash } from 'node:crypto';
import type { KeyValue } from './otlp.js';

export type LabelPolicy = 'allow' | 'bucket' | 'hash' | 'drop';

export interface DimensionPolicy {
  readonly attribute: string;
  readonly policy: LabelPolicy;
  readonly maxCardinality?: number;
  /** The contract's enum, when the attribute has one. */
  readonly values?: readonly string[];
}

export interface GovernorOptions {
  /** The contract's overflow sentinel (`__other__`). */
  readonly overflowValue: string;
  /** Distinct values are forgotten after this long, so new ones can take their place. */
  readonly windowMs: number;
  readonly clock: () => number;
}

export interface DimensionStats {
  policy: LabelPolicy;
  maxCardinality: number | undefined;
  /** Distinct values forwarded in the current window (excluding the overflow value). */
  distinct: number;
  /** Values replaced by the overflow value since start. */
  overflowed: number;
  /** Attributes removed by the drop policy since start. */
  dropped: number;
}

/** FNV-1a over UTF-16 code units: a fast, stable spread for bucketing (not a secret). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function bucketLabel(value: string, buckets: number): string {
  return `bucket_${fnv1a(value) % buckets}`;
}

export function hashLabel(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

class Dimension {
  readonly seen = new Set<string>();
  readonly enumValues: ReadonlySet<string> | undefined;
  overflowed = 0;
  dropped = 0;

  constructor(readonly policy: DimensionPolicy) {
    this.enumValues = policy.values ? new Set(policy.values) : undefined;
  }

  /** The value to forward, or undefined to remove the attribute. */
  govern(value: string, overflowValue: string): string | undefined {
    const { policy, maxCardinality } = this.policy;
    if (policy === 'drop') {
      this.dropped++;
      return undefined;
    }
    if (this.enumValues && policy === 'allow') {
      if (this.enumValues.has(value)) {
        this.seen.add(value);
        return value;
      }
      this.overflowed++;
      return overflowValue;
    }
    const label =
      policy === 'bucket'
        ? bucketLabel(value, maxCardinality as number)
        : policy === 'hash'
          ? hashLabel(value)
          : value;
    if (this.seen.has(label)) return label;
    if (maxCardinality === undefined || this.seen.size < maxCardinality) {
      this.seen.add(label);
      return label;
    }
    this.overflowed++;
    return overflowValue;
  }
}

/** Whether a dimension needs any work at all: booleans and plain `allow` without limits do not. */
function isActive(policy: DimensionPolicy): boolean {
  return (
    policy.policy !== 'allow' || policy.maxCardinality !== undefined || policy.values !== undefined
  );
}

export class CardinalityGovernor {
  private readonly dimensions = new Map<string, Dimension>();
  private readonly all: DimensionPolicy[];
  private windowStart: number;

  constructor(
    policies: readonly DimensionPolicy[],
    private readonly options: GovernorOptions,
  ) {
    for (const policy of policies) {
      if ((policy.policy === 'bucket' || policy.policy === 'hash') && !policy.maxCardinality) {
        throw new RangeError(`${policy.attribute}: policy ${policy.policy} needs max_cardinality`);
      }
      if (isActive(policy)) this.dimensions.set(policy.attribute, new Dimension(policy));
    }
    this.all = [...policies];
    this.windowStart = options.clock();
  }

  /** Starts a new window when the current one has run out; call once per request. */
  tick(): void {
    const now = this.options.clock();
    if (now - this.windowStart < this.options.windowMs) return;
    this.windowStart = now;
    for (const dimension of this.dimensions.values()) dimension.seen.clear();
  }

  /** Governs a list of attributes in place; returns the list to keep (a new one after a drop). */
  governAttributes(attributes: KeyValue[]): KeyValue[] {
    let dropped = false;
    for (const attribute of attributes) {
      const dimension = this.dimensions.get(attribute.key);
      if (dimension === undefined) continue;
      const value = attribute.value.stringValue;
      if (value === undefined) continue;
      const governed = dimension.govern(value, this.options.overflowValue);
      if (governed === undefined) dropped = true;
      else if (governed !== value) attribute.value = { stringValue: governed };
    }
    return dropped
      ? attributes.filter((a) => this.dimensions.get(a.key)?.policy.policy !== 'drop')
      : attributes;
  }

  /** The value to forward for one attribute value (undefined: remove it). */
  govern(attribute: string, value: string): string | undefined {
    const dimension = this.dimensions.get(attribute);
    return dimension === undefined ? value : dimension.govern(value, this.options.overflowValue);
  }

  stats(): Record<string, DimensionStats> {
    const stats: Record<string, DimensionStats> = {};
    for (const policy of this.all) {
      const dimension = this.dimensions.get(policy.attribute);
      stats[policy.attribute] = {
        policy: policy.policy,
        maxCardinality: policy.maxCardinality ?? policy.values?.length,
        distinct: dimension?.seen.size ?? 0,
        overflowed: dimension?.overflowed ?? 0,
        dropped: dimension?.dropped ?? 0,
      };
    }
    return stats;
  }
}
