// T1: one batcher for spans and log records, flushed at `maxItems` items or `maxDelayMs` after the
// first item, whichever comes first, and synchronously on demand (page unload, T2). Each flush
// serialises with OpenTelemetry's own OTLP JSON serialisers and hands batches to the transport.
// Batches are split until each fits the keepalive budget, so an unload flush can always send them.
import type { Context } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { LogRecordProcessor, ReadableLogRecord, SdkLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { JsonLogsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { Clock, Scheduler } from '../clock.js';
import { randomHex } from '../ids.js';
import type { Batch, Signal } from '../transport/batch.js';

export interface BatchingOptions {
  maxItems: number;
  maxDelayMs: number;
  /** Largest body; larger batches are split (keeps each under the 64 KiB keepalive budget). */
  maxBatchBytes: number;
}

export const DEFAULT_BATCHING: BatchingOptions = {
  maxItems: 50,
  maxDelayMs: 5000,
  maxBatchBytes: 48 * 1024,
};

export interface BatchDestination {
  enqueue(batch: Batch): void;
}

const decoder = new TextDecoder();

type Item = ReadableSpan | ReadableLogRecord;

/**
 * Gives every item of a batch the same resource object, so the serialiser groups them under one
 * ResourceSpans/ResourceLogs — and lets the resource change between batches (session rotation)
 * without rebuilding providers. Object.create keeps the item's own fields and methods.
 */
function withResource<T extends Item>(item: T, resource: Resource | undefined): T {
  if (!resource || item.resource === resource) return item;
  return Object.create(item, { resource: { value: resource } }) as T;
}

export class BatchingProcessor implements SpanProcessor, LogRecordProcessor {
  private spans: ReadableSpan[] = [];
  private logs: ReadableLogRecord[] = [];
  private timer: unknown;
  private closed = false;

  constructor(
    private readonly destination: BatchDestination,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly options: BatchingOptions = DEFAULT_BATCHING,
    /** The resource to send with the next batch (may change over the page's life). */
    private readonly currentResource: () => Resource | undefined = () => undefined,
  ) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.closed) return;
    this.spans.push(span);
    this.added();
  }

  onEmit(logRecord: SdkLogRecord, _context?: Context): void {
    if (this.closed) return;
    this.logs.push(logRecord);
    this.added();
  }

  /** Serialises and hands over everything buffered, synchronously. */
  flush(): void {
    this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    const resource = this.currentResource();
    const spans = this.spans.splice(0).map((s) => withResource(s, resource));
    const logs = this.logs.splice(0).map((l) => withResource(l, resource));
    if (spans.length > 0) this.emit('traces', spans);
    if (logs.length > 0) this.emit('logs', logs);
  }

  forceFlush(): Promise<void> {
    this.flush();
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.flush();
    this.closed = true;
    return Promise.resolve();
  }

  private added(): void {
    if (this.spans.length + this.logs.length >= this.options.maxItems) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = this.scheduler.setTimeout(() => this.flush(), this.options.maxDelayMs);
    }
  }

  private emit(signal: Signal, items: Item[]): void {
    const bytes =
      signal === 'traces'
        ? JsonTraceSerializer.serializeRequest(items as ReadableSpan[])
        : JsonLogsSerializer.serializeRequest(items as ReadableLogRecord[]);
    if (!bytes) return;
    if (bytes.byteLength > this.options.maxBatchBytes && items.length > 1) {
      const half = Math.ceil(items.length / 2);
      this.emit(signal, items.slice(0, half));
      this.emit(signal, items.slice(half));
      return;
    }
    this.destination.enqueue({
      id: randomHex(16),
      signal,
      body: decoder.decode(bytes),
      items: items.length,
      createdAt: this.clock.now(),
    });
  }
}
