// Where the view tracker's measurements go. The OpenTelemetry implementation lives in otel/;
// tests use a recording sink. Timestamps are SDK clock milliseconds (epoch, monotonic base).
import type {
  EventAttributesByName,
  EventName,
  SpanAttributesByName,
} from '../generated/contract.js';

export type ChildSpanName = 'video.startup' | 'video.rebuffer' | 'video.seek';
export type ViewAttributes = Partial<SpanAttributesByName['video.view']>;
export type SpanAttributes<N extends ChildSpanName> = Partial<SpanAttributesByName[N]>;
export type EventAttributes<N extends EventName> = Partial<EventAttributesByName[N]>;

export interface SpanScope<N extends ChildSpanName = ChildSpanName> {
  end(at: number, attributes?: SpanAttributes<N>): void;
}

/** One playback view: the root span and everything emitted in its trace context. */
export interface ViewScope {
  /** The view id (= trace id), once known. */
  readonly viewId: string;
  startSpan<N extends ChildSpanName>(
    name: N,
    at: number,
    attributes?: SpanAttributes<N>,
  ): SpanScope<N>;
  event<N extends EventName>(name: N, at: number, attributes?: EventAttributes<N>): void;
  /** Ends the root span with the view's totals. */
  end(at: number, attributes: ViewAttributes): void;
}

export interface ViewSink {
  startView(at: number, attributes: ViewAttributes): ViewScope;
  /** An event outside any view (e.g. a player error before any play intent). */
  event<N extends EventName>(name: N, at: number, attributes?: EventAttributes<N>): void;
}
