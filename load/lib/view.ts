// One simulated playback view: the spans and player events the OpenQoE SDK would emit for it, in
// emission order, each with the view id and its per-view sequence number (the root span last, so
// its number is the view's highest). The mix — startup, stalls, seeks, pauses, quality changes,
// quartiles, heartbeats every 10 s, recovered and fatal errors, exits before start — follows the
// contract's spans and events; every name is a contract name, checked by the types and by tests.
import { ATTRIBUTES } from '../generated/contract.ts';
import type { Attributes, LogItem, SpanItem } from './otlp.ts';
import { between, chance, hexId, integerBetween, pick, type Random } from './random.ts';

export type ViewItem =
  | { readonly signal: 'traces'; readonly atMs: number; readonly span: SpanItem }
  | { readonly signal: 'logs'; readonly atMs: number; readonly log: LogItem };

export interface SimulatedView {
  readonly viewId: string;
  readonly resource: Attributes;
  /** In emission order; item i carries openqoe.record.seq = i. */
  readonly items: readonly ViewItem[];
  readonly startMs: number;
  readonly endMs: number;
}

export interface ViewOptions {
  /** Epoch ms of the play intent. */
  readonly startMs: number;
  /** Upper bound of the watch time drawn for the view, seconds; default 300. */
  readonly maxWatchSeconds?: number;
  readonly sessionId?: string;
  readonly serviceName?: string;
}

const HEARTBEAT_SECONDS = 10;
const BITRATE_LADDER = [
  { bitrate: 300_000, width: 426, height: 240 },
  { bitrate: 900_000, width: 854, height: 480 },
  { bitrate: 2_000_000, width: 1280, height: 720 },
  { bitrate: 4_500_000, width: 1920, height: 1080 },
] as const;
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/85.0.4183.93 TV Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
] as const;
const PLAYER_VERSIONS: Readonly<Record<string, string>> = {
  html5: '1',
  videojs: '8.24.0',
  hlsjs: '1.7.0',
  dashjs: '5.2.0',
  shaka: '5.2.0',
};
const RECOVERABLE_ERRORS = [
  { type: 'network', code: 'fragLoadError', message: 'fragment load failed, retrying' },
  { type: 'timeout', code: 'fragLoadTimeOut', message: 'fragment load timed out' },
] as const;
const FATAL_ERRORS = [
  { type: 'network', code: 'manifestLoadError', message: 'HTTP 404 on the manifest' },
  { type: 'media_decode', code: '3', message: 'MEDIA_ERR_DECODE' },
  { type: 'drm', code: '6007', message: 'license request failed', userCaused: true },
] as const;

type Rendition = (typeof BITRATE_LADDER)[number];

/** The ladder's rung, clamped to the ladder. */
function renditionAt(rung: number): Rendition {
  return BITRATE_LADDER[Math.max(0, Math.min(BITRATE_LADDER.length - 1, rung))] as Rendition;
}

function enumOf(attribute: 'video.player.name' | 'video.view.end_reason'): readonly string[] {
  return (ATTRIBUTES[attribute].enum ?? []).map(String);
}

/** Builds the view; pure given `random`, so a seed reproduces it exactly. */
export function simulateView(random: Random, options: ViewOptions): SimulatedView {
  const viewId = hexId(random, 16);
  const rootSpanId = hexId(random, 8);
  const players = enumOf('video.player.name').filter((p) => p !== 'other');
  const player = pick(random, players);
  const live = chance(random, 0.2);
  const streamType = live ? 'live' : 'vod';
  const contentDuration = live ? undefined : integerBetween(random, 60, 3600);
  const contentId = `content-${integerBetween(random, 1, 200)}`;
  const resource: Attributes = {
    'service.name': options.serviceName ?? 'openqoe-load',
    'service.version': '1.4.2',
    'deployment.environment.name': 'load-test',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.language': 'webjs',
    'telemetry.sdk.version': '2.12.1',
    'telemetry.distro.name': 'openqoe',
    'telemetry.distro.version': '0.1.0',
    'session.id': options.sessionId ?? hexId(random, 16),
    'user.hash': hexId(random, 32),
    'user_agent.original': pick(random, USER_AGENTS),
  };

  const items: ViewItem[] = [];
  const common = (): Attributes => ({
    'video.view.id': viewId,
    'openqoe.record.seq': items.length,
  });
  const log = (atMs: number, eventName: LogItem['eventName'], attributes: Attributes): void => {
    const record: LogItem = {
      eventName,
      traceId: viewId,
      spanId: rootSpanId,
      timeMs: atMs,
      attributes: { ...attributes, ...common() },
    };
    items.push({ signal: 'logs', atMs, log: record });
  };
  const child = (
    name: 'video.startup' | 'video.rebuffer' | 'video.seek',
    startMs: number,
    endMs: number,
    attributes: Attributes,
  ): void => {
    const span: SpanItem = {
      name,
      traceId: viewId,
      spanId: hexId(random, 8),
      parentSpanId: rootSpanId,
      startMs,
      endMs,
      attributes: { ...attributes, ...common() },
    };
    items.push({ signal: 'traces', atMs: endMs, span });
  };

  const intent = options.startMs;
  const playerStartup = between(random, 0.05, 0.8);
  log(intent, 'video.player_ready', {
    'video.player.startup_time': playerStartup,
    'video.player.name': player,
    'video.player.version': PLAYER_VERSIONS[player] ?? '1',
  });
  const autoplay = chance(random, 0.4);
  log(intent + 1, 'video.view_start', {
    'video.player.autoplay': autoplay,
    'video.content.id': contentId,
    'video.content.title': `Title of ${contentId}`,
    'video.stream.type': streamType,
    'video.player.name': player,
  });

  const root: Attributes = {
    'video.player.name': player,
    'video.stream.type': streamType,
    'video.player.version': PLAYER_VERSIONS[player] ?? '1',
    'video.player.autoplay': autoplay,
    'video.player.startup_time': playerStartup,
    'video.content.id': contentId,
    'video.stream.format': player === 'html5' ? 'mp4' : player === 'dashjs' ? 'dash' : 'hls',
    'video.source.url': `https://cdn.example.com/${contentId}/master.m3u8`,
    'url.full': 'https://www.example.com/watch',
    ...(contentDuration !== undefined ? { 'video.content.duration': contentDuration } : {}),
  };
  const endView = (endMs: number, attributes: Attributes): SimulatedView => {
    const span: SpanItem = {
      name: 'video.view',
      traceId: viewId,
      spanId: rootSpanId,
      startMs: intent,
      endMs,
      attributes: { ...root, ...attributes, ...common() },
    };
    items.push({ signal: 'traces', atMs: endMs, span });
    return { viewId, resource, items, startMs: intent, endMs };
  };

  // Exits before video start and failures before the first frame: a few per cent of views.
  const outcome = random();
  if (outcome < 0.03) {
    const wait = between(random, 1, 8);
    return endView(intent + wait * 1000, {
      'video.view.end_reason': 'page_hidden',
      'video.view.exit_before_start': true,
      'video.view.wait_time': wait,
    });
  }
  if (outcome < 0.04) {
    const failure = pick(random, FATAL_ERRORS);
    const at = intent + between(random, 300, 3000, 0);
    log(at, 'video.error', {
      'error.type': failure.type,
      'video.error.severity': 'fatal',
      'video.error.code': failure.code,
      'video.error.message': failure.message,
      'video.error.before_start': true,
      'video.error.user_caused': 'userCaused' in failure,
    });
    return endView(at + 5, {
      'video.view.end_reason': 'fatal_error',
      'video.view.exit_before_start': true,
      'video.view.wait_time': (at - intent) / 1000,
      'video.error.count': 1,
    });
  }

  const startup = between(random, 0.3, 4);
  let now = intent + startup * 1000;
  child('video.startup', intent, now, {
    'video.startup.first_frame_source': 'rvfc',
    'video.player.autoplay': autoplay,
  });
  let position = live ? 0 : between(random, 0, 5);
  log(now, 'video.playing', { 'video.playhead.position': position });

  let rung = integerBetween(random, 0, BITRATE_LADDER.length - 1);
  const watchTarget = between(random, 20, options.maxWatchSeconds ?? 300, 1);
  const totals = {
    watch: 0,
    rebufferCount: 0,
    rebufferTime: 0,
    seeks: 0,
    errors: 0,
    up: 0,
    down: 0,
    dropped: 0,
    bitrateSeconds: 0,
  };
  const quartilesSeen = new Set<number>();
  let fatal = false;
  let reachedEnd = false;

  while (totals.watch < watchTarget) {
    // Play one heartbeat interval (shorter at the end of the content or of the watch time).
    const remainingContent = contentDuration === undefined ? Infinity : contentDuration - position;
    const step = Math.min(HEARTBEAT_SECONDS, watchTarget - totals.watch, remainingContent);
    now += step * 1000;
    position += step;
    totals.watch += step;
    totals.bitrateSeconds += renditionAt(rung).bitrate * step;
    totals.dropped += integerBetween(random, 0, 3);
    if (contentDuration !== undefined) {
      for (const quartile of [25, 50, 75, 100] as const) {
        if (!quartilesSeen.has(quartile) && position >= (contentDuration * quartile) / 100) {
          quartilesSeen.add(quartile);
          log(now, 'video.quartile', {
            'video.quartile.percent': quartile,
            'video.playhead.position': Number(position.toFixed(3)),
          });
        }
      }
    }
    const rendition = renditionAt(rung);
    log(now, 'video.heartbeat', {
      'video.playhead.position': Number(position.toFixed(3)),
      'video.watch_time': Number(totals.watch.toFixed(3)),
      'video.buffer.length': between(random, 2, 30),
      'video.quality.bitrate': rendition.bitrate,
      'video.quality.width': rendition.width,
      'video.quality.height': rendition.height,
      'video.frames.dropped': totals.dropped,
      'video.rebuffer.count': totals.rebufferCount,
      'video.rebuffer.total_duration': Number(totals.rebufferTime.toFixed(3)),
      ...(live
        ? { 'video.live.latency': between(random, 2, 20), 'video.live.latency_estimated': true }
        : {}),
    });
    if (step < HEARTBEAT_SECONDS && remainingContent <= step) {
      reachedEnd = true;
      break;
    }
    if (chance(random, 0.06)) {
      const index = totals.rebufferCount + 1;
      const stall = between(random, 0.3, 5);
      const at = Number(position.toFixed(3));
      log(now, 'video.stall_start', {
        'video.playhead.position': at,
        'video.buffer.length': 0,
        'video.rebuffer.index': index,
      });
      child('video.rebuffer', now, now + stall * 1000, {
        'video.rebuffer.index': index,
        'video.playhead.position': at,
        'video.buffer.length': 0,
        'video.quality.bitrate': rendition.bitrate,
      });
      now += stall * 1000;
      log(now, 'video.stall_end', {
        'video.playhead.position': at,
        'video.rebuffer.duration': stall,
        'video.rebuffer.index': index,
      });
      log(now, 'video.playing', { 'video.playhead.position': at });
      totals.rebufferCount = index;
      totals.rebufferTime += stall;
    }
    if (!live && chance(random, 0.04) && contentDuration !== undefined) {
      const from = Number(position.toFixed(3));
      const to = between(random, 0, contentDuration * 0.9);
      const latency = between(random, 0.1, 1.5);
      log(now, 'video.seek', { 'video.seek.from': from, 'video.seek.to': to });
      child('video.seek', now, now + latency * 1000, {
        'video.seek.from': from,
        'video.seek.to': to,
      });
      now += latency * 1000;
      position = to;
      log(now, 'video.playing', { 'video.playhead.position': to });
      totals.seeks += 1;
    }
    if (chance(random, 0.08)) {
      const next = Math.max(0, Math.min(BITRATE_LADDER.length - 1, rung + pick(random, [-1, 1])));
      if (next !== rung) {
        const before = renditionAt(rung);
        const after = renditionAt(next);
        log(now, 'video.quality_change', {
          'video.quality.direction': next > rung ? 'up' : 'down',
          'video.quality.bitrate': after.bitrate,
          'video.quality.width': after.width,
          'video.quality.height': after.height,
          'video.quality.previous_bitrate': before.bitrate,
          'video.quality.previous_width': before.width,
          'video.quality.previous_height': before.height,
          'video.quality.requested_bitrate': after.bitrate,
          'video.playhead.position': Number(position.toFixed(3)),
        });
        if (next > rung) totals.up += 1;
        else totals.down += 1;
        rung = next;
      }
    }
    if (chance(random, 0.02)) {
      log(now, 'video.pause', { 'video.playhead.position': Number(position.toFixed(3)) });
      now += between(random, 2, 30) * 1000;
      log(now, 'video.playing', { 'video.playhead.position': Number(position.toFixed(3)) });
    }
    if (chance(random, 0.01)) {
      const error = pick(random, RECOVERABLE_ERRORS);
      log(now, 'video.error', {
        'error.type': error.type,
        'video.error.severity': 'recovered',
        'video.error.code': error.code,
        'video.error.message': error.message,
        'video.error.before_start': false,
        'video.error.suppressed': integerBetween(random, 0, 4),
        'video.playhead.position': Number(position.toFixed(3)),
      });
      totals.errors += 1;
    }
    if (chance(random, 0.003)) {
      const failure = pick(random, FATAL_ERRORS);
      log(now, 'video.error', {
        'error.type': failure.type,
        'video.error.severity': 'fatal',
        'video.error.code': failure.code,
        'video.error.message': failure.message,
        'video.error.before_start': false,
        'video.error.user_caused': 'userCaused' in failure,
        'video.playhead.position': Number(position.toFixed(3)),
      });
      totals.errors += 1;
      fatal = true;
      break;
    }
  }

  let endReason: string;
  if (fatal) endReason = 'fatal_error';
  else if (reachedEnd) {
    endReason = 'ended';
    log(now, 'video.ended', {
      'video.playhead.position': Number(position.toFixed(3)),
      'video.watch_time': Number(totals.watch.toFixed(3)),
    });
  } else {
    endReason = pick(
      random,
      enumOf('video.view.end_reason').filter((r) => r !== 'ended' && r !== 'fatal_error'),
    );
  }
  const watch = totals.watch;
  return endView(now + 5, {
    'video.view.end_reason': endReason,
    'video.view.exit_before_start': false,
    'video.startup.time': startup,
    'video.watch_time': Number(watch.toFixed(3)),
    'video.rebuffer.count': totals.rebufferCount,
    'video.rebuffer.total_duration': Number(totals.rebufferTime.toFixed(3)),
    'video.rebuffer.ratio': Number(
      (totals.rebufferTime / (watch + totals.rebufferTime)).toFixed(5),
    ),
    'video.rebuffer.frequency': Number(((totals.rebufferCount * 60) / watch).toFixed(4)),
    'video.seek.count': totals.seeks,
    'video.error.count': totals.errors,
    'video.bitrate.rendered_avg': Math.round(totals.bitrateSeconds / watch),
    'video.bitrate.requested_avg': Math.round(totals.bitrateSeconds / watch),
    'video.quality.up_switches': totals.up,
    'video.quality.down_switches': totals.down,
    'video.quality.upscale_ratio': between(random, 0, 0.3),
    'video.frames.dropped': totals.dropped,
    'video.frames.total': Math.round(watch * 30),
    ...(contentDuration !== undefined
      ? { 'video.completion': Number(Math.min(1, position / contentDuration).toFixed(4)) }
      : {}),
  });
}
