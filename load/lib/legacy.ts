// The original openqoe batch format (`POST /v2/events`) for the same simulated views: one legacy
// event per player event that has a `legacy` name in the contract, with the original SDK's data
// keys (durations in milliseconds), as older integrations still send them.
import { EVENTS, type EventName } from '../generated/contract.ts';
import type { AttributeValue, LogItem } from './otlp.ts';
import type { SimulatedView } from './view.ts';

export interface LegacyEvent {
  event_type: string;
  event_time: number;
  viewer_time: number;
  org_id: string;
  player_id: string;
  view_id: string;
  session_id: string;
  viewer_id: string;
  data: Record<string, string | number | boolean>;
}

/** The contract event → the original event_type, for events that have one. */
export function legacyName(eventName: EventName): string | undefined {
  const event = EVENTS[eventName] as { readonly legacy?: string };
  return event.legacy;
}

const ms = (seconds: AttributeValue | undefined): number | undefined =>
  typeof seconds === 'number' ? Math.round(seconds * 1000) : undefined;

function dataOf(record: LogItem): Record<string, string | number | boolean | undefined> {
  const a = record.attributes;
  const position = ms(a['video.playhead.position']);
  switch (record.eventName) {
    case 'video.player_ready':
      return {
        player_name: a['video.player.name'] as string,
        player_version: a['video.player.version'] as string,
        player_startup_time: ms(a['video.player.startup_time']),
      };
    case 'video.view_start':
      return {
        autoplay: a['video.player.autoplay'] as boolean,
        video_id: a['video.content.id'] as string,
        video_title: a['video.content.title'] as string,
        stream_type: a['video.stream.type'] as string,
        player_name: a['video.player.name'] as string,
      };
    case 'video.seek':
      return { seek_from: ms(a['video.seek.from']), seek_to: ms(a['video.seek.to']) };
    case 'video.stall_start':
      return { playback_time: position, buffer_length: ms(a['video.buffer.length']) };
    case 'video.stall_end':
      return { playback_time: position, stall_duration: ms(a['video.rebuffer.duration']) };
    case 'video.ended':
      return { playback_time: position, playing_time: ms(a['video.watch_time']) };
    case 'video.error':
      return {
        playback_time: position,
        error_family: a['error.type'] as string,
        error_code: a['video.error.code'] as string,
        error_message: a['video.error.message'] as string,
        fatal: a['video.error.severity'] === 'fatal',
      };
    case 'video.quartile':
      return { playback_time: position, quartile: a['video.quartile.percent'] as number };
    case 'video.heartbeat':
      return {
        playback_time: position,
        playing_time: ms(a['video.watch_time']),
        bitrate: a['video.quality.bitrate'] as number,
        dropped_frames: a['video.frames.dropped'] as number,
        buffer_length: ms(a['video.buffer.length']),
        rebuffer_count: a['video.rebuffer.count'] as number,
      };
    case 'video.quality_change':
      return {
        playback_time: position,
        new_bitrate: a['video.quality.bitrate'] as number,
        old_bitrate: a['video.quality.previous_bitrate'] as number,
        direction: a['video.quality.direction'] as string,
      };
    default:
      return { playback_time: position };
  }
}

function defined(
  data: Record<string, string | number | boolean | undefined>,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Legacy events of one view (log records without a legacy name are left out). */
export function legacyEventsOf(view: SimulatedView): LegacyEvent[] {
  const events: LegacyEvent[] = [];
  const session = String(view.resource['session.id']);
  for (const item of view.items) {
    if (item.signal !== 'logs') continue;
    const type = legacyName(item.log.eventName);
    if (type === undefined) continue;
    events.push({
      event_type: type,
      event_time: Math.round(item.log.timeMs),
      viewer_time: Math.round(item.log.timeMs),
      org_id: 'load-test-org',
      player_id: 'player-1',
      view_id: view.viewId,
      session_id: session,
      viewer_id: `viewer-${session.slice(0, 8)}`,
      data: defined(dataOf(item.log)),
    });
  }
  return events;
}

/** Legacy batches of at most `maxEvents` events each (the original SDK's batching). */
export function legacyBatches(view: SimulatedView, maxEvents: number): LegacyEvent[][] {
  const events = legacyEventsOf(view);
  const batches: LegacyEvent[][] = [];
  for (let i = 0; i < events.length; i += maxEvents) batches.push(events.slice(i, i + maxEvents));
  return batches;
}
