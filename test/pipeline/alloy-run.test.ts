// The real Alloy binary on the real configuration (alloy/*.alloy): `alloy fmt` accepts every file
// unchanged, and `alloy run` takes OTLP views of three tenants and sends traces to "Tempo", logs
// to "Loki" and the derived openqoe_* metrics to "Mimir" (OTLP capture servers playing the
// backends) with the right names, buckets, labels and X-Scope-OrgID; the startup, rebuffer and
// seek histograms of the tenants listed in OPENQOE_TENANTS carry exemplars with the view's trace
// id, those of an unlisted tenant arrive without; its persistent queue keeps data across a
// backend outage and an Alloy restart.
// Pending (with the reason printed) when no Alloy binary is found: CI does not build Alloy (30+
// minutes); see docs/verification.md for the build and ALLOY_BIN.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract, type MetricDef } from '@openqoe/contract';
import { startOtlpCapture, type OtlpCapture } from '@openqoe/testkit';
import { startRemoteWriteSink } from './lib/remote-write-sink.js';
import {
  alloyBinary,
  alloyFmt,
  configCopy,
  freePort,
  runAlloy,
  type RunningAlloy,
} from './lib/alloy-process.js';
import { exemplarMetrics } from './lib/exemplar-checks.js';
import { alloyFiles, REPO } from './lib/files.js';
import {
  REBUFFER_SECONDS,
  SEEK_SECONDS,
  STARTUP_SECONDS,
  viewFixture,
} from './lib/view-fixture.js';

const contract = loadContract();
type FlatDataPoint = ReturnType<OtlpCapture['dataPoints']>[number];
const bin = alloyBinary();

/** Tenants given exemplar slots (OPENQOE_TENANTS), and one that is not listed. */
const LISTED = ['tenant-a', 'tenant-b'];
const UNLISTED = 'tenant-u';
/** The histograms with exemplars: startup, rebuffer, seek (span durations in the contract). */
const EXEMPLAR_METRICS: MetricDef[] = exemplarMetrics(contract);
/** spanmetrics' instrumentation scope: the exemplar slots' data points carry it. */
const SLOT_SCOPE = 'spanmetricsconnector';

interface Exemplar {
  traceId: string;
  spanId: string;
  value: number;
  tenantHeader: string | undefined;
  resourceTenant: string | undefined;
}

type JsonAttributes = { key: string; value: { stringValue?: string } }[];
type MetricsBody = {
  resourceMetrics?: {
    resource?: { attributes?: JsonAttributes };
    scopeMetrics?: {
      metrics?: {
        name: string;
        histogram?: {
          dataPoints?: {
            exemplars?: { traceId?: string; spanId?: string; asDouble?: number }[];
          }[];
        };
      }[];
    }[];
  }[];
};

/** Every exemplar of a histogram that reached the capture, with its request's tenant header. */
function exemplarsOf(capture: OtlpCapture, metric: string): Exemplar[] {
  const found: Exemplar[] = [];
  for (const request of capture.requests) {
    const body = request.body as MetricsBody;
    for (const rm of body.resourceMetrics ?? []) {
      const resourceTenant = rm.resource?.attributes?.find((a) => a.key === 'openqoe.tenant.id')
        ?.value.stringValue;
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          if (m.name !== metric) continue;
          for (const point of m.histogram?.dataPoints ?? []) {
            for (const e of point.exemplars ?? []) {
              found.push({
                traceId: e.traceId ?? '',
                spanId: e.spanId ?? '',
                value: e.asDouble ?? Number.NaN,
                tenantHeader: request.headers['x-scope-orgid'],
                resourceTenant,
              });
            }
          }
        }
      }
    }
  }
  return found;
}

/** The span id of the first span of a name in a fixture's OTLP JSON traces. */
function spanIdOf(traces: unknown, name: string): string {
  const body = traces as {
    resourceSpans: { scopeSpans: { spans: { name: string; spanId: string }[] }[] }[];
  };
  for (const rs of body.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const span of ss.spans) if (span.name === name) return span.spanId;
  throw new Error(`no span ${name}`);
}

function pendingWithoutAlloy(context: Mocha.Context): string {
  if (bin === undefined) {
    console.log(
      `      pending: no Alloy binary (set ALLOY_BIN or build /work/build/bin/alloy, docs/verification.md)`,
    );
    context.skip();
  }
  return bin!;
}

async function post(url: string, body: unknown, tenant: string): Promise<number> {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-scope-orgid': tenant },
    body: JSON.stringify(body),
  });
  await answer.arrayBuffer();
  return answer.status;
}

/** Records Prometheus remote-write requests (Alloy's own metrics) without decoding them. */
describe('the OTLP view fixture', () => {
  it('uses only contract names (event.name is the deprecated attribute Alloy reads)', () => {
    const view = viewFixture({ tenant: 't', index: 9, startMs: 0 });
    for (const name of view.spanNames) expect(contract.spans.has(name), name).to.equal(true);
    for (const name of view.eventNames) expect(contract.events.has(name), name).to.equal(true);
    const unknown = view.attributeNames.filter(
      (a) => !contract.attributes.has(a) && a !== 'event.name',
    );
    expect(unknown).to.deep.equal([]);
  });
});

// Pending (not failed) without a binary: CI does not build Alloy (67 min on 2 cores).
describe('Alloy binary on the real configuration (pending unless ALLOY_BIN or /work/build/bin/alloy exists)', function () {
  this.timeout(180_000);

  describe('alloy fmt', () => {
    for (const [file] of alloyFiles()) {
      it(`accepts ${file} and leaves it unchanged`, function () {
        const alloy = pendingWithoutAlloy(this);
        const result = alloyFmt(alloy, join(REPO, file));
        expect(result.status, result.stderr).to.equal(0);
        expect(result.stdout).to.equal(readFileSync(join(REPO, file), 'utf8'));
      });
    }

    it('rejects a broken copy', function () {
      const alloy = pendingWithoutAlloy(this);
      const dir = configCopy();
      const file = join(dir, 'broken.alloy');
      const text = readFileSync(join(dir, 'config.alloy'), 'utf8').replace(
        'include_metadata = true',
        'include_metadata = ',
      );
      writeFileSync(file, text);
      expect(alloyFmt(alloy, file).status).to.not.equal(0);
    });
  });

  describe('alloy run', () => {
    let tempo: OtlpCapture;
    let loki: OtlpCapture;
    let mimir: OtlpCapture;
    let sink: Awaited<ReturnType<typeof startRemoteWriteSink>>;
    let alloy: RunningAlloy | undefined;
    let storageDir: string;
    let configDir: string;
    let ports: { ui: number; otlp: number };
    let views: { tenant: string; view: ReturnType<typeof viewFixture> }[];
    const start = async (): Promise<RunningAlloy> =>
      runAlloy(bin!, {
        configDir,
        storageDir,
        uiPort: ports.ui,
        otlpPort: ports.otlp,
        env: {
          OPENQOE_TEMPO_TRACES_URL: `${tempo.url}/v1/traces`,
          OPENQOE_LOKI_LOGS_URL: `${loki.url}/v1/logs`,
          OPENQOE_MIMIR_METRICS_URL: `${mimir.url}/v1/metrics`,
          OPENQOE_MIMIR_REMOTE_WRITE_URL: sink.url,
          OPENQOE_MIMIR_REMOTE_WRITE_USERNAME: 'instance-1',
          OPENQOE_MIMIR_REMOTE_WRITE_PASSWORD: 'token-1',
          // The capture servers speak OTLP/HTTP JSON; compose uses protobuf.
          OPENQOE_EXPORT_ENCODING: 'json',
          OPENQOE_DEPLOYMENT: 'verification',
          OPENQOE_TENANTS: LISTED.join(', '),
        },
      });

    before(async function () {
      pendingWithoutAlloy(this);
      [tempo, loki, mimir] = await Promise.all([
        startOtlpCapture(),
        startOtlpCapture(),
        startOtlpCapture(),
      ]);
      sink = await startRemoteWriteSink();
      storageDir = mkdtempSync(join(tmpdir(), 'openqoe-alloy-data-'));
      configDir = configCopy();
      ports = { ui: await freePort(), otlp: await freePort() };
      alloy = await start();
      const now = Date.now() - 70_000;
      views = [
        { tenant: 'tenant-a', view: viewFixture({ tenant: 'tenant-a', index: 1, startMs: now }) },
        {
          tenant: 'tenant-a',
          view: viewFixture({ tenant: 'tenant-a', index: 2, startMs: now, exitBeforeStart: true }),
        },
        { tenant: 'tenant-b', view: viewFixture({ tenant: 'tenant-b', index: 3, startMs: now }) },
        { tenant: UNLISTED, view: viewFixture({ tenant: UNLISTED, index: 5, startMs: now }) },
      ];
      for (const { tenant, view } of views) {
        expect(await post(`${alloy.otlpUrl}/v1/traces`, view.traces, tenant)).to.equal(200);
        expect(await post(`${alloy.otlpUrl}/v1/logs`, view.logs, tenant)).to.equal(200);
      }
    });

    after(async () => {
      await alloy?.stop();
      await Promise.all([tempo?.close(), loki?.close(), mimir?.close(), sink?.close()]);
    });

    it('sends the traces to Tempo with the tenant, scrubbed and normalised', async () => {
      await tempo.waitFor((c) => c.spans().length >= 13, { timeoutMs: 30_000 });
      for (const request of tempo.requests) {
        expect(request.headers['x-scope-orgid']).to.be.oneOf([...LISTED, UNLISTED]);
      }
      const spans = tempo.spans();
      for (const span of spans) {
        expect(span.resourceAttributes).to.not.have.any.keys('user.id', 'client.address');
        expect(span.attributes).to.not.have.property('url.query');
        expect(span.resourceAttributes['openqoe.deployment.name']).to.equal('verification');
        expect(span.attributes['video.view.id']).to.equal(span.traceId);
        const tenantOfRequest = tempo.requests.find((r) =>
          JSON.stringify(r.body).includes(span.spanId),
        )!.headers['x-scope-orgid'];
        expect(tenantOfRequest).to.equal(span.resourceAttributes['openqoe.tenant.id']);
      }
    });

    it('sends the logs to Loki with EventName copied to openqoe.event.name', async () => {
      await loki.waitFor((c) => c.logRecords().length >= 28, { timeoutMs: 30_000 });
      const records = loki.logRecords();
      for (const record of records) {
        expect(record.attributes).to.not.have.property('user.id');
        expect(record.attributes).to.not.have.property('event.name');
        expect(record.eventName).to.be.a('string');
        expect(record.attributes['openqoe.event.name']).to.equal(record.eventName);
      }
      expect(records.map((r) => r.eventName)).to.include('video.pause');
      for (const request of loki.requests)
        expect(request.headers['x-scope-orgid']).to.be.oneOf([...LISTED, UNLISTED]);
    });

    /** The newest data point of a metric for a tenant (cumulative: the latest holds the total). */
    const latest = (
      points: FlatDataPoint[],
      name: string,
      tenant: string,
    ): FlatDataPoint | undefined =>
      points
        .filter(
          (p) => p.metricName === name && p.resourceAttributes['openqoe.tenant.id'] === tenant,
        )
        .sort((a, b) => Number(a.timeUnixNano - b.timeUnixNano))
        .pop();

    it('sends all 18 contract metrics to Mimir with contract units, buckets and labels', async () => {
      const names = [...contract.metrics.keys()];
      const has = (c: OtlpCapture, name: string, tenant: string): boolean =>
        c
          .dataPoints()
          .some(
            (p) => p.metricName === name && p.resourceAttributes['openqoe.tenant.id'] === tenant,
          );
      // The exemplar slots export every 15 s: wait for their histograms too, of every tenant.
      await mimir.waitFor(
        (c) =>
          names.every((n) => has(c, n, 'tenant-a')) &&
          EXEMPLAR_METRICS.every((m) => [...LISTED, UNLISTED].every((t) => has(c, m.name, t))),
        {
          timeoutMs: 60_000,
          description: 'every metric of tenant-a, the exemplar histograms of every tenant',
        },
      );
      const points = mimir.dataPoints();
      for (const metric of contract.metrics.values()) {
        const mine = points.filter((p) => p.metricName === metric.name);
        for (const point of mine) {
          expect(point.unit, metric.name).to.equal(metric.unit);
          expect(point.type, metric.name).to.equal(metric.type === 'counter' ? 'sum' : metric.type);
          expect(
            Object.keys(point.attributes).filter((k) => !metric.labels.includes(k)),
            metric.name,
          ).to.deep.equal([]);
          expect(
            Object.keys(point.resourceAttributes).filter(
              (k) => !['openqoe.tenant.id', 'signal_to_metrics.service.instance.id'].includes(k),
            ),
            metric.name,
          ).to.deep.equal([]);
          if (metric.type === 'histogram')
            expect(point.explicitBounds, metric.name).to.deep.equal(metric.buckets);
          if (metric.type === 'counter') expect(point.isMonotonic, metric.name).to.equal(true);
        }
      }
      // Cumulative temporality throughout (Mimir refuses delta).
      for (const request of mimir.requests) {
        const text = JSON.stringify(request.body);
        expect(text).to.not.match(/"aggregationTemporality":1\b/);
      }
    });

    it('records the span durations in the right buckets, per tenant', () => {
      const points = mimir.dataPoints();
      const check = (name: string, seconds: number, tenant: string, views: number): void => {
        const point = latest(points, name, tenant);
        expect(point, `${name} for ${tenant}`).to.not.equal(undefined);
        expect(point!.count, name).to.equal(views);
        expect(point!.sum!, name).to.be.closeTo(seconds * views, 1e-6);
        const bucket = contract.metrics.get(name)!.buckets!.findIndex((b) => seconds <= b);
        expect(
          point!.bucketCounts![bucket],
          `${name} bucket le=${contract.metrics.get(name)!.buckets![bucket]}`,
        ).to.equal(views);
        expect(point!.attributes['video.device.type'], 'resource label copied down').to.equal(
          'desktop',
        );
      };
      // Listed tenants (spanmetrics slots) and the unlisted one (signaltometrics) alike.
      for (const tenant of [...LISTED, UNLISTED]) {
        check('openqoe_video_startup_seconds', STARTUP_SECONDS, tenant, 1);
        check('openqoe_rebuffer_duration_seconds', REBUFFER_SECONDS, tenant, 1);
        check('openqoe_seek_latency_seconds', SEEK_SECONDS, tenant, 1);
      }
      const exits = latest(points, 'openqoe_exits_before_start_total', 'tenant-a');
      expect(Number(exits?.value)).to.equal(1);
      const ended = points.filter(
        (p) =>
          p.metricName === 'openqoe_views_ended_total' &&
          p.resourceAttributes['openqoe.tenant.id'] === 'tenant-a',
      );
      expect(new Set(ended.map((p) => p.attributes['video.view.end_reason']))).to.deep.equal(
        new Set(['ended', 'page_hidden']),
      );
      const events = points.filter(
        (p) =>
          p.metricName === 'openqoe_events_total' &&
          p.resourceAttributes['openqoe.tenant.id'] === 'tenant-b',
      );
      expect(new Set(events.map((p) => p.attributes['openqoe.event.name'])))
        .to.include('video.heartbeat')
        .and.include('video.pause');
    });

    it("sends each tenant's metrics with that tenant's X-Scope-OrgID", () => {
      for (const request of mimir.requests) {
        const tenants = new Set(
          (
            request.body as {
              resourceMetrics: {
                resource: { attributes: { key: string; value: { stringValue?: string } }[] };
              }[];
            }
          ).resourceMetrics.map(
            (r) =>
              r.resource.attributes.find((a) => a.key === 'openqoe.tenant.id')?.value.stringValue,
          ),
        );
        expect([...tenants], 'one tenant per request').to.have.length(1);
        expect(request.headers['x-scope-orgid']).to.equal([...tenants][0]);
      }
      expect(new Set(mimir.requests.map((r) => r.headers['x-scope-orgid']))).to.deep.equal(
        new Set([...LISTED, UNLISTED]),
      );
    });

    it('gives the startup, rebuffer and seek histograms of listed tenants exemplars with the view trace id (P2)', () => {
      expect(EXEMPLAR_METRICS.map((m) => m.name).sort()).to.deep.equal([
        'openqoe_rebuffer_duration_seconds',
        'openqoe_seek_latency_seconds',
        'openqoe_video_startup_seconds',
      ]);
      const seconds: Record<string, number> = {
        openqoe_video_startup_seconds: STARTUP_SECONDS,
        openqoe_rebuffer_duration_seconds: REBUFFER_SECONDS,
        openqoe_seek_latency_seconds: SEEK_SECONDS,
      };
      for (const metric of EXEMPLAR_METRICS) {
        const exemplars = exemplarsOf(mimir, metric.name);
        for (const tenant of LISTED) {
          // The tenant's one started view (tenant-a's second view exits before start).
          const { view } = views.find((v) => v.tenant === tenant && v.view.spanNames.length > 1)!;
          const mine = exemplars.filter((e) => e.resourceTenant === tenant);
          expect(mine, `${metric.name} exemplars of ${tenant}`).to.have.length.greaterThan(0);
          for (const exemplar of mine) {
            expect(exemplar.traceId, metric.name).to.equal(view.traceId);
            expect(exemplar.spanId, metric.name).to.equal(spanIdOf(view.traces, metric.from.name));
            expect(exemplar.value, metric.name).to.be.closeTo(seconds[metric.name]!, 1e-6);
            expect(exemplar.tenantHeader, `${metric.name} request tenant`).to.equal(tenant);
          }
        }
        expect(
          exemplars.filter((e) => e.resourceTenant === UNLISTED),
          `${metric.name}: an unlisted tenant's histogram has no exemplars`,
        ).to.deep.equal([]);
      }
    });

    it('builds each histogram of a tenant in one place only: the slot if listed, else signaltometrics', () => {
      const points = mimir.dataPoints();
      for (const metric of EXEMPLAR_METRICS) {
        for (const tenant of [...LISTED, UNLISTED]) {
          const scopes = new Set(
            points
              .filter(
                (p) =>
                  p.metricName === metric.name &&
                  p.resourceAttributes['openqoe.tenant.id'] === tenant,
              )
              .map((p) => p.scopeName),
          );
          expect(
            scopes.size,
            `${metric.name} of ${tenant}: scopes ${[...scopes].join(', ')}`,
          ).to.equal(1);
          if (LISTED.includes(tenant)) expect([...scopes][0], metric.name).to.equal(SLOT_SCOPE);
          else expect([...scopes][0], metric.name).to.not.equal(SLOT_SCOPE);
        }
      }
    });

    it("remote-writes Alloy's own metrics with tenant default and the hosted-Mimir credentials", async () => {
      const deadline = Date.now() + 45_000;
      while (sink.requests.length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 500));
      expect(sink.requests.length).to.be.greaterThan(0);
      expect(sink.requests[0]).to.deep.equal({
        path: '/api/v1/push',
        tenant: 'default',
        authorization: `Basic ${Buffer.from('instance-1:token-1').toString('base64')}`,
      });
    });

    it('keeps traces queued on disk through a Tempo outage and an Alloy restart (P1)', async () => {
      await tempo.down();
      const view = viewFixture({ tenant: 'tenant-c', index: 4, startMs: Date.now() - 70_000 });
      expect(await post(`${alloy!.otlpUrl}/v1/traces`, view.traces, 'tenant-c')).to.equal(200);
      await new Promise((r) => setTimeout(r, 3_000)); // past the batch timeout: queued, failing
      await alloy!.stop();
      alloy = await start();
      await tempo.up();
      await tempo.waitFor((c) => c.spans().some((s) => s.traceId === view.traceId), {
        timeoutMs: 90_000,
      });
      const request = tempo.requests.find((r) => JSON.stringify(r.body).includes(view.traceId))!;
      expect(request.headers['x-scope-orgid'], 'tenant kept in the queue file').to.equal(
        'tenant-c',
      );
    });
  });
});
