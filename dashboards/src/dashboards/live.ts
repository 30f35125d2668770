// Live streaming: concurrent viewers (from heartbeats), join time, stalls, failures, bitrate and
// latency behind the live edge. Metric panels are pinned to video_stream_type="live".
import { alertSignalsRow } from '../alert-signals.js';
import { assemble } from '../assemble.js';
import { explain } from '../explain.js';
import { heatmap, stat, table, timeSeries } from '../panels.js';
import { PromQl, ratio, rebufferRatio } from '../promql.js';
import { prom } from '../queries.js';
import { THRESHOLDS } from '../thresholds.js';
import { UNIT } from '../units.js';
import { dataSourceVariables, filterVariable } from '../variables.js';

export const LIVE_UID = 'openqoe-live';

/** Seconds between two heartbeats of a playing view (video.heartbeat, S7). */
const HEARTBEAT_INTERVAL_SECONDS = 10;
/** Window of the instant viewer counts: several heartbeats and at least two samples of the counter. */
const VIEWERS_WINDOW = '2m';

export function liveDashboard() {
  const q = new PromQl({
    filters: ['player', 'device', 'content'],
    fixed: { video_stream_type: 'live' },
  });
  const qc = q.without('content');
  const qAny = qc.unpinned();
  const heartbeats = { openqoe_event_name: 'video.heartbeat' };
  // Each playing view sends one heartbeat every 10 s: heartbeats per second × 10 = views playing.
  const viewers = (by: readonly string[] = [], window = '$__rate_interval') =>
    `${q.sum(`rate(${q.select('openqoe_events_total', heartbeats)}[${window}])`, by)} * ${HEARTBEAT_INTERVAL_SECONDS}`;
  const stallTime = qc.sumRate('openqoe_rebuffer_duration_seconds_sum');
  const watchTime = qc.sumRate('openqoe_watch_time_seconds_total');
  const heartbeatNote = explain(
    'Concurrent viewers = live heartbeats per second × 10 (a playing view sends one every 10 s).',
    'openqoe_events_total',
  );

  return assemble({
    uid: LIVE_UID,
    title: 'OpenQoE / Live streaming',
    description:
      'Live audiences and their experience: concurrency, join time, stalls, failures, bitrate and live latency.',
    from: 'now-3h',
    variables: [
      ...dataSourceVariables({ metrics: true }),
      filterVariable('player'),
      filterVariable('device'),
      filterVariable('content'),
    ],
    rows: [
      {
        title: 'Audience',
        panels: [
          stat({
            title: 'Concurrent viewers',
            description: heartbeatNote,
            unit: UNIT.count,
            decimals: 0,
            sparkline: true,
            thresholds: THRESHOLDS.neutral(),
            queries: [prom(viewers([], VIEWERS_WINDOW), { instant: true })],
          }),
          stat({
            title: 'Peak concurrent viewers',
            description: `Highest concurrency in the time range (2-minute windows, checked every minute). ${heartbeatNote}`,
            unit: UNIT.count,
            decimals: 0,
            thresholds: THRESHOLDS.neutral(),
            queries: [
              prom(`max_over_time((${viewers([], VIEWERS_WINDOW)})[$__range:1m])`, {
                instant: true,
              }),
            ],
          }),
          stat({
            title: 'Join time P95',
            description: explain(
              '95th percentile of live join time (play intent → first frame) over the time range.',
              'openqoe_video_startup_seconds',
            ),
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.startupSeconds(),
            queries: [
              prom(
                `histogram_quantile(0.95, ${q.sumIncrease('openqoe_video_startup_seconds_bucket', ['le'])})`,
                { instant: true },
              ),
            ],
          }),
          stat({
            title: 'Playback failure rate',
            description: explain(
              'Live views that ended on a fatal error / all ended live views, over the time range.',
              'openqoe_views_ended_total',
            ),
            unit: UNIT.ratio,
            decimals: 2,
            thresholds: THRESHOLDS.failureRatio(),
            queries: [
              prom(
                ratio(
                  qc.sumIncrease('openqoe_views_ended_total', [], {
                    video_view_end_reason: 'fatal_error',
                  }),
                  qc.sumIncrease('openqoe_views_ended_total'),
                ),
                { instant: true },
              ),
            ],
          }),
          timeSeries({
            title: 'Concurrent viewers over time',
            description: heartbeatNote,
            unit: UNIT.count,
            width: 12,
            queries: [prom(viewers(), { legend: 'viewers' })],
          }),
          timeSeries({
            title: 'Concurrent viewers by device',
            description: heartbeatNote,
            unit: UNIT.count,
            stacked: true,
            queries: [prom(viewers(['video_device_type']), { legend: '{{video_device_type}}' })],
          }),
          table({
            title: 'Live views by country',
            description: explain(
              'Live views started per viewer country over the time range (the heartbeat counter has no country label, so this counts views, not concurrency).',
              'openqoe_views_started_total',
            ),
            unit: UNIT.count,
            queries: [
              prom(
                `sort_desc(${q.sumIncrease('openqoe_views_started_total', ['geo_country_iso_code'])})`,
                {
                  instant: true,
                  format: 'table',
                },
              ),
            ],
          }),
          timeSeries({
            title: 'Live views started per minute',
            description: explain(
              'Live views started per minute, by player.',
              'openqoe_views_started_total',
            ),
            unit: UNIT.perMinute,
            stacked: true,
            queries: [
              prom(`${q.sumRate('openqoe_views_started_total', ['video_player_name'])} * 60`, {
                legend: '{{video_player_name}}',
              }),
            ],
          }),
        ],
      },
      {
        title: 'Experience',
        panels: [
          timeSeries({
            title: 'Join time P50 / P95',
            description: explain(
              'Live join time (play intent → first frame); exemplars open example views.',
              'openqoe_video_startup_seconds',
            ),
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.startupSeconds(),
            showThresholds: true,
            queries: [
              prom(q.quantile(0.5, 'openqoe_video_startup_seconds'), {
                legend: 'P50',
                exemplars: true,
              }),
              prom(q.quantile(0.95, 'openqoe_video_startup_seconds'), {
                legend: 'P95',
                exemplars: true,
              }),
            ],
          }),
          timeSeries({
            title: 'Rebuffer ratio',
            description: explain(
              'Rebuffer time / (watch time + rebuffer time) of live views. Watch time is counted when a view ends, so long live views report late.',
              'openqoe_rebuffer_duration_seconds',
              'openqoe_watch_time_seconds_total',
            ),
            unit: UNIT.ratio,
            thresholds: THRESHOLDS.rebufferRatio(),
            showThresholds: true,
            queries: [prom(rebufferRatio(stallTime, watchTime), { legend: 'rebuffer ratio' })],
          }),
          timeSeries({
            title: 'Fatal error rate',
            description: explain(
              'Share of ended live views that ended on a fatal error, over time (errors by type are on the VOD dashboard: the error counter has no stream type).',
              'openqoe_views_ended_total',
            ),
            unit: UNIT.ratio,
            thresholds: THRESHOLDS.failureRatio(),
            showThresholds: true,
            queries: [
              prom(
                ratio(
                  qc.sumRate('openqoe_views_ended_total', [], {
                    video_view_end_reason: 'fatal_error',
                  }),
                  qc.sumRate('openqoe_views_ended_total'),
                ),
                { legend: 'fatal' },
              ),
            ],
          }),
          timeSeries({
            title: 'Exits before start',
            description: explain(
              'Live views abandoned before the first frame / live views started.',
              'openqoe_exits_before_start_total',
              'openqoe_views_started_total',
            ),
            unit: UNIT.ratio,
            thresholds: THRESHOLDS.failureRatio(),
            queries: [
              prom(
                ratio(
                  qc.sumRate('openqoe_exits_before_start_total'),
                  qc.sumRate('openqoe_views_started_total'),
                ),
                {
                  legend: 'exits before start',
                },
              ),
            ],
          }),
          heatmap({
            title: 'Bitrate distribution',
            description: explain(
              'Per-view rendered bitrate of live views by bucket over time.',
              'openqoe_bitrate_bps',
            ),
            unit: UNIT.count,
            bucketUnit: UNIT.bitsPerSecond,
            queries: [
              prom(qc.sumRate('openqoe_bitrate_bps_bucket', ['le']), {
                format: 'heatmap',
                legend: '{{le}}',
              }),
            ],
          }),
          timeSeries({
            title: 'Live latency P50 / P95',
            description: explain(
              'Distance from the live edge reported by heartbeats. Values flagged as estimated rely on a client clock (see video.live.latency_estimated in the events).',
              'openqoe_live_latency_seconds',
            ),
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.liveLatencySeconds(),
            showThresholds: true,
            queries: [
              prom(qAny.quantile(0.5, 'openqoe_live_latency_seconds'), {
                legend: 'P50',
                exemplars: true,
              }),
              prom(qAny.quantile(0.95, 'openqoe_live_latency_seconds'), {
                legend: 'P95',
                exemplars: true,
              }),
            ],
          }),
          heatmap({
            title: 'Live latency distribution',
            description: explain(
              'Live latency of heartbeats by bucket over time; exemplars open example views.',
              'openqoe_live_latency_seconds',
            ),
            unit: UNIT.count,
            bucketUnit: UNIT.seconds,
            queries: [
              prom(qAny.sumRate('openqoe_live_latency_seconds_bucket', ['le']), {
                format: 'heatmap',
                legend: '{{le}}',
                exemplars: true,
              }),
            ],
          }),
        ],
      },
      alertSignalsRow([
        {
          title: 'Live join time P95 (alerted)',
          description: '95th percentile of the startup time of live views, per player.',
          unit: UNIT.seconds,
          alerts: ['LiveJoinTimeHigh'],
          legend: '{{video_player_name}}',
        },
      ]),
    ],
  });
}
