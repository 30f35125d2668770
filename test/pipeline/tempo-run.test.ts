// Tempo built from source (docs/verification.md) on tempo/tempo.yaml, as compose runs it: OTLP/HTTP
// JSON traces in, one tenant per X-Scope-OrgID (P3), and a long view whose root span arrives last
// still one trace, found by trace id and by TraceQL over the view's own time range (P4). Pending
// without a binary (TEMPO_BIN or /work/build/bin/tempo).
import { expect } from 'chai';
import { loadContract } from '@openqoe/contract';
import { eventually } from './lib/binary-process.js';
import { tempoBinary, runTempo, traceById, type RunningTempo } from './lib/tempo-process.js';
import { viewFixture, type ViewFixture } from './lib/view-fixture.js';
import { dashboardQueries } from './lib/dashboard-queries.js';

const bin = tempoBinary();
/** How long a push may take to become readable by trace id. */
const INGESTED = { timeoutMs: 30_000, intervalMs: 500 };
const contract = loadContract();
/** The root span of a view: the contract's one span without a parent. */
const ROOT_SPAN = [...contract.spans.values()].find((span) => span.parent === null)!.name;
/** The attribute every span of a view carries with its trace id. */
const VIEW_ID = 'video.view.id';

interface OtlpTraces {
  resourceSpans: { scopeSpans: { spans: { name: string; endTimeUnixNano: string }[] }[] }[];
}

/** The request body with only the spans `keep` selects (the fixture sends them all at once). */
function onlySpans(traces: unknown, keep: (span: { name: string }) => boolean): OtlpTraces {
  const copy = structuredClone(traces) as OtlpTraces;
  for (const resource of copy.resourceSpans) {
    for (const scope of resource.scopeSpans) scope.spans = scope.spans.filter(keep);
  }
  return copy;
}

async function send(tempo: RunningTempo, tenant: string | undefined, body: unknown) {
  return fetch(`${tempo.otlpUrl}/v1/traces`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(tenant === undefined ? {} : { 'x-scope-orgid': tenant }),
    },
    body: JSON.stringify(body),
  });
}

describe('Tempo binary on tempo/tempo.yaml (pending unless TEMPO_BIN or /work/build/bin/tempo exists)', function () {
  this.timeout(180_000);
  let tempo: RunningTempo;
  const hoursAgo = (h: number): number => Date.now() - h * 3_600_000;
  let longView: ViewFixture;
  let otherTenant: ViewFixture;
  /**
   * Built when the suite runs, not when mocha loads the file: in a full run that is many minutes
   * earlier, and a view that "ended now" would then lie outside the live store's search window.
   */
  const buildViews = (): void => {
    // A long view: it started 2 h ago; its children were exported as they happened, its root
    // span only when the view ended.
    longView = viewFixture({ tenant: 'tenant-a', index: 71, startMs: hoursAgo(2) });
    const endedNow = `${BigInt(Date.now()) * 1_000_000n}`;
    for (const resource of (longView.traces as OtlpTraces).resourceSpans) {
      for (const scope of resource.scopeSpans) {
        for (const span of scope.spans)
          if (span.name === ROOT_SPAN) span.endTimeUnixNano = endedNow;
      }
    }
    otherTenant = viewFixture({ tenant: 'tenant-b', index: 72, startMs: hoursAgo(0.1) });
  };

  before(async function () {
    if (bin === undefined) {
      console.log(
        '      pending: no Tempo binary (set TEMPO_BIN or build /work/build/bin/tempo, docs/verification.md)',
      );
      this.skip();
    }
    tempo = await runTempo(bin, { TEMPO_LOG_LEVEL: 'warn' });
    buildViews();
  });
  after(async () => {
    await tempo?.stop();
  });

  it('names only contract attributes and spans', () => {
    expect(contract.attributes.has(VIEW_ID)).to.be.true;
    expect(longView.spanNames.every((name) => contract.spans.has(name))).to.be.true;
  });

  it('refuses a push without a tenant (multi-tenancy on)', async () => {
    const answer = await send(tempo, undefined, otherTenant.traces);
    // Tempo answers 503 (gRPC UNAVAILABLE, "no org id"): retryable, so a sender without a tenant
    // would retry for ever; Alloy always sets X-Scope-OrgID from the receiver's tenant.
    expect(answer.ok, 'not accepted').to.equal(false);
    expect(await answer.text()).to.include('no org id');
  });

  it('stores the children first and the root span later as one trace of its tenant only', async () => {
    const children = onlySpans(longView.traces, (s) => s.name !== ROOT_SPAN);
    expect((await send(tempo, 'tenant-a', children)).status).to.equal(200);
    // The root comes after the children have been taken in, as in a real long view.
    await eventually(
      () => traceById(tempo, 'tenant-a', longView.traceId),
      (t) => t.spans.length === longView.spanNames.length - 1,
      INGESTED,
    );
    const root = onlySpans(longView.traces, (s) => s.name === ROOT_SPAN);
    expect((await send(tempo, 'tenant-a', root)).status).to.equal(200);
    const trace = await eventually(
      () => traceById(tempo, 'tenant-a', longView.traceId),
      (t) => t.spans.length === longView.spanNames.length,
      INGESTED,
    );
    expect(trace.spans, tempo.output()).to.deep.equal([...longView.spanNames].sort());
    // Tempo answers 200 with an empty trace for an id it does not hold for the tenant.
    const elsewhere = await traceById(tempo, 'tenant-b', longView.traceId);
    expect(elsewhere.spans, 'another tenant does not see the trace').to.deep.equal([]);
  });

  /** Trace ids (32 hex digits) a TraceQL search over the last 2.5 h finds for a tenant. */
  const searchTraces = async (tenant: string, q: string): Promise<string[]> => {
    const params = new URLSearchParams({
      q,
      start: String(Math.floor(hoursAgo(2.5) / 1000)),
      end: String(Math.ceil(Date.now() / 1000)),
    });
    const answer = await fetch(`${tempo.apiUrl}/api/search?${params}`, {
      headers: { 'x-scope-orgid': tenant },
    });
    const body = await answer.text();
    expect(answer.status, `${q}\n${body}`).to.equal(200);
    return ((JSON.parse(body) as { traces?: { traceID: string }[] }).traces ?? []).map((t) =>
      t.traceID.padStart(32, '0'),
    );
  };

  it('finds the long view with TraceQL over its own time range, two hours back (P4)', async function () {
    this.timeout(180_000);
    // The view's span times run from 2 h ago to now. The live store makes a trace searchable once
    // it has been idle for max_trace_idle (30 s); the query frontend asks the live store for the
    // last 15 min of a range and the backend blocks for the rest.
    const query = `{ span.${VIEW_ID} = "${longView.traceId}" }`;
    const search = (tenant: string) => searchTraces(tenant, query);
    const found = await eventually(
      () => search('tenant-a'),
      (traces) => traces.length > 0,
      // ~35 s (max_trace_idle and the search's polling), also with every core busy.
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    expect(found, `not found; Tempo said:\n${tempo.output().slice(-4000)}`).to.deep.equal([
      longView.traceId,
    ]);
    expect(await search('tenant-b'), 'not found for another tenant').to.deep.equal([]);
  });

  it('runs every dashboard TraceQL search; the view searches find the long view (after the test above made it searchable)', async () => {
    // Defaults, except a slow-start threshold under the fixture's 1.2 s startup.
    const queries = dashboardQueries('traceql', { slow_start: '1s' });
    expect(queries.length, 'TraceQL queries in grafana/dashboards').to.be.at.least(5);
    const mustFind = new Set(['Views of content', 'Slow starts']);
    for (const query of queries) {
      const ids = await searchTraces('tenant-a', query.text);
      if (!mustFind.has(query.panel)) continue;
      expect(ids, `${query.where} did not find the view: ${query.text}`).to.include(
        longView.traceId,
      );
    }
  });
});
