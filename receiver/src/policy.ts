// The receiver's view of the contract's attribute policy (generated into
// src/generated/attribute-policy.json): label dimensions with their cardinality policy, the
// attributes only the receiver may set, and those that must never arrive.
import { readFileSync } from 'node:fs';
import type { DimensionPolicy, LabelPolicy } from './domain/cardinality.js';

export interface AttributePolicy {
  readonly overflowValue: string;
  readonly labels: readonly DimensionPolicy[];
  /** Set by the receiver; a client's value is replaced. */
  readonly receiverSet: ReadonlySet<string>;
  readonly neverSent: ReadonlySet<string>;
  /** The original openqoe event_type → the contract's event name. */
  readonly legacyEvents: Readonly<Record<string, string>>;
}

interface GeneratedPolicy {
  overflowValue: string;
  labels: { attribute: string; policy: LabelPolicy; maxCardinality?: number; values?: string[] }[];
  receiverSet: string[];
  neverSent: string[];
  legacyEvents: Record<string, string>;
}

let cached: AttributePolicy | undefined;

export function attributePolicy(): AttributePolicy {
  if (cached) return cached;
  const generated = JSON.parse(
    readFileSync(new URL('./generated/attribute-policy.json', import.meta.url), 'utf8'),
  ) as GeneratedPolicy;
  cached = {
    overflowValue: generated.overflowValue,
    labels: generated.labels.map((label) => ({ ...label })),
    receiverSet: new Set(generated.receiverSet),
    neverSent: new Set(generated.neverSent),
    legacyEvents: { ...generated.legacyEvents },
  };
  return cached;
}
