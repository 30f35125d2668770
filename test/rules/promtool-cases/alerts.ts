// Alert cases: for every alert one input just above its threshold (it fires, with the rendered
// value checked) and one just below it (silent); alerts with a traffic guard get a third case with
// the bad value but too little traffic (silent). Quantile inputs put N_low observations in a low
// bucket and 20 in the bucket of the target, so that P95 = lo + (hi − lo)·(0.95·(N_low + 20) − N_low)/20.
import type { Contract } from '@openqoe/contract';
import type { AlertCase, ExpectedAlert } from './model.js';
import type { InputSeries, Observations, Segment } from './series.js';
import { SeriesFactory } from './series.js';

const P = { video_player_name: 'hlsjs' };
const VOD = { ...P, video_stream_type: 'vod' };
const LIVE = { ...P, video_stream_type: 'live' };
const DESKTOP = { video_device_type: 'desktop' };

export function alertCases(contract: Contract): AlertCase[] {
  const s = new SeriesFactory(contract);
  const steady = <T>(minutes: number, perMinute: T): Segment<T>[] => [{ minutes, perMinute }];

  const vodViews = (perMinute: number, minutes = 30): InputSeries[] =>
    s.counter(
      'openqoe_views_started_total',
      { ...VOD, ...DESKTOP, video_content_id: 'c1', geo_country_iso_code: 'FR' },
      steady(minutes, perMinute),
    );
  const startups = (stream: typeof VOD, observations: Observations): InputSeries[] =>
    s.histogram(
      'openqoe_video_startup_seconds',
      { ...stream, ...DESKTOP },
      steady(30, observations),
    );
  const vodHistogram = (name: string, observations: Observations): InputSeries[] =>
    s.histogram(name, { ...VOD, ...DESKTOP }, steady(30, observations));
  const fires = (labels: Record<string, string>, value?: string): ExpectedAlert[] => [
    { labels, value },
  ];
  const one = (
    alert: string,
    kind: AlertCase['kind'],
    name: string,
    evalTime: string,
    input: InputSeries[],
    firing: ExpectedAlert[] = [],
  ): AlertCase => ({ alert, kind, name, evalTime, input, firing });

  // Rebuffer ratio input: R s of stalls (1 s each) and W s watched a minute, 60 views a minute.
  const rebuffering = (stallSeconds: number, watched: number, views = 60): InputSeries[] => [
    ...vodViews(views),
    ...vodHistogram('openqoe_rebuffer_duration_seconds', [[1, stallSeconds]]),
    ...s.counter(
      'openqoe_watch_time_seconds_total',
      { ...VOD, ...DESKTOP, video_content_id: 'c1' },
      steady(30, watched),
    ),
  ];
  const errors = (type: string, severity: string, userCaused: string, perMinute: number) =>
    s.counter(
      'openqoe_errors_total',
      {
        ...P,
        ...DESKTOP,
        error_type: type,
        video_error_code: `${type}-1`,
        video_error_severity: severity,
        video_error_before_start: 'false',
        video_error_user_caused: userCaused,
      },
      steady(30, perMinute),
    );
  const ended = (reason: string, beforeStart: string, perMinute: number) =>
    s.counter(
      'openqoe_views_ended_total',
      {
        ...VOD,
        ...DESKTOP,
        video_view_end_reason: reason,
        video_view_exit_before_start: beforeStart,
      },
      steady(30, perMinute),
    );
  const completion = (completedPerMinute: number, startedPerMinute = 60): InputSeries[] => [
    ...s.counter(
      'openqoe_views_started_total',
      { ...VOD, ...DESKTOP, video_content_id: 'c1', geo_country_iso_code: 'FR' },
      steady(90, startedPerMinute),
    ),
    ...s.counter(
      'openqoe_views_completed_total',
      { ...VOD, ...DESKTOP, video_content_id: 'c1' },
      steady(90, completedPerMinute),
    ),
  ];
  const C1 = { video_content_id: 'c1' };
  // Watch time: `before` s a minute for 100 minutes, then `after`.
  const watchTime = (before: number, after: number): InputSeries[] =>
    s.counter('openqoe_watch_time_seconds_total', { ...VOD, ...DESKTOP, video_content_id: 'c1' }, [
      { minutes: 100, perMinute: before },
      { minutes: 50, perMinute: after },
    ]);
  const heartbeats = (segments: Segment<number>[]): InputSeries[] =>
    s.counter(
      'openqoe_events_total',
      { ...LIVE, ...DESKTOP, openqoe_event_name: 'video.heartbeat' },
      segments,
    );
  const events = (segments: Segment<number>[]): InputSeries[] =>
    s.counter(
      'openqoe_events_total',
      { ...VOD, ...DESKTOP, openqoe_event_name: 'video.view_start' },
      segments,
    );

  return [
    // ── startup: P95 3.1 s = 340 at 0.6 s + 20 at 3.5 s; 2.9 s = 20 + 20 at 2.5 s;
    //    2.1 s = 340 + 20 at 2.5 s; 1.9 s = 60 + 20 at 1.75 s. Guard: 15 starts in 5 minutes.
    one(
      'VideoStartupTimeCritical',
      'fires',
      'P95 3.1 s',
      '15m',
      startups(VOD, [
        [0.6, 340],
        [3.5, 20],
      ]),
      fires(VOD, '3.1s'),
    ),
    one(
      'VideoStartupTimeCritical',
      'silent',
      'P95 2.9 s',
      '15m',
      startups(VOD, [
        [0.6, 20],
        [2.5, 20],
      ]),
    ),
    one(
      'VideoStartupTimeCritical',
      'guard',
      'P95 3.95 s from 2 starts a minute',
      '15m',
      startups(VOD, [[3.5, 2]]),
    ),
    one(
      'VideoStartupTimeCritical',
      'silent',
      'live views are left to LiveJoinTimeHigh',
      '15m',
      startups(LIVE, [
        [0.6, 340],
        [3.5, 20],
      ]),
    ),
    one(
      'VideoStartupTimeWarning',
      'fires',
      'P95 2.1 s',
      '15m',
      startups(VOD, [
        [0.6, 340],
        [2.5, 20],
      ]),
      fires(VOD, '2.1s'),
    ),
    one(
      'VideoStartupTimeWarning',
      'silent',
      'P95 1.9 s',
      '15m',
      startups(VOD, [
        [0.6, 60],
        [1.75, 20],
      ]),
    ),
    one(
      'VideoStartupTimeWarning',
      'guard',
      'P95 2.95 s from 2 starts a minute',
      '15m',
      startups(VOD, [[2.5, 2]]),
    ),

    // ── rebuffer ratio R / (W + R); guard: 30 views in 5 minutes.
    one('RebufferRatioCritical', 'fires', '11%', '20m', rebuffering(11, 89), fires(VOD, '11%')),
    one('RebufferRatioCritical', 'silent', '9%', '20m', rebuffering(9, 91)),
    one(
      'RebufferRatioCritical',
      'guard',
      '12% from 3 views a minute',
      '20m',
      rebuffering(12, 88, 3),
    ),
    one('RebufferRatioWarning', 'fires', '6%', '20m', rebuffering(6, 94), fires(VOD, '6%')),
    one('RebufferRatioWarning', 'silent', '4%', '20m', rebuffering(4, 96)),
    one('RebufferRatioWarning', 'guard', '6% from 3 views a minute', '20m', rebuffering(6, 94, 3)),

    // ── fatal errors per view; user-caused fatal errors do not count.
    one(
      'PlaybackErrorRateHigh',
      'fires',
      '6%',
      '15m',
      [...vodViews(60), ...errors('media_decode', 'fatal', 'false', 3.6)],
      fires(P, '6%'),
    ),
    one('PlaybackErrorRateHigh', 'silent', '4.5%, plus 10% user-caused', '15m', [
      ...vodViews(60),
      ...errors('media_decode', 'fatal', 'false', 2.7),
      ...errors('drm', 'fatal', 'true', 6),
    ]),
    one('PlaybackErrorRateHigh', 'guard', '50% from 2 views a minute', '15m', [
      ...vodViews(2),
      ...errors('media_decode', 'fatal', 'false', 1),
    ]),
    one(
      'NetworkErrorRateHigh',
      'fires',
      '3%',
      '15m',
      [...vodViews(60), ...errors('network', 'recovered', 'false', 1.8)],
      fires({ ...P, error_type: 'network' }, '3%'),
    ),
    one('NetworkErrorRateHigh', 'silent', '1.8%, plus 10% decode errors', '15m', [
      ...vodViews(60),
      ...errors('network', 'recovered', 'false', 1.08),
      ...errors('media_decode', 'recovered', 'false', 6),
    ]),
    one('NetworkErrorRateHigh', 'guard', '50% from 2 views a minute', '15m', [
      ...vodViews(2),
      ...errors('network', 'recovered', 'false', 1),
    ]),
    one(
      'ExitsBeforeStartHigh',
      'fires',
      '25%',
      '20m',
      [
        ...vodViews(60),
        ...ended('ended', 'false', 45),
        ...ended('page_hidden', 'true', 15),
        ...s.counter('openqoe_exits_before_start_total', { ...VOD, ...DESKTOP }, steady(30, 15)),
      ],
      fires(VOD, '25%'),
    ),
    one('ExitsBeforeStartHigh', 'silent', '18%', '20m', [
      ...vodViews(60),
      ...ended('ended', 'false', 49.2),
      ...ended('page_hidden', 'true', 10.8),
      ...s.counter('openqoe_exits_before_start_total', { ...VOD, ...DESKTOP }, steady(30, 10.8)),
    ]),
    one('ExitsBeforeStartHigh', 'guard', '50% from 2 views a minute', '20m', [
      ...vodViews(2),
      ...ended('page_hidden', 'true', 1),
      ...ended('ended', 'false', 1),
      ...s.counter('openqoe_exits_before_start_total', { ...VOD, ...DESKTOP }, steady(30, 1)),
    ]),

    // ── completion over 1 hour; guard: 20 VOD views of the video in the hour.
    one('CompletionRateLow', 'fires', '48.3%', '90m', completion(29), fires(C1, '48.33%')),
    // Exactly at the threshold: `< 0.5` is false.
    one('CompletionRateLow', 'silent', '50%', '90m', completion(30)),
    one('CompletionRateLow', 'guard', '0% from 0.3 views a minute', '90m', completion(0, 0.3)),
    one('CompletionRateCritical', 'fires', '23.3%', '90m', completion(14), fires(C1, '23.33%')),
    one('CompletionRateCritical', 'silent', '25%', '90m', completion(15)),
    one('CompletionRateCritical', 'guard', '0% from 0.3 views a minute', '90m', completion(0, 0.3)),

    // ── watch time over 30 minutes against one hour earlier; guard: 5 viewers then.
    one(
      'WatchTimeDropping',
      'fires',
      '10 → 6.9 viewers (−31%)',
      '150m',
      watchTime(600, 414),
      fires({ video_stream_type: 'vod' }, '-31%'),
    ),
    one('WatchTimeDropping', 'silent', '10 → 7.1 viewers (−29%)', '150m', watchTime(600, 426)),
    one('WatchTimeDropping', 'guard', '3 → 1.2 viewers (−60%)', '150m', watchTime(180, 72)),

    // ── seek P95: 2.5 s = 180 at 0.3 s + 20 at 2.5 s; 1.9 s = 20 + 20 at 1.5 s.
    one(
      'SeekLatencyHigh',
      'fires',
      'P95 2.5 s',
      '20m',
      vodHistogram('openqoe_seek_latency_seconds', [
        [0.3, 180],
        [2.5, 20],
      ]),
      fires(VOD, '2.5s'),
    ),
    one(
      'SeekLatencyHigh',
      'silent',
      'P95 1.9 s',
      '20m',
      vodHistogram('openqoe_seek_latency_seconds', [
        [0.3, 20],
        [1.5, 20],
      ]),
    ),
    one(
      'SeekLatencyHigh',
      'guard',
      'P95 2.95 s from 2 seeks a minute',
      '20m',
      vodHistogram('openqoe_seek_latency_seconds', [[2.5, 2]]),
    ),

    // ── dropped frames per second watched; 600 s watched a minute = 10 viewers; guard 5 viewers.
    one(
      'DroppedFramesHigh',
      'fires',
      '12 per second',
      '20m',
      droppedFrames(s, 7200, 600),
      fires({ ...P, ...DESKTOP }, '12.0'),
    ),
    one('DroppedFramesHigh', 'silent', '9 per second', '20m', droppedFrames(s, 5400, 600)),
    one(
      'DroppedFramesHigh',
      'guard',
      '20 per second with 2 viewers',
      '20m',
      droppedFrames(s, 2400, 120),
    ),

    // ── stall P95: 6 s = 300 at 0.4 s + 20 at 7 s; 4.8 s = 20 + 20 at 4 s.
    one(
      'RebufferDurationLong',
      'fires',
      'P95 6 s',
      '20m',
      vodHistogram('openqoe_rebuffer_duration_seconds', [
        [0.4, 300],
        [7, 20],
      ]),
      fires(VOD, '6s'),
    ),
    one(
      'RebufferDurationLong',
      'silent',
      'P95 4.8 s',
      '20m',
      vodHistogram('openqoe_rebuffer_duration_seconds', [
        [0.4, 20],
        [4, 20],
      ]),
    ),
    one(
      'RebufferDurationLong',
      'guard',
      'P95 9.75 s from 2 stalls a minute',
      '20m',
      vodHistogram('openqoe_rebuffer_duration_seconds', [[7, 2]]),
    ),

    // ── live viewers = heartbeats per second × 10 s (6 a minute = 1 viewer). Evaluation times
    //    leave a minute of slack: Mimir evaluates the recording and alert groups independently, so
    //    an alert may read the sample recorded one interval earlier.
    one(
      'LiveViewersGone',
      'fires',
      '20 viewers, then the heartbeat series ends',
      '80m',
      heartbeats(steady(60, 120)),
      fires({}),
    ),
    one(
      'LiveViewersGone',
      'fires',
      '20 viewers, then the counter stays flat',
      '80m',
      heartbeats([
        { minutes: 60, perMinute: 120 },
        { minutes: 20, perMinute: 0 },
      ]),
      fires({}),
    ),
    one(
      'LiveViewersGone',
      'silent',
      '20 viewers, then 2',
      '80m',
      heartbeats([
        { minutes: 60, perMinute: 120 },
        { minutes: 20, perMinute: 12 },
      ]),
    ),
    one('LiveViewersGone', 'guard', '2 viewers, then none', '80m', heartbeats(steady(60, 12))),
    one(
      'LiveViewersDropping',
      'fires',
      '20 → 9.6 viewers (−52%)',
      '35m',
      heartbeats([
        { minutes: 30, perMinute: 120 },
        { minutes: 10, perMinute: 57.6 },
      ]),
      fires({}, '-52%'),
    ),
    one(
      'LiveViewersDropping',
      'silent',
      '20 → 10.4 viewers (−48%)',
      '35m',
      heartbeats([
        { minutes: 30, perMinute: 120 },
        { minutes: 10, perMinute: 62.4 },
      ]),
    ),
    one(
      'LiveViewersDropping',
      'guard',
      '8 → 2 viewers (−75%)',
      '35m',
      heartbeats([
        { minutes: 30, perMinute: 48 },
        { minutes: 10, perMinute: 12 },
      ]),
    ),
    // ── live join P95: 6 s = 220 at 0.6 s + 20 at 6 s; 4.5 s = 180 + 20 at 4.5 s.
    one(
      'LiveJoinTimeHigh',
      'fires',
      'P95 6 s',
      '15m',
      startups(LIVE, [
        [0.6, 220],
        [6, 20],
      ]),
      fires(P, '6s'),
    ),
    one(
      'LiveJoinTimeHigh',
      'silent',
      'P95 4.5 s',
      '15m',
      startups(LIVE, [
        [0.6, 180],
        [4.5, 20],
      ]),
    ),
    one(
      'LiveJoinTimeHigh',
      'guard',
      'P95 7.375 s from 2 starts a minute',
      '15m',
      startups(LIVE, [[6, 2]]),
    ),

    // ── ingest
    one(
      'NoEventsReceived',
      'fires',
      '1 event a second, then the series ends',
      '80m',
      events(steady(60, 60)),
      fires({}),
    ),
    one(
      'NoEventsReceived',
      'silent',
      '1 event a second, then 1 a minute',
      '80m',
      events([
        { minutes: 60, perMinute: 60 },
        { minutes: 20, perMinute: 1 },
      ]),
    ),
    one(
      'NoEventsReceived',
      'guard',
      'a stack that never received an event',
      '80m',
      vodViews(1, 80),
    ),
    one(
      'EventsDroppedSharply',
      'fires',
      '2/s → 0.5/s (−75%)',
      '60m',
      events([
        { minutes: 40, perMinute: 120 },
        { minutes: 20, perMinute: 30 },
      ]),
      fires({}, '-75%'),
    ),
    one(
      'EventsDroppedSharply',
      'silent',
      '2/s → 0.7/s (−65%)',
      '60m',
      events([
        { minutes: 40, perMinute: 120 },
        { minutes: 20, perMinute: 42 },
      ]),
    ),
    one(
      'EventsDroppedSharply',
      'guard',
      '0.5/s → 0.1/s (−80%)',
      '60m',
      events([
        { minutes: 40, perMinute: 30 },
        { minutes: 20, perMinute: 6 },
      ]),
    ),
  ];
}

function droppedFrames(
  s: SeriesFactory,
  framesPerMinute: number,
  watchedPerMinute: number,
): InputSeries[] {
  return [
    ...s.counter('openqoe_dropped_frames_total', { ...P, ...DESKTOP }, [
      { minutes: 30, perMinute: framesPerMinute },
    ]),
    ...s.counter(
      'openqoe_watch_time_seconds_total',
      { ...VOD, ...DESKTOP, video_content_id: 'c1' },
      [{ minutes: 30, perMinute: watchedPerMinute }],
    ),
  ];
}
