// Builds promtool input series exactly as Mimir will hold them: counters under their contract name,
// histograms as cumulative `_bucket{le=...}` series with the contract's buckets plus `_sum` and
// `_count`. Each series is described by what happens per minute (observations or increments), in
// segments, so a case reads as "60 views a minute for 40 minutes, then 15"; the cumulative values
// are written in promtool's expanding notation. Names, labels and enum values are checked against
// the contract, so a case cannot feed a series Mimir would never see.
import type { Contract, MetricDef } from '@openqoe/contract';
import { prometheusLabelName } from '@openqoe/contract';

export type Labels = Readonly<Record<string, string>>;

/** One promtool input series. */
export interface InputSeries {
  series: string;
  values: string;
}

/** `minutes` minutes during which `perMinute` happens every minute. */
export interface Segment<T> {
  minutes: number;
  perMinute: T;
}

/** Observed values and how many of each are observed per minute: [[0.6, 48], [2.5, 24]]. */
export type Observations = readonly (readonly [value: number, count: number])[];

function formatNumber(value: number): string {
  // Six decimals are more than any case needs and keep binary noise out of the file.
  return String(Number(value.toFixed(6)));
}

/** Cumulative values in expanding notation, starting at 0 at minute 0. */
export function expandingNotation(segments: readonly Segment<number>[]): string {
  if (segments.length === 0) throw new Error('a series needs at least one segment');
  const parts: string[] = [];
  let total = 0;
  segments.forEach((segment, index) => {
    if (!Number.isInteger(segment.minutes) || segment.minutes < 1) {
      throw new Error(`segment minutes must be a positive integer, got ${segment.minutes}`);
    }
    if (segment.perMinute < 0) throw new Error('a counter cannot decrease');
    const step = formatNumber(segment.perMinute);
    if (index === 0) {
      parts.push(`0+${step}x${segment.minutes}`);
    } else {
      parts.push(`${formatNumber(total + segment.perMinute)}+${step}x${segment.minutes - 1}`);
    }
    total += segment.perMinute * segment.minutes;
  });
  return parts.join(' ');
}

function seriesName(name: string, labels: Labels): string {
  const inner = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}="${value}"`)
    .join(',');
  return `${name}{${inner}}`;
}

export class SeriesFactory {
  constructor(private readonly contract: Contract) {}

  private metric(name: string, type: MetricDef['type']): MetricDef {
    const metric = this.contract.metrics.get(name);
    if (!metric) throw new Error(`${name} is not a metric of the contract`);
    if (metric.type !== type) throw new Error(`${name} is a ${metric.type}, not a ${type}`);
    return metric;
  }

  private checkLabels(metric: MetricDef, labels: Labels): void {
    const byLabel = new Map(metric.labels.map((a) => [prometheusLabelName(a), a]));
    for (const [label, value] of Object.entries(labels)) {
      const attributeName = byLabel.get(label);
      if (!attributeName) throw new Error(`${label} is not a label of ${metric.name}`);
      const attribute = this.contract.attributes.get(attributeName);
      const allowed =
        attribute?.type === 'boolean' ? ['true', 'false'] : attribute?.enum?.map(String);
      if (allowed && !allowed.includes(value)) {
        throw new Error(`${value} is not a value of ${label} (${allowed.join(', ')})`);
      }
    }
  }

  counter(name: string, labels: Labels, segments: readonly Segment<number>[]): InputSeries[] {
    const metric = this.metric(name, 'counter');
    this.checkLabels(metric, labels);
    return [{ series: seriesName(name, labels), values: expandingNotation(segments) }];
  }

  histogram(
    name: string,
    labels: Labels,
    segments: readonly Segment<Observations>[],
  ): InputSeries[] {
    const metric = this.metric(name, 'histogram');
    this.checkLabels(metric, labels);
    const bounds = [...(metric.buckets ?? []), Number.POSITIVE_INFINITY];
    const perSegment = (pick: (observations: Observations) => number): Segment<number>[] =>
      segments.map((s) => ({ minutes: s.minutes, perMinute: pick(s.perMinute) }));
    const out: InputSeries[] = bounds.map((bound) => ({
      series: seriesName(`${name}_bucket`, {
        ...labels,
        le: bound === Number.POSITIVE_INFINITY ? '+Inf' : String(bound),
      }),
      values: expandingNotation(
        perSegment((obs) => obs.filter(([v]) => v <= bound).reduce((n, [, c]) => n + c, 0)),
      ),
    }));
    out.push({
      series: seriesName(`${name}_sum`, labels),
      values: expandingNotation(perSegment((obs) => obs.reduce((s, [v, c]) => s + v * c, 0))),
    });
    out.push({
      series: seriesName(`${name}_count`, labels),
      values: expandingNotation(perSegment((obs) => obs.reduce((n, [, c]) => n + c, 0))),
    });
    return out;
  }
}
