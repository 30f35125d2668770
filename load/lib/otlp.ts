// OTLP/HTTP JSON exactly as the OpenQoE browser SDK puts it on the wire: the OpenTelemetry JS
// serialisers' shapes (key order, ids as lowercase hex, times as decimal nanosecond strings,
// integral numbers as intValue, the empty events/links arrays and flags), so the load scripts cost
// the receiver what real browsers cost it. Names are typed by the generated contract module.
import type { AttributeName, EventName, SpanName } from '../generated/contract.ts';

export type AttributeValue = string | number | boolean | readonly string[];
export type Attributes = Partial<Record<AttributeName, AttributeValue>>;

export type OtlpAnyValue =
  | { stringValue: string }
  | { intValue: number }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: OtlpAnyValue[] } };

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** The instrumentation scope the SDK's tracer and logger use. */
export const SCOPE = { name: '@openqoe/sdk', version: '0.1.0' } as const;

/** SpanKind INTERNAL, as OTel JS encodes it. */
const SPAN_KIND_INTERNAL = 1;
/** Sampled, with the "remote parent known" bit OTel JS sets on exported spans. */
const SPAN_FLAGS = 257;
const LOG_FLAGS_SAMPLED = 1;

export interface SpanItem {
  readonly name: SpanName;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: Attributes;
}

export interface LogItem {
  readonly eventName: EventName;
  readonly traceId: string;
  readonly spanId: string;
  readonly timeMs: number;
  readonly attributes: Attributes;
}

/** Unix nanoseconds as a decimal string from epoch milliseconds (no BigInt: k6 runs this too). */
export function unixNanos(epochMs: number): string {
  // Microseconds since the epoch stay below 2^53 until the year 2255: exact as a double.
  const micros = Math.round(epochMs * 1000);
  return `${micros}000`;
}

export function encodeValue(value: AttributeValue): OtlpAnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  }
  return { arrayValue: { values: value.map((item) => ({ stringValue: item })) } };
}

export function encodeAttributes(attributes: Attributes): OtlpKeyValue[] {
  const encoded: OtlpKeyValue[] = [];
  for (const key of Object.keys(attributes) as AttributeName[]) {
    const value = attributes[key];
    if (value !== undefined) encoded.push({ key, value: encodeValue(value) });
  }
  return encoded;
}

function resourceOf(attributes: Attributes): {
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
} {
  return { attributes: encodeAttributes(attributes), droppedAttributesCount: 0 };
}

/** An ExportTraceServiceRequest with one resource and one scope, as the SDK's batches are. */
export function tracesRequest(resource: Attributes, spans: readonly SpanItem[]): unknown {
  return {
    resourceSpans: [
      {
        resource: resourceOf(resource),
        scopeSpans: [
          {
            scope: SCOPE,
            spans: spans.map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId !== undefined ? { parentSpanId: span.parentSpanId } : {}),
              name: span.name,
              kind: SPAN_KIND_INTERNAL,
              startTimeUnixNano: unixNanos(span.startMs),
              endTimeUnixNano: unixNanos(span.endMs),
              attributes: encodeAttributes(span.attributes),
              droppedAttributesCount: 0,
              events: [],
              droppedEventsCount: 0,
              status: { code: 0 },
              links: [],
              droppedLinksCount: 0,
              flags: SPAN_FLAGS,
            })),
          },
        ],
      },
    ],
  };
}

/** An ExportLogsServiceRequest: one log record per player event, in the view's trace context. */
export function logsRequest(
  resource: Attributes,
  records: readonly LogItem[],
  observedMs: number,
): unknown {
  return {
    resourceLogs: [
      {
        resource: resourceOf(resource),
        scopeLogs: [
          {
            scope: SCOPE,
            logRecords: records.map((record) => ({
              timeUnixNano: unixNanos(record.timeMs),
              observedTimeUnixNano: unixNanos(Math.max(observedMs, record.timeMs)),
              body: {},
              eventName: record.eventName,
              attributes: encodeAttributes(record.attributes),
              droppedAttributesCount: 0,
              flags: LOG_FLAGS_SAMPLED,
              traceId: record.traceId,
              spanId: record.spanId,
            })),
          },
        ],
      },
    ],
  };
}
