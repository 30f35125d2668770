import { expect } from 'chai';
import { parseRetryAfter } from '../../src/adapters/forwarder.js';
import { SelfTelemetry } from '../../src/adapters/self-telemetry.js';

describe('forwarder helpers', () => {
  it('read Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter('7', now)).to.equal(7);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).to.equal(30);
    expect(parseRetryAfter('soon', now)).to.equal(undefined);
    expect(parseRetryAfter(undefined, now)).to.equal(undefined);
  });
});

describe('self-telemetry in Prometheus text (R10)', () => {
  it('exposes counters, the latency histogram and the in-flight gauge under receiver_* names', async () => {
    const telemetry = new SelfTelemetry({
      exportIntervalMs: 0,
      otlpUrl: 'http://127.0.0.1:9',
      tenant: 't',
      serviceName: 'openqoe-receiver',
      serviceVersion: '0',
      cardinality: () => [
        [
          'acme',
          {
            'service.name': {
              policy: 'allow',
              maxCardinality: 1,
              distinct: 1,
              overflowed: 3,
              dropped: 0,
            },
          },
        ],
      ],
    });
    telemetry.inFlightChange(1);
    telemetry.request('/v1/traces', 'rejected', 'auth', 0.003);
    telemetry.request('/v1/traces', 'accepted', 'none', 0.02);
    telemetry.itemsReceived('traces', 5, 1);
    const text = await telemetry.prometheusText();
    await telemetry.shutdown();
    expect(text).to.contain('# TYPE receiver_requests_total counter');
    expect(text).to.match(
      /^receiver_requests_total\{route="\/v1\/traces",outcome="rejected",reason="auth"\} 1$/m,
    );
    expect(text).to.contain('# TYPE receiver_request_duration_seconds histogram');
    expect(text).to.match(
      /^receiver_request_duration_seconds_bucket\{route="\/v1\/traces",outcome="rejected",le="0.005"\} 1$/m,
    );
    expect(text).to.match(
      /^receiver_request_duration_seconds_count\{route="\/v1\/traces",outcome="accepted"\} 1$/m,
    );
    expect(text).to.match(/^receiver_in_flight_requests\{\} 1$|^receiver_in_flight_requests 1$/m);
    expect(text).to.match(/^receiver_items_total\{signal="traces",outcome="rejected"\} 1$/m);
    expect(text).to.match(
      /^receiver_label_overflows_total\{tenant="acme",dimension="service.name"\} 3$/m,
    );
    expect(text).not.to.match(/openqoe_/);
  });
});
