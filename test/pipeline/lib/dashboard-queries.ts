// The queries of the generated dashboards (grafana/dashboards/*.json) as a data source receives
// them when a dashboard opens: variables at their defaults (`All` → its all-value), Grafana's
// interval variables a duration, and the values a test sets (a trace id, a threshold).
import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { defaultValues, substitute } from '../../../dashboards/src/check/substitute.js';
import {
  queriesOf,
  type DashboardJson,
  type QueryLanguage,
} from '../../../dashboards/src/check/walk.js';

const DASHBOARDS_DIR = new URL('../../../grafana/dashboards/', import.meta.url);

export interface DashboardQuery {
  /** `<file> "<panel title>"`, for messages. */
  readonly where: string;
  readonly panel: string;
  readonly text: string;
}

export function dashboardQueries(
  language: QueryLanguage,
  overrides: Readonly<Record<string, string>>,
): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  for (const file of readdirSync(DASHBOARDS_DIR).filter((f) => f.endsWith('.json'))) {
    const dashboard = JSON.parse(
      readFileSync(new URL(file, DASHBOARDS_DIR), 'utf8'),
    ) as DashboardJson;
    const values = defaultValues(dashboard);
    for (const [name, value] of Object.entries(overrides)) values.set(name, value);
    for (const use of queriesOf(dashboard).filter((q) => q.language === language)) {
      const { text, unknown } = substitute(use.text, values);
      expect(unknown, `${file} "${use.panel}"`).to.deep.equal([]);
      out.push({ where: `${file} "${use.panel}"`, panel: use.panel, text });
    }
  }
  return out;
}
