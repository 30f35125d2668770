// Writes alloy/contract.alloy from contract/telemetry.yaml: the transform that scrubs every
// never-sent attribute, and the signaltometrics connector that derives every contract metric
// (name, unit, buckets, labels, source) with the transform that prepares its input. Generated, not hand-written, so a metric added or changed in the contract
// reaches Alloy with `make generate`; `--check` fails when the file is stale (CI).
//
//   npx tsx alloy/generate-contract.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadContract } from '@openqoe/contract';
import type { Contract, MetricDef } from '@openqoe/contract';

export const CONTRACT_ALLOY_PATH = fileURLToPath(new URL('./contract.alloy', import.meta.url));

/** Component labels; config.alloy wires to them, the tests look them up. */
export const SCRUB_COMPONENT = 'otelcol.processor.transform.scrub';
export const SCRUB_OUTPUT = 'otelcol.processor.transform.normalise.input';
export const PREP_COMPONENT = 'otelcol.processor.transform.metric_inputs';
export const CONNECTOR_COMPONENT = 'otelcol.connector.signaltometrics.contract_metrics';
export const CONNECTOR_OUTPUT = 'otelcol.processor.transform.contract_counters.input';

/** The resource attribute that keeps series of different tenants apart in Alloy's state. */
export const TENANT_RESOURCE_ATTRIBUTE = 'openqoe.tenant.id';

const quote = (text: string): string => JSON.stringify(text);
// OTTL goes in Alloy raw strings (backticks) so its double quotes need no escaping.
const raw = (ottl: string): string => {
  if (ottl.includes('`')) throw new Error(`OTTL may not contain a backtick: ${ottl}`);
  return `\`${ottl}\``;
};

function itemPath(metric: MetricDef): 'span' | 'log' {
  return metric.from.signal;
}

function attributePath(metric: MetricDef, attribute: string): string {
  return `${itemPath(metric)}.attributes[${quote(attribute)}]`;
}

function literal(value: string | number | boolean): string {
  return typeof value === 'string' ? quote(value) : String(value);
}

/** The OTTL condition selecting the spans or log records a metric is built from. */
export function metricCondition(contract: Contract, metric: MetricDef): string {
  const { from } = metric;
  const parts: string[] = [];
  if (from.signal === 'span') parts.push(`span.name == ${quote(from.name)}`);
  else if (from.name === '*') parts.push(`log.attributes["openqoe.event.name"] != nil`);
  else parts.push(`log.event_name == ${quote(from.name)}`);
  if (from.value !== 'count' && from.value !== 'duration') {
    if (!contract.attributes.has(from.value)) throw new Error(`unknown value ${from.value}`);
    parts.push(`${attributePath(metric, from.value)} != nil`);
  }
  for (const [attribute, value] of Object.entries(from.where ?? {})) {
    parts.push(`${attributePath(metric, attribute)} == ${literal(value)}`);
  }
  return parts.join(' and ');
}

/** The OTTL value a metric records for one span or log record. */
export function metricValue(contract: Contract, metric: MetricDef): string {
  const { value } = metric.from;
  if (value === 'count') return '1';
  if (value === 'duration') return 'Seconds(span.end_time - span.start_time)';
  const attribute = contract.attributes.get(value);
  if (!attribute) throw new Error(`metric ${metric.name}: unknown attribute ${value}`);
  // Counters of an int attribute stay integers; everything else is a double.
  const convert = metric.type === 'counter' && attribute.type === 'int' ? 'Int' : 'Double';
  return `${convert}(${attributePath(metric, value)})`;
}

function metricBlock(contract: Contract, metric: MetricDef): string {
  const block = metric.from.signal === 'span' ? 'spans' : 'logs';
  const lines = [
    `  ${block} {`,
    `    name        = ${quote(metric.name)}`,
    `    description = ${quote(metric.brief)}`,
    `    unit        = ${quote(metric.unit)}`,
    `    conditions  = [${raw(metricCondition(contract, metric))}]`,
    '',
    `    include_resource_attributes {`,
    `      key = ${quote(TENANT_RESOURCE_ATTRIBUTE)}`,
    `    }`,
  ];
  for (const label of metric.labels) {
    // optional: a view whose item lacks the label still counts, in a series without it.
    lines.push(
      `    attributes {`,
      `      key      = ${quote(label)}`,
      `      optional = true`,
      `    }`,
    );
  }
  const value = raw(metricValue(contract, metric));
  if (metric.type === 'histogram') {
    const buckets = (metric.buckets ?? []).map(String).join(', ');
    lines.push(
      `    histogram {`,
      `      buckets = [${buckets}]`,
      `      value   = ${value}`,
      `    }`,
    );
  } else if (metric.type === 'counter') {
    lines.push(`    sum {`, `      value = ${value}`, `    }`);
  } else {
    lines.push(`    gauge {`, `      value = ${value}`, `    }`);
  }
  lines.push(`  }`);
  return lines.join('\n');
}

/**
 * Label-class resource attributes that some metric uses as a label: signaltometrics only reads
 * item attributes for labels, so the prep transform copies these down from the resource.
 */
export function resourceLabels(contract: Contract): string[] {
  const onResource = new Set([...contract.resource.required, ...contract.resource.optional]);
  const used = new Set<string>();
  for (const metric of contract.metrics.values()) {
    for (const label of metric.labels) if (onResource.has(label)) used.add(label);
  }
  return [...used].sort();
}

function prepBlock(contract: Contract): string {
  const copies = (path: 'span' | 'log'): string[] =>
    resourceLabels(contract).map((name) => {
      const from = `resource.attributes[${quote(name)}]`;
      return `      ${raw(`set(${path}.attributes[${quote(name)}], ${from}) where ${from} != nil`)},`;
    });
  return [
    `// Copies label-class resource attributes onto spans and log records, where the connector reads`,
    `// labels. Runs only on the copy that feeds the metrics, so Tempo and Loki store data unchanged.`,
    `otelcol.processor.transform "metric_inputs" {`,
    `  error_mode = "ignore"`,
    ``,
    `  trace_statements {`,
    `    context    = "span"`,
    `    statements = [`,
    ...copies('span'),
    `    ]`,
    `  }`,
    ``,
    `  log_statements {`,
    `    context    = "log"`,
    `    statements = [`,
    ...copies('log'),
    `    ]`,
    `  }`,
    ``,
    `  output {`,
    `    traces = [${CONNECTOR_COMPONENT}.input]`,
    `    logs   = [${CONNECTOR_COMPONENT}.input]`,
    `  }`,
    `}`,
  ].join('\n');
}

/** Attributes the contract says must never be stored (cardinality never). */
export function neverSent(contract: Contract): string[] {
  return [...contract.attributes.values()]
    .filter((a) => a.cardinality === 'never')
    .map((a) => a.name)
    .sort();
}

function scrubBlock(contract: Contract): string {
  const deletes = (paths: string[]): string[] =>
    paths.flatMap((path) =>
      neverSent(contract).map((name) => `      ${raw(`delete_key(${path}, ${quote(name)})`)},`),
    );
  const section = (kind: string, context: string, paths: string[]): string[] => [
    `  ${kind} {`,
    `    context    = ${quote(context)}`,
    `    statements = [`,
    ...deletes(paths),
    `    ]`,
    `  }`,
  ];
  return [
    `// Removes every attribute the contract marks \`cardinality: never\` wherever it may sit. The`,
    `// receiver already refuses them; this is the second line, for senders that bypass it.`,
    `otelcol.processor.transform "scrub" {`,
    `  error_mode = "ignore"`,
    ``,
    ...section('trace_statements', 'resource', ['resource.attributes']),
    ...section('trace_statements', 'span', ['span.attributes']),
    ...section('trace_statements', 'spanevent', ['spanevent.attributes']),
    ...section('log_statements', 'resource', ['resource.attributes']),
    ...section('log_statements', 'log', ['log.attributes']),
    ``,
    `  output {`,
    `    traces = [${SCRUB_OUTPUT}]`,
    `    logs   = [${SCRUB_OUTPUT}]`,
    `  }`,
    `}`,
  ].join('\n');
}

/**
 * The layout `alloy fmt` produces: tab indentation, and a blank line between a block's closing
 * brace and whatever follows it inside the same body.
 */
export function alloyLayout(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    out.push(line.replace(/^( {2})+/, (indent) => '\t'.repeat(indent.length / 2)));
    const next = lines[i + 1]?.trim();
    if (line.trim() === '}' && next !== undefined && next !== '' && next !== '}' && next !== ']') {
      out.push('');
    }
  });
  return out.join('\n');
}

export function renderContractAlloy(contract: Contract): string {
  const metrics = [...contract.metrics.values()];
  const spans = metrics.filter((m) => m.from.signal === 'span');
  const logs = metrics.filter((m) => m.from.signal === 'log');
  const text = [
    `// GENERATED from contract/telemetry.yaml by alloy/generate-contract.ts: do not edit.`,
    `// The contract-driven parts of the pipeline: scrubbing never-sent attributes, and every`,
    `// contract metric derived from spans and log records (${metrics.length} metrics).`,
    `// signaltometrics passes the request context through (per batch, no timer), so the tenant in`,
    `// X-Scope-OrgID reaches Mimir with the derived metrics; its output is delta and goes through`,
    `// deltatocumulative in config.alloy.`,
    ``,
    scrubBlock(contract),
    ``,
    prepBlock(contract),
    ``,
    `otelcol.connector.signaltometrics "contract_metrics" {`,
    `  error_mode = "ignore"`,
    ``,
    [...spans, ...logs].map((m) => metricBlock(contract, m)).join('\n\n'),
    ``,
    `  output {`,
    `    metrics = [${CONNECTOR_OUTPUT}]`,
    `  }`,
    `}`,
    ``,
  ].join('\n');
  return alloyLayout(text);
}

function main(): void {
  const text = renderContractAlloy(loadContract());
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(CONTRACT_ALLOY_PATH, 'utf8');
    } catch {
      // a missing file is stale
    }
    if (current !== text) {
      console.error('alloy/contract.alloy is stale: run `npx tsx alloy/generate-contract.ts`');
      process.exit(1);
    }
    return;
  }
  writeFileSync(CONTRACT_ALLOY_PATH, text);
  console.log(`wrote ${CONTRACT_ALLOY_PATH}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
