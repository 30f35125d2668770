// contract-scan: exempt (checks that names outside the contract are rejected, so it must contain some)
// The receiver over real HTTP on loopback, with the OTLP capture server standing in for Alloy.
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import type { FlatLogRecord, FlatSpan } from '../../testkit/src/otlp-capture/otlp-json.js';
import {
  CHROME_UA,
  KEY,
  ORIGIN,
  OTHER_KEY,
  SALT,
  bool,
  dbl,
  errorCode,
  heartbeats,
  logRecord,
  logsBody,
  nowNs,
  rebuffer,
  resourceAttributes,
  send,
  startStack,
  str,
  tracesBody,
  viewSpan,
  type Stack,
} from './helpers.js';
import { viewerHash } from '../src/domain/legacy-events.js';

describe('receiver ingest over HTTP (R1, R5, R7, R8)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack.close();
  });
  beforeEach(() => stack.alloy.reset());

  const traces = (body: object, headers: Record<string, string> = {}) =>
    send(stack.url, '/v1/traces', { body: JSON.stringify(body), headers });

  it('forwards spans with the tenant as X-Scope-OrgID and the batch facts on the resource', async () => {
    const sentAt = nowNs();
    const answer = await traces(tracesBody([viewSpan(), rebuffer()]), {
      'x-openqoe-batch-id': 'batch-1',
      'x-openqoe-sent-at': sentAt,
      'user-agent': CHROME_UA,
    });
    expect(answer.status).to.equal(200);
    expect(answer.json).to.deep.equal({});
    expect(answer.headers['content-type']).to.match(/^application\/json/);
    const request = stack.alloy.requests[0]!;
    expect(request.path).to.equal('/v1/traces');
    expect(request.headers['x-scope-orgid']).to.equal('acme');
    const spans = stack.alloy.spans();
    expect(spans.map((s) => s.name)).to.deep.equal(['video.view', 'video.rebuffer']);
    expect(spans[0]!.resourceAttributes).to.include({
      'openqoe.tenant.id': 'acme',
      'openqoe.batch.id': 'batch-1',
      'openqoe.batch.sent_at': sentAt,
      'user_agent.name': 'Chrome',
      'user_agent.version': '120.0.0.0',
      'user_agent.os.name': 'Windows',
      'user_agent.os.version': '10',
      'video.device.type': 'desktop',
      'service.name': 'shop',
    });
    expect(spans[0]!.resourceAttributes).not.to.have.property('user_agent.original');
  });

  it('replaces what a client claims under receiver-set names', async () => {
    const spoofed = resourceAttributes([
      str('openqoe.tenant.id', 'globex'),
      str('video.device.type', 'tv'),
      str('geo.country.iso_code', 'XX'),
      str(
        'user_agent.original',
        CHROME_UA.replace('Windows NT 10.0; Win64; x64', 'Linux; Android 14; Pixel 8') + ' Mobile',
      ),
    ]);
    const answer = await traces(tracesBody([rebuffer()], spoofed));
    expect(answer.status).to.equal(200);
    const resource = stack.alloy.spans()[0]!.resourceAttributes;
    expect(resource['openqoe.tenant.id']).to.equal('acme');
    expect(resource['video.device.type'], 'from user_agent.original, not the claim').to.equal(
      'mobile',
    );
    expect(resource).not.to.have.property('geo.country.iso_code');
    expect(resource['user_agent.original'], 'kept as a plain attribute').to.be.a('string');
  });

  it('forwards log records, and accepts gzip', async () => {
    const body = gzipSync(JSON.stringify(logsBody(heartbeats(3))));
    const answer = await send(stack.url, '/v1/logs', {
      body,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(answer.status).to.equal(200);
    const records: FlatLogRecord[] = stack.alloy.logRecords();
    expect(records.map((r) => r.eventName)).to.deep.equal([
      'video.heartbeat',
      'video.heartbeat',
      'video.heartbeat',
    ]);
    expect(stack.alloy.requests[0]!.headers['x-scope-orgid']).to.equal('acme');
  });

  it('accepts X-API-Key as well as Bearer, per tenant', async () => {
    const answer = await send(stack.url, '/v1/logs', {
      auth: undefined,
      body: JSON.stringify(logsBody(heartbeats(1))),
      headers: { 'x-api-key': OTHER_KEY },
    });
    expect(answer.status).to.equal(200);
    expect(stack.alloy.requests[0]!.headers['x-scope-orgid']).to.equal('globex');
  });

  it('takes sendBeacon bodies: text/plain, key and batch facts in the query string', async () => {
    const sentAt = nowNs();
    const query = new URLSearchParams({ api_key: KEY, batch_id: 'beacon-1', sent_at: sentAt });
    const answer = await send(stack.url, `/beacon/v1/traces?${query}`, {
      auth: undefined,
      body: JSON.stringify(tracesBody([viewSpan()])),
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN },
    });
    expect(answer.status).to.equal(200);
    expect(answer.headers['access-control-allow-origin']).to.equal(ORIGIN);
    const resource = stack.alloy.spans()[0]!.resourceAttributes;
    expect(resource).to.include({
      'openqoe.batch.id': 'beacon-1',
      'openqoe.batch.sent_at': sentAt,
    });
  });

  it('answers OTLP partial success: bad spans refused, the rest forwarded, the first problem named', async () => {
    const body = tracesBody([
      viewSpan(),
      rebuffer(1, [str('app.custom_field', 'x')]),
      { ...rebuffer(2), name: 'video.buffering' },
      rebuffer(3),
    ]);
    const answer = await traces(body);
    expect(answer.status).to.equal(200);
    expect(answer.json).to.deep.equal({
      partialSuccess: {
        rejectedSpans: '2',
        errorMessage:
          '/resourceSpans/0/scopeSpans/0/spans/1/attributes/1: attribute "app.custom_field" is not in the contract',
      },
    });
    expect(stack.alloy.spans().map((s: FlatSpan) => s.name)).to.deep.equal([
      'video.view',
      'video.rebuffer',
    ]);
  });

  it('refuses per resource entry where the resource itself is bad', async () => {
    const good = tracesBody([rebuffer()]).resourceSpans as object[];
    const bad = tracesBody([rebuffer(), rebuffer(2)], [str('service.name', 'x')])
      .resourceSpans as object[];
    const answer = await traces({ resourceSpans: [...bad, ...good] });
    expect(answer.status).to.equal(200);
    expect(
      (answer.json as { partialSuccess: { rejectedSpans: string } }).partialSuccess.rejectedSpans,
    ).to.equal('2');
    expect(stack.alloy.spans()).to.have.length(1);
  });

  it('corrects a skewed client clock with the send time (R9)', async () => {
    const dayMs = 86_400_000;
    const span = rebuffer();
    span.startTimeUnixNano = nowNs(-dayMs * 400 - 3000);
    span.endTimeUnixNano = nowNs(-dayMs * 400 - 1000);
    const answer = await traces(tracesBody([span]), { 'x-openqoe-sent-at': nowNs(-dayMs * 400) });
    expect(answer.status).to.equal(200);
    const forwarded = stack.alloy.spans()[0]!;
    const ageMs = Date.now() - Number(forwarded.startTimeUnixNano / 1_000_000n);
    expect(ageMs).to.be.within(2000, 60_000);
    expect(forwarded.durationSeconds).to.be.closeTo(2, 0.001);
  });

  it('refuses only the spans whose time is out of range, and counts them (R9)', async () => {
    const late = rebuffer(2);
    late.startTimeUnixNano = nowNs(3_600_000);
    late.endTimeUnixNano = nowNs(3_601_000);
    const answer = await traces(tracesBody([rebuffer(), late]));
    expect(answer.json).to.deep.equal({
      partialSuccess: {
        rejectedSpans: '1',
        errorMessage:
          '/resourceSpans/0/scopeSpans/0/spans/1/startTimeUnixNano: is more than 300 s in the future',
      },
    });
    const stats = (await send(stack.url, '/stats')).json as {
      counters: { timestampsRejected: number; requests: Record<string, number> };
    };
    expect(stats.counters.timestampsRejected).to.be.at.least(1);
    expect(stats.counters.requests['partial/timestamp']).to.be.at.least(1);
  });

  it('translates /v2/events into the SDK OTLP log records, hashing the viewer id', async () => {
    const now = Date.now();
    const answer = await send(stack.url, '/v2/events', {
      body: JSON.stringify({
        events: [
          {
            event_type: 'viewstart',
            event_time: now - 2000,
            viewer_time: now - 2000,
            org_id: 'ignored',
            player_id: 'p1',
            view_id: 'view-42',
            session_id: 'sess-9',
            viewer_id: 'viewer@example.com',
            data: { video_id: 'movie-1', player_name: 'hls.js', autoplay: true },
          },
          {
            event_type: 'stall_end',
            event_time: now - 1000,
            view_id: 'view-42',
            session_id: 'sess-9',
            viewer_id: 'viewer@example.com',
            data: { stall_duration: 2500 },
          },
          { event_type: 'teleport', event_time: now, view_id: 'view-42' },
        ],
      }),
      headers: { 'user-agent': CHROME_UA },
    });
    expect(answer.status).to.equal(200);
    expect(answer.json).to.deep.include({ success: true, events_received: 3, events_processed: 2 });
    expect((answer.json as { errors: string[] }).errors[0]).to.match(
      /^\/events\/2\/event_type: must be one of/,
    );
    const raw = JSON.stringify(stack.alloy.requests[0]!.body);
    expect(raw).not.to.contain('viewer@example.com');
    const records = stack.alloy.logRecords();
    expect(records.map((r) => r.eventName)).to.deep.equal(['video.view_start', 'video.stall_end']);
    expect(records[0]!.resourceAttributes).to.include({
      'user.hash': viewerHash('viewer@example.com', SALT),
      'session.id': 'sess-9',
      'openqoe.tenant.id': 'acme',
      'video.device.type': 'desktop',
    });
    expect(records[0]!.attributes).to.include({
      'video.player.name': 'hlsjs',
      'video.player.autoplay': true,
    });
    expect(records[0]!.attributes['video.content.id'], 'hashed by the contract policy').to.match(
      /^[0-9a-f]{16}$/,
    );
    expect(records[1]!.attributes['video.rebuffer.duration']).to.equal(2.5);
    expect(records[0]!.traceId).to.equal(records[1]!.traceId);
  });

  it('answers the CORS preflight for allowed origins with Access-Control-Max-Age (R3)', async () => {
    const answer = await send(stack.url, '/v1/traces', {
      method: 'OPTIONS',
      auth: undefined,
      headers: {
        origin: 'https://www.acme.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-openqoe-batch-id',
      },
    });
    expect(answer.status).to.equal(204);
    expect(answer.headers['access-control-allow-origin']).to.equal('https://www.acme.example');
    expect(answer.headers['access-control-max-age']).to.equal('86400');
    expect(answer.headers['access-control-allow-headers']).to.contain('x-openqoe-batch-id');
    const data = await traces(tracesBody([rebuffer()]), { origin: 'https://www.acme.example' });
    expect(data.status).to.equal(200);
    expect(data.headers['access-control-expose-headers']).to.equal('Retry-After');
  });

  it('governs label cardinality and reports it in /stats (R7)', async () => {
    const body = tracesBody(
      Array.from({ length: 3 }, (_, i) =>
        viewSpan([
          str('video.content.id', `movie-${i}`),
          bool('video.view.exit_before_start', false),
          dbl('video.watch_time', 3),
        ]),
      ),
    );
    expect((await traces(body)).status).to.equal(200);
    const ids = stack.alloy.spans().map((s) => s.attributes['video.content.id']);
    expect(new Set(ids).size).to.equal(3);
    for (const id of ids) expect(id).to.match(/^[0-9a-f]{16}$/);
    const stats = await send(stack.url, '/stats');
    expect(stats.status).to.equal(200);
    const json = stats.json as {
      tenant: string;
      cardinality: Record<string, { distinct: number; policy: string }>;
      counters: { itemsAccepted: number; requests: Record<string, number> };
    };
    expect(json.tenant).to.equal('acme');
    expect(json.cardinality['video.content.id']).to.deep.include({ policy: 'hash', distinct: 3 });
    expect(json.counters.itemsAccepted).to.be.at.least(3);
    expect(json.counters.requests.accepted).to.be.at.least(1);
    const alias = await send(stack.url, '/v2/stats', { auth: OTHER_KEY });
    expect((alias.json as { tenant: string }).tenant).to.equal('globex');
    const anonymous = await send(stack.url, '/stats', { auth: undefined });
    expect([anonymous.status, errorCode(anonymous)]).to.deep.equal([401, 'missing_api_key']);
  });

  it('answers /health, /v2/health, /ready and /metrics', async () => {
    for (const path of ['/health', '/v2/health']) {
      const answer = await send(stack.url, path, { auth: undefined });
      expect([answer.status, answer.json]).to.deep.equal([200, { status: 'ok' }]);
    }
    const ready = await send(stack.url, '/ready', { auth: undefined });
    expect([ready.status, ready.json]).to.deep.equal([200, { status: 'ready' }]);
    await traces(tracesBody([rebuffer()]));
    const metrics = await send(stack.url, '/metrics', { auth: undefined });
    expect(metrics.status).to.equal(200);
    expect(metrics.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4/);
    expect(metrics.text).to.match(
      /^receiver_requests_total\{route="\/v1\/traces",outcome="accepted",reason="none"\} \d+$/m,
    );
    expect(metrics.text).to.contain('receiver_request_duration_seconds_bucket');
    expect(metrics.text).to.match(/^receiver_in_flight_requests/m);
    expect(metrics.text).to.match(
      /^receiver_downstream_requests_total\{signal="traces",result="accepted"\}/m,
    );
  });

  it('acknowledges a retried batch without forwarding it twice (T6)', async () => {
    const body = JSON.stringify(tracesBody([rebuffer()]));
    const headers = { 'x-openqoe-batch-id': 'retry-me', 'content-type': 'application/json' };
    const first = await send(stack.url, '/v1/traces', { body, headers });
    const second = await send(stack.url, '/v1/traces', { body, headers });
    expect([first.status, second.status]).to.deep.equal([200, 200]);
    expect(second.json).to.deep.equal(first.json);
    expect(stack.alloy.requests).to.have.length(1);
    // Another tenant's batch with the same id is its own batch.
    const other = await send(stack.url, '/v1/traces', { body, headers, auth: OTHER_KEY });
    expect(other.status).to.equal(200);
    // And the same id on the other signal is another request of the same batch.
    const logs = await send(stack.url, '/v1/logs', {
      body: JSON.stringify(logsBody(heartbeats(1))),
      headers,
    });
    expect(logs.status).to.equal(200);
    expect(stack.alloy.requests).to.have.length(3);
  });

  it('passes on Alloy partial success, adding its count', async () => {
    stack.alloy.partialSuccess({ rejected: 1, errorMessage: 'collector dropped one', times: 1 });
    const answer = await traces(tracesBody([rebuffer(), rebuffer(2)]));
    expect(answer.json).to.deep.equal({
      partialSuccess: { rejectedSpans: '1', errorMessage: 'collector dropped one' },
    });
  });

  it('routes unknown paths and methods to JSON 404 / 405', async () => {
    const missing = await send(stack.url, '/v1/metrics', { body: '{}' });
    expect([missing.status, errorCode(missing)]).to.deep.equal([404, 'not_found']);
    const wrong = await send(stack.url, '/v1/traces', { method: 'GET' });
    expect([wrong.status, errorCode(wrong), wrong.headers.allow]).to.deep.equal([
      405,
      'method_not_allowed',
      'POST, OPTIONS',
    ]);
  });

  it('takes other spellings of the ingest paths the way Express routes them', async () => {
    // The exact paths bypass the router; these go through it and must behave the same.
    for (const path of ['/v1/traces/', '/V1/Traces']) {
      const answer = await send(stack.url, path, {
        body: JSON.stringify(tracesBody([rebuffer()])),
      });
      expect(answer.status, `${path}: ${answer.text}`).to.equal(200);
      const unauthenticated = await send(stack.url, path, { body: '{}', auth: undefined });
      expect(errorCode(unauthenticated), path).to.equal('missing_api_key');
    }
    expect(stack.alloy.requests).to.have.length(2);
  });

  it('records video.view.exit_before_start and other labels untouched when within bounds', async () => {
    await traces(tracesBody([viewSpan([bool('video.view.exit_before_start', true)])]));
    expect(stack.alloy.spans()[0]!.attributes['video.view.exit_before_start']).to.equal(true);
    const logs = await send(stack.url, '/v1/logs', {
      body: JSON.stringify(
        logsBody([
          logRecord('video.error', [
            str('error.type', 'network'),
            str('video.error.severity', 'fatal'),
            str('video.error.code', 'E42'),
          ]),
        ]),
      ),
    });
    expect(logs.status).to.equal(200);
    expect(stack.alloy.logRecords()[0]!.attributes['video.error.code']).to.equal('E42');
  });
});

describe('receiver behind a trusted proxy', () => {
  it('takes the country from the configured header and the client address from X-Forwarded-For', async () => {
    const stack = await startStack((config) => {
      config.trustProxy = true;
      config.countryHeader = 'cf-ipcountry';
      config.rateLimits = {
        perIp: { ratePerSecond: 0.01, burst: 1 },
        perSession: undefined,
        maxClients: 10,
      };
    });
    try {
      const body = JSON.stringify(tracesBody([rebuffer()]));
      const first = await send(stack.url, '/v1/traces', {
        body,
        headers: { 'cf-ipcountry': 'de', 'x-forwarded-for': '198.51.100.7, 10.0.0.1' },
      });
      expect(first.status).to.equal(200);
      expect(stack.alloy.spans()[0]!.resourceAttributes['geo.country.iso_code']).to.equal('DE');
      const bogus = await send(stack.url, '/v1/traces', {
        body,
        headers: { 'cf-ipcountry': 'Germany', 'x-forwarded-for': '198.51.100.8' },
      });
      expect(bogus.status).to.equal(200);
      expect(stack.alloy.spans()[1]!.resourceAttributes).not.to.have.property(
        'geo.country.iso_code',
      );
      const again = await send(stack.url, '/v1/traces', {
        body,
        headers: { 'x-forwarded-for': '198.51.100.7' },
      });
      expect(again.status, 'the same client address is out of tokens').to.equal(429);
    } finally {
      await stack.close();
    }
  });
});
