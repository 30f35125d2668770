// Generates the SDK's contract module: one exported constant per name (tree-shakable, as the
// OpenTelemetry semantic-conventions package does) and value types per attribute, span and event.
import type { AttributeDef, AttributeSet, Contract } from '../model.js';
import { constantName } from '../naming.js';

export const SDK_CONTRACT_FILE = 'sdk/src/generated/contract.ts';

function valueType(a: AttributeDef): string {
  if (a.enum) return a.enum.map((v) => JSON.stringify(v)).join(' | ');
  switch (a.type) {
    case 'string':
      return 'string';
    case 'int':
    case 'double':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string[]':
      return 'readonly string[]';
  }
}

function doc(text: string, indent = ''): string {
  return `${indent}/** ${text.replace(/\*\//g, '* /')} */\n`;
}

function setInterface(name: string, set: AttributeSet, common: readonly string[]): string {
  const lines = [
    ...set.required.map((a) => `  ${JSON.stringify(a)}: AttributeValues[${JSON.stringify(a)}];`),
    ...[...new Set([...set.optional, ...common])]
      .filter((a) => !set.required.includes(a))
      .map((a) => `  ${JSON.stringify(a)}?: AttributeValues[${JSON.stringify(a)}];`),
  ];
  return `export interface ${name} {\n${lines.join('\n')}\n}\n`;
}

function pascal(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export function generateSdkContract(contract: Contract): string {
  const out: string[] = [
    '// GENERATED from contract/telemetry.yaml by `make generate`. Do not edit by hand.\n',
  ];
  // The SDK only ever sends attributes that may leave the browser.
  const sendable = [...contract.attributes.values()].filter((a) => a.cardinality !== 'never');

  out.push('// ── Span names ──\n');
  for (const span of contract.spans.values()) {
    out.push(
      doc(span.brief),
      `export const SPAN_${constantName(span.name)} = ${JSON.stringify(span.name)};\n`,
    );
  }
  out.push('\n// ── Event names (LogRecord EventName) ──\n');
  for (const event of contract.events.values()) {
    out.push(
      doc(event.brief),
      `export const EVENT_${constantName(event.name)} = ${JSON.stringify(event.name)};\n`,
    );
  }
  out.push('\n// ── Attribute names ──\n');
  for (const a of sendable) {
    const unit = a.unit ? ` Unit: ${a.unit}.` : '';
    out.push(
      doc(`${a.brief}${unit}`),
      `export const ATTR_${constantName(a.name)} = ${JSON.stringify(a.name)};\n`,
    );
  }

  out.push('\n// ── Types ──\n');
  out.push(
    `export type SpanName = ${[...contract.spans.keys()].map((n) => JSON.stringify(n)).join(' | ')};\n`,
  );
  out.push(
    `export type EventName = ${[...contract.events.keys()].map((n) => JSON.stringify(n)).join(' | ')};\n`,
  );
  out.push(
    '\n/** The value type of every attribute the SDK may send. */\nexport interface AttributeValues {\n',
  );
  for (const a of sendable) out.push(`  ${JSON.stringify(a.name)}: ${valueType(a)};\n`);
  out.push('}\n\nexport type AttributeName = keyof AttributeValues;\n\n');

  out.push(setInterface('ResourceAttributes', contract.resource, []), '\n');
  const spanMap: string[] = [];
  for (const span of contract.spans.values()) {
    const name = `${pascal(span.name)}SpanAttributes`;
    out.push(setInterface(name, span, contract.common), '\n');
    spanMap.push(`  ${JSON.stringify(span.name)}: ${name};`);
  }
  const eventMap: string[] = [];
  for (const event of contract.events.values()) {
    const name = `${pascal(event.name)}EventAttributes`;
    out.push(setInterface(name, event, contract.common), '\n');
    eventMap.push(`  ${JSON.stringify(event.name)}: ${name};`);
  }
  out.push(
    `/** Attributes allowed on each span, by span name. */\nexport interface SpanAttributesByName {\n${spanMap.join('\n')}\n}\n\n`,
  );
  out.push(
    `/** Attributes allowed on each event, by event name. */\nexport interface EventAttributesByName {\n${eventMap.join('\n')}\n}\n\n`,
  );

  // Only what the SDK itself puts on spans and log records, and only where the limit differs from
  // the default: resource and receiver-set attributes never pass through its truncation, and every
  // entry is bytes in every page that loads the SDK.
  const onItems = new Set<string>(contract.common);
  for (const set of [...contract.spans.values(), ...contract.events.values()]) {
    for (const name of [...set.required, ...set.optional]) onItems.add(name);
  }
  out.push(
    '/** Longest string each span or log record attribute may carry where it is not LIMITS.stringLength; the SDK truncates beyond it (S10). */\n',
  );
  out.push('export const ATTRIBUTE_MAX_LENGTH: { readonly [name: string]: number } = {\n');
  for (const a of sendable) {
    if (a.maxLength === undefined || a.maxLength === contract.limits.stringLength) continue;
    if (a.setBy !== 'sdk' || !onItems.has(a.name)) continue;
    out.push(`  ${JSON.stringify(a.name)}: ${a.maxLength},\n`);
  }
  out.push('};\n\n');

  const { limits } = contract;
  out.push('/** Defaults shared with the receiver (S10, R4). */\n');
  out.push(
    `export const LIMITS = { attributesPerItem: ${limits.attributesPerItem}, itemsPerRequest: ${limits.itemsPerRequest}, arrayLength: ${limits.arrayLength}, stringLength: ${limits.stringLength} } as const;\n`,
  );
  return out.join('');
}
