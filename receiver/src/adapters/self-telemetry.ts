// The receiver's own health metrics (R10), through the OpenTelemetry metrics SDK: counters by
// outcome and reason, a latency histogram, an in-flight gauge, downstream results. They are
// exported to Alloy over OTLP and can be scraped at /metrics. Their names stay out of the
// openqoe_* namespace, which belongs to the QoE metrics the contract defines.
import type { Attributes, Counter, Histogram, UpDownCounter } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  MeterProvider,
  MetricReader,
  PeriodicExportingMetricReader,
  type IMetricReader,
} from '@opentelemetry/sdk-metrics';
import type { DimensionStats } from '../domain/cardinality.js';
import { toPrometheusText } from './prometheus-text.js';

export type RequestOutcome = 'accepted' | 'partial' | 'duplicate' | 'rejected';

export interface SelfTelemetryOptions {
  /** Push to `${otlpUrl}/v1/metrics` every this many ms; 0 turns the push off. */
  readonly exportIntervalMs: number;
  readonly otlpUrl: string;
  /** X-Scope-OrgID of the receiver's own metrics. */
  readonly tenant: string;
  readonly serviceName: string;
  readonly serviceVersion: string;
  /** Per tenant, per label dimension: the governor's figures (for an overflow counter). */
  readonly cardinality: () => Iterable<[string, Record<string, DimensionStats>]>;
}

/** A reader that only collects when asked: the /metrics endpoint. */
class PullReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

// Seconds; fine at the low end, where a healthy receiver answers.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class SelfTelemetry {
  private readonly provider: MeterProvider;
  private readonly pull = new PullReader();
  private readonly requests: Counter;
  private readonly items: Counter;
  private readonly latency: Histogram;
  private readonly inFlight: UpDownCounter;
  private readonly downstream: Counter;
  private readonly downstreamLatency: Histogram;
  private readonly timestamps: Counter;

  constructor(options: SelfTelemetryOptions) {
    const readers: IMetricReader[] = [this.pull];
    if (options.exportIntervalMs > 0) {
      readers.push(
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({
            url: `${options.otlpUrl.replace(/\/+$/, '')}/v1/metrics`,
            headers: { 'X-Scope-OrgID': options.tenant },
          }),
          exportIntervalMillis: options.exportIntervalMs,
          exportTimeoutMillis: Math.min(options.exportIntervalMs, 10_000),
        }),
      );
    }
    this.provider = new MeterProvider({
      resource: resourceFromAttributes({
        'service.name': options.serviceName,
        'service.version': options.serviceVersion,
      }),
      readers,
    });
    const meter = this.provider.getMeter('openqoe-receiver', options.serviceVersion);
    // Instrument names carry their Prometheus suffixes (_total, _seconds) already: Mimir stores
    // OTLP names as sent (otel_metric_suffixes_enabled: false), so the series Alloy pushes and
    // those /metrics exposes are the same, and one set of dashboard queries reads both.
    this.requests = meter.createCounter('receiver_requests_total', {
      description: 'Requests answered, by route, outcome and reason.',
      unit: '{request}',
    });
    this.items = meter.createCounter('receiver_items_total', {
      description: 'Spans, log records and legacy events received, by signal and outcome.',
      unit: '{item}',
    });
    this.latency = meter.createHistogram('receiver_request_duration_seconds', {
      description: 'Time from request arrival to the answer.',
      unit: 's',
      advice: { explicitBucketBoundaries: LATENCY_BUCKETS },
    });
    this.inFlight = meter.createUpDownCounter('receiver_in_flight_requests', {
      description: 'Requests being handled now.',
      unit: '{request}',
    });
    this.downstream = meter.createCounter('receiver_downstream_requests_total', {
      description: 'Forwards to the collector, by signal and result.',
      unit: '{request}',
    });
    this.downstreamLatency = meter.createHistogram('receiver_downstream_duration_seconds', {
      description: 'Time the collector took to answer a forward.',
      unit: 's',
      advice: { explicitBucketBoundaries: LATENCY_BUCKETS },
    });
    this.timestamps = meter.createCounter('receiver_timestamps_total', {
      description: 'Items whose timestamps were corrected or refused by the time policy (R9).',
      unit: '{item}',
    });
    const overflows = meter.createObservableCounter('receiver_label_overflows_total', {
      description: 'Label values replaced by the overflow value, by tenant and dimension (R7).',
      unit: '{value}',
    });
    overflows.addCallback((observer) => {
      for (const [tenant, dimensions] of options.cardinality()) {
        for (const [dimension, stats] of Object.entries(dimensions)) {
          if (stats.overflowed > 0) observer.observe(stats.overflowed, { tenant, dimension });
        }
      }
    });
  }

  request(route: string, outcome: RequestOutcome, reason: string, seconds: number): void {
    const attributes: Attributes = { route, outcome, reason };
    this.requests.add(1, attributes);
    this.latency.record(seconds, { route, outcome });
  }

  itemsReceived(signal: string, accepted: number, rejected: number): void {
    if (accepted > 0) this.items.add(accepted, { signal, outcome: 'accepted' });
    if (rejected > 0) this.items.add(rejected, { signal, outcome: 'rejected' });
  }

  inFlightChange(delta: number): void {
    this.inFlight.add(delta);
  }

  forwarded(signal: string, result: string, seconds: number): void {
    this.downstream.add(1, { signal, result });
    this.downstreamLatency.record(seconds, { signal, result });
  }

  timestampPolicy(action: 'corrected' | 'rejected', items: number): void {
    if (items > 0) this.timestamps.add(items, { action });
  }

  async prometheusText(): Promise<string> {
    const { resourceMetrics } = await this.pull.collect();
    return toPrometheusText(resourceMetrics);
  }

  /** Pushes what is left and stops. */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}
