// Every series a dashboard may read from Mimir, with its labels: the contract's metrics, the
// recording rules of mimir/rules/**, the receiver's self-metrics (from the real SelfTelemetry
// class) and Alloy's otelcol metrics.
import { prometheusLabelName, prometheusSeriesNames, type Contract } from '../contract.js';
import { ALLOY_METRICS } from '../pipeline-metrics.js';
import type { SeriesCatalogue } from './promql.js';
import { outputLabels, readRecordingRules } from './recording-rules.js';

/** The contract's series: histograms as _bucket (with le), _sum and _count. */
export function contractSeries(contract: Contract): Map<string, Set<string>> {
  const series = new Map<string, Set<string>>();
  for (const metric of contract.metrics.values()) {
    const labels = metric.labels.map(prometheusLabelName);
    for (const name of prometheusSeriesNames(metric)) {
      series.set(name, new Set(name.endsWith('_bucket') ? [...labels, 'le'] : labels));
    }
  }
  return series;
}

/** Recording rules under `rulesDir`, their output labels derived from their expressions. */
export function recordedSeries(
  rulesDir: string,
  sources: SeriesCatalogue,
): Map<string, Set<string>> {
  const series = new Map<string, Set<string>>();
  for (const rule of readRecordingRules(rulesDir))
    series.set(rule.record, outputLabels(rule, sources));
  return series;
}

export function alloySeries(): Map<string, Set<string>> {
  return new Map(Object.entries(ALLOY_METRICS).map(([name, labels]) => [name, new Set(labels)]));
}

/** Series of Prometheus text exposition: name → labels seen (histograms: le on _bucket). */
export function exposedSeries(exposition: string): Map<string, Set<string>> {
  const series = new Map<string, Set<string>>();
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? /.exec(line);
    if (!match?.[1]) continue;
    const labels = series.get(match[1]) ?? new Set<string>();
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) {
      if (pair[1]) labels.add(pair[1]);
    }
    series.set(match[1], labels);
  }
  return series;
}

export function mergeCatalogues(
  ...parts: ReadonlyMap<string, ReadonlySet<string>>[]
): SeriesCatalogue {
  const merged = new Map<string, ReadonlySet<string>>();
  for (const part of parts) for (const [name, labels] of part) merged.set(name, labels);
  return merged;
}
