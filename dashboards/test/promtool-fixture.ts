// Synthetic Mimir content for `promtool test rules`: every series the dashboards may read (contract
// metrics, recording rules, receiver and Alloy metrics), with label values that the dashboards'
// pinned matchers select, as growing counters sampled every minute.
import type { SeriesCatalogue } from '../src/check/promql.js';
import { contract } from './helpers.js';

/** Values per label; several where a dashboard pins one value and divides by all of them. */
const LABEL_VALUES: Record<string, readonly string[]> = {
  video_player_name: ['hlsjs'],
  video_device_type: ['desktop'],
  video_stream_type: ['vod', 'live'],
  video_content_id: ['c1'],
  geo_country_iso_code: ['DE'],
  openqoe_event_name: ['video.heartbeat', 'video.view_start'],
  video_view_end_reason: ['fatal_error', 'ended'],
  video_view_exit_before_start: ['false'],
  error_type: ['network'],
  video_error_code: ['e1'],
  video_error_severity: ['fatal', 'recovered'],
  video_error_before_start: ['false'],
  video_error_user_caused: ['false'],
  video_quality_direction: ['up', 'down'],
  outcome: ['accepted', 'rejected'],
  reason: ['none', 'auth'],
};

function valuesOf(label: string): readonly string[] {
  return LABEL_VALUES[label] ?? ['x'];
}

function combinations(labels: readonly string[]): Record<string, string>[] {
  let sets: Record<string, string>[] = [{}];
  for (const label of labels) {
    sets = sets.flatMap((set) => valuesOf(label).map((value) => ({ ...set, [label]: value })));
  }
  return sets;
}

function seriesText(name: string, labels: Record<string, string>): string {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  return `${name}{${body}}`;
}

export interface InputSeries {
  series: string;
  values: string;
}

/** Buckets of a contract histogram (plus +Inf), or a few for other histograms. */
function bucketsOf(bucketSeries: string): string[] {
  const metric = contract.metrics.get(bucketSeries.replace(/_bucket$/, ''));
  const bounds = metric?.buckets ?? [0.1, 1, 10];
  return [...bounds.map(String), '+Inf'];
}

/** Input series for every series of the catalogue, over `minutes` minutes. */
export function inputSeries(catalogue: SeriesCatalogue, minutes: number): InputSeries[] {
  const out: InputSeries[] = [];
  for (const [name, labelSet] of catalogue) {
    const labels = [...labelSet].filter((l) => l !== 'le');
    for (const set of combinations(labels)) {
      if (labelSet.has('le')) {
        // Cumulative buckets: the k-th bound counts (k+1) observations per minute.
        bucketsOf(name).forEach((le, k) => {
          out.push({ series: seriesText(name, { ...set, le }), values: `0+${k + 1}x${minutes}` });
        });
      } else {
        out.push({ series: seriesText(name, set), values: `1+1x${minutes}` });
      }
    }
  }
  return out;
}
