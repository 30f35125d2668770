import { expect } from 'chai';
import { Agent, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startOtlpCapture } from '../src/otlp-capture/server.js';
import type { OtlpCapture } from '../src/otlp-capture/server.js';
import type {
  ExportLogsServiceRequest,
  ExportMetricsServiceRequest,
  ExportTraceServiceRequest,
} from '../src/otlp-capture/otlp-json.js';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const JSON_TYPE = { 'content-type': 'application/json' };

function spanId(n: number): string {
  return n.toString(16).padStart(16, '0');
}

/** A traces request with `count` spans; span i is named span-i, and span 1 is the root. */
function traces(count: number, batch = 'b1'): ExportTraceServiceRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'player-web' } }] },
        scopeSpans: [
          {
            scope: { name: '@openqoe/sdk', version: '0.1.0' },
            spans: Array.from({ length: count }, (_, i) => ({
              traceId: TRACE_ID,
              spanId: spanId(i + 1),
              ...(i === 0 ? {} : { parentSpanId: spanId(1) }),
              name: `span-${i + 1}`,
              kind: 1,
              startTimeUnixNano: '1700000000000000000',
              endTimeUnixNano: '1700000002000000000',
              attributes: [
                { key: 'openqoe.batch.id', value: { stringValue: batch } },
                { key: 'openqoe.batch.seq', value: { intValue: String(i) } },
              ],
            })),
          },
        ],
      },
    ],
  };
}

function logs(...eventNames: string[]): ExportLogsServiceRequest {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'player-web' } }] },
        scopeLogs: [
          {
            scope: { name: '@openqoe/sdk' },
            logRecords: eventNames.map((eventName) => ({
              eventName,
              timeUnixNano: '1700000000000000001',
              severityNumber: 9,
              body: { stringValue: eventName },
              traceId: TRACE_ID,
              spanId: spanId(1),
            })),
          },
        ],
      },
    ],
  };
}

const metrics: ExportMetricsServiceRequest = {
  resourceMetrics: [
    {
      scopeMetrics: [
        {
          metrics: [
            { name: 'requests_total', sum: { isMonotonic: true, dataPoints: [{ asInt: '7' }] } },
          ],
        },
      ],
    },
  ],
};

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One request over node:http; `agent: false` forces a fresh connection. */
function send(
  url: string,
  options: {
    method?: string;
    headers?: OutgoingHttpHeaders;
    body?: string | Buffer;
    agent?: Agent | false;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'POST', headers: options.headers, agent: options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function postJson(url: string, body: unknown, headers: OutgoingHttpHeaders = {}): Promise<Answer> {
  return send(url, { headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) });
}

function errorOf(answer: Answer): { code: string; message: string } {
  expect(answer.headers['content-type']).to.equal('application/json');
  const parsed = JSON.parse(answer.text) as { error: { code: string; message: string } };
  expect(parsed.error).to.have.keys('code', 'message');
  return parsed.error;
}

/** Rejects with the error a request fails with (or fails if it succeeds). */
async function failureOf(promise: Promise<unknown>): Promise<NodeJS.ErrnoException> {
  try {
    await promise;
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
  throw new Error('expected the request to fail');
}

describe('OTLP capture server', () => {
  let capture: OtlpCapture;

  beforeEach(async () => {
    capture = await startOtlpCapture();
  });

  afterEach(async () => {
    await capture.close();
  });

  describe('accepting', () => {
    it('accepts traces over fetch, records the request and flattens the spans', async () => {
      const body = JSON.stringify(traces(2));
      const before = Date.now();
      const response = await fetch(`${capture.url}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Scope-OrgID': 'tenant-a' },
        body,
      });
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('application/json');
      expect(await response.json()).to.deep.equal({});

      expect(capture.url).to.equal(`http://127.0.0.1:${capture.port}`);
      expect(capture.requests).to.have.length(1);
      const [captured] = capture.requests;
      expect(captured).to.deep.include({
        seq: 1,
        signal: 'traces',
        method: 'POST',
        path: '/v1/traces',
        status: 200,
        bodyBytes: Buffer.byteLength(body),
        decodedBytes: Buffer.byteLength(body),
        items: 2,
        partialSuccess: undefined,
      });
      expect(captured?.headers['x-scope-orgid']).to.equal('tenant-a');
      expect(captured?.receivedAt).to.be.within(before, Date.now());
      expect(captured?.body).to.deep.equal(traces(2));

      const spans = capture.spans();
      expect(spans.map((s) => [s.name, s.parentSpanId])).to.deep.equal([
        ['span-1', undefined],
        ['span-2', spanId(1)],
      ]);
      expect(spans[1]).to.deep.include({
        resourceAttributes: { 'service.name': 'player-web' },
        scopeName: '@openqoe/sdk',
        scopeVersion: '0.1.0',
        traceId: TRACE_ID,
        startTimeUnixNano: 1700000000000000000n,
        durationSeconds: 2,
        attributes: { 'openqoe.batch.id': 'b1', 'openqoe.batch.seq': 1 },
      });
      expect(capture.rejected).to.have.length(0);
    });

    it('accepts logs with a charset in the content type and flattens the records', async () => {
      const answer = await send(`${capture.url}/v1/logs`, {
        headers: { 'content-type': 'Application/JSON; charset=utf-8' },
        body: JSON.stringify(logs('video.playing', 'video.error')),
      });
      expect(answer.status).to.equal(200);
      expect(capture.requests[0]?.signal).to.equal('logs');
      expect(
        capture.logRecords().map((r) => [r.eventName, r.body, r.severityNumber]),
      ).to.deep.equal([
        ['video.playing', 'video.playing', 9],
        ['video.error', 'video.error', 9],
      ]);
      expect(capture.logRecords()[0]).to.deep.include({ traceId: TRACE_ID, spanId: spanId(1) });
      expect(capture.spans()).to.deep.equal([]);
    });

    it('accepts metrics and keeps the flattened views apart by signal', async () => {
      await postJson(`${capture.url}/v1/metrics`, metrics);
      await postJson(`${capture.url}/v1/traces`, traces(1));
      expect(capture.dataPoints().map((p) => [p.metricName, p.value])).to.deep.equal([
        ['requests_total', 7],
      ]);
      expect(capture.spans()).to.have.length(1);
      expect(capture.counts().accepted).to.deep.include({ requests: 2, spans: 1, dataPoints: 1 });
    });

    it('keeps the flattened views in order as more requests arrive', async () => {
      await postJson(`${capture.url}/v1/traces`, traces(1, 'first'));
      expect(capture.spans()).to.have.length(1);
      await postJson(`${capture.url}/v1/traces`, traces(2, 'second'));
      expect(capture.spans().map((s) => s.attributes['openqoe.batch.id'])).to.deep.equal([
        'first',
        'second',
        'second',
      ]);
    });

    it('routes on the path without its query string', async () => {
      const answer = await postJson(`${capture.url}/v1/traces?tenant=x`, traces(1));
      expect(answer.status).to.equal(200);
      expect(capture.requests[0]?.path).to.equal('/v1/traces');
    });

    it('inflates a gzip body and records both sizes', async () => {
      const raw = Buffer.from(JSON.stringify(traces(20)));
      const zipped = gzipSync(raw);
      const answer = await send(`${capture.url}/v1/traces`, {
        headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
        body: zipped,
      });
      expect(answer.status).to.equal(200);
      expect(capture.requests[0]).to.deep.include({
        bodyBytes: zipped.length,
        decodedBytes: raw.length,
        items: 20,
      });
      expect(capture.spans()).to.have.length(20);
    });

    it('answers a partial success when told to, counting the request as accepted', async () => {
      capture.partialSuccess({ rejected: 1, errorMessage: 'span-2 too large', times: 1 });
      const first = await postJson(`${capture.url}/v1/traces`, traces(2));
      expect(JSON.parse(first.text)).to.deep.equal({
        partialSuccess: { rejectedSpans: '1', errorMessage: 'span-2 too large' },
      });
      capture.partialSuccess({ rejected: 2, signal: 'logs', times: 1 });
      const second = await postJson(`${capture.url}/v1/logs`, logs('a', 'b'));
      expect(JSON.parse(second.text)).to.deep.equal({
        partialSuccess: { rejectedLogRecords: '2', errorMessage: '' },
      });
      const third = await postJson(`${capture.url}/v1/logs`, logs('c'));
      expect(third.text).to.equal('{}');
      expect(capture.requests.map((r) => r.partialSuccess?.rejected)).to.deep.equal([
        1,
        2,
        undefined,
      ]);
    });
  });

  describe('refusing', () => {
    it('answers 404 to another path', async () => {
      const answer = await postJson(`${capture.url}/v1/spans`, traces(1));
      expect(answer.status).to.equal(404);
      expect(errorOf(answer)).to.deep.include({ code: 'not_found' });
      expect(capture.rejected[0]).to.deep.include({ signal: undefined, status: 404 });
    });

    it('answers 405 with Allow to a method other than POST', async () => {
      const answer = await send(`${capture.url}/v1/traces`, { method: 'GET' });
      expect(answer.status).to.equal(405);
      expect(answer.headers.allow).to.equal('POST');
      expect(errorOf(answer).code).to.equal('method_not_allowed');
    });

    it('answers 415 to protobuf, naming it, and to other or missing content types', async () => {
      const protobuf = await send(`${capture.url}/v1/traces`, {
        headers: { 'content-type': 'application/x-protobuf' },
        body: Buffer.from([0x0a, 0x00]),
      });
      expect(protobuf.status).to.equal(415);
      expect(errorOf(protobuf)).to.deep.include({ code: 'unsupported_media_type' });
      expect(errorOf(protobuf).message).to.include('protobuf');

      const plain = await send(`${capture.url}/v1/logs`, {
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(logs('a')),
      });
      expect(plain.status).to.equal(415);
      expect(errorOf(plain).message).to.include('text/plain');

      const none = await send(`${capture.url}/v1/logs`, { body: JSON.stringify(logs('a')) });
      expect(none.status).to.equal(415);
      expect(capture.requests).to.have.length(0);
    });

    it('answers 415 to an encoding other than gzip or identity', async () => {
      const answer = await send(`${capture.url}/v1/traces`, {
        headers: { ...JSON_TYPE, 'content-encoding': 'br' },
        body: JSON.stringify(traces(1)),
      });
      expect(answer.status).to.equal(415);
      expect(errorOf(answer)).to.deep.include({ code: 'unsupported_encoding' });
    });

    it('answers 400 to malformed JSON, with the parser problem', async () => {
      const answer = await send(`${capture.url}/v1/traces`, {
        headers: JSON_TYPE,
        body: '{"resourceSpans": [',
      });
      expect(answer.status).to.equal(400);
      const error = errorOf(answer);
      expect(error.code).to.equal('invalid_json');
      expect(error.message).to.match(/JSON/);
      expect(capture.rejected[0]).to.deep.include({ status: 400, body: undefined, aborted: false });
    });

    it('answers 400 to JSON that is not an OTLP request, naming the field', async () => {
      const answer = await postJson(`${capture.url}/v1/traces`, { resourceSpans: { oops: 1 } });
      expect(answer.status).to.equal(400);
      expect(errorOf(answer)).to.deep.equal({
        code: 'invalid_otlp',
        message: 'resourceSpans: expected an array, got a object',
      });
    });

    it('answers 400 to a body that claims gzip but is not', async () => {
      const answer = await send(`${capture.url}/v1/traces`, {
        headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
        body: JSON.stringify(traces(1)),
      });
      expect(answer.status).to.equal(400);
      expect(errorOf(answer).code).to.equal('invalid_gzip');
    });

    it('answers 413 over maxBodyBytes and keeps serving the connection', async () => {
      const small = await startOtlpCapture({ maxBodyBytes: 1000 });
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const big = JSON.stringify(traces(20));
        expect(big.length).to.be.greaterThan(1000);
        const tooBig = await send(`${small.url}/v1/traces`, {
          headers: JSON_TYPE,
          body: big,
          agent,
        });
        expect(tooBig.status).to.equal(413);
        expect(errorOf(tooBig)).to.deep.include({ code: 'payload_too_large' });
        expect(errorOf(tooBig).message).to.include(`${big.length} bytes`);
        const fits = await send(`${small.url}/v1/traces`, {
          headers: JSON_TYPE,
          body: JSON.stringify(traces(1)),
          agent,
        });
        expect(fits.status).to.equal(200);
        expect(small.rejected[0]).to.deep.include({ status: 413, bodyBytes: big.length });
      } finally {
        agent.destroy();
        await small.close();
      }
    });

    it('answers 413 when the inflated body exceeds maxInflatedBytes', async () => {
      const small = await startOtlpCapture({ maxBodyBytes: 10_000, maxInflatedBytes: 10_000 });
      try {
        const raw = Buffer.from(JSON.stringify(traces(200)));
        const zipped = gzipSync(raw);
        expect(zipped.length).to.be.lessThan(10_000);
        expect(raw.length).to.be.greaterThan(10_000);
        const answer = await send(`${small.url}/v1/traces`, {
          headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
          body: zipped,
        });
        expect(answer.status).to.equal(413);
        expect(errorOf(answer).message).to.include('inflated body exceeds 10000 bytes');
        expect(small.requests).to.have.length(0);
      } finally {
        await small.close();
      }
    });

    it('rejects bad options, naming the field', async () => {
      const failure = await failureOf(startOtlpCapture({ port: 70000 }));
      expect(failure).to.be.instanceOf(RangeError);
      expect(failure.message).to.include('port');
      expect((await failureOf(startOtlpCapture({ maxBodyBytes: 0 }))).message).to.include(
        'maxBodyBytes',
      );
    });
  });

  describe('injected failures (R8, T4, T6)', () => {
    it('answers 503 with Retry-After for N requests, then accepts; nothing stored twice', async () => {
      capture.failWith(503, { times: 2, retryAfter: 3 });
      const batch = traces(3, 'batch-7');
      const first = await postJson(`${capture.url}/v1/traces`, batch);
      const second = await postJson(`${capture.url}/v1/traces`, batch);
      const third = await postJson(`${capture.url}/v1/traces`, batch);

      expect([first.status, second.status, third.status]).to.deep.equal([503, 503, 200]);
      expect(first.headers['retry-after']).to.equal('3');
      expect(errorOf(first).code).to.equal('injected_failure');
      expect(third.headers['retry-after']).to.equal(undefined);

      expect(capture.requests).to.have.length(1);
      expect(capture.spans()).to.have.length(3);
      // The refused attempts are kept apart, with the batch they carried.
      expect(capture.rejected.map((r) => [r.status, r.items])).to.deep.equal([
        [503, 3],
        [503, 3],
      ]);
      expect(capture.rejected[0]?.body).to.deep.equal(batch);
      expect(capture.counts()).to.deep.equal({
        accepted: {
          requests: 1,
          spans: 3,
          logRecords: 0,
          dataPoints: 0,
          bodyBytes: JSON.stringify(batch).length,
        },
        rejected: {
          requests: 2,
          spans: 6,
          logRecords: 0,
          dataPoints: 0,
          bodyBytes: 2 * JSON.stringify(batch).length,
        },
        aborted: 0,
        byStatus: { 200: 1, 503: 2 },
      });
    });

    it('queues failures in call order and scopes them by signal', async () => {
      capture.failWith(429, { times: 1, retryAfter: 1 });
      capture.failWith(500, { times: 1, signal: 'logs' });
      const statuses = [];
      statuses.push((await postJson(`${capture.url}/v1/traces`, traces(1))).status);
      statuses.push((await postJson(`${capture.url}/v1/traces`, traces(1))).status);
      statuses.push((await postJson(`${capture.url}/v1/logs`, logs('a'))).status);
      statuses.push((await postJson(`${capture.url}/v1/logs`, logs('a'))).status);
      expect(statuses).to.deep.equal([429, 200, 500, 200]);
    });

    it('keeps failing until cleared when no count is given', async () => {
      capture.failWith(400, { body: { error: { code: 'custom', message: 'nope' } } });
      for (let i = 0; i < 3; i++) {
        const answer = await postJson(`${capture.url}/v1/traces`, traces(1));
        expect(answer.status).to.equal(400);
        expect(errorOf(answer)).to.deep.equal({ code: 'custom', message: 'nope' });
      }
      capture.clearBehaviours();
      expect((await postJson(`${capture.url}/v1/traces`, traces(1))).status).to.equal(200);
      expect(capture.counts().byStatus).to.deep.equal({ 200: 1, 400: 3 });
    });

    it('answers protocol errors before injected ones, without using them up', async () => {
      capture.failWith(503, { times: 1 });
      const malformed = await send(`${capture.url}/v1/traces`, { headers: JSON_TYPE, body: '{' });
      expect(malformed.status).to.equal(400);
      expect((await postJson(`${capture.url}/v1/traces`, traces(1))).status).to.equal(503);
    });

    it('delays answers by at least the given time', async () => {
      const delayMs = 150;
      capture.delayResponses(delayMs, { times: 1 });
      const started = performance.now();
      const answer = await postJson(`${capture.url}/v1/traces`, traces(1));
      const elapsed = performance.now() - started;
      expect(answer.status).to.equal(200);
      expect(elapsed).to.be.at.least(delayMs);
      expect(capture.requests[0]!.answeredAt - capture.requests[0]!.receivedAt).to.be.at.least(
        delayMs - 1,
      );
    });

    it('records a client that gives up during a delay at once, not when the delay ends', async () => {
      capture.delayResponses(60_000);
      const controller = new AbortController();
      const pending = fetch(`${capture.url}/v1/logs`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify(logs('a')),
        signal: controller.signal,
      });
      await capture.waitFor((c) => c.delayed === 1);
      controller.abort();
      await failureOf(pending);
      const [aborted] = await capture.waitFor((c) => c.rejected.length === 1 && c.rejected, {
        timeoutMs: 2000,
      });
      expect(aborted).to.deep.include({ aborted: true, signal: 'logs', items: 1 });
      expect(capture.inFlight).to.equal(0);
      expect(capture.delayed).to.equal(0);
    });

    it('holds answers until released', async () => {
      capture.hold();
      let settled = false;
      const pending = postJson(`${capture.url}/v1/traces`, traces(1)).finally(() => {
        settled = true;
      });
      await capture.waitFor((c) => c.held === 1);
      expect(settled).to.be.false;
      expect(capture.inFlight).to.equal(1);
      expect(capture.requests).to.have.length(0);

      capture.release();
      expect((await pending).status).to.equal(200);
      expect(capture.held).to.equal(0);
      expect(capture.inFlight).to.equal(0);
      expect(capture.requests).to.have.length(1);
      // Released means no longer holding: the next one goes straight through.
      expect((await postJson(`${capture.url}/v1/traces`, traces(1))).status).to.equal(200);
    });

    it('holds only the given signal', async () => {
      capture.hold({ signal: 'logs' });
      const heldLogs = postJson(`${capture.url}/v1/logs`, logs('a'));
      expect((await postJson(`${capture.url}/v1/traces`, traces(1))).status).to.equal(200);
      await capture.waitFor((c) => c.held === 1);
      capture.release();
      expect((await heldLogs).status).to.equal(200);
    });

    it('records a held request whose client gave up as aborted, not accepted', async () => {
      capture.hold();
      const controller = new AbortController();
      const pending = fetch(`${capture.url}/v1/traces`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify(traces(2)),
        signal: controller.signal,
      });
      await capture.waitFor((c) => c.held === 1);
      controller.abort();
      expect((await failureOf(pending)).name).to.equal('AbortError');
      const [aborted] = await capture.waitFor((c) => c.rejected.length === 1 && c.rejected);
      expect(aborted).to.deep.include({ aborted: true, status: 200, items: 2 });
      expect(capture.held).to.equal(0);
      expect(capture.counts()).to.deep.include({ aborted: 1, byStatus: {} });
      capture.release();
      expect(capture.requests).to.have.length(0);
    });
  });

  describe('down and up', () => {
    it('refuses connections while down and listens on the same port after up', async () => {
      const { port, url } = capture;
      expect((await postJson(`${url}/v1/traces`, traces(1))).status).to.equal(200);

      const sawDown = capture.waitFor((c) => !c.listening, { timeoutMs: 1000 });
      await capture.down();
      expect(await sawDown).to.be.true;
      expect(capture.listening).to.be.false;
      const refused = await failureOf(
        send(`${url}/v1/traces`, { headers: JSON_TYPE, body: '{}', agent: false }),
      );
      expect(refused.code).to.equal('ECONNREFUSED');

      await capture.up();
      expect(capture.listening).to.be.true;
      expect(capture.port).to.equal(port);
      expect(capture.url).to.equal(url);
      const answer = await send(`${url}/v1/traces`, {
        headers: JSON_TYPE,
        body: JSON.stringify(traces(1)),
        agent: false,
      });
      expect(answer.status).to.equal(200);
      expect(capture.requests).to.have.length(2);
    });

    it('drops in-flight and keep-alive connections when going down', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        expect(
          (
            await send(`${capture.url}/v1/traces`, {
              headers: JSON_TYPE,
              body: JSON.stringify(traces(1)),
              agent,
            })
          ).status,
        ).to.equal(200);
        capture.hold();
        const held = send(`${capture.url}/v1/traces`, {
          headers: JSON_TYPE,
          body: JSON.stringify(traces(1)),
          agent,
        });
        await capture.waitFor((c) => c.held === 1);
        await capture.down();
        const failure = await failureOf(held);
        expect(failure.code).to.be.oneOf(['ECONNRESET', 'ECONNREFUSED']);
        expect(capture.rejected.map((r) => r.aborted)).to.deep.equal([true]);
        expect(capture.requests).to.have.length(1);
      } finally {
        agent.destroy();
      }
    });
  });

  describe('waitFor', () => {
    it('resolves when a matching request arrives, with the predicate result', async () => {
      const waiting = capture.waitFor((c) => c.spans().find((s) => s.name === 'span-2'));
      await postJson(`${capture.url}/v1/traces`, traces(1));
      await postJson(`${capture.url}/v1/traces`, traces(2));
      const span = await waiting;
      expect(span.spanId).to.equal(spanId(2));
    });

    it('resolves at once when the predicate already holds', async () => {
      await postJson(`${capture.url}/v1/logs`, logs('video.ended'));
      const count = await capture.waitFor((c) => c.logRecords().length, { timeoutMs: 0 });
      expect(count).to.equal(1);
    });

    it('rejects on timeout with the description and what was seen', async () => {
      capture.failWith(503, { times: 1 });
      await postJson(`${capture.url}/v1/traces`, traces(1));
      await postJson(`${capture.url}/v1/traces`, traces(2));
      const started = performance.now();
      const failure = await failureOf(
        capture.waitFor((c) => c.spans().length >= 10, {
          timeoutMs: 100,
          description: 'ten spans',
        }),
      );
      expect(performance.now() - started).to.be.at.least(99);
      expect(failure.message).to.include('timed out after 100 ms waiting for ten spans');
      expect(failure.message).to.include('1 accepted requests (2 spans');
      expect(failure.message).to.include('1 rejected');
      expect(failure.message).to.include('#1 503 injected_failure');
    });

    it('names the predicate source when there is no description', async () => {
      const failure = await failureOf(
        capture.waitFor((c) => c.requests.length > 99, { timeoutMs: 10 }),
      );
      // As the runtime sees it: tsx strips whitespace and may rename parameters.
      expect(failure.message).to.match(/waiting for .*requests\.length\s*>\s*99/);
    });

    it('rejects when the predicate throws', async () => {
      await send(`${capture.url}/v1/traces`, {
        headers: JSON_TYPE,
        // Structurally fine, so accepted; the id only fails when the span is decoded.
        body: JSON.stringify({
          resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'zz', spanId: spanId(1) }] }] }],
        }),
      });
      const failure = await failureOf(capture.waitFor((c) => c.spans().length > 0));
      expect(failure.message).to.include('predicate threw');
      expect(failure.message).to.include('request #1 (POST /v1/traces) does not decode');
      expect(failure.message).to.include('resourceSpans[0].scopeSpans[0].spans[0].traceId');
    });

    it('rejects pending waits on close, and new ones after', async () => {
      const pending = capture.waitFor((c) => c.requests.length > 0);
      await capture.close();
      expect((await failureOf(pending)).message).to.include('closed');
      expect((await failureOf(capture.waitFor(() => true))).message).to.include('after close');
    });
  });

  describe('count-only mode', () => {
    it('tallies requests and items without storing them', async () => {
      const counting = await startOtlpCapture({ store: 'count' });
      try {
        counting.failWith(503, { times: 1 });
        await postJson(`${counting.url}/v1/traces`, traces(3));
        await postJson(`${counting.url}/v1/traces`, traces(4));
        await postJson(`${counting.url}/v1/logs`, logs('a', 'b'));
        await postJson(`${counting.url}/v1/metrics`, metrics);
        await send(`${counting.url}/v1/traces`, { headers: JSON_TYPE, body: '[' });

        const counts = counting.counts();
        expect(counts.accepted).to.deep.include({
          requests: 3,
          spans: 4,
          logRecords: 2,
          dataPoints: 1,
        });
        expect(counts.rejected).to.deep.include({ requests: 2, spans: 3 });
        expect(counts.byStatus).to.deep.equal({ 200: 3, 400: 1, 503: 1 });
        expect(counting.requests).to.have.length(0);
        expect(counting.rejected).to.have.length(0);
        expect(() => counting.spans()).to.throw("store: 'full'");
        expect(await counting.waitFor((c) => c.counts().accepted.spans === 4)).to.be.true;
      } finally {
        await counting.close();
      }
    });
  });

  describe('reset and close', () => {
    it('reset forgets captures, counts and behaviours', async () => {
      capture.failWith(503);
      await postJson(`${capture.url}/v1/traces`, traces(1));
      capture.hold();
      const heldAcrossReset = postJson(`${capture.url}/v1/traces`, traces(1));
      await capture.waitFor((c) => c.held === 1);

      capture.reset();
      // The held request is released by the reset but belongs to the time before it.
      expect((await heldAcrossReset).status).to.equal(503);
      expect(capture.rejected).to.have.length(0);
      expect(capture.counts().byStatus).to.deep.equal({});

      expect((await postJson(`${capture.url}/v1/traces`, traces(2))).status).to.equal(200);
      expect(capture.requests.map((r) => r.seq)).to.deep.equal([1]);
      expect(capture.spans()).to.have.length(2);
    });

    it('closes promptly with idle keep-alive clients, closing their sockets', async () => {
      const agent = new Agent({ keepAlive: true });
      try {
        await send(`${capture.url}/v1/traces`, {
          headers: JSON_TYPE,
          body: JSON.stringify(traces(1)),
          agent,
        });
        const idle = Object.values(agent.freeSockets).flat() as Socket[];
        expect(idle).to.have.length(1);
        const socketClosed = new Promise((resolve) => idle[0]!.once('close', resolve));
        const started = performance.now();
        await capture.close();
        await socketClosed;
        expect(performance.now() - started).to.be.below(1000);
        expect(capture.listening).to.be.false;
        await capture.close(); // idempotent
      } finally {
        agent.destroy();
      }
    });

    it('closes promptly with fetch keep-alive clients and held requests', async () => {
      await fetch(`${capture.url}/v1/traces`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify(traces(1)),
      });
      capture.hold();
      const held = fetch(`${capture.url}/v1/traces`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify(traces(1)),
      });
      await capture.waitFor((c) => c.held === 1);
      const started = performance.now();
      await capture.close();
      expect(performance.now() - started).to.be.below(1000);
      expect((await failureOf(held)).message).to.equal('fetch failed');
      expect((await failureOf(capture.up())).message).to.include('up() called after close()');
    });
  });
});
