// Turns a dashboard's rows of panels into Grafana dashboard JSON with the project's defaults:
// stable panel ids and query refIds (so regenerating gives the same file), links between the
// OpenQoE dashboards, shared crosshair, and the `openqoe` tag the provisioning folder shows.
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  RowBuilder,
  type Dashboard,
  type Panel,
  type RowPanel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelBuilderOf } from './panels.js';
import type { Variable } from './variables.js';

export interface Row {
  readonly title: string;
  readonly panels: readonly PanelBuilderOf[];
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly variables: readonly Variable[];
  readonly rows: readonly Row[];
  /** Default time range start, e.g. `now-6h`. */
  readonly from?: string;
}

export const DASHBOARD_TAG = 'openqoe';

function isRow(panel: Panel | RowPanel): panel is RowPanel {
  return panel.type === 'row';
}

function refId(index: number): string {
  return String.fromCharCode('A'.charCodeAt(0) + index);
}

/** Numbers panels 1..n in order and names each panel's queries A, B, C, ... */
function numberPanels(dashboard: Dashboard): void {
  let id = 1;
  for (const panel of dashboard.panels ?? []) {
    panel.id = id++;
    if (isRow(panel)) continue;
    // Every Grafana query has a refId; the SDK's generic Dataquery type does not declare it.
    (panel.targets ?? []).forEach((target, index) => {
      (target as { refId?: string }).refId = refId(index);
    });
  }
}

export function assemble(spec: DashboardSpec): Dashboard {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([DASHBOARD_TAG])
    .editable()
    .timezone('browser')
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ from: spec.from ?? 'now-6h', to: 'now' })
    .refresh('1m')
    .link(
      new DashboardLinkBuilder('OpenQoE')
        .type(DashboardLinkType.Dashboards)
        .tags([DASHBOARD_TAG])
        .asDropdown(true)
        .includeVars(false)
        .keepTime(true),
    );
  for (const variable of spec.variables) builder.withVariable(variable);
  for (const row of spec.rows) {
    // Panels of an expanded row live at the top level after it (Grafana's layout for open rows).
    builder.withRow(new RowBuilder(row.title).collapsed(false));
    for (const panel of row.panels) builder.withPanel(panel);
  }
  const dashboard = builder.build();
  numberPanels(dashboard);
  return dashboard;
}
