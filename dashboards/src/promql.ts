// PromQL text for the contract's metrics. Every metric and label name goes through the contract
// here, so a dashboard that names something the contract lacks fails to generate; the tests then
// check the generated JSON again, independently, with a real PromQL parser.
import { contract, prometheusLabelName, type MetricDef } from './contract.js';
import { FILTERS, type FilterName, type Scope } from './filters.js';

const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const;

export type MatchOp = '=' | '!=' | '=~' | '!~';
/** A label matcher value: a plain string means equality. */
export type Matcher = string | { readonly op: MatchOp; readonly value: string };
export type Matchers = Readonly<Record<string, Matcher>>;

/** The contract metric behind a series name (`x_bucket` → histogram `x`). */
export function metricOfSeries(series: string): MetricDef {
  const direct = contract.metrics.get(series);
  if (direct) return direct;
  for (const suffix of HISTOGRAM_SUFFIXES) {
    if (!series.endsWith(suffix)) continue;
    const base = contract.metrics.get(series.slice(0, -suffix.length));
    if (base?.type === 'histogram') return base;
  }
  throw new Error(`${series} is not a series of a metric in contract/telemetry.yaml`);
}

/** Prometheus label names of a series: the contract's labels, plus `le` on histogram buckets. */
export function labelsOfSeries(series: string): ReadonlySet<string> {
  const labels = new Set(metricOfSeries(series).labels.map(prometheusLabelName));
  if (series.endsWith('_bucket')) labels.add('le');
  return labels;
}

function quote(value: string): string {
  return JSON.stringify(value);
}

function renderMatcher(label: string, matcher: Matcher): string {
  return typeof matcher === 'string'
    ? `${label}=${quote(matcher)}`
    : `${label}${matcher.op}${quote(matcher.value)}`;
}

/** Builds the PromQL of one dashboard's scope: its filters and pinned labels. */
export class PromQl {
  constructor(private readonly scope: Scope) {}

  /**
   * The same scope minus some filters: for ratios of two metrics of which only one carries the
   * filtered label (the ratio must not divide a filtered figure by an unfiltered one).
   */
  without(...filters: readonly FilterName[]): PromQl {
    return new PromQl({
      ...this.scope,
      filters: this.scope.filters.filter((f) => !filters.includes(f)),
    });
  }

  /** The same scope with no pinned labels (e.g. for metrics that have no stream type). */
  unpinned(): PromQl {
    return new PromQl({ filters: this.scope.filters });
  }

  /** `series{filters, pinned, extra}`; throws on a label the series does not carry. */
  select(series: string, extra: Matchers = {}): string {
    const labels = labelsOfSeries(series);
    const matchers = new Map<string, Matcher>();
    for (const name of this.scope.filters) {
      const filter = FILTERS[name];
      if (labels.has(filter.label))
        matchers.set(filter.label, { op: '=~', value: `$${filter.variable}` });
    }
    for (const [label, value] of Object.entries(this.scope.fixed ?? {})) {
      if (labels.has(label)) matchers.set(label, value);
    }
    for (const [label, value] of Object.entries(extra)) {
      if (!labels.has(label)) throw new Error(`${series} has no label ${label} in the contract`);
      matchers.set(label, value);
    }
    const body = [...matchers].map(([label, m]) => renderMatcher(label, m)).join(', ');
    return body === '' ? series : `${series}{${body}}`;
  }

  /** Per-second rate over Grafana's rate interval. */
  rate(series: string, extra: Matchers = {}): string {
    return `rate(${this.select(series, extra)}[$__rate_interval])`;
  }

  /** Increase over the dashboard's whole time range (for totals in stats and tables). */
  increase(series: string, extra: Matchers = {}): string {
    return `increase(${this.select(series, extra)}[$__range])`;
  }

  /** `sum by (labels) (inner)`; the labels are checked against every series named in `inner`. */
  sum(inner: string, by: readonly string[] = []): string {
    return by.length === 0 ? `sum(${inner})` : `sum by (${by.join(', ')}) (${inner})`;
  }

  sumRate(series: string, by: readonly string[] = [], extra: Matchers = {}): string {
    this.checkGrouping(series, by);
    return this.sum(this.rate(series, extra), by);
  }

  sumIncrease(series: string, by: readonly string[] = [], extra: Matchers = {}): string {
    this.checkGrouping(series, by);
    return this.sum(this.increase(series, extra), by);
  }

  /** A quantile of a classic histogram, aggregated over everything but `by`. */
  quantile(q: number, histogram: string, by: readonly string[] = [], extra: Matchers = {}): string {
    const bucket = `${histogram}_bucket`;
    return `histogram_quantile(${q}, ${this.sumRate(bucket, ['le', ...by], extra)})`;
  }

  /** Mean of a histogram's observations: rate of the sum / rate of the count. */
  mean(histogram: string, by: readonly string[] = [], extra: Matchers = {}): string {
    return `${this.sumRate(`${histogram}_sum`, by, extra)} / ${this.sumRate(`${histogram}_count`, by, extra)}`;
  }

  /** Same as `mean`, over the whole time range. */
  meanOverRange(histogram: string, by: readonly string[] = [], extra: Matchers = {}): string {
    return `${this.sumIncrease(`${histogram}_sum`, by, extra)} / ${this.sumIncrease(`${histogram}_count`, by, extra)}`;
  }

  private checkGrouping(series: string, by: readonly string[]): void {
    const labels = labelsOfSeries(series);
    for (const label of by) {
      if (!labels.has(label)) throw new Error(`${series} has no label ${label} to group by`);
    }
  }
}

/**
 * numerator / denominator that shows 0, not "no data", while the numerator has no series yet (no
 * fatal error, no stall so far). Both sides must be grouped by the same labels.
 */
export function ratio(numerator: string, denominator: string): string {
  return `(${numerator} or ${denominator} * 0) / ${denominator}`;
}

/** Rebuffer time / (watch time + rebuffer time) (contract, S3), 0 while nothing stalled. */
export function rebufferRatio(stallTime: string, watchTime: string): string {
  const stalled = `(${stallTime} or ${watchTime} * 0)`;
  return `${stalled} / (${watchTime} + ${stalled})`;
}
