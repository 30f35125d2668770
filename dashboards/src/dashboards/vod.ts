// VOD monitoring: audience, startup, rebuffering, errors, picture quality and engagement of
// on-demand views. Every metric panel is pinned to video_stream_type="vod" where the metric has it.
import { alertSignalsRow } from '../alert-signals.js';
import { assemble } from '../assemble.js';
import { explain } from '../explain.js';
import { countEventsBy, eventLogs } from '../logql.js';
import { barGauge, heatmap, logs, pieChart, stat, table, timeSeries } from '../panels.js';
import { PromQl, ratio, rebufferRatio } from '../promql.js';
import { loki, prom } from '../queries.js';
import { THRESHOLDS } from '../thresholds.js';
import { UNIT } from '../units.js';
import { dataSourceVariables, filterVariable } from '../variables.js';

export const VOD_UID = 'openqoe-vod';

export function vodDashboard() {
  const q = new PromQl({
    filters: ['player', 'device', 'content'],
    fixed: { video_stream_type: 'vod' },
  });
  // Ratios whose metrics do not all carry the content id (or the stream type) use these, so both
  // sides of the division are filtered alike.
  const qc = q.without('content');
  const qAny = qc.unpinned();
  // Player events in Loki carry the view's player, stream type and content (the contract's
  // common attributes) and the device type (a resource attribute): filtered like the metrics.
  const deviceFilter = [
    { attribute: 'video.device.type', op: '=~', value: '$device' },
    { attribute: 'video.player.name', op: '=~', value: '$player' },
    { attribute: 'video.content.id', op: '=~', value: '$content' },
    { attribute: 'video.stream.type', op: '=', value: 'vod' },
  ] as const;
  const watchRate = qc.sumRate('openqoe_watch_time_seconds_total');
  const stallTimeRate = qc.sumRate('openqoe_rebuffer_duration_seconds_sum');

  return assemble({
    uid: VOD_UID,
    title: 'OpenQoE / VOD monitoring',
    description:
      'Quality of experience of video-on-demand views: startup, stalls, errors, picture quality and engagement.',
    variables: [
      ...dataSourceVariables({ metrics: true, logs: true }),
      filterVariable('player'),
      filterVariable('device'),
      filterVariable('content'),
    ],
    rows: [
      {
        title: 'Audience',
        panels: [
          stat({
            title: 'Views started',
            description: explain(
              'VOD views started in the time range (play intent).',
              'openqoe_views_started_total',
            ),
            unit: UNIT.count,
            thresholds: THRESHOLDS.neutral(),
            queries: [prom(q.sumIncrease('openqoe_views_started_total'), { instant: true })],
          }),
          stat({
            title: 'Completion rate',
            description: explain(
              'Views that played to the end / views started, over the time range. Low values point at content or quality problems.',
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
                  q.sumIncrease('openqoe_views_completed_total'),
                  q.sumIncrease('openqoe_views_started_total'),
                ),
                { instant: true },
              ),
            ],
          }),
          stat({
            title: 'Mean share of content watched',
            description: explain(
              'Average furthest position / content duration of ended VOD views (1 = watched to the end).',
              'openqoe_completion_rate',
            ),
            unit: UNIT.ratio,
            min: 0,
            max: 1,
            thresholds: THRESHOLDS.completionRatio(),
            queries: [prom(q.meanOverRange('openqoe_completion_rate'), { instant: true })],
          }),
          stat({
            title: 'Watch time',
            description: explain(
              'Time spent playing in ended VOD views over the time range.',
              'openqoe_watch_time_seconds_total',
            ),
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.neutral(),
            queries: [prom(q.sumIncrease('openqoe_watch_time_seconds_total'), { instant: true })],
          }),
          timeSeries({
            title: 'Views per minute',
            description: explain(
              'VOD views started per minute, by player.',
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
          pieChart({
            title: 'Views by device',
            description: explain(
              'Share of VOD views started per device class over the time range.',
              'openqoe_views_started_total',
            ),
            unit: UNIT.count,
            width: 6,
            queries: [
              prom(q.sumIncrease('openqoe_views_started_total', ['video_device_type']), {
                instant: true,
                legend: '{{video_device_type}}',
              }),
            ],
          }),
          pieChart({
            title: 'Views by end reason',
            description: explain(
              'How VOD views ended over the time range: ended (played out), source change, page hidden, fatal error, ...',
              'openqoe_views_ended_total',
            ),
            unit: UNIT.count,
            width: 6,
            queries: [
              prom(q.sumIncrease('openqoe_views_ended_total', ['video_view_end_reason']), {
                instant: true,
                legend: '{{video_view_end_reason}}',
              }),
            ],
          }),
        ],
      },
      {
        title: 'Startup',
        panels: [
          timeSeries({
            title: 'Video startup time P50 / P95 / P99',
            description: explain(
              'Play intent → first rendered frame, percentiles over all VOD views. Exemplar dots open the trace of a view that fell in that bucket.',
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
              prom(q.quantile(0.99, 'openqoe_video_startup_seconds'), {
                legend: 'P99',
                exemplars: true,
              }),
            ],
          }),
          heatmap({
            title: 'Video startup time distribution',
            description: explain(
              'Startup times per histogram bucket over time; exemplars (dots) link each bucket to example views in Tempo.',
              'openqoe_video_startup_seconds',
            ),
            unit: UNIT.count,
            bucketUnit: UNIT.seconds,
            queries: [
              prom(q.sumRate('openqoe_video_startup_seconds_bucket', ['le']), {
                format: 'heatmap',
                legend: '{{le}}',
                exemplars: true,
              }),
            ],
          }),
          timeSeries({
            title: 'Startup time P95 by device',
            description: explain(
              '95th percentile of video startup time per device class.',
              'openqoe_video_startup_seconds',
            ),
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.startupSeconds(),
            queries: [
              prom(q.quantile(0.95, 'openqoe_video_startup_seconds', ['video_device_type']), {
                legend: '{{video_device_type}}',
                exemplars: true,
              }),
            ],
          }),
          timeSeries({
            title: 'Exits before video start',
            description: explain(
              'Share of VOD views whose viewer left before the first frame (EBVS): exits / views started. Often a bigger problem than slow starts.',
              'openqoe_exits_before_start_total',
              'openqoe_views_started_total',
            ),
            unit: UNIT.ratio,
            thresholds: THRESHOLDS.failureRatio(),
            showThresholds: true,
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
          timeSeries({
            title: 'Player startup time P95 by player',
            description: explain(
              'SDK attach → player ready, 95th percentile per player library (page and player load, not video startup).',
              'openqoe_player_startup_seconds',
            ),
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.playerStartupSeconds(),
            queries: [
              prom(q.quantile(0.95, 'openqoe_player_startup_seconds', ['video_player_name']), {
                legend: '{{video_player_name}}',
              }),
            ],
          }),
        ],
      },
      {
        title: 'Rebuffering',
        panels: [
          stat({
            title: 'Rebuffer ratio',
            description: explain(
              'Rebuffer time / (watch time + rebuffer time) over the time range. Above 1 % viewers notice; above 3 % they leave.',
              'openqoe_rebuffer_duration_seconds',
              'openqoe_watch_time_seconds_total',
            ),
            unit: UNIT.ratio,
            decimals: 2,
            thresholds: THRESHOLDS.rebufferRatio(),
            queries: [
              prom(
                rebufferRatio(
                  qc.sumIncrease('openqoe_rebuffer_duration_seconds_sum'),
                  qc.sumIncrease('openqoe_watch_time_seconds_total'),
                ),
                { instant: true },
              ),
            ],
          }),
          timeSeries({
            title: 'Rebuffer ratio over time',
            description: explain(
              'Rebuffer time / (watch time + rebuffer time) per rate interval. Watch time is counted when a view ends, so short windows lag.',
              'openqoe_rebuffer_duration_seconds',
              'openqoe_watch_time_seconds_total',
            ),
            unit: UNIT.ratio,
            width: 9,
            thresholds: THRESHOLDS.rebufferRatio(),
            showThresholds: true,
            queries: [
              prom(rebufferRatio(stallTimeRate, watchRate), {
                legend: 'rebuffer ratio',
              }),
            ],
          }),
          timeSeries({
            title: 'Rebuffer frequency',
            description: explain(
              'Stalls per minute of watch time (seeks and startup excluded).',
              'openqoe_rebuffer_events_total',
              'openqoe_watch_time_seconds_total',
            ),
            unit: UNIT.perMinute,
            width: 9,
            thresholds: THRESHOLDS.rebufferFrequency(),
            showThresholds: true,
            queries: [
              prom(`${qc.sumRate('openqoe_rebuffer_events_total')} / ${watchRate} * 60`, {
                legend: 'stalls per watch minute',
              }),
            ],
          }),
          timeSeries({
            title: 'Stall duration P50 / P95',
            description: explain(
              'How long each stall lasted, percentiles over all VOD stalls.',
              'openqoe_rebuffer_duration_seconds',
            ),
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.stallSeconds(),
            queries: [
              prom(q.quantile(0.5, 'openqoe_rebuffer_duration_seconds'), {
                legend: 'P50',
                exemplars: true,
              }),
              prom(q.quantile(0.95, 'openqoe_rebuffer_duration_seconds'), {
                legend: 'P95',
                exemplars: true,
              }),
            ],
          }),
          timeSeries({
            title: 'Stalls per view by player',
            description: explain(
              'Stalls / views started, per player library: compares how players cope with the same network.',
              'openqoe_rebuffer_events_total',
              'openqoe_views_started_total',
            ),
            unit: UNIT.none,
            queries: [
              prom(
                `${qc.sumRate('openqoe_rebuffer_events_total', ['video_player_name'])} / ${qc.sumRate('openqoe_views_started_total', ['video_player_name'])}`,
                { legend: '{{video_player_name}}' },
              ),
            ],
          }),
        ],
      },
      {
        title: 'Errors',
        panels: [
          stat({
            title: 'Playback failure rate',
            description: explain(
              'VOD views that ended on a fatal error / all ended VOD views, over the time range.',
              'openqoe_views_ended_total',
            ),
            unit: UNIT.ratio,
            decimals: 2,
            thresholds: THRESHOLDS.failureRatio(),
            queries: [
              prom(
                ratio(
                  q.sumIncrease('openqoe_views_ended_total', [], {
                    video_view_end_reason: 'fatal_error',
                  }),
                  q.sumIncrease('openqoe_views_ended_total'),
                ),
                { instant: true },
              ),
            ],
          }),
          timeSeries({
            title: 'Errors by type',
            description: explain(
              'Player errors per second by normalised error type, fatal and recovered; viewer-caused failures (entitlement, geo-block) left out.',
              'openqoe_errors_total',
            ),
            unit: UNIT.perSecond,
            width: 9,
            stacked: true,
            queries: [
              prom(
                q.sumRate('openqoe_errors_total', ['error_type'], {
                  video_error_user_caused: { op: '!=', value: 'true' },
                }),
                {
                  legend: '{{error_type}}',
                },
              ),
            ],
          }),
          pieChart({
            title: 'Fatal vs recovered errors',
            description: explain(
              'Errors over the time range by severity: fatal stopped playback, recovered did not.',
              'openqoe_errors_total',
            ),
            unit: UNIT.count,
            width: 9,
            queries: [
              prom(q.sumIncrease('openqoe_errors_total', ['video_error_severity']), {
                instant: true,
                legend: '{{video_error_severity}}',
              }),
            ],
          }),
          table({
            title: 'Top error codes',
            description: explain(
              'The ten most frequent player error codes over the time range, with their normalised type and whether they hit before the first frame.',
              'openqoe_errors_total',
            ),
            unit: UNIT.count,
            queries: [
              prom(
                `topk(10, ${q.sumIncrease('openqoe_errors_total', ['error_type', 'video_error_code', 'video_error_before_start'])})`,
                { instant: true, format: 'table' },
              ),
            ],
          }),
          logs({
            title: 'Recent player errors',
            description:
              "The latest video.error events from Loki (all views, VOD and live: the error record carries no stream type), with error type, code, message and the view's trace id. Filtered by device type.",
            width: 12,
            height: 8,
            queries: [loki(eventLogs('video.error', deviceFilter), { maxLines: 100 })],
          }),
        ],
      },
      {
        title: 'Picture quality',
        panels: [
          heatmap({
            title: 'Bitrate distribution',
            description: explain(
              'Per-view time-weighted rendered bitrate, by histogram bucket over time.',
              'openqoe_bitrate_bps',
            ),
            unit: UNIT.count,
            bucketUnit: UNIT.bitsPerSecond,
            queries: [
              prom(q.sumRate('openqoe_bitrate_bps_bucket', ['le']), {
                format: 'heatmap',
                legend: '{{le}}',
                exemplars: true,
              }),
            ],
          }),
          timeSeries({
            title: 'Average rendered bitrate by device',
            description: explain(
              'Mean of the per-view time-weighted rendered bitrate, per device class.',
              'openqoe_bitrate_bps',
            ),
            unit: UNIT.bitsPerSecond,
            thresholds: THRESHOLDS.bitrate(),
            queries: [
              prom(q.mean('openqoe_bitrate_bps', ['video_device_type']), {
                legend: '{{video_device_type}}',
              }),
            ],
          }),
          barGauge({
            title: 'Resolution distribution',
            description:
              'Share of playing time per rendered frame height: heartbeats (one every 10 s while playing) counted by video.quality.height, from Loki. No metric carries the resolution (cardinality), so this reads the player events. All stream types.',
            unit: UNIT.count,
            thresholds: THRESHOLDS.neutral(),
            queries: [
              loki(
                countEventsBy('video.heartbeat', 'video.quality.height', '$__range', [
                  ...deviceFilter,
                  { attribute: 'video.quality.height', op: '!=', value: '' },
                ]),
                {
                  instant: true,
                  legend: '{{video_quality_height}}p',
                },
              ),
            ],
          }),
          timeSeries({
            title: 'Dropped frames per watch minute',
            description: explain(
              'Frames the browser dropped (getVideoPlaybackQuality) per minute of watch time, by player. All stream types: the dropped-frame counter has no stream label.',
              'openqoe_dropped_frames_total',
              'openqoe_watch_time_seconds_total',
            ),
            unit: UNIT.perMinute,
            thresholds: THRESHOLDS.droppedFramesPerMinute(),
            queries: [
              prom(
                `${qAny.sumRate('openqoe_dropped_frames_total', ['video_player_name'])} / ${qAny.sumRate('openqoe_watch_time_seconds_total', ['video_player_name'])} * 60`,
                { legend: '{{video_player_name}}' },
              ),
            ],
          }),
          timeSeries({
            title: 'Rendition switches by direction',
            description: explain(
              'Rendered quality changes per second, up and down. Many down-switches mean the network cannot hold the ladder. All stream types.',
              'openqoe_quality_changes_total',
            ),
            unit: UNIT.perSecond,
            queries: [
              prom(q.sumRate('openqoe_quality_changes_total', ['video_quality_direction']), {
                legend: '{{video_quality_direction}}',
              }),
            ],
          }),
        ],
      },
      {
        title: 'Engagement',
        panels: [
          barGauge({
            title: 'Quartile funnel',
            description:
              'Views that reached 25 / 50 / 75 / 100 % of the content over the time range, from the video.quartile events in Loki (the events counter has no quartile label, so this is a Loki metric query over the log records).',
            unit: UNIT.count,
            thresholds: THRESHOLDS.neutral(),
            queries: [
              loki(
                countEventsBy('video.quartile', 'video.quartile.percent', '$__range', deviceFilter),
                {
                  instant: true,
                  legend: '{{video_quartile_percent}} %',
                },
              ),
            ],
          }),
          timeSeries({
            title: 'Views started vs completed',
            description: explain(
              'Views started and views played to the end per minute; the gap between the lines is abandonment.',
              'openqoe_views_started_total',
              'openqoe_views_completed_total',
            ),
            unit: UNIT.perMinute,
            queries: [
              prom(`${q.sumRate('openqoe_views_started_total')} * 60`, { legend: 'started' }),
              prom(`${q.sumRate('openqoe_views_completed_total')} * 60`, { legend: 'completed' }),
            ],
          }),
        ],
      },
      alertSignalsRow([
        {
          title: 'Startup time P95 (alerted)',
          description: '95th percentile of video startup time of non-live views, per player.',
          unit: UNIT.seconds,
          alerts: ['VideoStartupTimeWarning', 'VideoStartupTimeCritical'],
          legend: '{{video_player_name}} {{video_stream_type}}',
        },
        {
          title: 'Rebuffer ratio (alerted)',
          description: 'Stall time / watch time over 5 minutes, per player and stream type.',
          unit: UNIT.ratio,
          alerts: ['RebufferRatioWarning', 'RebufferRatioCritical'],
          legend: '{{video_player_name}} {{video_stream_type}}',
        },
        {
          title: 'Fatal errors per view (alerted)',
          description: 'Fatal player errors / views started over 5 minutes, per player.',
          unit: UNIT.ratio,
          alerts: ['PlaybackErrorRateHigh'],
          legend: '{{video_player_name}}',
        },
        {
          title: 'Network errors per view (alerted)',
          description:
            'Network errors (fatal or recovered) / views started over 5 minutes, per player.',
          unit: UNIT.ratio,
          alerts: ['NetworkErrorRateHigh'],
          legend: '{{video_player_name}}',
        },
        {
          title: 'Completion rate by video (alerted)',
          description: 'Views completed / views started over the last hour, per content id.',
          unit: UNIT.ratio,
          alerts: ['CompletionRateLow', 'CompletionRateCritical'],
          legend: '{{video_content_id}}',
        },
        {
          title: 'Exits before start (alerted)',
          description: 'Views abandoned before the first frame / views started over 5 minutes.',
          unit: UNIT.ratio,
          alerts: ['ExitsBeforeStartHigh'],
          legend: '{{video_player_name}} {{video_stream_type}}',
        },
      ]),
    ],
  });
}
