// Data source references. The uids are fixed by the provisioning in grafana/provisioning/datasources/
// (openqoe-mimir sends X-Scope-OrgID: default). Panels reference a data source through a dashboard
// variable whose default is the fixed uid, so a user with per-tenant data sources (one provisioned
// data source per X-Scope-OrgID) can switch a whole dashboard to another tenant.
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

export interface FixedDataSource {
  /** Plugin type of the data source. */
  readonly type: 'prometheus' | 'loki' | 'tempo';
  /** The provisioned uid. */
  readonly uid: string;
  /** Display name in provisioning, shown as the variable's default text. */
  readonly name: string;
  /** Name of the dashboard variable that selects a data source of this type. */
  readonly variable: string;
}

export const MIMIR: FixedDataSource = {
  type: 'prometheus',
  uid: 'openqoe-mimir',
  name: 'Mimir',
  variable: 'datasource',
};
export const LOKI: FixedDataSource = {
  type: 'loki',
  uid: 'openqoe-loki',
  name: 'Loki',
  variable: 'loki_datasource',
};
export const TEMPO: FixedDataSource = {
  type: 'tempo',
  uid: 'openqoe-tempo',
  name: 'Tempo',
  variable: 'tempo_datasource',
};

/** Every uid provisioned for the dashboards (Alertmanager is used by alerting, not by panels). */
export const FIXED_DATASOURCE_UIDS: readonly string[] = [
  MIMIR.uid,
  LOKI.uid,
  TEMPO.uid,
  'openqoe-alertmanager',
];

/** The reference a panel or query uses: the data source variable of that type. */
export function sourceRef(source: FixedDataSource): DataSourceRef {
  return { type: source.type, uid: `\${${source.variable}}` };
}
