// Generates the contract module of the k6 load scripts (`load/`). k6 cannot read the YAML contract
// at run time, and the compose service mounts only `./load`, so the scripts get their own copy of
// what they need to build valid traffic: span and event names with their required and optional
// attributes, each attribute's type, enum and length limit, the legacy event_type names and the
// limits. The union types let `tsc` refuse a name the contract does not define.
import type { AttributeSet, Contract } from '../model.js';

export const LOAD_CONTRACT_FILE = 'load/generated/contract.ts';

function setLiteral(set: AttributeSet): Record<string, readonly string[]> {
  return { required: set.required, optional: set.optional };
}

export function generateLoadContract(contract: Contract): string {
  const attributes = Object.fromEntries(
    [...contract.attributes.values()]
      // Only what a client may send: never-class attributes must not appear in traffic.
      .filter((a) => a.cardinality !== 'never')
      .map((a) => [
        a.name,
        {
          type: a.type,
          setBy: a.setBy,
          ...(a.enum !== undefined ? { enum: a.enum } : {}),
          ...(a.maxLength !== undefined ? { maxLength: a.maxLength } : {}),
        },
      ]),
  );
  const spans = Object.fromEntries(
    [...contract.spans.values()].map((s) => [s.name, { parent: s.parent, ...setLiteral(s) }]),
  );
  const events = Object.fromEntries(
    [...contract.events.values()].map((e) => [
      e.name,
      { ...(e.legacy !== undefined ? { legacy: e.legacy } : {}), ...setLiteral(e) },
    ]),
  );
  const json = (value: unknown): string => JSON.stringify(value);
  return [
    '// GENERATED from contract/telemetry.yaml by `make generate`. Do not edit by hand.',
    '// The names and shapes the k6 load scripts need (k6 cannot read the YAML contract).',
    '',
    "export type AttributeType = 'string' | 'int' | 'double' | 'boolean' | 'string[]';",
    '',
    'export interface AttributeSpec {',
    '  readonly type: AttributeType;',
    "  readonly setBy: 'sdk' | 'receiver' | 'alloy';",
    '  readonly enum?: readonly (string | number)[];',
    '  readonly maxLength?: number;',
    '}',
    '',
    `export const LIMITS = ${json(contract.limits)} as const;`,
    '',
    `export const RESOURCE = ${json(setLiteral(contract.resource))} as const;`,
    '',
    `export const COMMON = ${json(contract.common)} as const;`,
    '',
    `export const SPANS = ${json(spans)} as const;`,
    '',
    `export const EVENTS = ${json(events)} as const;`,
    '',
    `const ATTRIBUTE_SPECS = ${json(attributes)} as const;`,
    '',
    'export type SpanName = keyof typeof SPANS;',
    'export type EventName = keyof typeof EVENTS;',
    'export type AttributeName = keyof typeof ATTRIBUTE_SPECS;',
    '',
    'export const ATTRIBUTES: Readonly<Record<AttributeName, AttributeSpec>> = ATTRIBUTE_SPECS;',
    '',
  ].join('\n');
}
