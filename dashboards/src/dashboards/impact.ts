// Impact explorer: what quality costs in engagement and money. Watch time, views vs completions,
// completion by content and device, quality beside engagement, best and worst content, and a
// revenue estimate from a configurable revenue per watch hour.
import { assemble } from '../assemble.js';
import { explain } from '../explain.js';
import { barGauge, pieChart, stat, table, timeSeries } from '../panels.js';
import { PromQl, ratio, rebufferRatio } from '../promql.js';
import { prom } from '../queries.js';
import { THRESHOLDS } from '../thresholds.js';
import { UNIT } from '../units.js';
import { dataSourceVariables, filterVariable, textVariable } from '../variables.js';

export const IMPACT_UID = 'openqoe-impact';

/** Views a content needs in the time range before it may appear among the worst. */
const MIN_VIEWS_FOR_RANKING = 10;

export function impactDashboard() {
  const q = new PromQl({ filters: ['player', 'device', 'stream', 'content'] });
  const qc = q.without('content');
  const watchSeconds = q.sumIncrease('openqoe_watch_time_seconds_total');
  const revenueNote =
    'Revenue per watch hour is the dashboard variable "Revenue per watch hour" (type your own figure, e.g. ad revenue per hour watched).';

  return assemble({
    uid: IMPACT_UID,
    title: 'OpenQoE / Impact explorer',
    description:
      'What quality of experience costs: engagement and an estimate of revenue, by content, device and player.',
    from: 'now-7d',
    variables: [
      ...dataSourceVariables({ metrics: true }),
      filterVariable('player'),
      filterVariable('device'),
      filterVariable('stream'),
      filterVariable('content'),
      textVariable(
        'revenue_per_hour',
        'Revenue per watch hour',
        'Your revenue per hour watched (ads, subscriptions share), in your currency; used by the revenue panels.',
        '0.10',
      ),
    ],
    rows: [
      {
        title: 'Engagement',
        panels: [
          stat({
            title: 'Watch time',
            description: explain(
              'Time spent playing in views that ended in the time range.',
              'openqoe_watch_time_seconds_total',
            ),
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.neutral(),
            queries: [prom(watchSeconds, { instant: true })],
          }),
          stat({
            title: 'Estimated revenue',
            description: explain(
              `Watch hours × revenue per watch hour. ${revenueNote}`,
              'openqoe_watch_time_seconds_total',
            ),
            unit: UNIT.currency,
            thresholds: THRESHOLDS.neutral(),
            queries: [prom(`${watchSeconds} / 3600 * $revenue_per_hour`, { instant: true })],
          }),
          stat({
            title: 'Revenue lost to stalls',
            description: explain(
              `Hours viewers spent stalled × revenue per watch hour: time that could have been watched. ${revenueNote} Not split by content.`,
              'openqoe_rebuffer_duration_seconds',
            ),
            unit: UNIT.currency,
            thresholds: THRESHOLDS.neutral(),
            queries: [
              prom(
                `${qc.sumIncrease('openqoe_rebuffer_duration_seconds_sum')} / 3600 * $revenue_per_hour`,
                { instant: true },
              ),
            ],
          }),
          stat({
            title: 'Average watch time per view',
            description: explain(
              'Watch time / views ended. Not split by content (views ended has no content label).',
              'openqoe_watch_time_seconds_total',
              'openqoe_views_ended_total',
            ),
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.neutral(),
            queries: [
              prom(
                `${qc.sumIncrease('openqoe_watch_time_seconds_total')} / ${qc.sumIncrease('openqoe_views_ended_total')}`,
                {
                  instant: true,
                },
              ),
            ],
          }),
          timeSeries({
            title: 'Watch hours per hour',
            description: explain(
              'Watch seconds per second (= watch hours per hour, roughly the average audience), by stream type.',
              'openqoe_watch_time_seconds_total',
            ),
            unit: UNIT.none,
            stacked: true,
            queries: [
              prom(q.sumRate('openqoe_watch_time_seconds_total', ['video_stream_type']), {
                legend: '{{video_stream_type}}',
              }),
            ],
          }),
          timeSeries({
            title: 'Sessions vs completions',
            description: explain(
              'Views started, views completed and exits before start per minute: the gaps are abandonment.',
              'openqoe_views_started_total',
              'openqoe_views_completed_total',
              'openqoe_exits_before_start_total',
            ),
            unit: UNIT.perMinute,
            queries: [
              prom(`${q.sumRate('openqoe_views_started_total')} * 60`, { legend: 'started' }),
              prom(`${q.sumRate('openqoe_views_completed_total')} * 60`, { legend: 'completed' }),
              prom(`${qc.sumRate('openqoe_exits_before_start_total')} * 60`, {
                legend: 'exited before start',
              }),
            ],
          }),
          pieChart({
            title: 'Watch time by device',
            description: explain(
              'Share of watch time per device class over the time range.',
              'openqoe_watch_time_seconds_total',
            ),
            unit: UNIT.seconds,
            queries: [
              prom(q.sumIncrease('openqoe_watch_time_seconds_total', ['video_device_type']), {
                instant: true,
                legend: '{{video_device_type}}',
              }),
            ],
          }),
          pieChart({
            title: 'Watch time by player',
            description: explain(
              'Share of watch time per player library over the time range.',
              'openqoe_watch_time_seconds_total',
            ),
            unit: UNIT.seconds,
            queries: [
              prom(q.sumIncrease('openqoe_watch_time_seconds_total', ['video_player_name']), {
                instant: true,
                legend: '{{video_player_name}}',
              }),
            ],
          }),
          stat({
            title: 'Failed views',
            description: explain(
              'Views that ended on a fatal error in the time range: lost sessions. Not split by content.',
              'openqoe_views_ended_total',
            ),
            unit: UNIT.count,
            width: 8,
            thresholds: THRESHOLDS.neutral(),
            queries: [
              prom(
                qc.sumIncrease('openqoe_views_ended_total', [], {
                  video_view_end_reason: 'fatal_error',
                }),
                { instant: true },
              ),
            ],
          }),
        ],
      },
      {
        title: 'Completion',
        panels: [
          barGauge({
            title: 'Completion rate by device',
            description: explain(
              'Views completed / views started per device class over the time range.',
              'openqoe_views_completed_total',
              'openqoe_views_started_total',
            ),
            unit: UNIT.ratio,
            min: 0,
            max: 1,
            thresholds: THRESHOLDS.completionRatio(),
            queries: [
              prom(
                ratio(
                  q.sumIncrease('openqoe_views_completed_total', ['video_device_type']),
                  q.sumIncrease('openqoe_views_started_total', ['video_device_type']),
                ),
                { instant: true, legend: '{{video_device_type}}' },
              ),
            ],
          }),
          table({
            title: 'Completion rate by video',
            description: explain(
              "Views completed / views started per content id, highest first (content ids beyond the receiver's cardinality limit appear as __other__).",
              'openqoe_views_completed_total',
              'openqoe_views_started_total',
            ),
            unit: UNIT.ratio,
            thresholds: THRESHOLDS.completionRatio(),
            queries: [
              prom(
                `sort_desc(${q.sumIncrease('openqoe_views_completed_total', ['video_content_id'])} / ${q.sumIncrease('openqoe_views_started_total', ['video_content_id'])})`,
                { instant: true, format: 'table' },
              ),
            ],
          }),
          table({
            title: 'Top content by watch time',
            description: explain(
              'The ten content ids watched longest in the time range.',
              'openqoe_watch_time_seconds_total',
            ),
            unit: UNIT.seconds,
            queries: [
              prom(
                `topk(10, ${q.sumIncrease('openqoe_watch_time_seconds_total', ['video_content_id'])})`,
                {
                  instant: true,
                  format: 'table',
                },
              ),
            ],
          }),
          table({
            title: 'Worst content by completion',
            description: explain(
              `The ten content ids with the lowest completion rate among those with at least ${MIN_VIEWS_FOR_RANKING} views in the time range.`,
              'openqoe_views_completed_total',
              'openqoe_views_started_total',
            ),
            unit: UNIT.ratio,
            thresholds: THRESHOLDS.completionRatio(),
            queries: [
              prom(
                `bottomk(10, ${q.sumIncrease('openqoe_views_completed_total', ['video_content_id'])} / (${q.sumIncrease('openqoe_views_started_total', ['video_content_id'])} >= ${MIN_VIEWS_FOR_RANKING}))`,
                { instant: true, format: 'table' },
              ),
            ],
          }),
        ],
      },
      {
        title: 'Quality vs engagement',
        panels: [
          timeSeries({
            title: 'Completion rate vs startup time',
            description: explain(
              'Completion rate (left axis) beside startup time P95 (right axis) over time: when startup slows, does completion fall?',
              'openqoe_views_completed_total',
              'openqoe_video_startup_seconds',
            ),
            unit: UNIT.ratio,
            width: 12,
            secondAxis: { refId: 'B', unit: UNIT.seconds },
            queries: [
              prom(
                ratio(
                  qc.sumRate('openqoe_views_completed_total'),
                  qc.sumRate('openqoe_views_started_total'),
                ),
                { legend: 'completion rate' },
              ),
              prom(qc.quantile(0.95, 'openqoe_video_startup_seconds'), { legend: 'startup P95' }),
            ],
          }),
          timeSeries({
            title: 'Completion rate vs rebuffer ratio',
            description: explain(
              'Completion rate beside rebuffer ratio over time: stalls drive viewers away.',
              'openqoe_views_completed_total',
              'openqoe_rebuffer_duration_seconds',
            ),
            unit: UNIT.ratio,
            width: 12,
            queries: [
              prom(
                ratio(
                  qc.sumRate('openqoe_views_completed_total'),
                  qc.sumRate('openqoe_views_started_total'),
                ),
                {
                  legend: 'completion rate',
                },
              ),
              prom(
                rebufferRatio(
                  qc.sumRate('openqoe_rebuffer_duration_seconds_sum'),
                  qc.sumRate('openqoe_watch_time_seconds_total'),
                ),
                { legend: 'rebuffer ratio' },
              ),
            ],
          }),
          table({
            title: 'Quality and engagement by device',
            description: explain(
              'Per device class over the time range: completion rate, startup P95 (s) and rebuffer ratio side by side, to see where quality and engagement move together.',
              'openqoe_views_completed_total',
              'openqoe_video_startup_seconds',
              'openqoe_rebuffer_duration_seconds',
            ),
            unit: UNIT.none,
            width: 24,
            transformations: [{ id: 'merge', options: {} }],
            queries: [
              prom(
                ratio(
                  qc.sumIncrease('openqoe_views_completed_total', ['video_device_type']),
                  qc.sumIncrease('openqoe_views_started_total', ['video_device_type']),
                ),
                { instant: true, format: 'table', legend: 'completion rate' },
              ),
              prom(
                `histogram_quantile(0.95, ${qc.sumIncrease('openqoe_video_startup_seconds_bucket', ['le', 'video_device_type'])})`,
                {
                  instant: true,
                  format: 'table',
                  legend: 'startup P95',
                },
              ),
              prom(
                rebufferRatio(
                  qc.sumIncrease('openqoe_rebuffer_duration_seconds_sum', ['video_device_type']),
                  qc.sumIncrease('openqoe_watch_time_seconds_total', ['video_device_type']),
                ),
                { instant: true, format: 'table', legend: 'rebuffer ratio' },
              ),
            ],
          }),
        ],
      },
    ],
  });
}
