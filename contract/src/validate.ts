// Cross-reference checks on a parsed contract: every name it refers to exists, label attributes
// are bounded, metrics are built from something that exists and has the right type.
import type { AttributeDef, AttributeSet, Contract, MetricDef } from './model.js';
import { prometheusLabelName } from './naming.js';

const NUMERIC_TYPES = new Set(['int', 'double']);

export function contractProblems(contract: Contract): string[] {
  const problems: string[] = [];
  for (const attribute of contract.attributes.values())
    problems.push(...attributeProblems(attribute));
  problems.push(...nameClashProblems(contract));

  const checkSet = (where: string, set: AttributeSet): void => {
    for (const name of [...set.required, ...set.optional]) {
      const attribute = contract.attributes.get(name);
      if (!attribute) problems.push(`${where}: unknown attribute "${name}"`);
      else if (attribute.cardinality === 'never')
        problems.push(`${where}: "${name}" is cardinality "never" and may not be sent`);
    }
    for (const name of set.required) {
      if (set.optional.includes(name))
        problems.push(`${where}: "${name}" is both required and optional`);
    }
  };
  checkSet('resource', contract.resource);
  checkSet('common', { required: [], optional: contract.common });

  let roots = 0;
  for (const span of contract.spans.values()) {
    checkSet(`span ${span.name}`, span);
    if (span.parent === null) roots += 1;
    else if (!contract.spans.has(span.parent))
      problems.push(`span ${span.name}: unknown parent span "${span.parent}"`);
  }
  if (roots !== 1)
    problems.push(`spans: expected exactly one root span (parent: null), found ${roots}`);

  const legacyNames = new Set<string>();
  for (const event of contract.events.values()) {
    checkSet(`event ${event.name}`, event);
    if (event.legacy !== undefined) {
      if (legacyNames.has(event.legacy))
        problems.push(`event ${event.name}: legacy name "${event.legacy}" is used twice`);
      legacyNames.add(event.legacy);
    }
  }

  for (const metric of contract.metrics.values())
    problems.push(...metricProblems(contract, metric));
  return problems;
}

function attributeProblems(a: AttributeDef): string[] {
  const problems: string[] = [];
  const where = `attribute ${a.name}`;
  if (a.type === 'string' && a.maxLength === undefined && a.enum === undefined)
    problems.push(`${where}: a string needs max_length or enum`);
  if (a.type !== 'string' && a.type !== 'string[]' && a.maxLength !== undefined)
    problems.push(`${where}: max_length only applies to strings`);
  if (a.enum) {
    const expected = a.type === 'string' ? 'string' : a.type === 'int' ? 'number' : undefined;
    if (expected === undefined) problems.push(`${where}: enum only applies to string or int`);
    else if (a.enum.some((v) => typeof v !== expected))
      problems.push(`${where}: enum values must all be of type ${a.type}`);
  }
  if (a.cardinality === 'label') {
    if (a.policy === undefined) problems.push(`${where}: a label needs a policy`);
    if (a.enum === undefined && a.maxCardinality === undefined && a.type !== 'boolean')
      problems.push(`${where}: a label needs enum or max_cardinality so its series are bounded`);
  } else if (a.policy !== undefined || a.maxCardinality !== undefined) {
    problems.push(`${where}: policy and max_cardinality only apply to cardinality "label"`);
  }
  return problems;
}

// OpenTelemetry's naming rule: a name is either an attribute or a namespace, never both; and an
// event or span that shares an attribute's exact name would make generated constants ambiguous.
function nameClashProblems(contract: Contract): string[] {
  const problems: string[] = [];
  const attributeNames = [...contract.attributes.keys()];
  for (const name of attributeNames) {
    if (attributeNames.some((other) => other.startsWith(`${name}.`)))
      problems.push(`attribute ${name}: is also used as a namespace of other attributes`);
    if (contract.events.has(name) || contract.spans.has(name))
      problems.push(`attribute ${name}: has the same name as an event or span`);
  }
  return problems;
}

function metricProblems(contract: Contract, metric: MetricDef): string[] {
  const problems: string[] = [];
  const where = `metric ${metric.name}`;
  const { from } = metric;

  if (metric.type === 'counter' && !metric.name.endsWith('_total'))
    problems.push(`${where}: a counter's name must end in _total`);
  if (metric.type !== 'counter' && metric.name.endsWith('_total'))
    problems.push(`${where}: only counters end in _total`);
  if (metric.name.endsWith('_seconds') && metric.unit !== 's')
    problems.push(`${where}: a *_seconds metric must have unit s`);
  if (metric.type === 'histogram') {
    const buckets = metric.buckets ?? [];
    if (buckets.length === 0) problems.push(`${where}: a histogram needs buckets`);
    if (buckets.some((b, i) => i > 0 && b <= (buckets[i - 1] ?? 0)))
      problems.push(`${where}: buckets must be strictly increasing`);
  } else if (metric.buckets !== undefined) {
    problems.push(`${where}: only histograms have buckets`);
  }

  // The attributes available on the source item: its own plus the common and resource ones.
  let sourceAttributes: string[] | undefined;
  if (from.signal === 'span') {
    const span = contract.spans.get(from.name);
    if (!span) problems.push(`${where}: unknown span "${from.name}"`);
    else sourceAttributes = [...span.required, ...span.optional];
  } else if (from.name === '*') {
    sourceAttributes = [...contract.events.values()].flatMap((e) => [...e.required, ...e.optional]);
  } else {
    const event = contract.events.get(from.name);
    if (!event) problems.push(`${where}: unknown event "${from.name}"`);
    else sourceAttributes = [...event.required, ...event.optional];
  }

  if (from.value === 'duration') {
    if (from.signal !== 'span') problems.push(`${where}: only spans have a duration`);
    if (metric.unit !== 's') problems.push(`${where}: a duration is measured in s`);
  } else if (from.value === 'count') {
    if (metric.type !== 'counter') problems.push(`${where}: value "count" makes a counter`);
  } else {
    const attribute = contract.attributes.get(from.value);
    if (!attribute) problems.push(`${where}: value "${from.value}" is not an attribute`);
    else {
      if (!NUMERIC_TYPES.has(attribute.type))
        problems.push(`${where}: value "${from.value}" is not numeric`);
      if (sourceAttributes && !sourceAttributes.includes(from.value))
        problems.push(
          `${where}: "${from.value}" is not an attribute of ${from.signal} ${from.name}`,
        );
      if (attribute.unit !== undefined && attribute.unit !== metric.unit)
        problems.push(
          `${where}: unit ${metric.unit} differs from ${from.value}'s unit ${attribute.unit}`,
        );
    }
  }

  for (const [key, value] of Object.entries(from.where ?? {})) {
    const attribute = contract.attributes.get(key);
    if (!attribute) problems.push(`${where}: filter on unknown attribute "${key}"`);
    else if ((attribute.type === 'boolean') !== (typeof value === 'boolean'))
      problems.push(
        `${where}: filter value for "${key}" does not match its type ${attribute.type}`,
      );
  }

  const promNames = new Set<string>();
  for (const label of metric.labels) {
    const attribute = contract.attributes.get(label);
    if (!attribute) problems.push(`${where}: unknown label attribute "${label}"`);
    else if (attribute.cardinality !== 'label')
      problems.push(`${where}: "${label}" is cardinality "${attribute.cardinality}", not "label"`);
    const prom = prometheusLabelName(label);
    if (promNames.has(prom)) problems.push(`${where}: two labels map to "${prom}"`);
    promNames.add(prom);
  }
  return problems;
}
