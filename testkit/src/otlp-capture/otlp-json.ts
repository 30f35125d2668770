/**
 * OTLP/HTTP JSON shapes (the JSON mapping of opentelemetry-proto) and pure helpers that turn an
 * export request into flat records a test can assert on.
 *
 * The OTLP JSON mapping departs from plain proto3 JSON where SDKs most often get it wrong: trace
 * and span ids are hex (not base64) and enums are integers (not names). The helpers are strict
 * about both, and about the shapes they walk, so a test fails where a real collector would reject
 * the data instead of silently decoding garbage. Every failure is an `OtlpDecodeError` naming the
 * path of the offending field.
 */

/** The three OTLP signals the capture server accepts. */
export type OtlpSignal = 'traces' | 'logs' | 'metrics';

/** proto3 JSON writes 64-bit integers as decimal strings; readers must accept numbers too. */
export type OtlpInt64 = number | string;

/** proto3 JSON may write a double as a string, including `"NaN"`, `"Infinity"`, `"-Infinity"`. */
export type OtlpDouble = number | string;

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: OtlpInt64;
  doubleValue?: OtlpDouble;
  arrayValue?: OtlpArrayValue;
  kvlistValue?: OtlpKeyValueList;
  /** Base64 (standard or URL-safe alphabet). */
  bytesValue?: string;
}

export interface OtlpArrayValue {
  values?: OtlpAnyValue[];
}

export interface OtlpKeyValueList {
  values?: OtlpKeyValue[];
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

export interface OtlpResource {
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpInstrumentationScope {
  name?: string;
  version?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

// ---- traces ---------------------------------------------------------------------------------

export interface OtlpSpanEvent {
  timeUnixNano?: OtlpInt64;
  name?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpSpanLink {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

export interface OtlpStatus {
  /** 0 unset, 1 ok, 2 error. */
  code?: number;
  message?: string;
}

export interface OtlpSpan {
  /** 32 hex digits. */
  traceId: string;
  /** 16 hex digits. */
  spanId: string;
  traceState?: string;
  /** 16 hex digits, or empty/absent for a root span. */
  parentSpanId?: string;
  flags?: number;
  name: string;
  /** 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind?: number;
  startTimeUnixNano: OtlpInt64;
  endTimeUnixNano: OtlpInt64;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpSpanEvent[];
  droppedEventsCount?: number;
  links?: OtlpSpanLink[];
  droppedLinksCount?: number;
  status?: OtlpStatus;
}

export interface OtlpScopeSpans {
  scope?: OtlpInstrumentationScope;
  spans?: OtlpSpan[];
  schemaUrl?: string;
}

export interface OtlpResourceSpans {
  resource?: OtlpResource;
  scopeSpans?: OtlpScopeSpans[];
  schemaUrl?: string;
}

export interface ExportTraceServiceRequest {
  resourceSpans?: OtlpResourceSpans[];
}

// ---- logs -----------------------------------------------------------------------------------

export interface OtlpLogRecord {
  timeUnixNano?: OtlpInt64;
  observedTimeUnixNano?: OtlpInt64;
  /** 0..24 (SeverityNumber). */
  severityNumber?: number;
  severityText?: string;
  body?: OtlpAnyValue;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: string;
  spanId?: string;
  eventName?: string;
}

export interface OtlpScopeLogs {
  scope?: OtlpInstrumentationScope;
  logRecords?: OtlpLogRecord[];
  schemaUrl?: string;
}

export interface OtlpResourceLogs {
  resource?: OtlpResource;
  scopeLogs?: OtlpScopeLogs[];
  schemaUrl?: string;
}

export interface ExportLogsServiceRequest {
  resourceLogs?: OtlpResourceLogs[];
}

// ---- metrics (loosely: enough to read values back, not every field of the proto) ----------

export interface OtlpNumberDataPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: OtlpInt64;
  timeUnixNano?: OtlpInt64;
  asDouble?: OtlpDouble;
  asInt?: OtlpInt64;
  exemplars?: unknown[];
  flags?: number;
}

export interface OtlpHistogramDataPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: OtlpInt64;
  timeUnixNano?: OtlpInt64;
  count?: OtlpInt64;
  sum?: OtlpDouble;
  bucketCounts?: OtlpInt64[];
  explicitBounds?: OtlpDouble[];
  min?: OtlpDouble;
  max?: OtlpDouble;
  exemplars?: unknown[];
  flags?: number;
}

export interface OtlpExponentialHistogramDataPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: OtlpInt64;
  timeUnixNano?: OtlpInt64;
  count?: OtlpInt64;
  sum?: OtlpDouble;
  scale?: number;
  zeroCount?: OtlpInt64;
  positive?: { offset?: number; bucketCounts?: OtlpInt64[] };
  negative?: { offset?: number; bucketCounts?: OtlpInt64[] };
  min?: OtlpDouble;
  max?: OtlpDouble;
  exemplars?: unknown[];
  flags?: number;
}

export interface OtlpSummaryDataPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: OtlpInt64;
  timeUnixNano?: OtlpInt64;
  count?: OtlpInt64;
  sum?: OtlpDouble;
  quantileValues?: { quantile?: OtlpDouble; value?: OtlpDouble }[];
  flags?: number;
}

export interface OtlpMetric {
  name: string;
  description?: string;
  unit?: string;
  metadata?: OtlpKeyValue[];
  gauge?: { dataPoints?: OtlpNumberDataPoint[] };
  sum?: {
    dataPoints?: OtlpNumberDataPoint[];
    aggregationTemporality?: number;
    isMonotonic?: boolean;
  };
  histogram?: { dataPoints?: OtlpHistogramDataPoint[]; aggregationTemporality?: number };
  exponentialHistogram?: {
    dataPoints?: OtlpExponentialHistogramDataPoint[];
    aggregationTemporality?: number;
  };
  summary?: { dataPoints?: OtlpSummaryDataPoint[] };
}

export interface OtlpScopeMetrics {
  scope?: OtlpInstrumentationScope;
  metrics?: OtlpMetric[];
  schemaUrl?: string;
}

export interface OtlpResourceMetrics {
  resource?: OtlpResource;
  scopeMetrics?: OtlpScopeMetrics[];
  schemaUrl?: string;
}

export interface ExportMetricsServiceRequest {
  resourceMetrics?: OtlpResourceMetrics[];
}

/** Maps each signal to the request body it carries. */
export interface OtlpRequestBySignal {
  traces: ExportTraceServiceRequest;
  logs: ExportLogsServiceRequest;
  metrics: ExportMetricsServiceRequest;
}

// ---- responses ------------------------------------------------------------------------------

/** The body of a 200 answer; an empty object means every item was accepted. */
export interface OtlpExportResponse {
  partialSuccess?: {
    rejectedSpans?: OtlpInt64;
    rejectedLogRecords?: OtlpInt64;
    rejectedDataPoints?: OtlpInt64;
    errorMessage?: string;
  };
}

// ---- decoded, flat views --------------------------------------------------------------------

/**
 * An AnyValue as plain JS: intValue becomes a number when it fits in a safe integer and a bigint
 * otherwise; bytesValue a Uint8Array; an empty AnyValue (or a KeyValue without value) null.
 */
export type OtlpPlainValue =
  | string
  | number
  | bigint
  | boolean
  | Uint8Array
  | null
  | OtlpPlainValue[]
  | { [key: string]: OtlpPlainValue };

export type OtlpAttributes = Record<string, OtlpPlainValue>;

export type SpanKindName =
  'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
export type SpanStatusName = 'UNSET' | 'OK' | 'ERROR';

/** Resource and scope every flat record carries. Optional strings are undefined when absent or
 * empty: proto3 cannot tell the two apart. */
export interface FlatOrigin {
  /** Shared by every record of the same resource: do not mutate. */
  resourceAttributes: OtlpAttributes;
  scopeName: string | undefined;
  scopeVersion: string | undefined;
}

export interface FlatSpanEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: OtlpAttributes;
}

export interface FlatSpanLink {
  traceId: string;
  spanId: string;
  attributes: OtlpAttributes;
}

export interface FlatSpan extends FlatOrigin {
  traceId: string;
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId: string | undefined;
  traceState: string | undefined;
  name: string;
  kind: SpanKindName;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  /** (end - start) in seconds; negative if the span ends before it starts. */
  durationSeconds: number;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
  events: FlatSpanEvent[];
  links: FlatSpanLink[];
  status: { code: SpanStatusName; message: string | undefined };
}

export interface FlatLogRecord extends FlatOrigin {
  eventName: string | undefined;
  /** 0n when absent. */
  timeUnixNano: bigint;
  /** 0n when absent. */
  observedTimeUnixNano: bigint;
  /** 0 (unspecified) when absent. */
  severityNumber: number;
  severityText: string | undefined;
  /** Undefined when the record has no body (as opposed to an empty AnyValue, which is null). */
  body: OtlpPlainValue | undefined;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
  traceId: string | undefined;
  spanId: string | undefined;
  flags: number;
}

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';

export interface FlatDataPoint extends FlatOrigin {
  metricName: string;
  unit: string | undefined;
  type: MetricType;
  attributes: OtlpAttributes;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  /** gauge and sum only. */
  value?: number | bigint;
  /** sum only. */
  isMonotonic?: boolean;
  /** histogram, exponentialHistogram and summary. */
  count?: number;
  sum?: number;
  /** histogram only. */
  bucketCounts?: number[];
  explicitBounds?: number[];
}

// ---- errors and low-level readers -----------------------------------------------------------

/** The input does not follow the OTLP/HTTP JSON mapping; `path` names the offending field. */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

type JsonObject = Record<string, unknown>;

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : `a ${typeof value}`;
}

function asObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OtlpDecodeError(path, `expected an object, got ${describeValue(value)}`);
  }
  return value as JsonObject;
}

/** Absent and null read as an empty list, as proto3 JSON does for repeated fields. */
function optArray(value: unknown, path: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new OtlpDecodeError(path, `expected an array, got ${describeValue(value)}`);
  return value;
}

/** Absent, null and empty read as undefined. */
function optString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new OtlpDecodeError(path, `expected a string, got ${describeValue(value)}`);
  }
  return value;
}

function optInteger(value: unknown, path: string, min: number, max: number): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new OtlpDecodeError(
      path,
      `expected an integer in ${min}..${max} (OTLP/JSON writes enums and flags as integers), got ${describeValue(value)}`,
    );
  }
  return value;
}

const INT64_PATTERN = /^-?\d+$/;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit integer as a number when it is safe, else a bigint. */
function readInt64(value: unknown, path: string): number | bigint {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      throw new OtlpDecodeError(path, `expected an integer, got ${value}`);
    }
    return value;
  }
  if (typeof value === 'string' && INT64_PATTERN.test(value)) {
    const big = BigInt(value);
    return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big;
  }
  throw new OtlpDecodeError(
    path,
    `expected an integer (number or decimal string), got ${describeValue(value)}`,
  );
}

/** A count (never negative, never beyond 2^53 in practice) as a number; absent reads as 0. */
function readCount(value: unknown, path: string): number {
  if (value === undefined || value === null) return 0;
  const n = readInt64(value, path);
  if (typeof n === 'bigint' || n < 0) {
    throw new OtlpDecodeError(path, `expected a non-negative safe integer, got ${String(value)}`);
  }
  return n;
}

const DOUBLE_PATTERN = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_DOUBLES: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

function readDouble(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const special = SPECIAL_DOUBLES[value];
    if (special !== undefined) return special;
    if (DOUBLE_PATTERN.test(value)) return Number(value);
  }
  throw new OtlpDecodeError(path, `expected a number, got ${describeValue(value)}`);
}

const UNSIGNED_PATTERN = /^\d+$/;

/**
 * A fixed64 nanosecond timestamp as a bigint; absent reads as 0n. Numbers are accepted (some
 * serialisers write them), though above 2^53 they have already lost precision.
 */
export function parseUnixNanos(value: OtlpInt64 | undefined | null, path = 'timeUnixNano'): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && UNSIGNED_PATTERN.test(value)) return BigInt(value);
  throw new OtlpDecodeError(
    path,
    `expected unsigned nanoseconds (decimal string or integer), got ${describeValue(value)}`,
  );
}

const HEX_32 = /^[0-9a-fA-F]{32}$/;
const HEX_16 = /^[0-9a-fA-F]{16}$/;

/** Ids are hex in OTLP/JSON; base64 here is the classic exporter bug, so it is named. */
function readId(value: unknown, path: string, pattern: RegExp, digits: number): string {
  if (typeof value === 'string' && pattern.test(value)) return value;
  throw new OtlpDecodeError(
    path,
    `expected ${digits} hex digits (OTLP/JSON ids are hex, not base64), got ${describeValue(value)}`,
  );
}

function optId(value: unknown, path: string, pattern: RegExp, digits: number): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return readId(value, path, pattern, digits);
}

const BASE64_PATTERN = /^[A-Za-z0-9+/\-_]*={0,2}$/;

function readBytes(value: unknown, path: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64_PATTERN.test(value)) {
    throw new OtlpDecodeError(path, `expected base64, got ${describeValue(value)}`);
  }
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/** Sets an own property even for "__proto__", which plain assignment would treat as the prototype. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

// ---- AnyValue and attributes ----------------------------------------------------------------

const ANY_VALUE_FIELDS = new Set([
  'stringValue',
  'boolValue',
  'intValue',
  'doubleValue',
  'arrayValue',
  'kvlistValue',
  'bytesValue',
]);

/**
 * Decodes an AnyValue to plain JS (see OtlpPlainValue). Throws OtlpDecodeError when the value is
 * not an object, sets more than one of its oneof fields, or holds a field of the wrong type.
 */
export function decodeAnyValue(value: OtlpAnyValue | undefined, path = 'value'): OtlpPlainValue {
  if (value === undefined) return null;
  const object = asObject(value, path);
  let field: string | undefined;
  for (const key of Object.keys(object)) {
    if (object[key] === null) continue; // proto3 JSON: null means "not set"
    if (!ANY_VALUE_FIELDS.has(key)) {
      throw new OtlpDecodeError(`${path}.${key}`, 'not an AnyValue field');
    }
    if (field !== undefined) {
      throw new OtlpDecodeError(path, `sets both ${field} and ${key}; AnyValue is a oneof`);
    }
    field = key;
  }
  if (field === undefined) return null;
  const inner = object[field];
  const at = `${path}.${field}`;
  switch (field) {
    case 'stringValue':
      if (typeof inner !== 'string')
        throw new OtlpDecodeError(at, `expected a string, got ${describeValue(inner)}`);
      return inner;
    case 'boolValue':
      if (typeof inner !== 'boolean')
        throw new OtlpDecodeError(at, `expected a boolean, got ${describeValue(inner)}`);
      return inner;
    case 'intValue':
      return readInt64(inner, at);
    case 'doubleValue':
      return readDouble(inner, at);
    case 'bytesValue':
      return readBytes(inner, at);
    case 'arrayValue': {
      const values = optArray(asObject(inner, at).values, `${at}.values`);
      return values.map((item, i) => decodeAnyValue(item as OtlpAnyValue, `${at}.values[${i}]`));
    }
    default: // kvlistValue
      return attributesToRecord(
        optArray(asObject(inner, at).values, `${at}.values`) as OtlpKeyValue[],
        `${at}.values`,
      );
  }
}

/**
 * A KeyValue list as a record. Keys must be unique (as OTLP requires): a duplicate throws rather
 * than letting one value silently win.
 */
export function attributesToRecord(
  attributes: readonly OtlpKeyValue[] | undefined,
  path = 'attributes',
): OtlpAttributes {
  const record: OtlpAttributes = {};
  const list = optArray(attributes, path);
  for (let i = 0; i < list.length; i++) {
    const at = `${path}[${i}]`;
    const pair = asObject(list[i], at);
    const key = pair.key;
    if (typeof key !== 'string') {
      throw new OtlpDecodeError(`${at}.key`, `expected a string, got ${describeValue(key)}`);
    }
    if (Object.prototype.hasOwnProperty.call(record, key)) {
      throw new OtlpDecodeError(at, `duplicate attribute key ${JSON.stringify(key)}`);
    }
    const raw = pair.value;
    setOwn(record, key, raw === null ? null : decodeAnyValue(raw as OtlpAnyValue, `${at}.value`));
  }
  return record;
}

// ---- flattening -----------------------------------------------------------------------------

/** Walks resource → scope → items, handing each item its origin and path. */
function walk(
  body: unknown,
  resourceField: string,
  scopeField: string,
  itemsField: string,
  visit: (item: unknown, origin: FlatOrigin, path: string) => void,
): void {
  const root = asObject(body, '$');
  const resources = optArray(root[resourceField], resourceField);
  for (let r = 0; r < resources.length; r++) {
    const rPath = `${resourceField}[${r}]`;
    const resourceEntry = asObject(resources[r], rPath);
    const resource =
      resourceEntry.resource === undefined || resourceEntry.resource === null
        ? {}
        : asObject(resourceEntry.resource, `${rPath}.resource`);
    const resourceAttributes = attributesToRecord(
      resource.attributes as OtlpKeyValue[] | undefined,
      `${rPath}.resource.attributes`,
    );
    const scopes = optArray(resourceEntry[scopeField], `${rPath}.${scopeField}`);
    for (let s = 0; s < scopes.length; s++) {
      const sPath = `${rPath}.${scopeField}[${s}]`;
      const scopeEntry = asObject(scopes[s], sPath);
      const scope =
        scopeEntry.scope === undefined || scopeEntry.scope === null
          ? {}
          : asObject(scopeEntry.scope, `${sPath}.scope`);
      const origin: FlatOrigin = {
        resourceAttributes,
        scopeName: optString(scope.name, `${sPath}.scope.name`),
        scopeVersion: optString(scope.version, `${sPath}.scope.version`),
      };
      const items = optArray(scopeEntry[itemsField], `${sPath}.${itemsField}`);
      for (let i = 0; i < items.length; i++) {
        visit(items[i], origin, `${sPath}.${itemsField}[${i}]`);
      }
    }
  }
}

const SPAN_KINDS: readonly SpanKindName[] = [
  'UNSPECIFIED',
  'INTERNAL',
  'SERVER',
  'CLIENT',
  'PRODUCER',
  'CONSUMER',
];
const STATUS_CODES: readonly SpanStatusName[] = ['UNSET', 'OK', 'ERROR'];

function flattenSpan(item: unknown, origin: FlatOrigin, path: string): FlatSpan {
  const span = asObject(item, path);
  const start = parseUnixNanos(span.startTimeUnixNano as OtlpInt64, `${path}.startTimeUnixNano`);
  const end = parseUnixNanos(span.endTimeUnixNano as OtlpInt64, `${path}.endTimeUnixNano`);
  const status =
    span.status === undefined || span.status === null
      ? {}
      : asObject(span.status, `${path}.status`);
  const events = optArray(span.events, `${path}.events`).map((raw, i): FlatSpanEvent => {
    const at = `${path}.events[${i}]`;
    const event = asObject(raw, at);
    return {
      name: optString(event.name, `${at}.name`) ?? '',
      timeUnixNano: parseUnixNanos(event.timeUnixNano as OtlpInt64, `${at}.timeUnixNano`),
      attributes: attributesToRecord(event.attributes as OtlpKeyValue[], `${at}.attributes`),
    };
  });
  const links = optArray(span.links, `${path}.links`).map((raw, i): FlatSpanLink => {
    const at = `${path}.links[${i}]`;
    const link = asObject(raw, at);
    return {
      traceId: readId(link.traceId, `${at}.traceId`, HEX_32, 32),
      spanId: readId(link.spanId, `${at}.spanId`, HEX_16, 16),
      attributes: attributesToRecord(link.attributes as OtlpKeyValue[], `${at}.attributes`),
    };
  });
  return {
    ...origin,
    traceId: readId(span.traceId, `${path}.traceId`, HEX_32, 32),
    spanId: readId(span.spanId, `${path}.spanId`, HEX_16, 16),
    parentSpanId: optId(span.parentSpanId, `${path}.parentSpanId`, HEX_16, 16),
    traceState: optString(span.traceState, `${path}.traceState`),
    name: optString(span.name, `${path}.name`) ?? '',
    kind: SPAN_KINDS[optInteger(span.kind, `${path}.kind`, 0, 5)] ?? 'UNSPECIFIED',
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationSeconds: Number(end - start) / 1e9,
    attributes: attributesToRecord(span.attributes as OtlpKeyValue[], `${path}.attributes`),
    droppedAttributesCount: readCount(
      span.droppedAttributesCount,
      `${path}.droppedAttributesCount`,
    ),
    events,
    links,
    status: {
      code: STATUS_CODES[optInteger(status.code, `${path}.status.code`, 0, 2)] ?? 'UNSET',
      message: optString(status.message, `${path}.status.message`),
    },
  };
}

/** Every span of a traces request, each with its resource and scope. */
export function flattenSpans(request: ExportTraceServiceRequest): FlatSpan[] {
  const spans: FlatSpan[] = [];
  walk(request, 'resourceSpans', 'scopeSpans', 'spans', (item, origin, path) => {
    spans.push(flattenSpan(item, origin, path));
  });
  return spans;
}

function flattenLogRecord(item: unknown, origin: FlatOrigin, path: string): FlatLogRecord {
  const log = asObject(item, path);
  return {
    ...origin,
    eventName: optString(log.eventName, `${path}.eventName`),
    timeUnixNano: parseUnixNanos(log.timeUnixNano as OtlpInt64, `${path}.timeUnixNano`),
    observedTimeUnixNano: parseUnixNanos(
      log.observedTimeUnixNano as OtlpInt64,
      `${path}.observedTimeUnixNano`,
    ),
    severityNumber: optInteger(log.severityNumber, `${path}.severityNumber`, 0, 24),
    severityText: optString(log.severityText, `${path}.severityText`),
    body:
      log.body === undefined || log.body === null
        ? undefined
        : decodeAnyValue(log.body as OtlpAnyValue, `${path}.body`),
    attributes: attributesToRecord(log.attributes as OtlpKeyValue[], `${path}.attributes`),
    droppedAttributesCount: readCount(log.droppedAttributesCount, `${path}.droppedAttributesCount`),
    traceId: optId(log.traceId, `${path}.traceId`, HEX_32, 32),
    spanId: optId(log.spanId, `${path}.spanId`, HEX_16, 16),
    flags: optInteger(log.flags, `${path}.flags`, 0, 0xffffffff),
  };
}

/** Every log record of a logs request, each with its resource and scope. */
export function flattenLogRecords(request: ExportLogsServiceRequest): FlatLogRecord[] {
  const records: FlatLogRecord[] = [];
  walk(request, 'resourceLogs', 'scopeLogs', 'logRecords', (item, origin, path) => {
    records.push(flattenLogRecord(item, origin, path));
  });
  return records;
}

const METRIC_TYPES: readonly MetricType[] = [
  'gauge',
  'sum',
  'histogram',
  'exponentialHistogram',
  'summary',
];

/** The one data field a metric sets (a oneof), or undefined for a metric without data. */
function metricTypeOf(metric: JsonObject, path: string): MetricType | undefined {
  let found: MetricType | undefined;
  for (const type of METRIC_TYPES) {
    if (metric[type] === undefined || metric[type] === null) continue;
    if (found !== undefined) {
      throw new OtlpDecodeError(path, `sets both ${found} and ${type}; the data field is a oneof`);
    }
    found = type;
  }
  return found;
}

function flattenDataPoint(
  raw: unknown,
  type: MetricType,
  base: FlatOrigin & { metricName: string; unit: string | undefined; isMonotonic?: boolean },
  path: string,
): FlatDataPoint {
  const dp = asObject(raw, path);
  const point: FlatDataPoint = {
    ...base,
    type,
    attributes: attributesToRecord(dp.attributes as OtlpKeyValue[], `${path}.attributes`),
    startTimeUnixNano: parseUnixNanos(
      dp.startTimeUnixNano as OtlpInt64,
      `${path}.startTimeUnixNano`,
    ),
    timeUnixNano: parseUnixNanos(dp.timeUnixNano as OtlpInt64, `${path}.timeUnixNano`),
  };
  if (type === 'gauge' || type === 'sum') {
    if (dp.asDouble !== undefined && dp.asDouble !== null) {
      point.value = readDouble(dp.asDouble, `${path}.asDouble`);
    } else if (dp.asInt !== undefined && dp.asInt !== null) {
      point.value = readInt64(dp.asInt, `${path}.asInt`);
    }
    return point;
  }
  point.count = readCount(dp.count, `${path}.count`);
  if (dp.sum !== undefined && dp.sum !== null) point.sum = readDouble(dp.sum, `${path}.sum`);
  if (type === 'histogram') {
    point.bucketCounts = optArray(dp.bucketCounts, `${path}.bucketCounts`).map((c, i) =>
      readCount(c, `${path}.bucketCounts[${i}]`),
    );
    point.explicitBounds = optArray(dp.explicitBounds, `${path}.explicitBounds`).map((b, i) =>
      readDouble(b, `${path}.explicitBounds[${i}]`),
    );
  }
  return point;
}

/** Every data point of a metrics request, each with its metric, resource and scope. */
export function flattenDataPoints(request: ExportMetricsServiceRequest): FlatDataPoint[] {
  const points: FlatDataPoint[] = [];
  walk(request, 'resourceMetrics', 'scopeMetrics', 'metrics', (item, origin, path) => {
    const metric = asObject(item, path);
    const type = metricTypeOf(metric, path);
    if (type === undefined) return;
    const data = asObject(metric[type], `${path}.${type}`);
    const base = {
      ...origin,
      metricName: optString(metric.name, `${path}.name`) ?? '',
      unit: optString(metric.unit, `${path}.unit`),
      ...(type === 'sum' ? { isMonotonic: data.isMonotonic === true } : {}),
    };
    optArray(data.dataPoints, `${path}.${type}.dataPoints`).forEach((raw, i) => {
      points.push(flattenDataPoint(raw, type, base, `${path}.${type}.dataPoints[${i}]`));
    });
  });
  return points;
}

// ---- counting (the server's per-request hot path) --------------------------------------------

const SHAPES: Readonly<Record<OtlpSignal, readonly [string, string, string]>> = {
  traces: ['resourceSpans', 'scopeSpans', 'spans'],
  logs: ['resourceLogs', 'scopeLogs', 'logRecords'],
  metrics: ['resourceMetrics', 'scopeMetrics', 'metrics'],
};

/**
 * Counts the spans, log records or metric data points of a parsed request body, checking only the
 * structure it walks (objects and arrays down to the items) so it stays cheap enough to run on
 * every request: paths are only built when something is wrong. Throws OtlpDecodeError when that
 * structure is wrong.
 */
export function countOtlpItems(signal: OtlpSignal, body: unknown): number {
  const [resourceField, scopeField, itemsField] = SHAPES[signal];
  const resources = listIn(asObject(body, '$'), resourceField, () => '');
  let count = 0;
  for (let r = 0; r < resources.length; r++) {
    const rPath = (): string => `${resourceField}[${r}]`;
    const scopes = listIn(objectAt(resources[r], rPath), scopeField, rPath);
    for (let s = 0; s < scopes.length; s++) {
      const sPath = (): string => `${rPath()}.${scopeField}[${s}]`;
      const items = listIn(objectAt(scopes[s], sPath), itemsField, sPath);
      if (signal !== 'metrics') {
        count += items.length;
        continue;
      }
      for (let m = 0; m < items.length; m++) {
        const mPath = (): string => `${sPath()}.metrics[${m}]`;
        const metric = objectAt(items[m], mPath);
        const type = metricTypeOf(metric, mPath());
        if (type === undefined) continue;
        const data = objectAt(metric[type], () => `${mPath()}.${type}`);
        count += listIn(data, 'dataPoints', () => `${mPath()}.${type}`).length;
      }
    }
  }
  return count;
}

function objectAt(value: unknown, path: () => string): JsonObject {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as JsonObject;
  }
  return asObject(value, path());
}

function listIn(parent: JsonObject, field: string, parentPath: () => string): readonly unknown[] {
  const value = parent[field];
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null) return [];
  const at = parentPath();
  return optArray(value, at === '' ? field : `${at}.${field}`);
}
