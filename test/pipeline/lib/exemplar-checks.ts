// Static checks of the exemplar pipelines (P2 exemplars, P3 tenancy): the span-duration
// histograms of the tenants listed in OPENQOE_TENANTS come from per-tenant spanmetrics "slots"
// (exemplars on, a fixed X-Scope-OrgID), every other span from signaltometrics (no exemplars).
// Checked: each slot's connector has the contract's buckets, labels and unit, is fed only its
// tenant's spans and exports only with that tenant's header; and, by evaluating the routing
// conditions on concrete spans for several tenant lists, every span is counted exactly once.
import type { Contract, MetricDef } from '@openqoe/contract';
import { componentId, components, labelSetProblems, reachable } from './alloy-checks.js';
import {
  attribute,
  attributeLiteral,
  blocks,
  envReads,
  references,
  type Block,
  type Statement,
  type Token,
} from './alloy-syntax.js';
import { evaluate, formatTemplate, type SpanFacts } from './ottl-subset.js';

export const TENANTS_ENV = 'OPENQOE_TENANTS';
const TENANT_KEY = 'openqoe.tenant.id';

/** The histograms that must carry exemplars: the contract's span durations. */
export function exemplarMetrics(contract: Contract): MetricDef[] {
  return [...contract.metrics.values()].filter(
    (m) => m.type === 'histogram' && m.from.signal === 'span' && m.from.value === 'duration',
  );
}

export interface FormatCall {
  template: string;
  /** Each argument's source text, e.g. `exemplar_tenants.configured.slots[0]`. */
  args: string[];
}

/** Every string.format(`template`, args...) call in an expression. */
export function formatCalls(tokens: readonly Token[]): FormatCall[] {
  const calls: FormatCall[] = [];
  for (let i = 0; i + 4 < tokens.length; i += 1) {
    if (
      tokens[i]!.value !== 'string' ||
      tokens[i + 1]!.value !== '.' ||
      tokens[i + 2]!.value !== 'format' ||
      tokens[i + 3]!.value !== '('
    ) {
      continue;
    }
    const template = tokens[i + 4]!;
    if (template.kind !== 'raw' && template.kind !== 'string') continue;
    const args: string[] = [];
    let current = '';
    let depth = 0;
    let j = i + 5;
    for (; j < tokens.length; j += 1) {
      const t = tokens[j]!;
      if (depth === 0 && (t.value === ',' || t.value === ')')) {
        if (current !== '') args.push(current);
        current = '';
        if (t.value === ')') break;
        continue;
      }
      if (t.value === '(' || t.value === '[') depth += 1;
      if (t.value === ')' || t.value === ']') depth -= 1;
      current += t.kind === 'string' ? JSON.stringify(t.value) : t.value;
    }
    calls.push({ template: template.value, args });
    i = j;
  }
  return calls;
}

export interface TenantSlots {
  /** `exemplar_tenants.configured.slots` */
  ref: string;
  /** How many slots (the padding of the tenant list). */
  size: number;
}

/** The custom component that turns OPENQOE_TENANTS into the slots' tenants. */
export function tenantSlots(config: readonly Statement[]): TenantSlots | string {
  for (const declare of blocks(config, 'declare')) {
    const exported = blocks(declare.body, 'export').find((e) => e.label === 'slots');
    const value = exported ? attribute(exported.body, 'value') : undefined;
    if (!value || !envReads(value.tokens).includes(TENANTS_ENV)) continue;
    const text = value.tokens.map((t) => (t.kind === 'string' ? JSON.stringify(t.value) : t.value));
    // array.concat(string.split(string.replace(coalesce(sys.env(ENV), "default"), " ", ""), ","), ["", ...])
    const expected = `array.concat(string.split(string.replace(coalesce(sys.env("${TENANTS_ENV}"),"default")," ",""),","),[`;
    if (!text.join('').startsWith(expected)) {
      return `declare ${declare.label}: slots must be ${expected}"", ...]), found ${text.join('')}`;
    }
    const size = text.slice(text.lastIndexOf('[')).filter((t) => t === '""').length;
    const instances = blocks(config, declare.label!);
    if (instances.length !== 1) {
      return `declare ${declare.label}: expected one instance, found ${instances.length}`;
    }
    return { ref: `${declare.label}.${instances[0]!.label}.slots`, size };
  }
  return `no declare exports slots read from ${TENANTS_ENV}`;
}

/** What Alloy computes for the slots from an OPENQOE_TENANTS value (undefined = not set). */
export function slotValues(env: string | undefined, size: number): string[] {
  const list = (env === undefined || env === '' ? 'default' : env).replaceAll(' ', '').split(',');
  return [...list, ...Array<string>(size).fill('')];
}

/** The tenants that get no exemplar slot from an OPENQOE_TENANTS value. */
export function tenantsWithoutSlot(
  tenants: readonly string[],
  env: string | undefined,
  size: number,
): string[] {
  const slotted = slotValues(env, size).slice(0, size);
  return tenants.filter((t) => !slotted.includes(t));
}

function slotOf(arg: string | undefined, slots: TenantSlots): number | undefined {
  if (arg === undefined || !arg.startsWith(`${slots.ref}[`) || !arg.endsWith(']')) return undefined;
  const n = Number(arg.slice(slots.ref.length + 1, -1));
  return Number.isInteger(n) && n >= 0 && n < slots.size ? n : undefined;
}

function text(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.kind === 'string' ? JSON.stringify(t.value) : t.value)).join('');
}

/** Statements of a transform's metric_statements blocks (literals and string.format calls). */
function transformStatements(block: Block, context: string): (string | FormatCall)[] {
  return blocks(block.body, 'metric_statements')
    .filter((s) => attributeLiteral(s.body, 'context') === context)
    .flatMap((s) => {
      const list = attribute(s.body, 'statements');
      if (!list) return [];
      const calls = formatCalls(list.tokens);
      const literals = list.tokens.filter(
        (t, i) => (t.kind === 'raw' || t.kind === 'string') && list.tokens[i - 1]?.value !== '(',
      );
      return [...literals.map((t) => t.value), ...calls];
    });
}

interface SlotPipeline {
  metric: MetricDef;
  slot: number;
  /** The filter's drop condition (string.format template) and its arguments. */
  filter: FormatCall;
}

/** P2/P3: the exemplar slots are built and routed as described at the top of this file. */
export function exemplarProblems(config: readonly Statement[], contract: Contract): string[] {
  const problems: string[] = [];
  const slots = tenantSlots(config);
  if (typeof slots === 'string') return [slots];
  if (slots.size < 1) return ['no exemplar slots'];
  const known = components(config);
  const wanted = exemplarMetrics(contract);
  const pipelines: SlotPipeline[] = [];

  for (const connector of blocks(config, 'otelcol.connector.spanmetrics')) {
    const id = componentId(connector);
    const name = String(attributeLiteral(connector.body, 'namespace'));
    const metric = wanted.find((m) => m.name === name);
    if (!metric) {
      problems.push(`${id}: namespace ${name} is not a contract span-duration histogram`);
      continue;
    }
    const where = `${id} (${metric.name})`;
    const exemplars = blocks(connector.body, 'exemplars')[0];
    if (!exemplars || attributeLiteral(exemplars.body, 'enabled') !== true) {
      problems.push(`${where}: exemplars must be enabled`);
    }
    const histogram = blocks(connector.body, 'histogram')[0];
    if (!histogram || attributeLiteral(histogram.body, 'unit') !== 's') {
      problems.push(`${where}: histogram unit must be s (contract unit ${metric.unit})`);
    }
    const explicit = histogram ? blocks(histogram.body, 'explicit')[0] : undefined;
    const buckets = explicit ? attributeLiteral(explicit.body, 'buckets') : undefined;
    const seconds = Array.isArray(buckets)
      ? buckets.map((b) => {
          const ms = /^(\d+)ms$/.exec(String(b));
          return ms ? Number(ms[1]) / 1000 : Number.NaN;
        })
      : [];
    if (JSON.stringify(seconds) !== JSON.stringify(metric.buckets)) {
      problems.push(
        `${where}: buckets ${JSON.stringify(buckets)} are not the contract's ${JSON.stringify(metric.buckets)} s`,
      );
    }
    const dimensions = blocks(connector.body, 'dimension').map((d) =>
      String(attributeLiteral(d.body, 'name')),
    );
    problems.push(...labelSetProblems(where, dimensions, metric));
    const excluded = attributeLiteral(connector.body, 'exclude_dimensions');
    for (const own of ['service.name', 'span.name', 'span.kind', 'status.code']) {
      if (!Array.isArray(excluded) || !excluded.includes(own)) {
        problems.push(`${where}: exclude_dimensions must exclude ${own} (not a contract label)`);
      }
    }
    if (
      JSON.stringify(attributeLiteral(connector.body, 'resource_metrics_key_attributes')) !==
      JSON.stringify([TENANT_KEY])
    ) {
      problems.push(`${where}: resource_metrics_key_attributes must be ["${TENANT_KEY}"]`);
    }
    const temporality = attributeLiteral(connector.body, 'aggregation_temporality');
    if (temporality !== undefined && temporality !== 'CUMULATIVE') {
      problems.push(`${where}: aggregation_temporality must be CUMULATIVE (Mimir refuses delta)`);
    }

    // Upstream: exactly one filter, fed by the pipeline, keeping one slot's tenant.
    const feeders = [...known.entries()].filter(([, b]) => {
      const output = blocks(b.body, 'output')[0];
      const traces = output ? attribute(output.body, 'traces') : undefined;
      return traces !== undefined && references(traces.tokens).includes(`${id}.input`);
    });
    const filter = feeders[0]?.[1];
    if (feeders.length !== 1 || filter?.name !== 'otelcol.processor.filter') {
      problems.push(`${where}: must be fed by exactly one otelcol.processor.filter`);
      continue;
    }
    const filterId = componentId(filter);
    if (attributeLiteral(filter.body, 'error_mode') !== 'propagate') {
      problems.push(
        `${filterId}: error_mode must be propagate (ignore lets a span through to a tenant's slot)`,
      );
    }
    const traces = blocks(filter.body, 'traces')[0];
    const spanConditions = traces ? attribute(traces.body, 'span') : undefined;
    const calls = spanConditions ? formatCalls(spanConditions.tokens) : [];
    const slot = slotOf(calls[0]?.args[0], slots);
    if (calls.length !== 1 || slot === undefined) {
      problems.push(
        `${filterId}: traces.span must be one string.format with a slot's tenant first`,
      );
      continue;
    }
    const earlier = calls[0]!.args.slice(1).map((a) => slotOf(a, slots));
    if (JSON.stringify(earlier) !== JSON.stringify(Array.from({ length: slot }, (_, i) => i))) {
      problems.push(`${filterId}: the earlier slots' tenants must follow, in order`);
    }
    pipelines.push({ metric, slot, filter: calls[0]! });

    // Downstream: one exporter, the slot's, with the slot's tenant as X-Scope-OrgID.
    const downstream = [...reachable(config, id, 'metrics')].map((r) => r.split('/')[0]!);
    const exporters = downstream.filter((d) => d.startsWith('otelcol.exporter.'));
    if (exporters.length !== 1) {
      problems.push(`${where}: must reach exactly one exporter, reaches ${exporters.join(', ')}`);
    }
    for (const exporterId of exporters) {
      const exporter = known.get(exporterId)!;
      const client = blocks(exporter.body, 'client')[0];
      const auth = client ? attribute(client.body, 'auth') : undefined;
      const handler = auth ? references(auth.tokens)[0]?.replace(/\.handler$/, '') : undefined;
      const headers = handler ? known.get(handler) : undefined;
      const tenantHeader = headers
        ? blocks(headers.body, 'header').find(
            (h) => String(attributeLiteral(h.body, 'key')).toLowerCase() === 'x-scope-orgid',
          )
        : undefined;
      const value = tenantHeader ? attribute(tenantHeader.body, 'value') : undefined;
      if (!value || slotOf(text(value.tokens), slots) !== slot) {
        problems.push(
          `${where}: ${exporterId} must send X-Scope-OrgID = ${slots.ref}[${slot}] (the tenant its filter keeps)`,
        );
      }
      const queue = blocks(exporter.body, 'sending_queue')[0];
      const storage = queue ? attribute(queue.body, 'storage') : undefined;
      if (!storage || !references(storage.tokens)[0]?.startsWith('otelcol.storage.file.')) {
        problems.push(
          `${exporterId}: sending_queue.storage must be an otelcol.storage.file handler`,
        );
      }
    }
    const transforms = downstream
      .filter((d) => d.startsWith('otelcol.processor.transform.'))
      .map((d) => known.get(d)!);
    const statements = (context: string): (string | FormatCall)[] =>
      transforms.flatMap((t) => transformStatements(t, context));
    const rename = `set(metric.name, "${metric.name}") where metric.name == "${metric.name}.duration"`;
    if (!statements('metric').includes(rename)) {
      problems.push(`${where}: no transform on its way renames it: ${rename}`);
    }
    const keep = `keep_keys(datapoint.attributes, [${metric.labels.map((l) => JSON.stringify(l)).join(', ')}]) where metric.name == "${metric.name}"`;
    if (!statements('datapoint').includes(keep)) {
      problems.push(`${where}: no transform on its way keeps only the contract labels: ${keep}`);
    }
    const resource = statements('resource');
    const setsTenant = resource.some(
      (s) =>
        typeof s !== 'string' &&
        s.template === `set(resource.attributes["${TENANT_KEY}"], %q)` &&
        slotOf(s.args[0], slots) === slot,
    );
    if (!resource.includes('keep_keys(resource.attributes, [])') || !setsTenant) {
      problems.push(`${where}: the resource must be reduced to ${TENANT_KEY} = the slot's tenant`);
    }
  }

  // Every histogram has every slot, once.
  for (const metric of wanted) {
    const found = pipelines
      .filter((p) => p.metric === metric)
      .map((p) => p.slot)
      .sort((a, b) => a - b);
    const all = Array.from({ length: slots.size }, (_, i) => i);
    if (JSON.stringify(found) !== JSON.stringify(all)) {
      problems.push(
        `${metric.name}: slots ${JSON.stringify(found)}, expected one pipeline per slot ${JSON.stringify(all)}`,
      );
    }
  }
  problems.push(...routingSemanticsProblems(config, contract, slots, pipelines));
  return problems;
}

/** The signaltometrics fallback condition of a histogram (string.format call), if any. */
function fallbackCall(config: readonly Statement[], metric: MetricDef): FormatCall | undefined {
  for (const connector of blocks(config, 'otelcol.connector.signaltometrics')) {
    for (const block of blocks(connector.body, 'spans')) {
      if (attributeLiteral(block.body, 'name') !== metric.name) continue;
      const conditions = attribute(block.body, 'conditions');
      const calls = conditions ? formatCalls(conditions.tokens) : [];
      if (calls.length === 1) return calls[0];
    }
  }
  return undefined;
}

/** Tenant lists and spans the routing is evaluated on. */
const TENANT_LISTS: (string | undefined)[] = [
  undefined, // not set: "default"
  'tenant-a,tenant-b',
  'tenant-a, tenant-a ,tenant-b', // a duplicate, spaces
  'tenant-a,,tenant-b', // an empty item
  't1,t2,t3,t4,t5,t6', // more tenants than slots
  ',', // none
];
const SPAN_TENANTS: (string | undefined)[] = [
  'default',
  'tenant-a',
  'tenant-b',
  't1',
  't4',
  't6',
  'unlisted',
  '',
  undefined,
];

/**
 * For every tenant list and span: a span of a histogram's span name is taken by exactly one
 * pipeline (signaltometrics, or the one slot whose tenant it has); any other span by none.
 */
function routingSemanticsProblems(
  config: readonly Statement[],
  contract: Contract,
  slots: TenantSlots,
  pipelines: readonly SlotPipeline[],
): string[] {
  const problems: string[] = [];
  for (const metric of exemplarMetrics(contract)) {
    const fallback = fallbackCall(config, metric);
    const args = fallback?.args.map((a) => slotOf(a, slots));
    if (
      !fallback ||
      JSON.stringify(args) !== JSON.stringify(Array.from({ length: slots.size }, (_, i) => i))
    ) {
      problems.push(
        `${metric.name}: signaltometrics conditions must be one string.format over every slot's tenant, in order`,
      );
      continue;
    }
    const mine = pipelines.filter((p) => p.metric === metric);
    for (const env of TENANT_LISTS) {
      const values = slotValues(env, slots.size);
      const resolve = (call: FormatCall): string[] =>
        call.args.map((a) => values[slotOf(a, slots) ?? -1] ?? '');
      for (const spanName of [metric.from.name, 'video.view']) {
        for (const tenant of SPAN_TENANTS) {
          for (const service of ['shop-web', undefined]) {
            const span: SpanFacts = {
              name: spanName,
              resource: { [TENANT_KEY]: tenant, 'service.name': service },
            };
            const where = `${metric.name} with ${TENANTS_ENV}=${env ?? '(unset)'}, span ${spanName} of tenant ${tenant ?? '(none)'}${service ? '' : ' without service.name'}`;
            let takers: string[];
            try {
              takers = [
                ...(evaluate(formatTemplate(fallback.template, resolve(fallback)), span)
                  ? ['signaltometrics']
                  : []),
                ...mine
                  .filter(
                    (p) => !evaluate(formatTemplate(p.filter.template, resolve(p.filter)), span),
                  )
                  .map((p) => `slot ${p.slot} (${values[p.slot]})`),
              ];
            } catch (error) {
              problems.push(`${where}: ${(error as Error).message}`);
              continue;
            }
            const expected = spanName === metric.from.name ? 1 : 0;
            if (takers.length !== expected) {
              problems.push(`${where}: taken by ${takers.join(' + ') || 'nothing'}`);
              continue;
            }
            const slot = mine.find((p) => takers[0] === `slot ${p.slot} (${values[p.slot]})`);
            if (slot && values[slot.slot] !== tenant) {
              problems.push(`${where}: taken by slot ${slot.slot} of tenant ${values[slot.slot]}`);
            }
            // A listed tenant (within the slots) must get its exemplars.
            const listed =
              tenant !== undefined && tenant !== '' && values.slice(0, slots.size).includes(tenant);
            if (expected === 1 && listed && service !== undefined && !slot) {
              problems.push(`${where}: a listed tenant's span is not taken by its slot`);
            }
          }
        }
      }
    }
  }
  return problems;
}
