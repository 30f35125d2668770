// Generates the receiver's attribute policy: which attributes may become metric labels and how
// their values are governed (R7), which ones only the receiver may set, and which may never arrive.
import type { Contract } from '../model.js';

export const POLICY_FILE = 'receiver/src/generated/attribute-policy.json';

export interface LabelRule {
  attribute: string;
  policy: string;
  maxCardinality?: number;
  values?: readonly (string | number)[];
}

export interface AttributePolicy {
  overflowValue: string;
  labels: LabelRule[];
  /** Set by the receiver; a client's value is replaced, never trusted. */
  receiverSet: string[];
  /** Must never be sent; the receiver rejects data that carries them. */
  neverSent: string[];
  /** The original openqoe event_type → the contract's event name (for POST /v2/events). */
  legacyEvents: Record<string, string>;
}

export function generatePolicy(contract: Contract): AttributePolicy {
  const attributes = [...contract.attributes.values()];
  return {
    overflowValue: contract.overflowValue,
    labels: attributes
      .filter((a) => a.cardinality === 'label')
      .map((a) => ({
        attribute: a.name,
        policy: a.policy ?? 'allow',
        ...(a.maxCardinality !== undefined ? { maxCardinality: a.maxCardinality } : {}),
        ...(a.enum !== undefined ? { values: a.enum } : {}),
      })),
    receiverSet: attributes.filter((a) => a.setBy === 'receiver').map((a) => a.name),
    neverSent: attributes.filter((a) => a.cardinality === 'never').map((a) => a.name),
    legacyEvents: Object.fromEntries(
      [...contract.events.values()].flatMap((e) => (e.legacy ? [[e.legacy, e.name]] : [])),
    ),
  };
}
