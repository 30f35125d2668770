// Metrics of the pipeline itself (not QoE): the receiver's self-telemetry (R10) and Alloy's own
// otelcol_* metrics. Their names are not in the telemetry contract. The receiver's are checked by
// a test against what its SelfTelemetry class really exposes; Alloy's follow the OpenTelemetry
// Collector's internal telemetry as Alloy exposes it (counters with `_total`, labels
// component_id / component_path naming the Alloy component, data_type on queue gauges).

/** Receiver self-metrics in Prometheus naming, with their labels. */
export const RECEIVER_METRICS = {
  requests: { name: 'receiver_requests_total', labels: ['route', 'outcome', 'reason'] },
  items: { name: 'receiver_items_total', labels: ['signal', 'outcome'] },
  requestDuration: { name: 'receiver_request_duration_seconds', labels: ['route', 'outcome'] },
  inFlight: { name: 'receiver_in_flight_requests', labels: [] },
  downstream: { name: 'receiver_downstream_requests_total', labels: ['signal', 'result'] },
  downstreamDuration: {
    name: 'receiver_downstream_duration_seconds',
    labels: ['signal', 'result'],
  },
  timestamps: { name: 'receiver_timestamps_total', labels: ['action'] },
  labelOverflows: { name: 'receiver_label_overflows_total', labels: ['tenant', 'dimension'] },
} as const;

const ALLOY_COMPONENT_LABELS = ['component_id', 'component_path', 'instance', 'job'];

/** Alloy's otelcol metrics the Pipeline health dashboard reads, series name → labels. */
export const ALLOY_METRICS: Readonly<Record<string, readonly string[]>> = {
  otelcol_exporter_queue_size: [...ALLOY_COMPONENT_LABELS, 'data_type'],
  otelcol_exporter_queue_capacity: [...ALLOY_COMPONENT_LABELS, 'data_type'],
  otelcol_exporter_sent_spans_total: ALLOY_COMPONENT_LABELS,
  otelcol_exporter_sent_log_records_total: ALLOY_COMPONENT_LABELS,
  otelcol_exporter_sent_metric_points_total: ALLOY_COMPONENT_LABELS,
  otelcol_exporter_send_failed_spans_total: ALLOY_COMPONENT_LABELS,
  otelcol_exporter_send_failed_log_records_total: ALLOY_COMPONENT_LABELS,
  otelcol_exporter_send_failed_metric_points_total: ALLOY_COMPONENT_LABELS,
  otelcol_receiver_accepted_spans_total: ALLOY_COMPONENT_LABELS,
  otelcol_receiver_accepted_log_records_total: ALLOY_COMPONENT_LABELS,
  otelcol_receiver_refused_spans_total: ALLOY_COMPONENT_LABELS,
  otelcol_receiver_refused_log_records_total: ALLOY_COMPONENT_LABELS,
};
