// Writes alloy/contract.alloy from contract/telemetry.yaml: the transform that scrubs every
// never-sent attribute, the signaltometrics connector that derives every contract metric (name,
// unit, buckets, labels, source) with the transform that prepares its input, and the per-tenant
// spanmetrics pipelines that give the span-duration histograms their exemplars. Generated, not
// hand-written, so a metric added or changed in the contract reaches Alloy with `make generate`;
// `--check` fails when the file is stale (CI).
//
//   npx tsx alloy/generate-contract.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadContract } from '@openqoe/contract';
import type { Contract, MetricDef } from '@openqoe/contract';

const quote = (text: string): string => JSON.stringify(text);
// OTTL goes in Alloy raw strings (backticks) so its double quotes need no escaping.
const raw = (ottl: string): string => {
  if (ottl.includes('`')) throw new Error(`OTTL may not contain a backtick: ${ottl}`);
  return `\`${ottl}\``;
};

export const CONTRACT_ALLOY_PATH = fileURLToPath(new URL('./contract.alloy', import.meta.url));

/** Component labels; config.alloy wires to them, the tests look them up. */
export const SCRUB_COMPONENT = 'otelcol.processor.transform.scrub';
export const SCRUB_OUTPUT = 'otelcol.processor.transform.normalise.input';
export const PREP_COMPONENT = 'otelcol.processor.transform.metric_inputs';
export const CONNECTOR_COMPONENT = 'otelcol.connector.signaltometrics.contract_metrics';
export const CONNECTOR_OUTPUT = 'otelcol.processor.transform.contract_counters.input';

/** The resource attribute that keeps series of different tenants apart in Alloy's state. */
export const TENANT_RESOURCE_ATTRIBUTE = 'openqoe.tenant.id';

/**
 * Exemplars. signaltometrics keeps the request's tenant but writes no exemplars; spanmetrics
 * writes exemplars but exports from a timer, without the request's tenant. So each tenant named
 * in OPENQOE_TENANTS gets its own spanmetrics pipeline ("slot") for the span-duration histograms,
 * exporting with that tenant as a fixed X-Scope-OrgID; every other tenant's spans stay with
 * signaltometrics (the same histograms, without exemplars). A `foreach` cannot do this: components
 * outside a foreach template cannot send data into it, so the slots are a fixed number.
 */
export const TENANTS_ENV = 'OPENQOE_TENANTS';
/** How many tenants of OPENQOE_TENANTS get exemplars (the first ones); raise it here if needed. */
export const EXEMPLAR_SLOTS = 4;
/** The custom component exporting the tenant of each slot ("" when the list is shorter). */
export const TENANT_SLOTS_DECLARE = 'exemplar_tenants';
export const TENANT_SLOTS_INSTANCE = 'configured';
/** spanmetrics' own dimensions (no contract labels): excluded, so only contract labels remain. */
export const SPANMETRICS_DEFAULT_DIMENSIONS = [
  'service.name',
  'span.name',
  'span.kind',
  'status.code',
  'otel.status_code',
];
/** How often a slot's spanmetrics exports (cumulative) and clears its exemplars. */
export const EXEMPLAR_FLUSH_INTERVAL = '15s';
/** Series unseen this long are dropped, like deltatocumulative's max_stale in config.alloy. */
export const EXEMPLAR_SERIES_EXPIRATION = '30m';

/** The expression giving slot `slot`'s tenant. */
export function slotTenant(slot: number): string {
  return `${TENANT_SLOTS_DECLARE}.${TENANT_SLOTS_INSTANCE}.slots[${slot}]`;
}

/** Component label of one slot's component for one histogram (or the slot's shared ones). */
export function slotLabel(slot: number, metric?: MetricDef): string {
  // Not the metric name itself: labels are no telemetry names (contract/test/name-scan.test.ts).
  return metric === undefined
    ? `exemplars_${slot}`
    : `exemplars_${slot}_${metric.name.replace(/^openqoe_/, '')}`;
}

/** The histograms that get exemplars: span durations (startup, rebuffer, seek, ...). */
export function exemplarHistograms(contract: Contract): MetricDef[] {
  return [...contract.metrics.values()].filter(
    (m) => m.type === 'histogram' && m.from.signal === 'span' && m.from.value === 'duration',
  );
}

const slotIndexes = (): number[] => Array.from({ length: EXEMPLAR_SLOTS }, (_, i) => i);
const SERVICE_NAME = `resource.attributes["service.name"]`;
const TENANT = `resource.attributes[${quote(TENANT_RESOURCE_ATTRIBUTE)}]`;

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

/** The histograms with exemplars: signaltometrics keeps only the spans no slot takes. */
function connectorConditions(contract: Contract, metric: MetricDef): string {
  if (!exemplarHistograms(contract).includes(metric)) return raw(metricCondition(contract, metric));
  const args = slotIndexes().map(slotTenant).join(', ');
  return `string.format(${raw(fallbackCondition(contract, metric))}, ${args})`;
}

function metricBlock(contract: Contract, metric: MetricDef): string {
  const block = metric.from.signal === 'span' ? 'spans' : 'logs';
  const lines = [
    `  ${block} {`,
    `    name        = ${quote(metric.name)}`,
    `    description = ${quote(metric.brief)}`,
    `    unit        = ${quote(metric.unit)}`,
    `    conditions  = [${connectorConditions(contract, metric)}]`,
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

/** One statements block of an otelcol.processor.transform: `kind` (trace_statements, ...) in `context`. */
function statementsSection(kind: string, context: string, statements: string[]): string[] {
  return [
    `  ${kind} {`,
    `    context    = ${quote(context)}`,
    `    statements = [`,
    ...statements,
    `    ]`,
    `  }`,
  ];
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
    ...statementsSection('trace_statements', 'span', copies('span')),
    ``,
    ...statementsSection('log_statements', 'log', copies('log')),
    ``,
    `  output {`,
    `    traces = [`,
    `      ${CONNECTOR_COMPONENT}.input,`,
    ...slotIndexes().flatMap((slot) =>
      exemplarHistograms(contract).map(
        (m) => `      otelcol.processor.filter.${slotLabel(slot, m)}.input,`,
      ),
    ),
    `    ]`,
    `    logs = [${CONNECTOR_COMPONENT}.input]`,
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
  const section = (kind: string, context: string, paths: string[]): string[] =>
    statementsSection(kind, context, deletes(paths));
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
 * The OTTL condition (a string.format template; %[k]q is slot k-1's tenant) under which
 * signaltometrics builds an exemplar histogram: the spans that no slot takes. spanmetrics skips
 * resources without service.name, so those stay here too.
 */
export function fallbackCondition(contract: Contract, metric: MetricDef): string {
  const notTaken = slotIndexes()
    .map((slot) => `(%[${slot + 1}]q == "" or ${TENANT} != %[${slot + 1}]q)`)
    .join(' and ');
  return `${metricCondition(contract, metric)} and (${SERVICE_NAME} == nil or (${notTaken}))`;
}

/**
 * The OTTL condition (a string.format template: %[1]q is the slot's tenant, %[2]q... the earlier
 * slots' tenants) of the spans slot `slot` takes for a histogram: its span, its tenant (set, and
 * not already taken by an earlier slot), and a service.name for spanmetrics to key on. Exactly
 * the complement of fallbackCondition across all slots.
 */
export function slotCondition(contract: Contract, metric: MetricDef, slot: number): string {
  const parts = [
    metricCondition(contract, metric),
    `${SERVICE_NAME} != nil`,
    `%[1]q != ""`,
    `${TENANT} == %[1]q`,
    ...Array.from({ length: slot }, (_, earlier) => `%[1]q != %[${earlier + 2}]q`),
  ];
  return parts.join(' and ');
}

/** A contract bucket in seconds as an Alloy duration that spanmetrics turns back into it exactly. */
export function bucketDuration(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  if (ms / 1000 !== seconds) throw new Error(`bucket ${seconds} s is not a whole millisecond`);
  return `${ms}ms`;
}

function tenantSlotsBlock(): string {
  const unused = slotIndexes()
    .map(() => '""')
    .join(', ');
  return [
    `// The tenants whose span-duration histograms carry exemplars: ${TENANTS_ENV}, comma separated`,
    `// (default "default"; "," for none). The first ${EXEMPLAR_SLOTS} get a slot; any other tenant's`,
    `// histograms come from signaltometrics, without exemplars. Unused slots hold "".`,
    `declare ${quote(TENANT_SLOTS_DECLARE)} {`,
    `  export "slots" {`,
    `    value = array.concat(string.split(string.replace(coalesce(sys.env(${quote(TENANTS_ENV)}), "default"), " ", ""), ","), [${unused}])`,
    `  }`,
    `}`,
    ``,
    `${TENANT_SLOTS_DECLARE} ${quote(TENANT_SLOTS_INSTANCE)} { }`,
  ].join('\n');
}

function slotBlocks(contract: Contract, slot: number): string {
  const histograms = exemplarHistograms(contract);
  const tenant = slotTenant(slot);
  const shared = slotLabel(slot);
  const earlier = Array.from({ length: slot }, (_, i) => `, ${slotTenant(i)}`).join('');
  const out: string[] = [
    `// ── Exemplar slot ${slot}: tenant number ${slot + 1} of ${TENANTS_ENV} ──`,
    ``,
  ];
  for (const metric of histograms) {
    if (metric.unit !== 's') throw new Error(`${metric.name}: a span duration must be in s`);
    const label = slotLabel(slot, metric);
    const keep = `not (${slotCondition(contract, metric, slot)})`;
    out.push(
      `otelcol.processor.filter ${quote(label)} {`,
      `  // propagate: a span whose condition cannot be evaluated must not reach a tenant's slot.`,
      `  error_mode = "propagate"`,
      ``,
      `  traces {`,
      `    span = [string.format(${raw(keep)}, ${tenant}${earlier})]`,
      `  }`,
      ``,
      `  output {`,
      `    traces = [otelcol.connector.spanmetrics.${label}.input]`,
      `  }`,
      `}`,
      ``,
      `otelcol.connector.spanmetrics ${quote(label)} {`,
      `  namespace                       = ${quote(metric.name)}`,
      `  exclude_dimensions              = [${SPANMETRICS_DEFAULT_DIMENSIONS.map(quote).join(', ')}]`,
      `  resource_metrics_key_attributes = [${quote(TENANT_RESOURCE_ATTRIBUTE)}]`,
      `  aggregation_temporality         = "CUMULATIVE"`,
      `  metrics_flush_interval          = ${quote(EXEMPLAR_FLUSH_INTERVAL)}`,
      `  series_expiration               = ${quote(EXEMPLAR_SERIES_EXPIRATION)}`,
      ``,
      ...metric.labels.flatMap((name) => [`  dimension {`, `    name = ${quote(name)}`, `  }`, ``]),
      `  histogram {`,
      `    unit = "s"`,
      ``,
      `    explicit {`,
      `      buckets = [${(metric.buckets ?? []).map((b) => quote(bucketDuration(b))).join(', ')}]`,
      `    }`,
      `  }`,
      ``,
      `  exemplars {`,
      `    enabled = true`,
      `  }`,
      ``,
      `  output {`,
      `    metrics = [otelcol.processor.transform.${shared}.input]`,
      `  }`,
      `}`,
      ``,
    );
  }
  const metricStatements = histograms.flatMap((m) => {
    const made = `${m.name}.duration`;
    return [
      `      ${raw(`set(metric.description, ${quote(m.brief)}) where metric.name == ${quote(made)}`)},`,
      `      ${raw(`set(metric.name, ${quote(m.name)}) where metric.name == ${quote(made)}`)},`,
    ];
  });
  const datapointStatements = histograms.map(
    (m) =>
      `      ${raw(`keep_keys(datapoint.attributes, [${m.labels.map(quote).join(', ')}]) where metric.name == ${quote(m.name)}`)},`,
  );
  const notContract = histograms.map((m) => `metric.name != ${quote(m.name)}`).join(' and ');
  out.push(
    `// Contract names and labels; the resource reduced to the slot's tenant, like signaltometrics'.`,
    `otelcol.processor.transform ${quote(shared)} {`,
    `  error_mode = "ignore"`,
    ``,
    ...statementsSection('metric_statements', 'resource', [
      `      ${raw(`keep_keys(resource.attributes, [])`)},`,
      `      string.format(${raw(`set(resource.attributes[${quote(TENANT_RESOURCE_ATTRIBUTE)}], %q)`)}, ${tenant}),`,
    ]),
    ``,
    ...statementsSection('metric_statements', 'metric', metricStatements),
    ``,
    ...statementsSection('metric_statements', 'datapoint', datapointStatements),
    ``,
    `  output {`,
    `    metrics = [otelcol.processor.filter.${shared}.input]`,
    `  }`,
    `}`,
    ``,
    `// Drops spanmetrics' call counters (the contract counts with signaltometrics); an empty export`,
    `// (an unused slot) stops here too.`,
    `otelcol.processor.filter ${quote(shared)} {`,
    `  error_mode = "ignore"`,
    ``,
    `  metrics {`,
    `    metric = [${raw(notContract)}]`,
    `  }`,
    ``,
    `  output {`,
    `    metrics = [otelcol.exporter.otlphttp.${shared}.input]`,
    `  }`,
    `}`,
    ``,
    `// spanmetrics exports from a timer, without the request's tenant: the slot's tenant is fixed.`,
    `otelcol.auth.headers ${quote(shared)} {`,
    `  header {`,
    `    key   = "X-Scope-OrgID"`,
    `    value = ${tenant}`,
    `  }`,
    ``,
    `  header {`,
    `    key   = "Authorization"`,
    `    value = coalesce(sys.env("OPENQOE_MIMIR_AUTHORIZATION"), "")`,
    `  }`,
    `}`,
    ``,
    `otelcol.exporter.otlphttp ${quote(shared)} {`,
    `  client {`,
    `    endpoint = coalesce(sys.env("OPENQOE_MIMIR_METRICS_URL"), "http://mimir:9009/otlp/v1/metrics")`,
    `    auth     = otelcol.auth.headers.${shared}.handler`,
    `  }`,
    `  metrics_endpoint = coalesce(sys.env("OPENQOE_MIMIR_METRICS_URL"), "http://mimir:9009/otlp/v1/metrics")`,
    `  encoding         = coalesce(sys.env("OPENQOE_EXPORT_ENCODING"), "proto")`,
    ``,
    `  sending_queue {`,
    `    storage    = otelcol.storage.file.queues.handler`,
    `    queue_size = 5000`,
    `  }`,
    ``,
    `  retry_on_failure {`,
    `    max_elapsed_time = "1h"`,
    `  }`,
    `}`,
  );
  return out.join('\n');
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
    `// Exemplars: the span-duration histograms (${exemplarHistograms(contract)
      .map((m) => m.name)
      .join(', ')})`,
    `// of the tenants in ${TENANTS_ENV} come from per-tenant spanmetrics slots instead (exemplars on,`,
    `// a fixed X-Scope-OrgID); signaltometrics builds them for every other tenant, never both.`,
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
    tenantSlotsBlock(),
    ``,
    ...slotIndexes().flatMap((slot) => [slotBlocks(contract, slot), ``]),
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
