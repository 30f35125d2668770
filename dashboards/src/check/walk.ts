// Reads generated dashboard JSON back: its panels (rows flattened) and every query with the
// language it is written in, as Grafana will run it. Works on plain JSON so the tests check the
// files, not the builders.

export interface DataSourceJson {
  type?: string;
  uid?: string;
}

export interface TargetJson {
  refId?: string;
  datasource?: DataSourceJson;
  expr?: string;
  query?: string;
  queryType?: string;
  exemplar?: boolean;
  [key: string]: unknown;
}

export interface PanelJson {
  id?: number;
  type: string;
  title?: string;
  description?: string;
  datasource?: DataSourceJson;
  targets?: TargetJson[];
  panels?: PanelJson[];
  fieldConfig?: { defaults?: { unit?: string; [key: string]: unknown }; overrides?: unknown[] };
  options?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface VariableJson {
  name: string;
  type: string;
  query?: unknown;
  datasource?: DataSourceJson;
  current?: { text?: unknown; value?: unknown };
  [key: string]: unknown;
}

export interface DashboardJson {
  uid: string;
  title: string;
  panels?: PanelJson[];
  templating?: { list?: VariableJson[] };
  [key: string]: unknown;
}

export type QueryLanguage = 'promql' | 'logql' | 'traceql' | 'trace-id';

export interface QueryUse {
  panel: string;
  language: QueryLanguage;
  text: string;
  datasource: DataSourceJson | undefined;
}

/** Every panel that is not a row, rows' collapsed children included. */
export function panelsOf(dashboard: DashboardJson): PanelJson[] {
  const out: PanelJson[] = [];
  for (const panel of dashboard.panels ?? []) {
    if (panel.type === 'row') out.push(...(panel.panels ?? []));
    else out.push(panel);
  }
  return out;
}

const BARE_VARIABLE = /^\$\{?\w+\}?$/;

function languageOf(source: DataSourceJson | undefined, target: TargetJson): QueryLanguage {
  switch (source?.type) {
    case 'prometheus':
      return 'promql';
    case 'loki':
      return 'logql';
    case 'tempo':
      return BARE_VARIABLE.test(target.query ?? '') ? 'trace-id' : 'traceql';
    default:
      throw new Error(`query ${target.refId ?? '?'} has no data source type`);
  }
}

/** Every query of every panel, with the data source it runs on. */
export function queriesOf(dashboard: DashboardJson): QueryUse[] {
  const uses: QueryUse[] = [];
  for (const panel of panelsOf(dashboard)) {
    for (const target of panel.targets ?? []) {
      const datasource = target.datasource ?? panel.datasource;
      const language = languageOf(datasource, target);
      const text =
        (language === 'promql' || language === 'logql' ? target.expr : target.query) ?? '';
      uses.push({ panel: panel.title ?? '(untitled)', language, text, datasource });
    }
  }
  return uses;
}

/** Variable queries that are PromQL-like (label_values over a metric). */
export function variableQueriesOf(dashboard: DashboardJson): { name: string; text: string }[] {
  return (dashboard.templating?.list ?? [])
    .filter((v) => v.type === 'query' && typeof v.query === 'string')
    .map((v) => ({ name: v.name, text: v.query as string }));
}
