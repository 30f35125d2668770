// Static checks of the Alloy configuration against the telemetry contract and the pipeline's
// requirements (P1-P3). Each check returns a list of problems (empty = fine), so a test can show
// both that the real configuration passes and that a broken copy fails.
import type { Contract, MetricDef } from '@openqoe/contract';
import {
  attribute,
  attributeLiteral,
  blocks,
  envReads,
  references,
  walk,
  type Block,
  type Statement,
} from './alloy-syntax.js';

export type Signal = 'traces' | 'logs' | 'metrics';
const SIGNALS: readonly Signal[] = ['traces', 'logs', 'metrics'];

/** `otelcol.exporter.otlphttp` + `tempo` → `otelcol.exporter.otlphttp.tempo`. */
export function componentId(block: Block): string {
  return block.label === undefined ? block.name : `${block.name}.${block.label}`;
}

export function components(config: readonly Statement[]): Map<string, Block> {
  return new Map(blocks(config).map((b) => [componentId(b), b]));
}

/** The component a reference such as `otelcol.processor.batch.metrics.input` points at. */
function referencedComponent(known: ReadonlyMap<string, Block>, ref: string): string | undefined {
  const parts = ref.split('.');
  for (let n = parts.length; n > 1; n -= 1) {
    const id = parts.slice(0, n).join('.');
    if (known.has(id)) return id;
  }
  return undefined;
}

/** Every reference to another component resolves. */
export function referenceProblems(config: readonly Statement[]): string[] {
  const known = components(config);
  const problems: string[] = [];
  // Custom components (declare blocks) are referenced by their own name.
  const custom = new Set(blocks(config, 'declare').map((d) => d.label));
  for (const statement of walk(config)) {
    if (statement.kind !== 'attribute') continue;
    for (const ref of references(statement.tokens)) {
      // Only component references: the first segment of a component name.
      const first = ref.split('.')[0]!;
      if (!/^(otelcol|prometheus|loki|discovery)$/.test(first) && !custom.has(first)) continue;
      if (referencedComponent(known, ref) === undefined) {
        problems.push(`line ${statement.line}: ${ref} names no component of the configuration`);
      }
    }
  }
  return problems;
}

/** Where each component sends each signal (its `output` block). */
function outputs(known: ReadonlyMap<string, Block>, id: string, signal: Signal): string[] {
  const block = known.get(id);
  const output = block ? blocks(block.body, 'output')[0] : undefined;
  const list = output ? attribute(output.body, signal) : undefined;
  if (!list) return [];
  return references(list.tokens)
    .map((ref) => referencedComponent(known, ref))
    .filter((c): c is string => c !== undefined);
}

/**
 * Which components a signal leaving `from` reaches. A connector turns the traces and logs it
 * receives into metrics.
 */
export function reachable(
  config: readonly Statement[],
  from: string,
  signal: Signal,
): Set<`${string}/${Signal}`> {
  const known = components(config);
  const seen = new Set<`${string}/${Signal}`>();
  const queue: [string, Signal][] = outputs(known, from, signal).map((c) => [c, signal]);
  while (queue.length > 0) {
    const [id, s] = queue.shift()!;
    if (seen.has(`${id}/${s}`)) continue;
    seen.add(`${id}/${s}`);
    const next: Signal = id.startsWith('otelcol.connector.') && s !== 'metrics' ? 'metrics' : s;
    for (const target of outputs(known, id, next)) queue.push([target, next]);
  }
  return seen;
}

function exporterFor(config: readonly Statement[], backend: string): Block | undefined {
  return components(config).get(`otelcol.exporter.otlphttp.${backend}`);
}

/** P1 + routing: traces → Tempo, logs → Loki, metrics (incl. derived) → Mimir, queued on disk. */
export function routingProblems(config: readonly Statement[]): string[] {
  const problems: string[] = [];
  const known = components(config);
  const receivers = [...known.keys()].filter((id) => id.startsWith('otelcol.receiver.otlp.'));
  if (receivers.length !== 1)
    return [`expected one otelcol.receiver.otlp, found ${receivers.length}`];
  const receiver = receivers[0]!;
  const expected: [Signal, string, Signal][] = [
    ['traces', 'tempo', 'traces'],
    ['logs', 'loki', 'logs'],
    ['metrics', 'mimir', 'metrics'],
    ['traces', 'mimir', 'metrics'],
    ['logs', 'mimir', 'metrics'],
  ];
  for (const [input, backend, arriving] of expected) {
    const id = `otelcol.exporter.otlphttp.${backend}`;
    if (!reachable(config, receiver, input).has(`${id}/${arriving}`)) {
      problems.push(`${input} received do not reach ${id} as ${arriving}`);
    }
  }
  for (const [input, wrong] of [
    ['traces', 'loki'],
    ['logs', 'tempo'],
  ] as const) {
    const id = `otelcol.exporter.otlphttp.${wrong}`;
    for (const s of SIGNALS) {
      if (reachable(config, receiver, input).has(`${id}/${s}`)) {
        problems.push(`${input} must not reach ${id}`);
      }
    }
  }
  const storages = new Set(
    [...known.keys()].filter((id) => id.startsWith('otelcol.storage.file.')),
  );
  for (const backend of ['tempo', 'loki', 'mimir']) {
    const exporter = exporterFor(config, backend);
    if (!exporter) {
      problems.push(`no otelcol.exporter.otlphttp.${backend}`);
      continue;
    }
    const queue = blocks(exporter.body, 'sending_queue')[0];
    const storage = queue ? attribute(queue.body, 'storage') : undefined;
    const target = storage ? references(storage.tokens)[0] : undefined;
    if (!target || ![...storages].some((s) => target.startsWith(`${s}.`))) {
      problems.push(
        `${componentId(exporter)}: sending_queue.storage must be an otelcol.storage.file handler`,
      );
    }
    if (queue && attributeLiteral(queue.body, 'enabled') === false) {
      problems.push(`${componentId(exporter)}: sending_queue is disabled`);
    }
  }
  return problems;
}

/** P3: the tenant travels from the receiver's request to every backend request. */
export function tenancyProblems(config: readonly Statement[]): string[] {
  const problems: string[] = [];
  const known = components(config);
  for (const [id, block] of known) {
    if (id.startsWith('otelcol.receiver.otlp.')) {
      const http = blocks(block.body, 'http')[0];
      if (!http || attributeLiteral(http.body, 'include_metadata') !== true) {
        problems.push(`${id}: http.include_metadata must be true (the tenant is request metadata)`);
      }
    }
    if (id.startsWith('otelcol.processor.batch.')) {
      const keys = attributeLiteral(block.body, 'metadata_keys');
      if (!Array.isArray(keys) || !keys.some((k) => String(k).toLowerCase() === 'x-scope-orgid')) {
        problems.push(`${id}: metadata_keys must include X-Scope-OrgID (or batches mix tenants)`);
      }
    }
  }
  for (const backend of ['tempo', 'loki', 'mimir']) {
    const exporter = exporterFor(config, backend);
    const client = exporter ? blocks(exporter.body, 'client')[0] : undefined;
    const auth = client ? attribute(client.body, 'auth') : undefined;
    const handler = auth ? referencedComponent(known, references(auth.tokens)[0] ?? '') : undefined;
    const headers = handler?.startsWith('otelcol.auth.headers.') ? known.get(handler) : undefined;
    const fromContext = headers
      ? blocks(headers.body, 'header').some(
          (h) =>
            String(attributeLiteral(h.body, 'key')).toLowerCase() === 'x-scope-orgid' &&
            String(attributeLiteral(h.body, 'from_context')).toLowerCase() === 'x-scope-orgid',
        )
      : false;
    if (!fromContext) {
      problems.push(
        `otelcol.exporter.otlphttp.${backend}: client.auth must be an otelcol.auth.headers setting X-Scope-OrgID from_context`,
      );
    }
  }
  // Alloy's own metrics take a fixed tenant.
  for (const [id, block] of known) {
    if (!id.startsWith('prometheus.remote_write.')) continue;
    for (const endpoint of blocks(block.body, 'endpoint')) {
      const headers = attribute(endpoint.body, 'headers');
      if (!headers || !headers.tokens.some((t) => t.value === 'X-Scope-OrgID')) {
        problems.push(`${id}: endpoint.headers must set X-Scope-OrgID`);
      }
    }
  }
  return problems;
}

function metricBlocks(config: readonly Statement[]): Block[] {
  const connectors = blocks(config, 'otelcol.connector.signaltometrics');
  return connectors.flatMap((c) => [...blocks(c.body, 'spans'), ...blocks(c.body, 'logs')]);
}

function conditionsText(block: Block): string {
  const conditions = attributeLiteral(block.body, 'conditions');
  if (Array.isArray(conditions)) return conditions.map(String).join(' or ');
  // Not a literal (a string.format filling in tenants): the OTTL text of its strings.
  const found = attribute(block.body, 'conditions');
  return found
    ? found.tokens
        .filter((t) => t.kind === 'raw' || t.kind === 'string')
        .map((t) => t.value)
        .join(' ')
    : '';
}

function valueText(block: Block): string | undefined {
  for (const kind of ['histogram', 'sum', 'gauge']) {
    const inner = blocks(block.body, kind)[0];
    if (inner) return String(attributeLiteral(inner.body, 'value'));
  }
  return undefined;
}

const expectedKind = (m: MetricDef): string =>
  m.type === 'histogram' ? 'histogram' : m.type === 'counter' ? 'sum' : 'gauge';

/** P2: every contract metric is derived once, with its source, unit, buckets and labels. */
export function metricProblems(config: readonly Statement[], contract: Contract): string[] {
  const problems: string[] = [];
  const byName = new Map<string, Block[]>();
  for (const block of metricBlocks(config)) {
    const name = String(attributeLiteral(block.body, 'name'));
    byName.set(name, [...(byName.get(name) ?? []), block]);
  }
  for (const name of byName.keys()) {
    if (!contract.metrics.has(name)) problems.push(`metric ${name} is not in the contract`);
  }
  for (const metric of contract.metrics.values()) {
    const found = byName.get(metric.name) ?? [];
    if (found.length !== 1) {
      problems.push(`metric ${metric.name}: derived ${found.length} times, expected once`);
      continue;
    }
    const block = found[0]!;
    const where = `metric ${metric.name}`;
    const signalBlock = metric.from.signal === 'span' ? 'spans' : 'logs';
    if (block.name !== signalBlock)
      problems.push(`${where}: built from ${block.name}, contract says ${signalBlock}`);
    if (attributeLiteral(block.body, 'unit') !== metric.unit) {
      problems.push(
        `${where}: unit ${String(attributeLiteral(block.body, 'unit'))}, contract says ${metric.unit}`,
      );
    }
    const kind = expectedKind(metric);
    if (blocks(block.body, kind).length !== 1) problems.push(`${where}: expected a ${kind} block`);
    if (metric.type === 'histogram') {
      const histogram = blocks(block.body, 'histogram')[0];
      const buckets = histogram ? attributeLiteral(histogram.body, 'buckets') : undefined;
      if (JSON.stringify(buckets) !== JSON.stringify(metric.buckets)) {
        problems.push(
          `${where}: buckets ${JSON.stringify(buckets)}, contract says ${JSON.stringify(metric.buckets)}`,
        );
      }
    }
    const labels = blocks(block.body, 'attributes').map((a) =>
      String(attributeLiteral(a.body, 'key')),
    );
    problems.push(...labelSetProblems(where, labels, metric));
    for (const label of labels) {
      if (contract.attributes.get(label)?.cardinality !== 'label') {
        problems.push(`${where}: ${label} is not a label-class attribute`);
      }
    }
    const resourceKeys = blocks(block.body, 'include_resource_attributes').map((a) =>
      String(attributeLiteral(a.body, 'key')),
    );
    if (resourceKeys.length === 0) {
      problems.push(
        `${where}: include_resource_attributes must limit the resource (all would be kept)`,
      );
    }
    for (const key of resourceKeys) {
      if (key !== 'openqoe.tenant.id')
        problems.push(`${where}: resource attribute ${key} would split series`);
    }
    const conditions = conditionsText(block);
    const { from } = metric;
    const selector =
      from.signal === 'span'
        ? `span.name == "${from.name}"`
        : from.name === '*'
          ? `log.attributes["openqoe.event.name"] != nil`
          : `log.event_name == "${from.name}"`;
    if (!conditions.includes(selector))
      problems.push(`${where}: conditions do not select ${selector}`);
    for (const [attr, value] of Object.entries(from.where ?? {})) {
      const clause = `attributes["${attr}"] == ${typeof value === 'string' ? `"${value}"` : String(value)}`;
      if (!conditions.includes(clause)) problems.push(`${where}: conditions miss ${clause}`);
    }
    const value = valueText(block) ?? '';
    if (from.value === 'count' && value !== '1')
      problems.push(`${where}: a count records 1, found ${value}`);
    if (from.value === 'duration' && !/Seconds\(span\.end_time - span\.start_time\)/.test(value)) {
      problems.push(`${where}: value must be the span duration in seconds, found ${value}`);
    }
    if (
      from.value !== 'count' &&
      from.value !== 'duration' &&
      !value.includes(`attributes["${from.value}"]`)
    ) {
      problems.push(`${where}: value must read ${from.value}, found ${value}`);
    }
  }
  return problems;
}

/** Every never-sent attribute is deleted from resources, spans, span events and log records. */
export function scrubProblems(config: readonly Statement[], contract: Contract): string[] {
  const never = [...contract.attributes.values()].filter((a) => a.cardinality === 'never');
  const transforms = blocks(config, 'otelcol.processor.transform');
  const statements = (section: string, context: string): string[] =>
    transforms.flatMap((t) =>
      blocks(t.body, section)
        .filter((s) => attributeLiteral(s.body, 'context') === context)
        .flatMap((s) => {
          const list = attributeLiteral(s.body, 'statements');
          return Array.isArray(list) ? list.map(String) : [];
        }),
    );
  const problems: string[] = [];
  const places: [string, string, string][] = [
    ['trace_statements', 'resource', 'resource.attributes'],
    ['trace_statements', 'span', 'span.attributes'],
    ['trace_statements', 'spanevent', 'spanevent.attributes'],
    ['log_statements', 'resource', 'resource.attributes'],
    ['log_statements', 'log', 'log.attributes'],
  ];
  for (const attr of never) {
    for (const [section, context, path] of places) {
      const wanted = `delete_key(${path}, "${attr.name}")`;
      if (!statements(section, context).includes(wanted)) {
        problems.push(`${attr.name} (never sent) is not scrubbed: missing ${section} ${wanted}`);
      }
    }
  }
  // The scrub must come first: the receiver's traces and logs go to it and nowhere else.
  const receiver = blocks(config, 'otelcol.receiver.otlp')[0];
  const output = receiver ? blocks(receiver.body, 'output')[0] : undefined;
  for (const signal of ['traces', 'logs']) {
    const list = output ? attribute(output.body, signal) : undefined;
    const targets = list ? references(list.tokens) : [];
    if (targets.length !== 1 || targets[0] !== 'otelcol.processor.transform.scrub.input') {
      problems.push(
        `receiver ${signal} must go to otelcol.processor.transform.scrub first, found ${targets.join(', ') || 'nothing'}`,
      );
    }
  }
  return problems;
}

// Attribute names Alloy may read that are not contract attributes, each with its reason.
const NON_CONTRACT_INPUTS = new Map([
  ['event.name', 'deprecated semconv attribute read as a fallback EventName, then deleted'],
]);

/** Every attribute name the configuration reads or writes is a contract attribute. */
export function attributeNameProblems(config: readonly Statement[], contract: Contract): string[] {
  const problems: string[] = [];
  const check = (name: string, line: number): void => {
    if (!contract.attributes.has(name) && !NON_CONTRACT_INPUTS.has(name)) {
      problems.push(`line ${line}: attribute ${name} is not in the contract`);
    }
  };
  for (const statement of walk(config)) {
    if (
      statement.kind === 'block' &&
      ['attributes', 'include_resource_attributes'].includes(statement.name)
    ) {
      check(String(attributeLiteral(statement.body, 'key')), statement.line);
    }
    // spanmetrics' label dimensions.
    if (statement.kind === 'block' && statement.name === 'dimension') {
      check(String(attributeLiteral(statement.body, 'name')), statement.line);
    }
    if (statement.kind !== 'attribute') continue;
    for (const token of statement.tokens) {
      if (token.kind !== 'raw' && token.kind !== 'string') continue;
      for (const match of token.value.matchAll(/attributes\["([^"]+)"\]/g))
        check(match[1]!, token.line);
      for (const match of token.value.matchAll(/delete_key\([a-z.]+, "([^"]+)"\)/g))
        check(match[1]!, token.line);
      for (const match of token.value.matchAll(/keep_keys\([a-z.]+, \[([^\]]*)\]\)/g)) {
        for (const name of match[1]!.matchAll(/"([^"]+)"/g)) check(name[1]!, token.line);
      }
    }
  }
  return problems;
}

/** Environment variables the configuration reads, with the default each falls back to. */
export function envDefaults(config: readonly Statement[]): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const statement of walk(config)) {
    if (statement.kind !== 'attribute') continue;
    const tokens = statement.tokens;
    for (const name of envReads(tokens)) {
      // coalesce(sys.env("NAME"), "default")
      const at = tokens.findIndex((t, i) => t.value === name && tokens[i - 2]?.value === 'env');
      const fallback = tokens[at + 3];
      found.set(
        name,
        tokens[at + 2]?.value === ',' && fallback?.kind === 'string' ? fallback.value : undefined,
      );
    }
  }
  return found;
}

/** A metric's labels as configured in `where`, against the contract's: what is missing, what is extra. */
export function labelSetProblems(
  where: string,
  labels: readonly string[],
  metric: MetricDef,
): string[] {
  const problems: string[] = [];
  const missing = metric.labels.filter((l) => !labels.includes(l));
  const extra = labels.filter((l) => !metric.labels.includes(l));
  if (missing.length > 0) problems.push(`${where}: labels missing: ${missing.join(', ')}`);
  if (extra.length > 0) problems.push(`${where}: labels not in the contract: ${extra.join(', ')}`);
  return problems;
}
