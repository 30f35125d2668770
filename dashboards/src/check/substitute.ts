// Grafana replaces variables before a query reaches the data source; the parsers need the text as
// the data source sees it. Each dashboard variable becomes its default value (`All` becomes its
// all-value), Grafana's built-in intervals a duration.
import type { DashboardJson } from './walk.js';

const BUILTIN_DURATIONS = new Set(['__rate_interval', '__interval', '__range', '__auto']);
const VARIABLE = /\$\{(\w+)(?::[^}]*)?\}|\$(\w+)|\[\[(\w+)\]\]/g;

/** Variable name → the value Grafana substitutes when the dashboard opens. */
export function defaultValues(dashboard: DashboardJson): Map<string, string> {
  const values = new Map<string, string>();
  for (const variable of dashboard.templating?.list ?? []) {
    const current = variable.current?.value;
    let value = Array.isArray(current) ? String(current[0] ?? '') : String(current ?? '');
    if (value === '$__all')
      value = typeof variable.allValue === 'string' ? variable.allValue : '.*';
    values.set(variable.name, value);
  }
  return values;
}

export interface Substitution {
  text: string;
  /** Variables referenced that the dashboard does not define. */
  unknown: string[];
}

export function substitute(text: string, values: ReadonlyMap<string, string>): Substitution {
  const unknown: string[] = [];
  const result = text.replace(VARIABLE, (whole, a?: string, b?: string, c?: string) => {
    const name = a ?? b ?? c ?? '';
    if (BUILTIN_DURATIONS.has(name)) return '5m';
    const value = values.get(name);
    if (value === undefined) {
      unknown.push(name);
      return whole;
    }
    return value;
  });
  return { text: result, unknown };
}
