// OTLP/HTTP JSON of playback views as the SDK (through the receiver) sends them: a trace with the
// root video.view span and its startup / rebuffer / seek children, and the view's player events as
// log records with EventName. Durations are chosen so each lands in a known histogram bucket.
// Every name used here is checked against the contract by alloy-run.test.ts.

type Value = string | number | boolean;
type KeyValue = { key: string; value: Record<string, Value> };

function anyValue(value: Value): Record<string, Value> {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

export function attributes(record: Record<string, Value>): KeyValue[] {
  return Object.entries(record).map(([key, value]) => ({ key, value: anyValue(value) }));
}

const hex = (n: number, length: number): string => n.toString(16).padStart(length, '0');
const nanos = (ms: number): string => `${BigInt(Math.round(ms)) * 1_000_000n}`;

interface SpanSpec {
  n: number;
  name: string;
  parent: number | undefined;
  from: number;
  to: number;
  attrs: Record<string, Value>;
}

export interface ViewOptions {
  tenant: string;
  /** Distinguishes views (trace ids and span ids). */
  index: number;
  startMs: number;
  exitBeforeStart?: boolean;
}

export interface ViewFixture {
  traceId: string;
  traces: unknown;
  logs: unknown;
  spanNames: string[];
  eventNames: string[];
  attributeNames: string[];
}

export const STARTUP_SECONDS = 1.2; // bucket le=1.5
export const REBUFFER_SECONDS = 0.7; // bucket le=1
export const SEEK_SECONDS = 0.3; // bucket le=0.5

export function viewFixture(options: ViewOptions): ViewFixture {
  const { tenant, index, startMs } = options;
  const traceId = hex(0xabc0000 + index, 32);
  const span = (n: number): string => hex(index * 16 + n, 16);
  const resource = {
    attributes: attributes({
      'service.name': 'shop-web',
      'deployment.environment.name': 'production',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.language': 'webjs',
      'telemetry.sdk.version': '2.0.0',
      'telemetry.distro.name': 'openqoe',
      'telemetry.distro.version': '0.1.0',
      'session.id': `session-${index}`,
      'video.device.type': 'desktop',
      'geo.country.iso_code': 'FR',
      'openqoe.tenant.id': tenant,
      // Never-sent attributes a sender that bypassed the receiver might include: Alloy scrubs them.
      'user.id': 'viewer-42',
      'client.address': '203.0.113.7',
    }),
  };
  const viewAttributes: Record<string, Value> = {
    // Upper case on purpose: Alloy normalises the view id to the lowercase trace id.
    'video.view.id': traceId.toUpperCase(),
    'video.view.end_reason': options.exitBeforeStart ? 'page_hidden' : 'ended',
    'video.view.exit_before_start': options.exitBeforeStart === true,
    'video.player.name': 'hlsjs',
    'video.stream.type': 'vod',
    'video.content.id': 'content-7',
    'video.completion': 0.8,
    'video.bitrate.rendered_avg': 2_000_000,
    'video.frames.dropped': 5,
    'video.watch_time': 42.5,
    'url.query': 'token=secret',
  };
  const allSpans: SpanSpec[] = [
    { n: 1, name: 'video.view', parent: undefined, from: 0, to: 60_000, attrs: viewAttributes },
    { n: 2, name: 'video.startup', parent: 1, from: 0, to: STARTUP_SECONDS * 1000, attrs: {} },
    {
      n: 3,
      name: 'video.rebuffer',
      parent: 1,
      from: 10_000,
      to: 10_000 + REBUFFER_SECONDS * 1000,
      attrs: { 'video.rebuffer.index': 1 },
    },
    {
      n: 4,
      name: 'video.seek',
      parent: 1,
      from: 20_000,
      to: 20_000 + SEEK_SECONDS * 1000,
      attrs: {},
    },
  ];
  const spans = allSpans.filter((s) => !options.exitBeforeStart || s.name === 'video.view');
  const traces = {
    resourceSpans: [
      {
        resource,
        scopeSpans: [
          {
            scope: { name: 'openqoe', version: '0.1.0' },
            spans: spans.map((s) => ({
              traceId,
              spanId: span(s.n),
              ...(s.parent === undefined ? {} : { parentSpanId: span(s.parent) }),
              name: s.name,
              kind: 1,
              startTimeUnixNano: nanos(startMs + s.from),
              endTimeUnixNano: nanos(startMs + s.to),
              attributes: attributes({ ...s.attrs, 'video.view.id': traceId }),
            })),
          },
        ],
      },
    ],
  };
  const events: [string | undefined, Record<string, Value>][] = [
    ['video.player_ready', { 'video.player.startup_time': 0.4, 'video.player.name': 'hlsjs' }],
    [
      'video.view_start',
      { 'video.player.name': 'hlsjs', 'video.stream.type': 'vod', 'video.content.id': 'content-7' },
    ],
    [
      'video.error',
      {
        'error.type': 'network',
        'video.error.severity': 'recovered',
        'video.error.code': 'fragLoadError',
      },
    ],
    [
      'video.heartbeat',
      {
        'video.live.latency': 4,
        'video.player.name': 'hlsjs',
        'video.buffer.length': 12.5,
        'video.quality.height': 720,
        'video.cmcd.br': 2000,
        'video.cmcd.tb': 4000,
        'video.cmcd.bl': 12500,
        'video.cmcd.mtp': 25000,
        'video.cmcd.bs': false,
      },
    ],
    ['video.stall_start', { 'video.buffer.length': 0.2, 'video.player.name': 'hlsjs' }],
    ['video.quartile', { 'video.quartile.percent': 25, 'video.player.name': 'hlsjs' }],
    ['video.quality_change', { 'video.quality.direction': 'up', 'video.player.name': 'hlsjs' }],
    [
      'video.ended',
      { 'video.player.name': 'hlsjs', 'video.stream.type': 'vod', 'video.content.id': 'content-7' },
    ],
    // An older sender: the event name only in the deprecated attribute.
    [undefined, { 'event.name': 'video.pause', 'video.playhead.position': 12 }],
  ];
  const logs = {
    resourceLogs: [
      {
        resource,
        scopeLogs: [
          {
            scope: { name: 'openqoe', version: '0.1.0' },
            logRecords: events.map(([eventName, attrs], i) => ({
              ...(eventName === undefined ? {} : { eventName }),
              timeUnixNano: nanos(startMs + i * 1000),
              observedTimeUnixNano: nanos(startMs + i * 1000),
              traceId,
              spanId: span(1),
              attributes: attributes({
                // The contract's common attributes: on every item of a view, as the SDK sends them.
                'video.player.name': 'hlsjs',
                'video.stream.type': 'vod',
                'video.content.id': 'content-7',
                ...attrs,
                'video.view.id': traceId,
                'user.id': 'viewer-42',
              }),
            })),
          },
        ],
      },
    ],
  };
  const attributeNames = new Set<string>();
  for (const list of [
    resource.attributes,
    ...spans.map((s) => attributes(s.attrs)),
    ...events.map(([, a]) => attributes(a)),
  ]) {
    for (const { key } of list) attributeNames.add(key);
  }
  attributeNames.add('video.view.id');
  return {
    traceId,
    traces,
    logs,
    spanNames: spans.map((s) => s.name),
    eventNames: events.map(([name, attrs]) => name ?? String(attrs['event.name'])),
    attributeNames: [...attributeNames],
  };
}
