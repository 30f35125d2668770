// Query objects for panels, each bound to its data source variable.
import {
  DataqueryBuilder as PrometheusQuery,
  PromQueryFormat,
} from '@grafana/grafana-foundation-sdk/prometheus';
import { DataqueryBuilder as LokiQuery } from '@grafana/grafana-foundation-sdk/loki';
import {
  DataqueryBuilder as TempoQuery,
  SearchTableType,
} from '@grafana/grafana-foundation-sdk/tempo';
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { LOKI, MIMIR, TEMPO, sourceRef } from './datasources.js';

export type Query = Builder<Dataquery>;

export interface PromOptions {
  /** Legend text; `{{label}}` shows a label's value. */
  readonly legend?: string;
  /** One value per series at the end of the range (stats, tables, pie charts). */
  readonly instant?: boolean;
  /** Ask Mimir for exemplars (trace ids) stored with histogram samples. */
  readonly exemplars?: boolean;
  readonly format?: 'time_series' | 'table' | 'heatmap';
}

const FORMATS = {
  time_series: PromQueryFormat.TimeSeries,
  table: PromQueryFormat.Table,
  heatmap: PromQueryFormat.Heatmap,
} as const;

export function prom(expr: string, options: PromOptions = {}): Query {
  const query = new PrometheusQuery().datasource(sourceRef(MIMIR)).expr(expr);
  if (options.legend !== undefined) query.legendFormat(options.legend);
  if (options.instant) query.instant();
  else query.range();
  if (options.exemplars) query.exemplar(true);
  if (options.format) query.format(FORMATS[options.format]);
  return query;
}

export interface LokiOptions {
  readonly legend?: string;
  readonly instant?: boolean;
  readonly maxLines?: number;
}

export function loki(expr: string, options: LokiOptions = {}): Query {
  const query = new LokiQuery().datasource(sourceRef(LOKI)).expr(expr);
  if (options.legend !== undefined) query.legendFormat(options.legend);
  query.queryType(options.instant ? 'instant' : 'range');
  if (options.maxLines !== undefined) query.maxLines(options.maxLines);
  return query;
}

/** A TraceQL search; the result is a table of traces (views) or of matching spans. */
export function traceSearch(
  traceql: string,
  table: 'traces' | 'spans' = 'traces',
  limit = 50,
): Query {
  return new TempoQuery()
    .datasource(sourceRef(TEMPO))
    .queryType('traceql')
    .query(traceql)
    .tableType(table === 'traces' ? SearchTableType.Traces : SearchTableType.Spans)
    .limit(limit);
}

/** One trace by id: Tempo's TraceQL query type looks a bare trace id up directly. */
export function traceById(traceIdVariable: string): Query {
  return new TempoQuery()
    .datasource(sourceRef(TEMPO))
    .queryType('traceql')
    .query(`\${${traceIdVariable}}`);
}
