// LogQL text for the SDK's player events in Loki. Loki's OTLP ingest makes `service.name` the
// stream label `service_name` and keeps the other resource and record attributes (and the record's
// trace id as `trace_id`) as structured metadata with dots replaced by underscores. Loki does not
// keep a LogRecord's EventName, so Alloy copies it into the record attribute `openqoe.event.name`
// (contract). Loki promotes only resource attributes to stream labels (`otlp_config` refuses an
// index label for a record attribute), so the event name is structured metadata: event queries
// take every OpenQoE stream and filter on it. Every event and attribute name is checked against
// the contract here.
import { contract, prometheusLabelName } from './contract.js';

/** Every OpenQoE log stream: the SDK always sets service.name. */
export const EVENT_STREAM = '{service_name=~".+"}';

/** Stream (index) labels: Loki's defaults among the resource attributes (loki/loki.yaml). */
export const LOKI_STREAM_LABELS = ['service_name', 'deployment_environment_name'];

/** Structured metadata Loki's OTLP ingest adds from the LogRecord's own fields. */
export const LOKI_RECORD_FIELDS = ['trace_id', 'span_id', 'severity_text', 'severity_number'];

/** The Loki name of a contract attribute; throws on a name the contract lacks. */
export function lokiField(attribute: string): string {
  const def = contract.attributes.get(attribute);
  if (!def) throw new Error(`${attribute} is not an attribute in contract/telemetry.yaml`);
  if (def.cardinality === 'never') throw new Error(`${attribute} never leaves the browser`);
  return prometheusLabelName(attribute);
}

/** The records of one event (a structured-metadata filter), or of every event. */
function streamOf(event: string | undefined): string {
  if (event === undefined) return EVENT_STREAM;
  if (!contract.events.has(event)) throw new Error(`${event} is not an event in the contract`);
  return `${EVENT_STREAM} | ${lokiField('openqoe.event.name')}=${JSON.stringify(event)}`;
}

/** A structured-metadata filter stage; `value` may hold a Grafana variable. */
export interface FieldFilter {
  readonly attribute: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

function filterStages(filters: readonly FieldFilter[]): string {
  return filters
    .map((f) => ` | ${lokiField(f.attribute)}${f.op}${JSON.stringify(f.value)}`)
    .join('');
}

/** Log query: the records of one event (or of every event when `event` is undefined). */
export function eventLogs(event: string | undefined, filters: readonly FieldFilter[] = []): string {
  return `${streamOf(event)}${filterStages(filters)}`;
}

/** The records of one view (trace id from a dashboard variable). */
export function viewLogs(traceIdVariable: string, event?: string): string {
  return `${streamOf(event)} | trace_id="$${traceIdVariable}"`;
}

/** `sum by (field) (count_over_time(<event records> [range]))`. */
export function countEventsBy(
  event: string,
  byAttribute: string | undefined,
  range: string,
  filters: readonly FieldFilter[] = [],
): string {
  const by = byAttribute === undefined ? '' : ` by (${lokiField(byAttribute)})`;
  return `sum${by} (count_over_time(${eventLogs(event, filters)} [${range}]))`;
}

/** An unwrapped numeric attribute of one event over a range, through a range function. */
export function overEventValues(
  fn: 'avg_over_time' | 'min_over_time' | 'max_over_time',
  event: string,
  attribute: string,
  range: string,
  filters: readonly FieldFilter[] = [],
): string {
  const field = lokiField(attribute);
  // Grouped, or every distinct set of structured metadata would be a series of its own.
  return `${fn}(${eventLogs(event, filters)} | ${field}!="" | unwrap ${field} [${range}]) by (service_name)`;
}

/** A quantile of an unwrapped numeric attribute of one event, per publisher application. */
export function eventValueQuantile(
  q: number,
  event: string,
  attribute: string,
  range: string,
  filters: readonly FieldFilter[] = [],
): string {
  const field = lokiField(attribute);
  return `quantile_over_time(${q}, ${eventLogs(event, filters)} | ${field}!="" | unwrap ${field} [${range}]) by (service_name)`;
}
