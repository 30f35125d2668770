// The Prometheus text exposition format (version 0.0.4) for metrics collected from the OTel
// metrics SDK, so /metrics can be scraped. Counters get `_total`, durations in seconds get
// `_seconds`, histograms their cumulative `_bucket` series with `le`, `_sum` and `_count`.
import { DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { Attributes } from '@opentelemetry/api';

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function sanitizeName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_:]/g, '_');
  return /^[a-zA-Z_:]/.test(clean) ? clean : `_${clean}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function labels(attributes: Attributes, extra?: [string, string]): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    pairs.push(`${sanitizeName(key)}="${escapeLabelValue(String(value))}"`);
  }
  if (extra) pairs.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** The exposition name: unit and counter suffixes added as Prometheus conventions want. */
export function prometheusName(metric: MetricData): string {
  let name = sanitizeName(metric.descriptor.name);
  if (metric.descriptor.unit === 's' && !name.endsWith('_seconds')) name += '_seconds';
  if (
    metric.dataPointType === DataPointType.SUM &&
    metric.isMonotonic &&
    !name.endsWith('_total')
  ) {
    name += '_total';
  }
  return name;
}

function render(metric: MetricData, lines: string[]): void {
  const name = prometheusName(metric);
  if (metric.descriptor.description) {
    lines.push(`# HELP ${name} ${escapeHelp(metric.descriptor.description)}`);
  }
  switch (metric.dataPointType) {
    case DataPointType.SUM:
    case DataPointType.GAUGE: {
      const counter = metric.dataPointType === DataPointType.SUM && metric.isMonotonic;
      lines.push(`# TYPE ${name} ${counter ? 'counter' : 'gauge'}`);
      for (const point of metric.dataPoints) {
        lines.push(`${name}${labels(point.attributes)} ${formatValue(point.value)}`);
      }
      return;
    }
    case DataPointType.HISTOGRAM: {
      lines.push(`# TYPE ${name} histogram`);
      for (const point of metric.dataPoints) {
        const { boundaries, counts } = point.value.buckets;
        let cumulative = 0;
        boundaries.forEach((boundary, i) => {
          cumulative += counts[i] ?? 0;
          lines.push(
            `${name}_bucket${labels(point.attributes, ['le', formatValue(boundary)])} ${cumulative}`,
          );
        });
        lines.push(
          `${name}_bucket${labels(point.attributes, ['le', '+Inf'])} ${point.value.count}`,
        );
        lines.push(`${name}_sum${labels(point.attributes)} ${formatValue(point.value.sum ?? 0)}`);
        lines.push(`${name}_count${labels(point.attributes)} ${point.value.count}`);
      }
      return;
    }
    default:
      // Exponential histograms are not used by the receiver.
      return;
  }
}

export function toPrometheusText(resourceMetrics: ResourceMetrics): string {
  const lines: string[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) render(metric, lines);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
