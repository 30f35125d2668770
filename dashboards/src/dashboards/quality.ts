// Quality & delivery: startup, seeks, frames, buffer, bitrate, throughput and rendition switching,
// with CMCD values the players sent. CMCD values live on heartbeat log records and spans only (no
// metric carries them), so those panels are Loki metric queries or TraceQL searches.
import { alertSignalsRow } from '../alert-signals.js';
import { assemble } from '../assemble.js';
import { explain } from '../explain.js';
import { countEventsBy, eventValueQuantile, type FieldFilter } from '../logql.js';
import { barGauge, heatmap, pieChart, timeSeries, traceTable } from '../panels.js';
import { PromQl } from '../promql.js';
import { loki, prom } from '../queries.js';
import { THRESHOLDS } from '../thresholds.js';
import { field, spanNamed, spansWhere } from '../traceql.js';
import { UNIT } from '../units.js';
import { dataSourceVariables, filterVariable } from '../variables.js';
import { SESSION_LINK } from './links.js';

export const QUALITY_UID = 'openqoe-quality';

export function qualityDashboard() {
  const q = new PromQl({ filters: ['player', 'device', 'stream'] });
  const qAny = q.without('stream');
  // Player events in Loki carry the view's player and stream type (common attributes) and the
  // device type (a resource attribute): filtered like the metrics.
  const byDevice: readonly FieldFilter[] = [
    { attribute: 'video.device.type', op: '=~', value: '$device' },
    { attribute: 'video.player.name', op: '=~', value: '$player' },
    { attribute: 'video.stream.type', op: '=~', value: '$stream' },
  ];
  const cmcdNote =
    'From the CMCD values the player actually sent (CTA-5004), carried by heartbeats in Loki; only hls.js, dash.js and Shaka send CMCD. Filtered by player, stream type and device type.';

  return assemble({
    uid: QUALITY_UID,
    title: 'OpenQoE / Quality & delivery',
    description:
      'Delivery quality across players: startup, seeks, dropped frames, buffer, bitrate, throughput, rendition switches and CMCD.',
    variables: [
      ...dataSourceVariables({ metrics: true, logs: true, traces: true }),
      filterVariable('player'),
      filterVariable('device'),
      filterVariable('stream'),
    ],
    rows: [
      {
        title: 'Startup and seeking',
        panels: [
          timeSeries({
            title: 'Startup time P95 by player',
            description: explain(
              '95th percentile of video startup per player library; exemplars open example views.',
              'openqoe_video_startup_seconds',
            ),
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.startupSeconds(),
            showThresholds: true,
            queries: [
              prom(q.quantile(0.95, 'openqoe_video_startup_seconds', ['video_player_name']), {
                legend: '{{video_player_name}}',
                exemplars: true,
              }),
            ],
          }),
          timeSeries({
            title: 'Seek latency P50 / P95',
            description: explain('Seek start → playback resumes.', 'openqoe_seek_latency_seconds'),
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.seekSeconds(),
            showThresholds: true,
            queries: [
              prom(q.quantile(0.5, 'openqoe_seek_latency_seconds'), {
                legend: 'P50',
                exemplars: true,
              }),
              prom(q.quantile(0.95, 'openqoe_seek_latency_seconds'), {
                legend: 'P95',
                exemplars: true,
              }),
            ],
          }),
          timeSeries({
            title: 'Seeks per view',
            description: explain(
              'Seeks / views started, per player: viewers hunting through content, or players seeking on their own.',
              'openqoe_seeks_total',
              'openqoe_views_started_total',
            ),
            unit: UNIT.none,
            queries: [
              prom(
                `${q.sumRate('openqoe_seeks_total', ['video_player_name'])} / ${q.sumRate('openqoe_views_started_total', ['video_player_name'])}`,
                {
                  legend: '{{video_player_name}}',
                },
              ),
            ],
          }),
          traceTable({
            title: 'Slow seeks',
            description:
              'Seeks that took longer than 2 s (TraceQL over video.seek spans in Tempo). Click a trace id to open the view in the Playback session dashboard.',
            traceLink: SESSION_LINK,
            rows: 'spans',
            traceql: spansWhere(spanNamed('video.seek'), 'duration > 2s'),
          }),
        ],
      },
      {
        title: 'Frames and buffer',
        panels: [
          timeSeries({
            title: 'Dropped frames per watch minute by player',
            description: explain(
              'Frames dropped by the browser (getVideoPlaybackQuality) per minute of watch time. All stream types (the frame counter has no stream label).',
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
            title: 'Forward buffer (heartbeats) P10 / P50',
            description:
              'Seconds of media buffered ahead of the playhead at each heartbeat (video.buffer.length), low and median, from Loki. A P10 near zero means viewers play on the edge of a stall.',
            unit: UNIT.seconds,
            queries: [
              loki(
                eventValueQuantile(
                  0.1,
                  'video.heartbeat',
                  'video.buffer.length',
                  '$__auto',
                  byDevice,
                ),
                { legend: 'P10 {{service_name}}' },
              ),
              loki(
                eventValueQuantile(
                  0.5,
                  'video.heartbeat',
                  'video.buffer.length',
                  '$__auto',
                  byDevice,
                ),
                { legend: 'P50 {{service_name}}' },
              ),
            ],
          }),
          timeSeries({
            title: 'Buffer left when a stall started',
            description:
              'Median buffer length reported by video.stall_start events (Loki): near zero is a network starvation, a large value a decoder or player problem.',
            unit: UNIT.seconds,
            queries: [
              loki(
                eventValueQuantile(
                  0.5,
                  'video.stall_start',
                  'video.buffer.length',
                  '$__auto',
                  byDevice,
                ),
                { legend: '{{service_name}}' },
              ),
            ],
          }),
          traceTable({
            title: 'Stalls with an empty buffer',
            description:
              'Rebuffer spans that started with less than 0.5 s buffered (TraceQL). Click a trace id to open the view.',
            traceLink: SESSION_LINK,
            rows: 'spans',
            traceql: spansWhere(
              spanNamed('video.rebuffer'),
              `${field('video.buffer.length')} < 0.5`,
            ),
          }),
        ],
      },
      {
        title: 'Bitrate and renditions',
        panels: [
          timeSeries({
            title: 'Average rendered bitrate by player',
            description: explain(
              'Mean per-view time-weighted rendered bitrate per player.',
              'openqoe_bitrate_bps',
            ),
            unit: UNIT.bitsPerSecond,
            thresholds: THRESHOLDS.bitrate(),
            queries: [
              prom(q.mean('openqoe_bitrate_bps', ['video_player_name']), {
                legend: '{{video_player_name}}',
              }),
            ],
          }),
          heatmap({
            title: 'Rendered bitrate distribution',
            description: explain(
              'Per-view rendered bitrate by bucket over time.',
              'openqoe_bitrate_bps',
            ),
            unit: UNIT.count,
            bucketUnit: UNIT.bitsPerSecond,
            queries: [
              prom(q.sumRate('openqoe_bitrate_bps_bucket', ['le']), {
                format: 'heatmap',
                legend: '{{le}}',
              }),
            ],
          }),
          timeSeries({
            title: 'Rendition switches per minute',
            description: explain(
              'Rendered quality changes per minute by direction (all stream types).',
              'openqoe_quality_changes_total',
            ),
            unit: UNIT.perMinute,
            queries: [
              prom(
                `${qAny.sumRate('openqoe_quality_changes_total', ['video_quality_direction'])} * 60`,
                {
                  legend: '{{video_quality_direction}}',
                },
              ),
            ],
          }),
          timeSeries({
            title: 'Up / down switch ratio',
            description: explain(
              'Up-switches / down-switches per player. Well below 1: players keep falling back; far above 1: slow ramp-up from a low start.',
              'openqoe_quality_changes_total',
            ),
            unit: UNIT.none,
            queries: [
              prom(
                `${qAny.sumRate('openqoe_quality_changes_total', ['video_player_name'], { video_quality_direction: 'up' })} / ${qAny.sumRate('openqoe_quality_changes_total', ['video_player_name'], { video_quality_direction: 'down' })}`,
                { legend: '{{video_player_name}}' },
              ),
            ],
          }),
          pieChart({
            title: 'Level distribution (time at each height)',
            description:
              'Share of playing time per rendered frame height: heartbeats (one per 10 s of playing) counted by video.quality.height from Loki. Filtered by player, stream type and device type.',
            unit: UNIT.count,
            queries: [
              loki(
                countEventsBy('video.heartbeat', 'video.quality.height', '$__range', [
                  ...byDevice,
                  { attribute: 'video.quality.height', op: '!=', value: '' },
                ]),
                { instant: true, legend: '{{video_quality_height}}p' },
              ),
            ],
          }),
        ],
      },
      {
        title: 'CMCD',
        panels: [
          timeSeries({
            title: 'Measured throughput (CMCD mtp) P10 / P50',
            description: `Throughput the player measured when requesting segments. ${cmcdNote}`,
            unit: UNIT.kilobitsPerSecond,
            queries: [
              loki(
                eventValueQuantile(0.1, 'video.heartbeat', 'video.cmcd.mtp', '$__auto', byDevice),
                { legend: 'P10 {{service_name}}' },
              ),
              loki(
                eventValueQuantile(0.5, 'video.heartbeat', 'video.cmcd.mtp', '$__auto', byDevice),
                { legend: 'P50 {{service_name}}' },
              ),
            ],
          }),
          timeSeries({
            title: 'Requested vs top bitrate (CMCD br / tb)',
            description: `Median encoded bitrate of the objects requested, against the top bitrate on offer: the gap is quality the network could not carry. ${cmcdNote}`,
            unit: UNIT.kilobitsPerSecond,
            queries: [
              loki(
                eventValueQuantile(0.5, 'video.heartbeat', 'video.cmcd.br', '$__auto', byDevice),
                { legend: 'requested {{service_name}}' },
              ),
              loki(
                eventValueQuantile(0.5, 'video.heartbeat', 'video.cmcd.tb', '$__auto', byDevice),
                { legend: 'top {{service_name}}' },
              ),
            ],
          }),
          timeSeries({
            title: 'CMCD buffer length P10',
            description: `Buffer length the player reported in its segment requests (bl), low percentile. ${cmcdNote}`,
            unit: UNIT.milliseconds,
            queries: [
              loki(
                eventValueQuantile(0.1, 'video.heartbeat', 'video.cmcd.bl', '$__auto', byDevice),
                { legend: '{{service_name}}' },
              ),
            ],
          }),
          barGauge({
            title: 'Heartbeats reporting buffer starvation (CMCD bs)',
            description: `Heartbeats whose latest CMCD request carried bs (buffer starvation since the previous request), true vs false, over the time range. ${cmcdNote}`,
            unit: UNIT.count,
            thresholds: THRESHOLDS.neutral(),
            queries: [
              loki(
                countEventsBy('video.heartbeat', 'video.cmcd.bs', '$__range', [
                  ...byDevice,
                  { attribute: 'video.cmcd.bs', op: '!=', value: '' },
                ]),
                { instant: true, legend: 'bs={{video_cmcd_bs}}' },
              ),
            ],
          }),
        ],
      },
      alertSignalsRow([
        {
          title: 'Seek latency P95 (alerted)',
          description: '95th percentile of seek latency, per player and stream type.',
          unit: UNIT.seconds,
          alerts: ['SeekLatencyHigh'],
          legend: '{{video_player_name}} {{video_stream_type}}',
        },
        {
          title: 'Dropped frames per second played (alerted)',
          description:
            'Frames dropped / seconds watched over 5 minutes, per player and device type.',
          unit: UNIT.perSecond,
          alerts: ['DroppedFramesHigh'],
          legend: '{{video_player_name}} {{video_device_type}}',
        },
        {
          title: 'Stall duration P95 (alerted)',
          description:
            '95th percentile of the duration of single stalls, per player and stream type.',
          unit: UNIT.seconds,
          alerts: ['RebufferDurationLong'],
          legend: '{{video_player_name}} {{video_stream_type}}',
        },
      ]),
    ],
  });
}
