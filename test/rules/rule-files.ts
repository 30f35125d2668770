// Reads the Mimir ruler files (Prometheus rule-file format) into typed rules. Only the fields the
// project uses are accepted: anything else (a Mimir-only field, a typo such as `anotations`) is
// reported, because promtool would ignore some of them silently in Mimir's favour or vice versa.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;
export const RULES_DIR = join(REPO_ROOT, 'mimir/rules/default');
export const PROMTOOL_TESTS_DIR = join(REPO_ROOT, 'mimir/tests');
export const RUNBOOKS_PATH = join(REPO_ROOT, 'docs/runbooks.md');
export const ALERTMANAGER_CONFIG_PATH = join(REPO_ROOT, 'mimir/alertmanager/alertmanager.yaml');

export interface RecordingRule {
  kind: 'record';
  name: string;
  expr: string;
  group: string;
  file: string;
  labels: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  kind: 'alert';
  name: string;
  expr: string;
  group: string;
  file: string;
  for?: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  name: string;
  file: string;
  interval?: string;
  rules: Rule[];
}

const GROUP_KEYS = new Set(['name', 'interval', 'rules']);
const RULE_KEYS = new Set(['record', 'alert', 'expr', 'for', 'labels', 'annotations']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new Error(`${where}: must be a mapping`);
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new Error(`${where}.${key}: must be a string`);
    out[key] = item;
  }
  return out;
}

/** Parses one rule file's text; `file` only names the file in error messages and results. */
export function parseRuleFile(text: string, file: string): RuleGroup[] {
  const doc: unknown = parseYaml(text);
  if (!isRecord(doc) || !Array.isArray(doc.groups)) throw new Error(`${file}: needs a groups list`);
  return doc.groups.map((rawGroup: unknown, g): RuleGroup => {
    if (!isRecord(rawGroup) || typeof rawGroup.name !== 'string') {
      throw new Error(`${file}: group ${g} needs a name`);
    }
    const groupName = rawGroup.name;
    for (const key of Object.keys(rawGroup)) {
      if (!GROUP_KEYS.has(key))
        throw new Error(`${file}: group ${groupName}: unknown field ${key}`);
    }
    if (!Array.isArray(rawGroup.rules)) throw new Error(`${file}: group ${groupName}: no rules`);
    const rules = rawGroup.rules.map((raw: unknown, r): Rule => {
      const where = `${file}: group ${groupName} rule ${r}`;
      if (!isRecord(raw)) throw new Error(`${where}: must be a mapping`);
      for (const key of Object.keys(raw)) {
        if (!RULE_KEYS.has(key)) throw new Error(`${where}: unknown field ${key}`);
      }
      if (typeof raw.expr !== 'string') throw new Error(`${where}: expr must be a string`);
      const labels = stringMap(raw.labels, `${where}.labels`);
      if (typeof raw.record === 'string') {
        if (raw.annotations !== undefined || raw.for !== undefined) {
          throw new Error(`${where}: a recording rule has no for or annotations`);
        }
        return { kind: 'record', name: raw.record, expr: raw.expr, group: groupName, file, labels };
      }
      if (typeof raw.alert !== 'string') throw new Error(`${where}: needs record or alert`);
      if (raw.for !== undefined && typeof raw.for !== 'string') {
        throw new Error(`${where}: for must be a duration string`);
      }
      return {
        kind: 'alert',
        name: raw.alert,
        expr: raw.expr,
        group: groupName,
        file,
        for: raw.for,
        labels,
        annotations: stringMap(raw.annotations, `${where}.annotations`),
      };
    });
    const interval = typeof rawGroup.interval === 'string' ? rawGroup.interval : undefined;
    return { name: groupName, file, interval, rules };
  });
}

export function ruleFilePaths(dir: string = RULES_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

export function loadRuleGroups(dir: string = RULES_DIR): RuleGroup[] {
  return ruleFilePaths(dir).flatMap((path) =>
    parseRuleFile(readFileSync(path, 'utf8'), path.slice(REPO_ROOT.length)),
  );
}

export function allRules(groups: readonly RuleGroup[]): Rule[] {
  return groups.flatMap((group) => group.rules);
}
