// How the SDK puts a view's items on the wire: one batcher for both signals that flushes at
// `maxItems` items or when the oldest item is `maxAgeMs` old (T1: 50 items or 5 s), each flush
// becoming up to two requests (/v1/traces, /v1/logs) with their own batch id. Plus the headers the
// SDK sends with every request (sdk/src/transport/http-sender.ts).
import { logsRequest, tracesRequest, unixNanos, type LogItem, type SpanItem } from './otlp.ts';
import { hexId, type Random } from './random.ts';
import type { SimulatedView } from './view.ts';

export type Signal = 'traces' | 'logs';

export interface Batch {
  readonly signal: Signal;
  readonly id: string;
  /** The JSON body as sent. */
  readonly body: string;
  /** Spans or log records inside. */
  readonly items: number;
  /** Epoch ms at which the SDK would flush it (its newest item's time, or the age limit). */
  readonly dueMs: number;
}

export interface BatchPolicy {
  /** SDK default 50. */
  readonly maxItems: number;
  /** SDK default 5000; Infinity batches by count only (a replay compressed in time). */
  readonly maxAgeMs: number;
}

export const SDK_BATCH_POLICY: BatchPolicy = { maxItems: 50, maxAgeMs: 5000 };

/** The view's items grouped into flushes, each flush split by signal into requests. */
export function batchesOf(view: SimulatedView, policy: BatchPolicy, random: Random): Batch[] {
  const batches: Batch[] = [];
  let spans: SpanItem[] = [];
  let logs: LogItem[] = [];
  let oldestMs: number | undefined;
  const flush = (dueMs: number): void => {
    if (spans.length > 0) {
      batches.push({
        signal: 'traces',
        id: hexId(random, 16),
        body: JSON.stringify(tracesRequest(view.resource, spans)),
        items: spans.length,
        dueMs,
      });
    }
    if (logs.length > 0) {
      batches.push({
        signal: 'logs',
        id: hexId(random, 16),
        body: JSON.stringify(logsRequest(view.resource, logs, dueMs)),
        items: logs.length,
        dueMs,
      });
    }
    spans = [];
    logs = [];
    oldestMs = undefined;
  };
  for (const item of view.items) {
    if (oldestMs !== undefined && item.atMs - oldestMs >= policy.maxAgeMs) {
      flush(oldestMs + policy.maxAgeMs);
    }
    if (item.signal === 'traces') spans.push(item.span);
    else logs.push(item.log);
    oldestMs ??= item.atMs;
    if (spans.length + logs.length >= policy.maxItems) flush(item.atMs);
  }
  // The view ended: the SDK flushes what is left at once (the root span ends the view).
  if (spans.length + logs.length > 0) flush(view.endMs);
  return batches;
}

/** Headers of one request, as the SDK's HttpSender sets them. */
export function sdkHeaders(
  apiKey: string,
  batchId: string,
  sentAtMs: number,
): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-OpenQoE-Batch-Id': batchId,
    'X-OpenQoE-Sent-At': unixNanos(sentAtMs),
    Authorization: `Bearer ${apiKey}`,
  };
}

/** Path of a batch below the receiver's base URL. */
export function pathOf(signal: Signal): string {
  return `/v1/${signal}`;
}

/**
 * True when an OTLP/HTTP answer body accepted every item: `{}` (the receiver) or a partialSuccess
 * without rejected items (`{"partialSuccess":{}}`, as OpenTelemetry collectors such as Alloy answer).
 */
export function acceptedInFull(body: string | null | undefined): boolean {
  if (body === '{}') return true;
  try {
    const answer = JSON.parse(body ?? '') as {
      partialSuccess?: { rejectedSpans?: string | number; rejectedLogRecords?: string | number };
    } | null;
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) return false;
    const rejected = answer.partialSuccess;
    return (
      Number(rejected?.rejectedSpans ?? 0) === 0 && Number(rejected?.rejectedLogRecords ?? 0) === 0
    );
  } catch {
    return false;
  }
}
