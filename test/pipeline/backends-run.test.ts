// Alloy, Tempo and Loki built from source (docs/verification.md), wired as compose wires them:
// views sent to Alloy's OTLP endpoint come out in the real Tempo and the real Loki, protobuf on the
// wire as in compose, each under its tenant (P3). In Loki a player event is found by its name
// (the structured metadata Alloy adds) and carries its view's trace id (the Loki → Tempo link);
// Tempo holds the whole view as one trace, scrubbed. Mimir is a plain sink here (no binary).
// Pending unless all three binaries exist.
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '@openqoe/contract';
import {
  alloyBinary,
  configCopy,
  freePort,
  runAlloy,
  type RunningAlloy,
} from './lib/alloy-process.js';
import { lokiBinary, runLoki, type RunningLoki } from './lib/loki-process.js';
import { startRemoteWriteSink } from './lib/remote-write-sink.js';
import { eventually } from './lib/binary-process.js';
import { runTempo, tempoBinary, traceById, type RunningTempo } from './lib/tempo-process.js';
import { viewFixture, type ViewFixture } from './lib/view-fixture.js';
import { dashboardQueries } from './lib/dashboard-queries.js';

const bins = { alloy: alloyBinary(), tempo: tempoBinary(), loki: lokiBinary() };
const missing = Object.entries(bins)
  .filter(([, bin]) => bin === undefined)
  .map(([name]) => name);
const contract = loadContract();
/** Alloy batches, then each backend ingests: how long a view may take to become readable. */
const ARRIVED = { timeoutMs: 60_000, intervalMs: 1000 };
const ERROR_EVENT = 'video.error';
/** Loki's names for the OTLP attributes the queries use (dots become underscores). */
const EVENT_NAME_LABEL = 'openqoe_event_name';
const NEVER_SENT = [...contract.attributes.values()]
  .filter((a) => a.cardinality === 'never')
  .map((a) => a.name);

type Sink = Awaited<ReturnType<typeof startRemoteWriteSink>>;

interface LokiStream {
  stream: Record<string, string>;
  values: [string, string][];
}

describe('Alloy → real Tempo and Loki (pending unless the alloy, tempo and loki binaries exist)', function () {
  this.timeout(240_000);
  let tempo: RunningTempo;
  let loki: RunningLoki;
  let alloy: RunningAlloy;
  let sinks: Sink[] = [];
  // Set when the suite runs, not when mocha loads the file (many minutes earlier in a full run).
  let startMs = 0;
  let views = {} as Record<'tenant-a' | 'tenant-b', ViewFixture>;

  before(async function () {
    if (missing.length > 0) {
      console.log(`      pending: no ${missing.join(', ')} binary (docs/verification.md)`);
      this.skip();
    }
    startMs = Date.now() - 70_000;
    views = {
      'tenant-a': viewFixture({ tenant: 'tenant-a', index: 11, startMs }),
      'tenant-b': viewFixture({ tenant: 'tenant-b', index: 12, startMs }),
    };
    [tempo, loki] = await Promise.all([
      runTempo(bins.tempo!, { TEMPO_LOG_LEVEL: 'warn' }),
      runLoki(bins.loki!, { LOKI_LOG_LEVEL: 'warn' }),
    ]);
    sinks = await Promise.all([startRemoteWriteSink(), startRemoteWriteSink()]);
    alloy = await runAlloy(bins.alloy!, {
      configDir: configCopy(),
      storageDir: mkdtempSync(join(tmpdir(), 'openqoe-alloy-data-')),
      uiPort: await freePort(),
      otlpPort: await freePort(),
      env: {
        // Encoding left at its default (protobuf), as in compose.
        OPENQOE_TEMPO_TRACES_URL: `${tempo.otlpUrl}/v1/traces`,
        OPENQOE_LOKI_LOGS_URL: `${loki.url}/otlp/v1/logs`,
        OPENQOE_MIMIR_METRICS_URL: sinks[0]!.url,
        OPENQOE_MIMIR_REMOTE_WRITE_URL: sinks[1]!.url,
        OPENQOE_DEPLOYMENT: 'verification',
        OPENQOE_TENANTS: 'tenant-a',
      },
    });
    for (const [tenant, view] of Object.entries(views)) {
      for (const [signal, body] of [
        ['traces', view.traces],
        ['logs', view.logs],
      ] as const) {
        const answer = await fetch(`${alloy.otlpUrl}/v1/${signal}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-scope-orgid': tenant },
          body: JSON.stringify(body),
        });
        expect(answer.status, `${signal} of ${tenant} to Alloy`).to.equal(200);
      }
    }
  });

  after(async () => {
    await alloy?.stop();
    await Promise.all([tempo?.stop(), loki?.stop(), ...sinks.map((sink) => sink.close())]);
  });

  const traceOf = async (tenant: string, traceId: string) => {
    const trace = await traceById(tempo, tenant, traceId);
    expect(trace.status).to.equal(200);
    return trace;
  };

  it('Tempo holds each view as one trace under its own tenant, scrubbed and enriched', async () => {
    for (const [tenant, view] of Object.entries(views)) {
      const trace = await eventually(
        () => traceOf(tenant, view.traceId),
        (t) => t.spans.length === view.spanNames.length,
        ARRIVED,
      );
      expect(trace.spans, `${tenant}: ${alloy.output()}`).to.deep.equal([...view.spanNames].sort());
      expect(trace.values.get('openqoe.tenant.id')).to.equal(tenant);
      expect(trace.values.get('openqoe.deployment.name')).to.equal('verification');
      for (const name of NEVER_SENT) expect(trace.keys.has(name), name).to.equal(false);
      const other = tenant === 'tenant-a' ? 'tenant-b' : 'tenant-a';
      expect((await traceOf(other, view.traceId)).spans, `not under ${other}`).to.deep.equal([]);
    }
  });

  /**
   * A LogQL query over the views' time range: streams for a log query, series for a metric query
   * (`step` matters only to those). `text` is Loki's answer, for messages.
   */
  const queryRange = async (tenant: string | undefined, query: string) => {
    const params = new URLSearchParams({
      query,
      start: `${BigInt(startMs - 600_000) * 1_000_000n}`,
      end: `${BigInt(Date.now() + 60_000) * 1_000_000n}`,
      step: '60',
      limit: '100',
    });
    const answer = await fetch(`${loki.url}/loki/api/v1/query_range?${params}`, {
      headers: tenant === undefined ? {} : { 'x-scope-orgid': tenant },
    });
    const text = await answer.text();
    const streams = answer.ok
      ? (JSON.parse(text) as { data: { result: LokiStream[] } }).data.result
      : [];
    return { status: answer.status, streams, text };
  };
  const errorsIn = (tenant: string | undefined) =>
    queryRange(tenant, `{service_name="shop-web"} | ${EVENT_NAME_LABEL}="${ERROR_EVENT}"`);

  it('Loki finds a player event by name, with its trace id, under its own tenant only', async () => {
    expect(contract.events.has(ERROR_EVENT)).to.equal(true);
    for (const [tenant, view] of Object.entries(views)) {
      const found = await eventually(
        () => errorsIn(tenant),
        (r) => r.streams.length > 0,
        ARRIVED,
      );
      expect(found.status).to.equal(200);
      const lines = found.streams.flatMap((s) => s.values.map(() => s.stream));
      expect(lines, `one ${ERROR_EVENT} for ${tenant}: ${alloy.output()}`).to.have.length(1);
      const labels = lines[0]!;
      expect(labels[EVENT_NAME_LABEL]).to.equal(ERROR_EVENT);
      expect(labels.trace_id, 'the link to the view in Tempo').to.equal(view.traceId);
      expect(labels.openqoe_tenant_id).to.equal(tenant);
      for (const name of NEVER_SENT) {
        expect(labels, name).to.not.have.property(name.replaceAll('.', '_'));
      }
    }
  });

  it("every dashboard LogQL query runs on the real Loki and finds the fixture view's events", async () => {
    const tenant = 'tenant-a';
    const queries = dashboardQueries('logql', { trace_id: views[tenant].traceId });
    expect(queries.length, 'LogQL queries in grafana/dashboards').to.be.greaterThan(10);
    // The view is in Loki once its error record is (the test above waits for it too).
    await eventually(
      () => errorsIn(tenant),
      (r) => r.streams.length > 0,
      ARRIVED,
    );
    for (const query of queries) {
      const answer = await queryRange(tenant, query.text);
      expect(answer.status, `${query.where}: ${query.text}\n${answer.text}`).to.equal(200);
      // The fixture view carries every event and attribute the dashboards read from Loki.
      expect(answer.streams, `${query.where} found nothing: ${query.text}`).to.not.be.empty;
    }
  });

  it('Loki refuses a query without a tenant', async () => {
    expect((await errorsIn(undefined)).status).to.equal(401);
  });
});
