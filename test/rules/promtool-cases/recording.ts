// Recording-rule scenarios. Every expected value below was worked out by hand from the per-minute
// input next to it (histogram_quantile interpolates linearly inside the bucket that holds the rank);
// the arithmetic is in the comments so a reviewer can redo it.
import type { Contract } from '@openqoe/contract';
import type { RecordingScenario } from './model.js';
import { SeriesFactory } from './series.js';

const P = { video_player_name: 'hlsjs' };
const VOD = { ...P, video_stream_type: 'vod' };
const LIVE = { ...P, video_stream_type: 'live' };
const DESKTOP = { video_device_type: 'desktop' };
const MINUTES = 70;

export function recordingScenarios(contract: Contract): RecordingScenario[] {
  const s = new SeriesFactory(contract);
  const steady = <T>(perMinute: T) => [{ minutes: MINUTES, perMinute }];

  const steadyTraffic: RecordingScenario = {
    name: 'steady VOD and live traffic on one player',
    evalTime: `${MINUTES}m`,
    input: [
      // 60 VOD views a minute of content c1, 30 live views a minute.
      ...s.counter(
        'openqoe_views_started_total',
        { ...VOD, ...DESKTOP, video_content_id: 'c1', geo_country_iso_code: 'FR' },
        steady(60),
      ),
      ...s.counter(
        'openqoe_views_started_total',
        { ...LIVE, ...DESKTOP, video_content_id: 'live1', geo_country_iso_code: 'FR' },
        steady(30),
      ),
      // 24 of the 60 VOD views complete.
      ...s.counter(
        'openqoe_views_completed_total',
        { ...VOD, ...DESKTOP, video_content_id: 'c1' },
        steady(24),
      ),
      ...s.histogram(
        'openqoe_completion_rate',
        { ...P, ...DESKTOP },
        steady([
          [0.5, 20],
          [1, 20],
        ]),
      ),
      // 60 VOD views end a minute: 48 normally, 6 on a fatal error, 6 before the first frame.
      ...s.counter(
        'openqoe_views_ended_total',
        {
          ...VOD,
          ...DESKTOP,
          video_view_end_reason: 'ended',
          video_view_exit_before_start: 'false',
        },
        steady(48),
      ),
      ...s.counter(
        'openqoe_views_ended_total',
        {
          ...VOD,
          ...DESKTOP,
          video_view_end_reason: 'fatal_error',
          video_view_exit_before_start: 'false',
        },
        steady(6),
      ),
      ...s.counter(
        'openqoe_views_ended_total',
        {
          ...VOD,
          ...DESKTOP,
          video_view_end_reason: 'page_hidden',
          video_view_exit_before_start: 'true',
        },
        steady(6),
      ),
      ...s.counter('openqoe_exits_before_start_total', { ...VOD, ...DESKTOP }, steady(6)),
      // Errors a minute: 9 recovered network, 3 fatal decode, 3 fatal user-caused DRM.
      ...s.counter('openqoe_errors_total', errorLabels('network', 'recovered', 'false'), steady(9)),
      ...s.counter(
        'openqoe_errors_total',
        errorLabels('media_decode', 'fatal', 'false'),
        steady(3),
      ),
      ...s.counter('openqoe_errors_total', errorLabels('drm', 'fatal', 'true'), steady(3)),
      // 12 stalls a minute: 6 of 0.4 s, 6 of 4 s (26.4 s of rebuffering a minute).
      ...s.counter('openqoe_rebuffer_events_total', { ...VOD, ...DESKTOP }, steady(12)),
      ...s.histogram(
        'openqoe_rebuffer_duration_seconds',
        { ...VOD, ...DESKTOP },
        steady([
          [0.4, 6],
          [4, 6],
        ]),
      ),
      // 237.6 s watched a minute.
      ...s.counter(
        'openqoe_watch_time_seconds_total',
        { ...VOD, ...DESKTOP, video_content_id: 'c1' },
        steady(237.6),
      ),
      // 20 seeks a minute: 10 of 0.3 s, 10 of 1.5 s.
      ...s.histogram(
        'openqoe_seek_latency_seconds',
        { ...VOD, ...DESKTOP },
        steady([
          [0.3, 10],
          [1.5, 10],
        ]),
      ),
      // VOD starts: 48 of 0.6 s, 48 of 1.2 s, 24 of 2.5 s a minute; live starts: 30 of 3.5 s.
      ...s.histogram(
        'openqoe_video_startup_seconds',
        { ...VOD, ...DESKTOP },
        steady([
          [0.6, 48],
          [1.2, 48],
          [2.5, 24],
        ]),
      ),
      ...s.histogram('openqoe_video_startup_seconds', { ...LIVE, ...DESKTOP }, steady([[3.5, 30]])),
      ...s.histogram('openqoe_player_startup_seconds', { ...P, ...DESKTOP }, steady([[0.3, 60]])),
      // Heartbeats: 360 a minute from VOD views (60 playing), 120 from live views (20 playing).
      ...s.counter('openqoe_events_total', eventLabels('video.heartbeat', VOD), steady(360)),
      ...s.counter('openqoe_events_total', eventLabels('video.heartbeat', LIVE), steady(120)),
      ...s.counter('openqoe_events_total', eventLabels('video.view_start', VOD), steady(60)),
      ...s.counter('openqoe_events_total', eventLabels('video.view_start', LIVE), steady(30)),
      ...s.histogram(
        'openqoe_bitrate_bps',
        { ...VOD, ...DESKTOP },
        steady([
          [3_000_000, 30],
          [5_000_000, 30],
        ]),
      ),
      ...s.counter('openqoe_dropped_frames_total', { ...P, ...DESKTOP }, steady(4752)),
      ...s.counter(
        'openqoe_quality_changes_total',
        { ...P, ...DESKTOP, video_quality_direction: 'up' },
        steady(6),
      ),
      ...s.counter(
        'openqoe_quality_changes_total',
        { ...P, ...DESKTOP, video_quality_direction: 'down' },
        steady(3),
      ),
      ...s.histogram('openqoe_live_latency_seconds', { ...P, ...DESKTOP }, steady([[4, 12]])),
    ],
    expected: {
      // VOD: ranks 60/95/99 of 120 → (1,1.5] holds 48..96, (2,3] holds 96..120.
      //   p50: 1 + 0.5·(60−48)/48 = 1.125; p95: 2 + (114−96)/24 = 2.75; p99: 2 + (118.8−96)/24 = 2.95
      // live: all 30 in (3,4]: p50 3.5, p95 3.95, p99 3.99.
      'openqoe:video_startup_seconds:p50_5m': [
        { labels: VOD, value: 1.125 },
        { labels: LIVE, value: 3.5 },
      ],
      'openqoe:video_startup_seconds:p95_5m': [
        { labels: VOD, value: 2.75 },
        { labels: LIVE, value: 3.95 },
      ],
      'openqoe:video_startup_seconds:p99_5m': [
        { labels: VOD, value: 2.95 },
        { labels: LIVE, value: 3.99 },
      ],
      'openqoe:video_startup_seconds:p95_5m_by_device': [
        { labels: { ...VOD, ...DESKTOP }, value: 2.75 },
        { labels: { ...LIVE, ...DESKTOP }, value: 3.95 },
      ],
      // (48·0.6 + 48·1.2 + 24·2.5) / 120 = 146.4 / 120
      'openqoe:video_startup_seconds:avg_5m': [
        { labels: VOD, value: 1.22 },
        { labels: LIVE, value: 3.5 },
      ],
      'openqoe:video_startup_seconds_count:rate5m': [
        { labels: VOD, value: 2 },
        { labels: LIVE, value: 0.5 },
      ],
      'openqoe:live_join_seconds:p95_5m': [{ labels: P, value: 3.95 }],
      // all in (0.25,0.5]: 0.25 + 0.25·0.95
      'openqoe:player_startup_seconds:p95_5m': [{ labels: P, value: 0.4875 }],
      // 6 in (0.25,0.5], 6 in (3,5]: p50 rank 6 → 0.5; p95 rank 11.4 → 3 + 2·5.4/6 = 4.8
      'openqoe:rebuffer_duration_seconds:p50_5m': [{ labels: VOD, value: 0.5 }],
      'openqoe:rebuffer_duration_seconds:p95_5m': [{ labels: VOD, value: 4.8 }],
      'openqoe:rebuffer_duration_seconds:avg_5m': [{ labels: VOD, value: 2.2 }],
      'openqoe:rebuffer_duration_seconds_count:rate5m': [{ labels: VOD, value: 0.2 }],
      // 10 in (0.25,0.5], 10 in (1,2]: p50 rank 10 → 0.5; p95 rank 19 → 1 + 9/10 = 1.9
      'openqoe:seek_latency_seconds:p50_5m': [{ labels: VOD, value: 0.5 }],
      'openqoe:seek_latency_seconds:p95_5m': [{ labels: VOD, value: 1.9 }],
      'openqoe:seek_latency_seconds_count:rate5m': [{ labels: VOD, value: 0.3333 }],
      // 12 stalls / 60 views; live has views but no stalls → 0
      'openqoe:rebuffers_per_view:ratio_5m': [
        { labels: VOD, value: 0.2 },
        { labels: LIVE, value: 0 },
      ],
      'openqoe:rebuffers_per_view:ratio_5m_by_device': [
        { labels: { ...VOD, ...DESKTOP }, value: 0.2 },
        { labels: { ...LIVE, ...DESKTOP }, value: 0 },
      ],
      // 26.4 / (237.6 + 26.4)
      'openqoe:rebuffer_ratio:ratio_5m': [{ labels: VOD, value: 0.1 }],
      'openqoe:rebuffer_ratio:ratio_5m_by_device': [{ labels: { ...VOD, ...DESKTOP }, value: 0.1 }],
      // 24 / 60 VOD views
      'openqoe:views_completed:ratio_1h': [{ labels: P, value: 0.4 }],
      'openqoe:views_completed:ratio_1h_by_device': [{ labels: { ...P, ...DESKTOP }, value: 0.4 }],
      'openqoe:views_completed:ratio_1h_by_video': [
        { labels: { video_content_id: 'c1' }, value: 0.4 },
      ],
      // 60 a minute over the last hour (the live content is not VOD)
      'openqoe:views_started:increase1h_by_video': [
        { labels: { video_content_id: 'c1' }, value: 3600 },
      ],
      // (20·0.5 + 20·1) / 40
      'openqoe:completion_rate:avg_1h': [{ labels: P, value: 0.75 }],
      // 15 errors / 90 views (errors carry no stream type, so VOD and live views count)
      'openqoe:errors_per_view:ratio_5m': [{ labels: P, value: 0.1667 }],
      'openqoe:errors_per_view:ratio_5m_by_type': [
        { labels: { ...P, error_type: 'network' }, value: 0.1 },
        { labels: { ...P, error_type: 'media_decode' }, value: 0.0333 },
        { labels: { ...P, error_type: 'drm' }, value: 0.0333 },
      ],
      // 3 fatal decode errors / 90 views; the user-caused DRM errors are left out
      'openqoe:fatal_errors_per_view:ratio_5m': [{ labels: P, value: 0.0333 }],
      // 6 / 60 ended views each
      'openqoe:playback_failures:ratio_5m': [{ labels: VOD, value: 0.1 }],
      'openqoe:exits_before_start:ratio_5m': [{ labels: VOD, value: 0.1 }],
      // 237.6 s / 60 ended views; 237.6 s a minute = 3.96 s per second
      'openqoe:watch_time_seconds:avg_per_view_5m': [{ labels: VOD, value: 3.96 }],
      'openqoe:watch_time_seconds:rate5m': [{ labels: VOD, value: 3.96 }],
      'openqoe:watch_time_seconds:rate30m': [{ labels: { video_stream_type: 'vod' }, value: 3.96 }],
      // heartbeats per second × 10 s: 6/s → 60 VOD views, 2/s → 20 live views
      'openqoe:concurrent_views:sum_2m': [
        { labels: VOD, value: 60 },
        { labels: LIVE, value: 20 },
      ],
      'openqoe:live_concurrent_viewers:sum_2m': [{ labels: {}, value: 20 }],
      // 570 events a minute
      'openqoe:events:rate5m': [{ labels: {}, value: 9.5 }],
      'openqoe:events:rate5m_by_event': [
        { labels: { openqoe_event_name: 'video.heartbeat' }, value: 8 },
        { labels: { openqoe_event_name: 'video.view_start' }, value: 1.5 },
      ],
      'openqoe:views_started:rate5m': [
        { labels: VOD, value: 1 },
        { labels: LIVE, value: 0.5 },
      ],
      'openqoe:bitrate_bps:avg_5m': [{ labels: VOD, value: 4_000_000 }],
      // 4752 frames / 237.6 s
      'openqoe:dropped_frames_per_second:ratio_5m': [{ labels: { ...P, ...DESKTOP }, value: 20 }],
      'openqoe:quality_changes:rate5m_by_direction': [
        { labels: { ...P, video_quality_direction: 'up' }, value: 0.1 },
        { labels: { ...P, video_quality_direction: 'down' }, value: 0.05 },
      ],
      // all in (3,5]: 3 + 2·0.95
      'openqoe:live_latency_seconds:p95_5m': [{ labels: P, value: 4.9 }],
    },
  };

  const healthy: RecordingScenario = {
    name: 'healthy player: no stall, error, exit or dropped frame yet records 0, not nothing',
    evalTime: '20m',
    input: [
      ...s.counter(
        'openqoe_views_started_total',
        { ...VOD, ...DESKTOP, video_content_id: 'c1', geo_country_iso_code: 'FR' },
        [{ minutes: 20, perMinute: 30 }],
      ),
      ...s.counter(
        'openqoe_views_ended_total',
        {
          ...VOD,
          ...DESKTOP,
          video_view_end_reason: 'ended',
          video_view_exit_before_start: 'false',
        },
        [{ minutes: 20, perMinute: 30 }],
      ),
      ...s.counter(
        'openqoe_watch_time_seconds_total',
        { ...VOD, ...DESKTOP, video_content_id: 'c1' },
        [{ minutes: 20, perMinute: 600 }],
      ),
      ...s.counter('openqoe_dropped_frames_total', { ...P, video_device_type: 'mobile' }, [
        { minutes: 20, perMinute: 60 },
      ]),
    ],
    expected: {
      'openqoe:rebuffers_per_view:ratio_5m': [{ labels: VOD, value: 0 }],
      'openqoe:rebuffers_per_view:ratio_5m_by_device': [
        { labels: { ...VOD, ...DESKTOP }, value: 0 },
      ],
      'openqoe:rebuffer_ratio:ratio_5m': [{ labels: VOD, value: 0 }],
      'openqoe:rebuffer_ratio:ratio_5m_by_device': [{ labels: { ...VOD, ...DESKTOP }, value: 0 }],
      'openqoe:views_completed:ratio_1h': [{ labels: P, value: 0 }],
      'openqoe:views_completed:ratio_1h_by_device': [{ labels: { ...P, ...DESKTOP }, value: 0 }],
      'openqoe:views_completed:ratio_1h_by_video': [
        { labels: { video_content_id: 'c1' }, value: 0 },
      ],
      'openqoe:errors_per_view:ratio_5m': [{ labels: P, value: 0 }],
      // no error at all: no error family to report
      'openqoe:errors_per_view:ratio_5m_by_type': [],
      'openqoe:fatal_errors_per_view:ratio_5m': [{ labels: P, value: 0 }],
      'openqoe:playback_failures:ratio_5m': [{ labels: VOD, value: 0 }],
      'openqoe:exits_before_start:ratio_5m': [{ labels: VOD, value: 0 }],
      // desktop has watch time and no dropped frame → 0; mobile has frames but no watch time
      // counted yet → no sample (division by nothing)
      'openqoe:dropped_frames_per_second:ratio_5m': [{ labels: { ...P, ...DESKTOP }, value: 0 }],
      // 600 s watched a minute by 30 ended views a minute
      'openqoe:watch_time_seconds:avg_per_view_5m': [{ labels: VOD, value: 20 }],
    },
  };

  return [steadyTraffic, healthy];
}

function errorLabels(type: string, severity: string, userCaused: string): Record<string, string> {
  return {
    ...P,
    ...DESKTOP,
    error_type: type,
    video_error_code: `${type}-1`,
    video_error_severity: severity,
    video_error_before_start: 'false',
    video_error_user_caused: userCaused,
  };
}

function eventLabels(event: string, stream: Record<string, string>): Record<string, string> {
  return { ...stream, ...DESKTOP, openqoe_event_name: event };
}
