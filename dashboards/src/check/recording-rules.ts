// The recording rules of mimir/rules/** (Prometheus rule-file format): the series they record and
// the labels those series keep, so dashboards may read them like contract metrics.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { descendants, textOf } from './syntax.js';
import { metricsUnder, parsePromQl, type SeriesCatalogue } from './promql.js';

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
  file: string;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  file: string;
}

interface RuleFile {
  groups?: {
    rules?: {
      record?: string;
      alert?: string;
      expr?: string;
      labels?: Record<string, string>;
    }[];
  }[];
}

function* yamlFilesUnder(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries.sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* yamlFilesUnder(path);
    else if (/\.ya?ml$/.test(entry)) yield path;
  }
}

/** Every rule of every rule file under `rulesDir`, with the file it is in. */
function* rulesUnder(rulesDir: string) {
  for (const file of yamlFilesUnder(rulesDir)) {
    const content = parseYaml(readFileSync(file, 'utf8')) as RuleFile | null;
    for (const group of content?.groups ?? []) {
      for (const rule of group.rules ?? []) yield { ...rule, file };
    }
  }
}

export function readRecordingRules(rulesDir: string): RecordingRule[] {
  const rules: RecordingRule[] = [];
  for (const rule of rulesUnder(rulesDir)) {
    if (rule.record && rule.expr) {
      rules.push({
        record: rule.record,
        expr: rule.expr,
        labels: rule.labels ?? {},
        file: rule.file,
      });
    }
  }
  return rules;
}

export function readAlertingRules(rulesDir: string): AlertingRule[] {
  const rules: AlertingRule[] = [];
  for (const rule of rulesUnder(rulesDir)) {
    if (rule.alert && rule.expr) {
      rules.push({
        alert: rule.alert,
        expr: rule.expr,
        labels: rule.labels ?? {},
        file: rule.file,
      });
    }
  }
  return rules;
}

/**
 * Labels of the series a rule records: the labels its aggregations group by (`le` only while the
 * result is still a bucket series), plus the rule's own `labels`; an expression without any
 * aggregation keeps the labels its source series share.
 */
export function outputLabels(rule: RecordingRule, sources: SeriesCatalogue): Set<string> {
  const tree = parsePromQl(rule.expr);
  const top = tree.topNode;
  const out = new Set<string>(Object.keys(rule.labels));
  const aggregates = descendants(top, 'AggregateExpr');
  if (aggregates.length === 0) {
    const metrics = metricsUnder(top, rule.expr);
    const shared = metrics.map((m) => sources.get(m) ?? new Set<string>());
    const first = shared[0];
    if (first) for (const label of first) if (shared.every((s) => s.has(label))) out.add(label);
    return out;
  }
  for (const aggregate of aggregates) {
    const modifier = aggregate.getChild('AggregateModifier');
    if (!modifier?.getChild('By')) continue;
    for (const name of descendants(modifier, 'LabelName')) out.add(textOf(name, rule.expr));
  }
  if (!rule.record.endsWith('_bucket')) out.delete('le');
  return out;
}
