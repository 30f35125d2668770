// OTLP/HTTP JSON request bodies built by the real OpenTelemetry JS SDK and its JSON serialisers,
// shaped like what the OpenQoE browser SDK sends (the contract's span and event names, attributes
// and resource). Hand-written JSON would drift from what the SDK really emits (key order, int vs
// double encoding, empty arrays, flags) and so from the cost of parsing and validating it.
import { randomUUID } from 'node:crypto';
import { context, trace, TraceFlags, type Attributes } from '@opentelemetry/api';
import { JsonLogsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  RandomIdGenerator,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export type Signal = 'traces' | 'logs';

export interface PayloadSet {
  readonly signal: Signal;
  /** Spans or log records per request. */
  readonly batchSize: number;
  /** Distinct request bodies of that size (different sessions and values), as sent on the wire. */
  readonly bodies: readonly string[];
}

const SCOPE_NAME = '@openqoe/sdk';
const SCOPE_VERSION = '0.1.0';
// A fixed epoch in the past keeps timestamps (and so body sizes) the same from run to run.
const EPOCH_MS = Date.UTC(2026, 0, 1);
// Five spans per view: the view, its startup, two rebuffers and a seek.
const SPANS_PER_VIEW = 5;
// Four heartbeats, then a quartile: every 10 s of playing is a heartbeat.
const RECORDS_PER_QUARTILE = 5;
const QUARTILES = [25, 50, 75, 100] as const;

/** mulberry32: a seeded generator, so payloads are the same from run to run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function between(random: () => number, low: number, high: number, decimals = 3): number {
  return Number((low + random() * (high - low)).toFixed(decimals));
}

function sessionResource(): Resource {
  // The browser SDK's resource, minus what only a browser detects (user agent): OTel's defaults
  // (telemetry.sdk.*) plus service and distro names and the session.
  return defaultResource().merge(
    resourceFromAttributes({
      'service.name': 'bench',
      'telemetry.distro.name': 'openqoe',
      'telemetry.distro.version': '0.1.0',
      'session.id': randomUUID(),
    }),
  );
}

function decode(body: Uint8Array | undefined, what: string): string {
  if (body === undefined) throw new Error(`${what}: the OTel serialiser returned nothing`);
  return new TextDecoder().decode(body);
}

async function spanBatch(batchSize: number, seed: number): Promise<string> {
  const random = seededRandom(seed);
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: sessionResource(),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer(SCOPE_NAME, SCOPE_VERSION);
  let clock = EPOCH_MS + seed * 3_600_000;
  for (let view = 0; view * SPANS_PER_VIEW < batchSize; view++) {
    const viewStart = clock;
    const viewSpan = tracer.startSpan('video.view', { startTime: viewStart });
    const inView = trace.setSpan(context.active(), viewSpan);
    const child = (name: string, durationMs: number, attributes: Attributes): void => {
      const span = tracer.startSpan(name, { startTime: clock, attributes }, inView);
      clock += durationMs;
      span.end(clock);
    };
    const startupSeconds = between(random, 0.4, 3);
    child('video.startup', startupSeconds * 1000, {});
    for (let index = 1; index <= 2; index++) {
      clock += between(random, 5_000, 60_000, 0);
      child('video.rebuffer', between(random, 200, 4_000, 0), {
        'video.rebuffer.index': index,
        'video.playhead.position': between(random, 1, 600),
      });
    }
    const seekFrom = between(random, 1, 300);
    child('video.seek', between(random, 100, 1_500, 0), {
      'video.seek.from': seekFrom,
      'video.seek.to': between(random, seekFrom, 600),
    });
    clock += between(random, 10_000, 120_000, 0);
    viewSpan.setAttributes({
      'video.view.end_reason': 'ended',
      'video.player.name': 'hlsjs',
      'video.stream.type': 'vod',
      'video.watch_time': between(random, 30, 600),
      'video.rebuffer.count': 2,
      'video.rebuffer.ratio': between(random, 0.001, 0.05, 4),
      'video.startup.time': startupSeconds,
    });
    viewSpan.end(clock);
  }
  await provider.forceFlush();
  // Whole views are simpler to build; the batch keeps exactly batchSize spans.
  const spans = exporter.getFinishedSpans().slice(0, batchSize);
  await provider.shutdown();
  return decode(JsonTraceSerializer.serializeRequest(spans), 'traces');
}

async function logBatch(batchSize: number, seed: number): Promise<string> {
  const random = seededRandom(seed);
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: sessionResource(),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger(SCOPE_NAME, SCOPE_VERSION);
  // The SDK emits events in the view's trace context, so records carry its traceId and spanId.
  const ids = new RandomIdGenerator();
  const inView = trace.setSpanContext(context.active(), {
    traceId: ids.generateTraceId(),
    spanId: ids.generateSpanId(),
    traceFlags: TraceFlags.SAMPLED,
  });
  const start = EPOCH_MS + seed * 3_600_000;
  for (let i = 0; i < batchSize; i++) {
    const timestamp = start + i * 10_000;
    const position = between(random, 1, 600);
    if (i % RECORDS_PER_QUARTILE === RECORDS_PER_QUARTILE - 1) {
      const quartile = QUARTILES[Math.floor(i / RECORDS_PER_QUARTILE) % QUARTILES.length];
      logger.emit({
        eventName: 'video.quartile',
        timestamp,
        context: inView,
        attributes: { 'video.quartile.percent': quartile, 'video.playhead.position': position },
      });
    } else {
      logger.emit({
        eventName: 'video.heartbeat',
        timestamp,
        context: inView,
        attributes: {
          'video.playhead.position': position,
          'video.watch_time': between(random, 10, 600),
          'video.quality.bitrate': 2_500_000,
          'video.quality.width': 1280,
          'video.quality.height': 720,
        },
      });
    }
  }
  await provider.forceFlush();
  const records = exporter.getFinishedLogRecords();
  await provider.shutdown();
  return decode(JsonLogsSerializer.serializeRequest(records), 'logs');
}

/** `count` distinct request bodies of `batchSize` spans or log records each. */
export async function buildPayloads(
  signal: Signal,
  batchSize: number,
  count: number,
): Promise<PayloadSet> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`buildPayloads: batchSize is ${batchSize}, not an integer ≥ 1`);
  }
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`buildPayloads: count is ${count}, not an integer ≥ 1`);
  }
  const build = signal === 'traces' ? spanBatch : logBatch;
  const bodies: string[] = [];
  for (let seed = 1; seed <= count; seed++) bodies.push(await build(batchSize, seed));
  return { signal, batchSize, bodies };
}

/** Spans or log records in a parsed OTLP JSON body: what the items/s figures count. */
export function countItems(signal: Signal, body: unknown): number {
  const resources = (body as Record<string, unknown>)[
    signal === 'traces' ? 'resourceSpans' : 'resourceLogs'
  ];
  let items = 0;
  for (const resource of (resources ?? []) as Record<string, unknown>[]) {
    const scopes = resource[signal === 'traces' ? 'scopeSpans' : 'scopeLogs'];
    for (const scope of (scopes ?? []) as Record<string, unknown>[]) {
      const list = scope[signal === 'traces' ? 'spans' : 'logRecords'];
      items += Array.isArray(list) ? list.length : 0;
    }
  }
  return items;
}
