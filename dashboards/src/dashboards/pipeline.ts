// Pipeline health: is telemetry getting through? The receiver's outcomes, latency and in-flight
// work; its forwards to Alloy; Alloy's queues, export failures and refusals; and how fresh the QoE
// metrics in Mimir are.
import { assemble } from '../assemble.js';
import { explain } from '../explain.js';
import { stat, timeSeries } from '../panels.js';
import { ALLOY_METRICS, RECEIVER_METRICS as R } from '../pipeline-metrics.js';
import { PromQl } from '../promql.js';
import { prom } from '../queries.js';
import { recordedSeries } from '../recorded.js';
import { THRESHOLDS } from '../thresholds.js';
import { UNIT } from '../units.js';
import { dataSourceVariables } from '../variables.js';

export const PIPELINE_UID = 'openqoe-pipeline';

const RATE = '[$__rate_interval]';

function alloy(name: string): string {
  if (!(name in ALLOY_METRICS)) throw new Error(`${name} is not a known Alloy metric`);
  return name;
}

export function pipelineDashboard() {
  const q = new PromQl({ filters: [] });
  const receiverNote =
    'Receiver self-telemetry (R10), pushed over OTLP to Alloy and from there to Mimir; pick the data source of the tenant the receiver reports to.';
  const alloyNote = "Alloy's own otelcol metrics, per Alloy component (component_id).";
  const quantile = (q: number, histogram: string) =>
    `histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket${RATE})))`;

  return assemble({
    uid: PIPELINE_UID,
    title: 'OpenQoE / Pipeline health',
    description:
      'Whether telemetry gets from browsers to the backends: receiver outcomes and latency, Alloy queues and failures, data freshness.',
    from: 'now-3h',
    variables: dataSourceVariables({ metrics: true }),
    rows: [
      {
        title: 'Receiver',
        panels: [
          stat({
            title: 'Accepted requests',
            description: `Requests answered accepted or partial / all requests over the time range. ${receiverNote}`,
            unit: UNIT.ratio,
            decimals: 2,
            thresholds: THRESHOLDS.acceptanceRatio(),
            queries: [
              prom(
                `sum(increase(${R.requests.name}{outcome=~"accepted|partial|duplicate"}[$__range])) / sum(increase(${R.requests.name}[$__range]))`,
                { instant: true },
              ),
            ],
          }),
          stat({
            title: 'Requests in flight',
            description: `Requests the receiver is handling now (bounded by limits.max_in_flight_requests). ${receiverNote}`,
            unit: UNIT.count,
            sparkline: true,
            thresholds: THRESHOLDS.neutral(),
            queries: [prom(`sum(${R.inFlight.name})`, { instant: true })],
          }),
          stat({
            title: 'Request latency P99',
            description: `99th percentile of arrival → answer over the last rate interval, Alloy's answer included. ${receiverNote}`,
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.requestSeconds(),
            queries: [prom(quantile(0.99, R.requestDuration.name), { instant: true })],
          }),
          stat({
            title: 'QoE data freshness',
            description: explain(
              'Seconds since the newest sample of the player-events counter in Mimir (looking back up to 6 h, at 1-minute resolution): how long ago data last arrived through browser → receiver → Alloy → Mimir, flush intervals included. Climbs while data stays away.',
              'openqoe_events_total',
            ),
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.freshnessSeconds(),
            queries: [
              // Over a 6 h subquery, not the 5-minute lookback of a plain selector: the panel
              // must keep counting when data has stopped, which is when it matters.
              prom(
                `time() - max(max_over_time(timestamp(${q.select('openqoe_events_total')})[6h:1m]))`,
                { instant: true },
              ),
            ],
          }),
          timeSeries({
            title: 'Requests by outcome',
            description: `Requests per second by outcome: accepted, partial (some items refused), duplicate (a retried batch already forwarded), rejected. ${receiverNote}`,
            unit: UNIT.perSecond,
            stacked: true,
            queries: [
              prom(`sum by (outcome) (rate(${R.requests.name}${RATE}))`, { legend: '{{outcome}}' }),
            ],
          }),
          timeSeries({
            title: 'Rejections by reason',
            description: `Rejected requests per second by reason (auth, origin, size, schema, rate, overload, ...). ${receiverNote}`,
            unit: UNIT.perSecond,
            stacked: true,
            queries: [
              prom(`sum by (reason) (rate(${R.requests.name}{outcome="rejected"}${RATE}))`, {
                legend: '{{reason}}',
              }),
            ],
          }),
          timeSeries({
            title: 'Request latency P50 / P95 / P99',
            description: `Arrival → answer, by percentile. ${receiverNote}`,
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.requestSeconds(),
            showThresholds: true,
            queries: [
              prom(quantile(0.5, R.requestDuration.name), { legend: 'P50' }),
              prom(quantile(0.95, R.requestDuration.name), { legend: 'P95' }),
              prom(quantile(0.99, R.requestDuration.name), { legend: 'P99' }),
            ],
          }),
          timeSeries({
            title: 'Items by signal and outcome',
            description: `Spans, log records and legacy events per second, accepted or rejected. ${receiverNote}`,
            unit: UNIT.perSecond,
            queries: [
              prom(`sum by (signal, outcome) (rate(${R.items.name}${RATE}))`, {
                legend: '{{signal}} {{outcome}}',
              }),
            ],
          }),
          timeSeries({
            title: 'Forwards to Alloy by result',
            description: `Forwards from the receiver to Alloy per second by signal and result; anything but success means the receiver answered 503 and the SDK keeps the data. ${receiverNote}`,
            unit: UNIT.perSecond,
            queries: [
              prom(`sum by (signal, result) (rate(${R.downstream.name}${RATE}))`, {
                legend: '{{signal}} {{result}}',
              }),
            ],
          }),
          timeSeries({
            title: 'Alloy answer time P95',
            description: `95th percentile of the time Alloy took to answer a forward, per signal. ${receiverNote}`,
            unit: UNIT.seconds,
            thresholds: THRESHOLDS.requestSeconds(),
            queries: [
              prom(
                `histogram_quantile(0.95, sum by (le, signal) (rate(${R.downstreamDuration.name}_bucket${RATE})))`,
                {
                  legend: '{{signal}}',
                },
              ),
            ],
          }),
          timeSeries({
            title: 'Timestamps corrected or refused',
            description: `Items whose client timestamps were corrected with the send time, or refused, per second (R9). ${receiverNote}`,
            unit: UNIT.perSecond,
            queries: [
              prom(`sum by (action) (rate(${R.timestamps.name}${RATE}))`, { legend: '{{action}}' }),
            ],
          }),
          timeSeries({
            title: 'Label values sent to overflow',
            description: `Label values replaced by the overflow value (__other__) because a dimension reached its max_cardinality, by tenant and dimension (R7). ${receiverNote}`,
            unit: UNIT.count,
            queries: [
              prom(`sum by (tenant, dimension) (increase(${R.labelOverflows.name}${RATE}))`, {
                legend: '{{tenant}} {{dimension}}',
              }),
            ],
          }),
        ],
      },
      {
        title: 'Alloy',
        panels: [
          timeSeries({
            title: 'Exporter queue size',
            description: `Batches waiting in each exporter's (persistent) sending queue. Growing: a backend is slow or down. ${alloyNote}`,
            unit: UNIT.count,
            queries: [
              prom(`sum by (component_id) (${alloy('otelcol_exporter_queue_size')})`, {
                legend: '{{component_id}}',
              }),
            ],
          }),
          timeSeries({
            title: 'Exporter queue utilisation',
            description: `Queue size / queue capacity per exporter; at 100 % new data is refused. ${alloyNote}`,
            unit: UNIT.ratio,
            thresholds: THRESHOLDS.queueUtilisation(),
            showThresholds: true,
            queries: [
              prom(
                `sum by (component_id) (${alloy('otelcol_exporter_queue_size')}) / sum by (component_id) (${alloy('otelcol_exporter_queue_capacity')})`,
                { legend: '{{component_id}}' },
              ),
            ],
          }),
          timeSeries({
            title: 'Export failures',
            description: `Spans, log records and metric points per second that an exporter failed to send (after retries they are kept in the persistent queue or dropped). ${alloyNote}`,
            unit: UNIT.perSecond,
            queries: [
              prom(
                `sum by (component_id) (rate(${alloy('otelcol_exporter_send_failed_spans_total')}${RATE}))`,
                { legend: 'spans {{component_id}}' },
              ),
              prom(
                `sum by (component_id) (rate(${alloy('otelcol_exporter_send_failed_log_records_total')}${RATE}))`,
                { legend: 'logs {{component_id}}' },
              ),
              prom(
                `sum by (component_id) (rate(${alloy('otelcol_exporter_send_failed_metric_points_total')}${RATE}))`,
                { legend: 'metric points {{component_id}}' },
              ),
            ],
          }),
          timeSeries({
            title: 'Refused by Alloy receivers',
            description: `Spans and log records per second Alloy's OTLP receiver refused (back-pressure); the receiver then answers 503. ${alloyNote}`,
            unit: UNIT.perSecond,
            queries: [
              prom(
                `sum by (component_id) (rate(${alloy('otelcol_receiver_refused_spans_total')}${RATE}))`,
                { legend: 'spans {{component_id}}' },
              ),
              prom(
                `sum by (component_id) (rate(${alloy('otelcol_receiver_refused_log_records_total')}${RATE}))`,
                { legend: 'logs {{component_id}}' },
              ),
            ],
          }),
          timeSeries({
            title: 'Accepted vs sent',
            description: `Spans and log records per second accepted by Alloy's receivers and sent by its exporters; a lasting gap is data held back or lost. ${alloyNote}`,
            unit: UNIT.perSecond,
            queries: [
              prom(`sum(rate(${alloy('otelcol_receiver_accepted_spans_total')}${RATE}))`, {
                legend: 'spans accepted',
              }),
              prom(`sum(rate(${alloy('otelcol_exporter_sent_spans_total')}${RATE}))`, {
                legend: 'spans sent',
              }),
              prom(`sum(rate(${alloy('otelcol_receiver_accepted_log_records_total')}${RATE}))`, {
                legend: 'logs accepted',
              }),
              prom(`sum(rate(${alloy('otelcol_exporter_sent_log_records_total')}${RATE}))`, {
                legend: 'logs sent',
              }),
            ],
          }),
          timeSeries({
            title: 'Player events reaching Mimir',
            description: explain(
              'Player events per second counted into Mimir by event name: the end of the pipeline. Read from the recording rule openqoe:events:rate5m_by_event (5-minute rate, evaluated every minute).',
              'openqoe_events_total',
            ),
            unit: UNIT.perSecond,
            stacked: true,
            queries: [
              prom(
                `sum by (openqoe_event_name) (${recordedSeries('openqoe:events:rate5m_by_event')})`,
                {
                  legend: '{{openqoe_event_name}}',
                },
              ),
            ],
          }),
          stat({
            title: 'Player events per second',
            description: explain(
              'All player events per second arriving in Mimir, from the recording rule openqoe:events:rate5m (5-minute rate).',
              'openqoe_events_total',
            ),
            unit: UNIT.perSecond,
            sparkline: true,
            thresholds: THRESHOLDS.neutral(),
            queries: [prom(`sum(${recordedSeries('openqoe:events:rate5m')})`, { instant: true })],
          }),
        ],
      },
    ],
  });
}
