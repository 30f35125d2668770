// Template variables: which tenant's data sources to read, and the filters every dashboard offers.
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  TextBoxVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { VariableModel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import { LOKI, MIMIR, TEMPO, sourceRef, type FixedDataSource } from './datasources.js';
import { FILTERS, type FilterName } from './filters.js';
import { labelsOfSeries } from './promql.js';

export type Variable = Builder<VariableModel>;

/** The metric whose label values fill the filter lists: every view starts with one. */
const VALUES_FROM = 'openqoe_views_started_total';

const TENANT_NOTE =
  'The provisioned data sources read tenant "default" (they send X-Scope-OrgID: default). ' +
  'To look at another tenant, provision one data source per tenant and pick it here.';

function dataSourceVariable(source: FixedDataSource, label: string): Variable {
  return new DatasourceVariableBuilder(source.variable)
    .label(label)
    .type(source.type)
    .description(`${label}. ${TENANT_NOTE}`)
    .current({ text: source.name, value: source.uid });
}

/** Data source variables for the signals a dashboard uses. */
export function dataSourceVariables(signals: {
  metrics?: boolean;
  logs?: boolean;
  traces?: boolean;
}): Variable[] {
  const variables: Variable[] = [];
  if (signals.metrics) variables.push(dataSourceVariable(MIMIR, 'Metrics (Mimir tenant)'));
  if (signals.logs) variables.push(dataSourceVariable(LOKI, 'Player events (Loki tenant)'));
  if (signals.traces) variables.push(dataSourceVariable(TEMPO, 'Views (Tempo tenant)'));
  return variables;
}

const FILTER_LABELS: Record<FilterName, string> = {
  player: 'Player',
  device: 'Device type',
  stream: 'Stream type',
  content: 'Content',
};

const FILTER_NOTES: Record<FilterName, string> = {
  player: 'Player library (video.player.name).',
  device: 'Device class derived from the user agent by the receiver (video.device.type).',
  stream: 'Live or VOD (video.stream.type).',
  content:
    'Content id (video.content.id). Only metrics that carry the content id follow it: views, ' +
    'completions, watch time; quality histograms are not split by content (cardinality).',
};

/** A multi-value filter over the values Mimir has seen for the filter's label. */
export function filterVariable(name: FilterName): Variable {
  const { label } = FILTERS[name];
  if (!labelsOfSeries(VALUES_FROM).has(label)) {
    throw new Error(`${VALUES_FROM} has no label ${label} to list values from`);
  }
  const query = `label_values(${VALUES_FROM}, ${label})`;
  return new QueryVariableBuilder(name)
    .label(FILTER_LABELS[name])
    .description(FILTER_NOTES[name])
    .datasource(sourceRef(MIMIR))
    .query(query)
    .definition(query)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all' })
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc);
}

/** A free-text variable with a default (ids to look up, a revenue figure). */
export function textVariable(
  name: string,
  label: string,
  description: string,
  value: string,
): Variable {
  return new TextBoxVariableBuilder(name)
    .label(label)
    .description(description)
    .defaultValue(value)
    .current({ text: value, value });
}
