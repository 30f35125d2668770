// TraceQL text for the views in Tempo (one trace per view, root span `video.view`). Span names and
// attribute names are checked against the contract here; the tests parse the result with the real
// TraceQL grammar.
import { contract } from './contract.js';

/** `name = "video.startup"`; throws on a span the contract does not define. */
export function spanNamed(name: string): string {
  if (!contract.spans.has(name)) throw new Error(`${name} is not a span in the contract`);
  return `name = ${JSON.stringify(name)}`;
}

/** `span.<attribute>` or `resource.<attribute>`, by where the contract puts the attribute. */
export function field(attribute: string): string {
  const def = contract.attributes.get(attribute);
  if (!def) throw new Error(`${attribute} is not an attribute in contract/telemetry.yaml`);
  if (def.cardinality === 'never') throw new Error(`${attribute} never leaves the browser`);
  const onResource =
    contract.resource.required.includes(attribute) ||
    contract.resource.optional.includes(attribute);
  return `${onResource ? 'resource' : 'span'}.${attribute}`;
}

/** `{ a && b && ... }` */
export function spansWhere(...conditions: readonly string[]): string {
  return `{ ${conditions.join(' && ')} }`;
}
