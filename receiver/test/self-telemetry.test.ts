// R10: the receiver's own metrics reach Alloy over OTLP (as the capture server sees them), under
// names outside the openqoe_* namespace of the QoE metrics, and the same names /metrics shows.
import { expect } from 'chai';
import { rebuffer, send, startStack, tracesBody } from './helpers.js';

describe('self-telemetry export (R10)', function () {
  this.timeout(20_000);

  it('pushes receiver_* metrics to Alloy over OTLP with the receiver tenant', async () => {
    const stack = await startStack((config) => {
      config.telemetry = { exportIntervalMs: 200, tenant: 'receiver-self' };
    });
    try {
      await send(stack.url, '/v1/traces', { body: JSON.stringify(tracesBody([rebuffer()])) });
      await send(stack.url, '/v1/traces', { body: '{', headers: {} });
      const points = await stack.alloy.waitFor(
        (capture) => {
          const found = capture
            .dataPoints()
            .filter((p) => p.metricName === 'receiver_requests_total');
          return found.length >= 2 ? found : undefined;
        },
        { timeoutMs: 10_000 },
      );
      const reasons = points.map((p) => `${p.attributes.outcome}/${p.attributes.reason}`);
      expect(reasons).to.include.members(['accepted/none', 'rejected/json']);
      const metricsRequest = stack.alloy.requests.find((r) => r.path === '/v1/metrics')!;
      expect(metricsRequest.headers['x-scope-orgid']).to.equal('receiver-self');
      const names = new Set(stack.alloy.dataPoints().map((p) => p.metricName));
      for (const name of [
        'receiver_request_duration_seconds',
        'receiver_in_flight_requests',
        'receiver_downstream_requests_total',
      ]) {
        expect(names.has(name), name).to.equal(true);
      }
      for (const name of names) expect(name).to.match(/^receiver_/);
      // Mimir keeps OTLP names as sent (mimir.yaml: otel_metric_suffixes_enabled false), so each
      // pushed name must be a series name of /metrics too: one dashboard query reads either.
      const exposition = await (await fetch(`${stack.url}/metrics`)).text();
      const exposed = new Set(
        [...exposition.matchAll(/^# TYPE (\w+) /gm)].map((match) => match[1] as string),
      );
      for (const name of names) expect(exposed.has(name), `${name} in /metrics`).to.equal(true);
    } finally {
      await stack.close();
    }
  });
});
