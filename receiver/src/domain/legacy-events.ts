// Translation of the original openqoe batch (`POST /v2/events`: events[] with event_type,
// event_time, viewer_time, org_id, player_id, view_id, session_id, viewer_id, data) into the
// OTLP log records the OpenQoE SDK sends: one record per event, named by the contract event whose
// `legacy` name is the event_type, in the view's trace (trace id from view_id), grouped under one
// resource per session and viewer.
//
// The original sent durations in milliseconds; the contract uses seconds. The viewer id is never
// forwarded: it becomes user.hash, HMAC-SHA-256 keyed with the tenant's salt (S9), or is dropped
// when the tenant has no salt. org_id is ignored: the tenant comes from the API key.
import { createHash, createHmac } from 'node:crypto';
import { attributePolicy } from '../policy.js';
import type { KeyValue, LogRecord } from './otlp.js';

export interface LegacyEvent {
  event_type: string;
  event_time: number;
  viewer_time?: number;
  org_id?: string;
  player_id?: string;
  view_id: string;
  session_id?: string;
  viewer_id?: string;
  data?: Record<string, string | number | boolean | null>;
}

/** The contract event for each original event_type (the contract's `legacy` names, generated). */
export const LEGACY_EVENT_NAMES: Readonly<Record<string, string>> = attributePolicy().legacyEvents;

type DataValue = string | number | boolean | null | undefined;
type Converter = (value: DataValue) => KeyValue['value'] | undefined;

const number = (value: DataValue): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

const seconds =
  (fromMilliseconds: boolean): Converter =>
  (value) => {
    const n = number(value);
    return n === undefined ? undefined : { doubleValue: fromMilliseconds ? n / 1000 : n };
  };
const double: Converter = (value) => {
  const n = number(value);
  return n === undefined ? undefined : { doubleValue: n };
};
const integer: Converter = (value) => {
  const n = number(value);
  return n === undefined || !Number.isSafeInteger(n) ? undefined : { intValue: n };
};
const boolean: Converter = (value) =>
  typeof value === 'boolean' ? { boolValue: value } : undefined;
const text =
  (maxLength: number): Converter =>
  (value) =>
    typeof value === 'string' || typeof value === 'number'
      ? { stringValue: String(value).slice(0, maxLength) }
      : undefined;
/**
 * `record[key]` for the record's own keys only: the keys come from the client, and a name such as
 * `toString` or `constructor` must not reach Object.prototype (found by the property test).
 */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

const oneOf =
  (
    values: readonly string[],
    fallback: string | undefined,
    aliases: Record<string, string> = {},
  ): Converter =>
  (value) => {
    if (typeof value !== 'string')
      return fallback === undefined ? undefined : { stringValue: fallback };
    const key = value.toLowerCase();
    const mapped = own(aliases, key) ?? key;
    if (values.includes(mapped)) return { stringValue: mapped };
    return fallback === undefined ? undefined : { stringValue: fallback };
  };

interface FieldMapping {
  readonly attribute: string;
  readonly convert: Converter;
}

const PLAYERS = ['html5', 'videojs', 'hlsjs', 'dashjs', 'shaka', 'other'];
const PLAYER_ALIASES: Record<string, string> = {
  'video.js': 'videojs',
  'hls.js': 'hlsjs',
  'dash.js': 'dashjs',
  'shaka-player': 'shaka',
  'shaka player': 'shaka',
  video: 'html5',
};
const ERROR_TYPES = [
  'network',
  'manifest',
  'media_decode',
  'media_unsupported',
  'drm',
  'timeout',
  'aborted',
  'other',
];

const POSITION: FieldMapping = { attribute: 'video.playhead.position', convert: seconds(true) };

// data keys of the original SDK → contract attributes, per event type. Keys not listed here are
// not forwarded (they have no place in the contract).
const DATA_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldMapping>>>> = {
  playerready: {
    player_startup_time: { attribute: 'video.player.startup_time', convert: seconds(true) },
    player_name: {
      attribute: 'video.player.name',
      convert: oneOf(PLAYERS, 'other', PLAYER_ALIASES),
    },
    player_version: { attribute: 'video.player.version', convert: text(32) },
  },
  viewstart: {
    autoplay: { attribute: 'video.player.autoplay', convert: boolean },
    video_id: { attribute: 'video.content.id', convert: text(128) },
    video_title: { attribute: 'video.content.title', convert: text(256) },
    stream_type: {
      attribute: 'video.stream.type',
      convert: oneOf(['vod', 'live', 'unknown'], 'unknown', { 'on-demand': 'vod' }),
    },
    player_name: {
      attribute: 'video.player.name',
      convert: oneOf(PLAYERS, 'other', PLAYER_ALIASES),
    },
  },
  playing: { playback_time: POSITION },
  pause: { playback_time: POSITION },
  seek: {
    seek_from: { attribute: 'video.seek.from', convert: seconds(true) },
    seek_to: { attribute: 'video.seek.to', convert: seconds(true) },
  },
  stall_start: {
    playback_time: POSITION,
    buffer_length: { attribute: 'video.buffer.length', convert: seconds(true) },
  },
  stall_end: {
    playback_time: POSITION,
    stall_duration: { attribute: 'video.rebuffer.duration', convert: seconds(true) },
  },
  ended: {
    playback_time: POSITION,
    playing_time: { attribute: 'video.watch_time', convert: seconds(true) },
  },
  error: {
    playback_time: POSITION,
    error_code: { attribute: 'video.error.code', convert: text(64) },
    error_message: { attribute: 'video.error.message', convert: text(512) },
  },
  quartile: {
    playback_time: POSITION,
    quartile: {
      attribute: 'video.quartile.percent',
      convert: (value) => {
        const n = number(value);
        return n === 25 || n === 50 || n === 75 || n === 100 ? { intValue: n } : undefined;
      },
    },
  },
  heartbeat: {
    playback_time: POSITION,
    playing_time: { attribute: 'video.watch_time', convert: seconds(true) },
    bitrate: { attribute: 'video.quality.bitrate', convert: double },
    dropped_frames: { attribute: 'video.frames.dropped', convert: integer },
    buffer_length: { attribute: 'video.buffer.length', convert: seconds(true) },
    rebuffer_count: { attribute: 'video.rebuffer.count', convert: integer },
  },
  quality_change: {
    playback_time: POSITION,
    new_bitrate: { attribute: 'video.quality.bitrate', convert: double },
    old_bitrate: { attribute: 'video.quality.previous_bitrate', convert: double },
  },
};

/** Attributes the contract requires on some events, derived from the original's data. */
function requiredAttributes(event: LegacyEvent): KeyValue[] {
  const data = event.data ?? {};
  if (event.event_type === 'error') {
    const fatal = data.fatal === false || data.severity === 'recovered' ? 'recovered' : 'fatal';
    return [
      {
        key: 'error.type',
        value: oneOf(ERROR_TYPES, 'other')(data.error_family) as KeyValue['value'],
      },
      { key: 'video.error.severity', value: { stringValue: fatal } },
    ];
  }
  if (event.event_type === 'quality_change') {
    const now = number(data.new_bitrate);
    const before = number(data.old_bitrate);
    const given = oneOf(['up', 'down', 'lateral'], undefined)(data.direction);
    const direction =
      given?.stringValue ??
      (now === undefined || before === undefined
        ? undefined
        : now > before
          ? 'up'
          : now < before
            ? 'down'
            : 'lateral');
    // Without a direction the record fails the contract and is refused on its own.
    return direction ? [{ key: 'video.quality.direction', value: { stringValue: direction } }] : [];
  }
  return [];
}

const TRACE_ID = /^[0-9a-fA-F]{32}$/;

/** The view's trace id: view_id itself when it is one, else derived from it (stable per view). */
export function traceIdForView(viewId: string): string {
  return TRACE_ID.test(viewId)
    ? viewId.toLowerCase()
    : createHash('sha256').update(viewId).digest('hex').slice(0, 32);
}

/** Epoch milliseconds (possibly fractional) → Unix nanoseconds as a decimal string. */
export function millisecondsToUnixNanos(ms: number): string {
  const micros = Math.round(ms * 1000);
  return micros <= 0 ? '0' : `${micros}000`;
}

/** HMAC-SHA-256 of the viewer id keyed with the tenant's salt, hex (the contract's user.hash). */
export function viewerHash(viewerId: string, salt: string): string {
  return createHmac('sha256', salt).update(viewerId).digest('hex');
}

/** session.id allows 64 characters; longer original ids are hashed rather than cut (no merges). */
function sessionId(id: string): string {
  return id.length <= 64 ? id : createHash('sha256').update(id).digest('hex');
}

export interface LegacyTranslation {
  /** An OTLP logs export request. */
  readonly body: { resourceLogs: object[] };
  /** Each translated record's index in the original events[], for error messages. */
  readonly eventIndex: Map<LogRecord, number>;
  /** data fields that have no place in the contract and were left out. */
  readonly unmappedFields: number;
}

export interface LegacyOptions {
  /** The tenant's viewer-hash salt; without one, viewer ids are dropped. */
  readonly viewerHashSalt: string | undefined;
  /** service.name for events (the original format has no application name). */
  readonly serviceName: string;
  /** Events to leave out (already refused by validation). */
  readonly skip: ReadonlySet<unknown>;
}

const SCOPE = { name: 'openqoe-legacy-v2', version: '2' };

function resourceAttributes(event: LegacyEvent, options: LegacyOptions): KeyValue[] {
  const attributes: KeyValue[] = [
    { key: 'service.name', value: { stringValue: options.serviceName } },
    { key: 'telemetry.sdk.name', value: { stringValue: 'openqoe-legacy' } },
    { key: 'telemetry.sdk.language', value: { stringValue: 'webjs' } },
    { key: 'telemetry.sdk.version', value: { stringValue: '2' } },
    { key: 'telemetry.distro.name', value: { stringValue: 'openqoe' } },
    { key: 'telemetry.distro.version', value: { stringValue: 'legacy-v2' } },
  ];
  if (event.session_id !== undefined) {
    attributes.push({ key: 'session.id', value: { stringValue: sessionId(event.session_id) } });
  }
  if (event.viewer_id !== undefined && options.viewerHashSalt !== undefined) {
    attributes.push({
      key: 'user.hash',
      value: { stringValue: viewerHash(event.viewer_id, options.viewerHashSalt) },
    });
  }
  return attributes;
}

export function translateLegacyEvents(
  events: readonly LegacyEvent[],
  options: LegacyOptions,
): LegacyTranslation {
  const groups = new Map<string, { resource: { attributes: KeyValue[] }; records: LogRecord[] }>();
  const eventIndex = new Map<LogRecord, number>();
  let unmappedFields = 0;
  events.forEach((event, index) => {
    if (options.skip.has(event)) return;
    const groupKey = `${event.session_id ?? ''}\u0000${event.viewer_id ?? ''}`;
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = { resource: { attributes: resourceAttributes(event, options) }, records: [] };
      groups.set(groupKey, group);
    }
    const traceId = traceIdForView(event.view_id);
    const attributes: KeyValue[] = [{ key: 'video.view.id', value: { stringValue: traceId } }];
    const fields = own(DATA_FIELDS, event.event_type) ?? {};
    for (const [name, value] of Object.entries(event.data ?? {})) {
      const mapping = own(fields, name);
      const converted = mapping?.convert(value);
      if (mapping === undefined || converted === undefined) {
        // Fields consumed by requiredAttributes are not "unmapped".
        if (!['fatal', 'severity', 'error_family', 'direction'].includes(name)) unmappedFields++;
        continue;
      }
      attributes.push({ key: mapping.attribute, value: converted });
    }
    attributes.push(...requiredAttributes(event));
    const record: LogRecord = {
      timeUnixNano: millisecondsToUnixNanos(event.event_time),
      eventName: LEGACY_EVENT_NAMES[event.event_type] as string,
      traceId,
      attributes,
    };
    group.records.push(record);
    eventIndex.set(record, index);
  });
  return {
    body: {
      resourceLogs: [...groups.values()].map((group) => ({
        resource: group.resource,
        scopeLogs: [{ scope: SCOPE, logRecords: group.records }],
      })),
    },
    eventIndex,
    unmappedFields,
  };
}
