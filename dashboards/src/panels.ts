// Panel factories with the project's defaults. Every factory takes a description (no panel without
// one) and every numeric panel a unit; thresholds colour what is good and what is not.
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import type {
  Panel,
  ThresholdsConfig,
  DataTransformerConfig,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as GenericPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as TimeSeriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import {
  PanelBuilder as HeatmapPanel,
  YAxisConfigBuilder,
} from '@grafana/grafana-foundation-sdk/heatmap';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import {
  PanelBuilder as PieChartPanel,
  PieChartType,
} from '@grafana/grafana-foundation-sdk/piechart';
import { PanelBuilder as BarGaugePanel } from '@grafana/grafana-foundation-sdk/bargauge';
import { LOKI, TEMPO, sourceRef } from './datasources.js';
import { traceSearch, type Query } from './queries.js';
import type { Unit } from './units.js';

export type PanelBuilderOf = Builder<Panel>;

interface BasePanel {
  readonly title: string;
  /** What the panel shows, how it is computed, and how to read it. */
  readonly description: string;
  readonly queries: readonly Query[];
  /** Grid width (of 24) and height. */
  readonly width?: number;
  readonly height?: number;
}

export interface NumericPanel extends BasePanel {
  readonly unit: Unit;
  readonly thresholds?: Builder<ThresholdsConfig>;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
}

/** Common methods of the SDK's numeric panel builders. */
interface NumericBuilder<T> {
  title(t: string): T;
  description(d: string): T;
  withTarget(q: Query): T;
  span(w: number): T;
  height(h: number): T;
  unit(u: string): T;
  thresholds(t: Builder<ThresholdsConfig>): T;
  min(m: number): T;
  max(m: number): T;
  decimals(d: number): T;
}

function applyNumeric<T extends NumericBuilder<T>>(
  builder: T,
  spec: NumericPanel,
  w: number,
  h: number,
): T {
  builder
    .title(spec.title)
    .description(spec.description)
    .span(spec.width ?? w)
    .height(spec.height ?? h);
  builder.unit(spec.unit);
  for (const query of spec.queries) builder.withTarget(query);
  if (spec.thresholds) builder.thresholds(spec.thresholds);
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  if (spec.decimals !== undefined) builder.decimals(spec.decimals);
  return builder;
}

export interface TimeSeriesSpec extends NumericPanel {
  readonly stacked?: boolean;
  readonly bars?: boolean;
  /** Draw the thresholds as a dashed line, where they mark a target. */
  readonly showThresholds?: boolean;
  /** One query (by refId) drawn on a right-hand axis with its own unit. */
  readonly secondAxis?: { readonly refId: string; readonly unit: Unit };
}

export function timeSeries(spec: TimeSeriesSpec): PanelBuilderOf {
  const panel = applyNumeric(new TimeSeriesPanel(), spec, 12, 8)
    .fillOpacity(spec.stacked ? 60 : 10)
    .lineWidth(1)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder()
        .mode(common.TooltipDisplayMode.Multi)
        .sort(common.SortOrder.Descending),
    );
  if (spec.stacked)
    panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  if (spec.bars) panel.drawStyle(common.GraphDrawStyle.Bars);
  if (spec.secondAxis) {
    panel.overrideByQuery(spec.secondAxis.refId, [
      { id: 'unit', value: spec.secondAxis.unit },
      { id: 'custom.axisPlacement', value: common.AxisPlacement.Right },
    ]);
  }
  if (spec.showThresholds) {
    panel.thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed),
    );
  }
  return panel;
}

function lastValue(): common.ReduceDataOptionsBuilder {
  return new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);
}

export function stat(spec: NumericPanel & { readonly sparkline?: boolean }): PanelBuilderOf {
  return applyNumeric(new StatPanel(), spec, 6, 5)
    .reduceOptions(lastValue())
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(spec.sparkline ? common.BigValueGraphMode.Area : common.BigValueGraphMode.None);
}

export interface HeatmapSpec extends NumericPanel {
  /** Unit of the buckets (the y axis); `unit` is the cells' (a count). */
  readonly bucketUnit: Unit;
}

/** A heatmap of a classic histogram's buckets; exemplars (trace ids) show as dots. */
export function heatmap(spec: HeatmapSpec): PanelBuilderOf {
  return applyNumeric(new HeatmapPanel(), spec, 12, 8)
    .calculate(false)
    .yAxis(new YAxisConfigBuilder().unit(spec.bucketUnit))
    .showValue(common.VisibilityMode.Never)
    .exemplarsColor('rgba(255,0,255,0.7)');
}

export interface TableSpec extends NumericPanel {
  readonly transformations?: readonly DataTransformerConfig[];
}

export function table(spec: TableSpec): PanelBuilderOf {
  const panel = applyNumeric(new TablePanel(), spec, 12, 8).showHeader(true).filterable(true);
  for (const t of spec.transformations ?? []) panel.withTransformation(t);
  return panel;
}

export function pieChart(spec: NumericPanel): PanelBuilderOf {
  return applyNumeric(new PieChartPanel(), spec, 8, 8)
    .pieType(PieChartType.Donut)
    .reduceOptions(lastValue());
}

export function barGauge(spec: NumericPanel): PanelBuilderOf {
  return applyNumeric(new BarGaugePanel(), spec, 12, 8)
    .reduceOptions(lastValue())
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Gradient);
}

/** Log lines (player events) from Loki. */
export function logs(spec: BasePanel): PanelBuilderOf {
  const panel = new LogsPanel()
    .title(spec.title)
    .description(spec.description)
    .datasource(sourceRef(LOKI))
    .span(spec.width ?? 24)
    .height(spec.height ?? 10)
    .showTime(true)
    .enableLogDetails(true)
    .wrapLogMessage(true)
    .sortOrder(common.LogsSortOrder.Descending);
  for (const query of spec.queries) panel.withTarget(query);
  return panel;
}

export interface TraceTableSpec extends Omit<BasePanel, 'queries'> {
  /** The TraceQL search. */
  readonly traceql: string;
  /** Rows: whole traces (views) or matching spans; Tempo names the trace id field differently. */
  readonly rows: 'traces' | 'spans';
  /** Link opened from a row; `url` receives the Grafana expression of the row's trace id. */
  readonly traceLink: { readonly title: string; readonly url: (traceId: string) => string };
}

/** Field a Tempo search frame shows per row, and how a link on it reaches the row's trace id. */
const TRACE_ID_FIELDS = {
  traces: { field: 'traceID', traceId: '${__value.raw}' },
  spans: { field: 'spanID', traceId: '${__data.fields.traceIdHidden}' },
} as const;

/** A table of TraceQL search results, each row linking to the view's drill-down. */
export function traceTable(spec: TraceTableSpec): PanelBuilderOf {
  const { field, traceId } = TRACE_ID_FIELDS[spec.rows];
  return new TablePanel()
    .title(spec.title)
    .description(spec.description)
    .datasource(sourceRef(TEMPO))
    .span(spec.width ?? 12)
    .height(spec.height ?? 9)
    .unit('none')
    .withTarget(traceSearch(spec.traceql, spec.rows))
    .overrideByName(field, [
      { id: 'links', value: [{ title: spec.traceLink.title, url: spec.traceLink.url(traceId) }] },
    ]);
}

/** Tempo's trace view of one trace. */
export function traceView(spec: BasePanel): PanelBuilderOf {
  return new GenericPanel()
    .type('traces')
    .title(spec.title)
    .description(spec.description)
    .datasource(sourceRef(TEMPO))
    .span(spec.width ?? 14)
    .height(spec.height ?? 16)
    .targets([...spec.queries]);
}
