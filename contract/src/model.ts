// The telemetry contract as typed data. `telemetry.yaml` is parsed into these shapes by load.ts.

export const CARDINALITY_CLASSES = ['label', 'attribute', 'hashed', 'never'] as const;
export type CardinalityClass = (typeof CARDINALITY_CLASSES)[number];

export const ATTRIBUTE_TYPES = ['string', 'int', 'double', 'boolean', 'string[]'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** What the receiver does with a label-class value before it can become a metric label (R7). */
export const LABEL_POLICIES = ['allow', 'bucket', 'hash', 'drop'] as const;
export type LabelPolicy = (typeof LABEL_POLICIES)[number];

/** Which component is allowed to put the attribute on the data. */
export const SETTERS = ['sdk', 'receiver', 'alloy'] as const;
export type Setter = (typeof SETTERS)[number];

export interface AttributeDef {
  name: string;
  brief: string;
  type: AttributeType;
  cardinality: CardinalityClass;
  setBy: Setter;
  unit?: string;
  maxLength?: number;
  enum?: readonly (string | number)[];
  maxCardinality?: number;
  policy?: LabelPolicy;
  semconv: boolean;
  requirement?: string;
}

export interface AttributeSet {
  required: readonly string[];
  optional: readonly string[];
}

export interface SpanDef extends AttributeSet {
  name: string;
  brief: string;
  parent: string | null;
  requirement?: string;
}

export interface EventDef extends AttributeSet {
  name: string;
  brief: string;
  /** event_type of the original openqoe /v2/events format, when the event has one. */
  legacy?: string;
}

export type MetricType = 'counter' | 'histogram' | 'gauge';

/** What Alloy builds a metric from: a span or log record, and which value of it. */
export interface MetricSource {
  signal: 'span' | 'log';
  /** Span name (signal span) or event name (signal log); '*' means every event. */
  name: string;
  /** 'count' (one per item), 'duration' (span duration in seconds) or an attribute name. */
  value: string;
  where?: Readonly<Record<string, string | number | boolean>>;
}

export interface MetricDef {
  name: string;
  type: MetricType;
  unit: string;
  brief: string;
  definition?: string;
  from: MetricSource;
  labels: readonly string[];
  buckets?: readonly number[];
}

export interface Limits {
  attributesPerItem: number;
  itemsPerRequest: number;
  arrayLength: number;
  stringLength: number;
}

export interface Contract {
  version: number;
  limits: Limits;
  overflowValue: string;
  semconvVersion: string;
  attributes: ReadonlyMap<string, AttributeDef>;
  resource: AttributeSet;
  common: readonly string[];
  spans: ReadonlyMap<string, SpanDef>;
  events: ReadonlyMap<string, EventDef>;
  metrics: ReadonlyMap<string, MetricDef>;
}
