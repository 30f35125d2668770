// Generates docs/telemetry.md, the readable reference of the contract.
import type { AttributeDef, AttributeSet, Contract } from '../model.js';
import { prometheusLabelName } from '../naming.js';

export const TELEMETRY_DOC_FILE = 'docs/telemetry.md';

const code = (s: string | number): string => `\`${s}\``;
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function typeCell(a: AttributeDef): string {
  if (a.enum) return `${a.type}: ${a.enum.map(code).join(', ')}`;
  return a.type;
}

function limitCell(a: AttributeDef): string {
  if (a.cardinality !== 'label') return a.maxLength !== undefined ? `≤ ${a.maxLength} chars` : '';
  const parts = [`policy ${a.policy ?? ''}`];
  if (a.maxCardinality !== undefined) parts.push(`≤ ${a.maxCardinality} values`);
  if (a.maxLength !== undefined) parts.push(`≤ ${a.maxLength} chars`);
  return parts.join(', ');
}

function setList(set: AttributeSet, common: readonly string[] = []): string {
  const required = set.required.map((n) => `${code(n)} (required)`);
  const optional = [...new Set([...set.optional, ...common])]
    .filter((n) => !set.required.includes(n))
    .map(code);
  return [...required, ...optional].join(', ') || '—';
}

export function generateTelemetryDoc(contract: Contract): string {
  const out: string[] = [];
  out.push(
    '<!-- GENERATED from contract/telemetry.yaml by `make generate`. Do not edit by hand. -->',
    '',
    '# Telemetry reference',
    '',
    'Every name OpenQoE sends, stores or queries is defined once in `contract/telemetry.yaml`. The SDK',
    'sends one trace per playback view (root span `video.view`) and one log record per player event, in',
    "the view's trace context; Alloy derives the `openqoe_*` metrics from them. No OpenTelemetry semantic",
    `convention for media playback exists yet, so the \`video.*\` and \`openqoe.*\` names are the project's`,
    `own; general names reuse semantic conventions v${contract.semconvVersion}.`,
    '',
    "**Cardinality classes.** `label`: may become a metric label, bounded by the receiver's policy",
    `(overflow becomes \`${contract.overflowValue}\`); \`attribute\`: kept on spans and log records, never a`,
    "label; `hashed`: only sent as a keyed hash (HMAC-SHA-256 with the organisation's salt); `never`:",
    'must not leave the browser. Durations are in seconds.',
    '',
    `**Limits.** At most ${contract.limits.attributesPerItem} attributes per span or log record,`,
    `${contract.limits.itemsPerRequest} items per request, arrays of ${contract.limits.arrayLength},`,
    `strings of ${contract.limits.stringLength} characters unless an attribute sets its own limit.`,
    '',
    '## Spans',
    '',
    '| span | parent | what it measures | attributes |',
    '| --- | --- | --- | --- |',
  );
  for (const s of contract.spans.values()) {
    out.push(
      `| ${code(s.name)} | ${s.parent ? code(s.parent) : 'root'} | ${cell(s.brief)} | ${setList(s, contract.common)} |`,
    );
  }
  out.push(
    '',
    '## Events (log records with EventName)',
    '',
    '| event | original openqoe name | when | attributes |',
    '| --- | --- | --- | --- |',
  );
  for (const e of contract.events.values()) {
    out.push(
      `| ${code(e.name)} | ${e.legacy ? code(e.legacy) : '—'} | ${cell(e.brief)} | ${setList(e, contract.common)} |`,
    );
  }
  out.push('', '## Resource attributes', '', setList(contract.resource), '');
  out.push(
    '## Attributes',
    '',
    '| attribute | type | unit | cardinality | limit | set by | description |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const a of [...contract.attributes.values()].sort((x, y) => x.name.localeCompare(y.name))) {
    const tags = [a.semconv ? 'semconv' : '', a.requirement ?? ''].filter(Boolean).join(', ');
    const brief = tags ? `${a.brief} (${tags})` : a.brief;
    out.push(
      `| ${code(a.name)} | ${typeCell(a)} | ${a.unit ?? ''} | ${a.cardinality} | ${limitCell(a)} | ${a.setBy} | ${cell(brief)} |`,
    );
  }
  out.push(
    '',
    '## Metrics',
    '',
    'Built by Alloy from spans and log records (the browser sends no metrics). Label names in',
    'Prometheus are the attribute names with dots replaced by underscores.',
    '',
    '| metric | type | unit | built from | labels | description |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const m of contract.metrics.values()) {
    const where = Object.entries(m.from.where ?? {})
      .map(([k, v]) => ` where ${code(k)} = ${code(String(v))}`)
      .join('');
    const value =
      m.from.value === 'count'
        ? 'count of'
        : m.from.value === 'duration'
          ? 'duration of'
          : `${code(m.from.value)} of`;
    const source = `${value} ${m.from.signal} ${code(m.from.name)}${where}`;
    const brief = m.definition ? `${m.brief} ${m.definition}` : m.brief;
    const buckets = m.buckets ? ` Buckets: ${m.buckets.join(', ')}.` : '';
    out.push(
      `| ${code(m.name)} | ${m.type} | ${m.unit} | ${source} | ${m.labels.map((l) => code(prometheusLabelName(l))).join(', ')} | ${cell(brief + buckets)} |`,
    );
  }
  out.push('');
  return out.join('\n');
}
