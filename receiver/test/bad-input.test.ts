// contract-scan: exempt (checks that names outside the contract are rejected, so it must contain some)
// The bad-input corpus (R2–R6, R9, R11): every case is answered with the right status and stable
// error code in the JSON error shape, nothing reaches Alloy, and the service still answers /health
// afterwards. Memory stays bounded across the whole corpus.
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import {
  KEY,
  ORIGIN,
  OTHER_KEY,
  dbl,
  int,
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
  type Answer,
  type SendOptions,
  type Stack,
} from './helpers.js';

const MIB = 1024 * 1024;
const json = (value: unknown): string => JSON.stringify(value);
const validTraces = (): string => json(tracesBody([rebuffer()]));
const validLogs = (): string => json(logsBody([logRecord('video.pause')]));
const withSpan = (change: (span: Record<string, unknown>) => void): string => {
  const span = rebuffer();
  change(span);
  return json(tracesBody([span]));
};
const withRecord = (record: Record<string, unknown>): string => json(logsBody([record]));
const legacy = (events: unknown): string => json({ events });
const legacyEvent = (change: Record<string, unknown> = {}): Record<string, unknown> => ({
  event_type: 'pause',
  event_time: Date.now(),
  view_id: 'v1',
  ...change,
});
const nested = (levels: number): string =>
  `{"resourceSpans":${'['.repeat(levels)}${']'.repeat(levels)}}`;
const bomb = gzipSync(Buffer.alloc(9 * MIB, 0x20));

function chunked(total: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

interface Case {
  readonly name: string;
  readonly path?: string;
  readonly options: () => SendOptions;
  readonly status: number;
  readonly code: string;
  /** Runs on the rate-limited receiver; `setup` first spends its budget. */
  readonly limited?: boolean;
  readonly setup?: (stack: Stack) => Promise<void>;
  /** A Retry-After header is part of the answer. */
  readonly retryAfter?: boolean;
  /** What the message must say, where the code alone does not tell cases apart. */
  readonly message?: RegExp;
}

let clientAddress = 0;
/** On the limited receiver the client address comes from X-Forwarded-For, a fresh one per request. */
const freshClient = (): Record<string, string> => ({
  'x-forwarded-for': `10.0.${clientAddress >> 8}.${clientAddress++ & 255}`,
});

let sessionCount = 0;
/** Spans of a session of its own (or of `session`), so session buckets do not interfere. */
const sessionTraces = (session = `session-${sessionCount++}`): string =>
  json(
    tracesBody(
      [rebuffer()],
      resourceAttributes().map((a) => (a.key === 'session.id' ? str('session.id', session) : a)),
    ),
  );

const CASES: Case[] = [
  // ---- malformed and truncated JSON (R4: 400 naming the first problem) ----
  {
    name: 'truncated JSON',
    options: () => ({ body: validTraces().slice(0, 40) }),
    status: 400,
    code: 'invalid_json',
  },
  { name: 'a lone brace', options: () => ({ body: '{' }), status: 400, code: 'invalid_json' },
  {
    name: 'trailing garbage',
    options: () => ({ body: `${validTraces()}x` }),
    status: 400,
    code: 'invalid_json',
  },
  { name: 'empty body', options: () => ({ body: '' }), status: 400, code: 'invalid_json' },
  {
    name: 'whitespace only',
    options: () => ({ body: '   \n ' }),
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'single quotes',
    options: () => ({ body: "{'resourceSpans': []}" }),
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'NaN literal',
    options: () => ({ body: '{"resourceSpans": NaN}' }),
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'invalid UTF-8 bytes',
    options: () => ({ body: Buffer.from([0xff, 0xfe, 0x7b, 0x7d]) }),
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'NUL bytes',
    options: () => ({ body: Buffer.alloc(64) }),
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'half a valid body',
    options: () => ({ body: validLogs().slice(0, validLogs().length >> 1) }),
    status: 400,
    code: 'invalid_json',
  },
  // ---- the wrong document ----
  { name: 'null', options: () => ({ body: 'null' }), status: 400, code: 'schema_violation' },
  { name: 'an array', options: () => ({ body: '[]' }), status: 400, code: 'schema_violation' },
  { name: 'a string', options: () => ({ body: '"spans"' }), status: 400, code: 'schema_violation' },
  { name: 'a number', options: () => ({ body: '42' }), status: 400, code: 'schema_violation' },
  {
    name: 'an empty object',
    options: () => ({ body: '{}' }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'no resources',
    options: () => ({ body: '{"resourceSpans":[]}' }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'resources not a list',
    options: () => ({ body: '{"resourceSpans":{}}' }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a null resource',
    options: () => ({ body: '{"resourceSpans":[null]}' }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'an unknown top-level field',
    options: () => ({ body: json({ ...tracesBody([rebuffer()]), extra: 1 }) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'logs sent to the traces endpoint',
    options: () => ({ body: validLogs() }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'traces sent to the logs endpoint',
    path: '/v1/logs',
    options: () => ({ body: validTraces() }),
    status: 400,
    code: 'schema_violation',
  },
  // ---- content types and encodings ----
  {
    name: 'text/plain on the fetch path',
    options: () => ({ body: validTraces(), headers: { 'content-type': 'text/plain' } }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'OTLP protobuf',
    options: () => ({
      body: Buffer.from([0x0a, 0x00]),
      headers: { 'content-type': 'application/x-protobuf' },
    }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'no content type',
    options: () => ({ body: validTraces(), headers: { 'content-type': '' } }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'XML',
    options: () => ({ body: '<spans/>', headers: { 'content-type': 'application/xml' } }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'XML on the beacon path',
    path: `/beacon/v1/traces?api_key=${KEY}`,
    options: () => ({
      auth: undefined,
      body: '<x/>',
      headers: { 'content-type': 'application/xml' },
    }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'brotli encoding',
    options: () => ({ body: validTraces(), headers: { 'content-encoding': 'br' } }),
    status: 415,
    code: 'unsupported_encoding',
  },
  {
    name: 'deflate encoding',
    options: () => ({ body: validTraces(), headers: { 'content-encoding': 'deflate' } }),
    status: 415,
    code: 'unsupported_encoding',
  },
  {
    name: 'gzip declared, plain body',
    options: () => ({ body: validTraces(), headers: { 'content-encoding': 'gzip' } }),
    status: 400,
    code: 'invalid_gzip',
  },
  {
    name: 'truncated gzip',
    options: () => ({
      body: gzipSync(validTraces()).subarray(0, 30),
      headers: { 'content-encoding': 'gzip' },
    }),
    status: 400,
    code: 'invalid_gzip',
  },
  {
    name: 'gzip bomb (9 MiB inflated)',
    options: () => ({ body: bomb, headers: { 'content-encoding': 'gzip' } }),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'gzip of garbage',
    options: () => ({ body: gzipSync('not json at all'), headers: { 'content-encoding': 'gzip' } }),
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'gzip inside gzip',
    options: () => ({
      body: gzipSync(gzipSync(validTraces())),
      headers: { 'content-encoding': 'gzip' },
    }),
    status: 400,
    code: 'invalid_json',
  },
  // ---- sizes and shapes (R4) ----
  {
    name: 'a body over 1 MiB (declared)',
    options: () => ({ body: Buffer.alloc(MIB + 1, 0x20) }),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'a body over 1 MiB (chunked)',
    options: () => ({ body: chunked(2 * MIB) }),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: '1001 spans',
    options: () => ({ body: json(tracesBody(Array.from({ length: 1001 }, () => rebuffer()))) }),
    status: 413,
    code: 'too_many_items',
  },
  {
    name: '1200 spans over three resources',
    options: () => {
      const entry = tracesBody(Array.from({ length: 400 }, () => ({}))).resourceSpans as object[];
      return { body: json({ resourceSpans: [...entry, ...entry, ...entry] }) };
    },
    status: 413,
    code: 'too_many_items',
  },
  {
    name: 'nesting 40 deep',
    options: () => ({ body: nested(40) }),
    status: 400,
    code: 'nesting_too_deep',
  },
  {
    name: 'nesting 200,000 deep',
    options: () => ({ body: nested(200_000) }),
    status: 400,
    code: 'nesting_too_deep',
  },
  {
    name: 'a 900 KB string',
    options: () => ({
      body: withSpan(
        (s) =>
          (s.attributes = [
            int('video.rebuffer.index', 1),
            str('video.view.id', 'x'.repeat(900_000)),
          ]),
      ),
    }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: '12,000 attributes',
    options: () => ({
      body: withSpan(
        (s) =>
          (s.attributes = Array.from({ length: 12_000 }, () => int('video.rebuffer.index', 1))),
      ),
    }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: '2000 empty resources',
    options: () => ({
      body: json({
        resourceSpans: Array.from({ length: 2000 }, () => ({
          resource: { attributes: [] },
          scopeSpans: [],
        })),
      }),
    }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a span event list',
    options: () => ({ body: withSpan((s) => (s.events = [{ name: 'x', timeUnixNano: nowNs() }])) }),
    status: 400,
    code: 'schema_violation',
  },
  // ---- wrong types, missing fields, unknown attributes (R5) ----
  {
    name: 'an unknown span name',
    options: () => ({ body: withSpan((s) => (s.name = 'video.buffering')) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a short trace id',
    options: () => ({ body: withSpan((s) => (s.traceId = 'abc')) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a base64 trace id',
    options: () => ({ body: withSpan((s) => (s.traceId = 'CvdlGRbNQ92ESOshHIAxnA==')) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a word for a timestamp',
    options: () => ({ body: withSpan((s) => (s.startTimeUnixNano = 'yesterday')) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a negative timestamp',
    options: () => ({ body: withSpan((s) => (s.startTimeUnixNano = -5)) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a span without a name',
    options: () => ({ body: withSpan((s) => delete s.name) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a span without a span id',
    options: () => ({ body: withSpan((s) => delete s.spanId) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'an attribute not in the contract',
    options: () => ({
      body: withSpan(
        (s) => (s.attributes = [int('video.rebuffer.index', 1), str('app.custom_field', 'x')]),
      ),
    }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'an attribute of the wrong type',
    options: () => ({
      body: withSpan((s) => (s.attributes = [str('video.rebuffer.index', 'one')])),
    }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a fractional integer',
    options: () => ({ body: withSpan((s) => (s.attributes = [int('video.rebuffer.index', 1.5)])) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a value outside the enum',
    options: () => ({ body: json(tracesBody([viewSpan([str('video.player.name', 'vlc')])])) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a required attribute missing',
    options: () => ({
      body: withSpan((s) => (s.attributes = [dbl('video.playhead.position', 3)])),
    }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'an attribute without a value',
    options: () => ({ body: withSpan((s) => (s.attributes = [{ key: 'video.rebuffer.index' }])) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a kind out of range',
    options: () => ({ body: withSpan((s) => (s.kind = 9)) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a resource without service.name',
    options: () => ({ body: json(tracesBody([rebuffer()], resourceAttributes().slice(1))) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a raw user.id (never sent)',
    options: () => ({
      body: json(tracesBody([rebuffer()], resourceAttributes([str('user.id', 'alice')]))),
    }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a client.address (never sent)',
    options: () => ({
      body: json(
        tracesBody([rebuffer()], resourceAttributes([str('client.address', '192.0.2.1')])),
      ),
    }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'an over-long service.name',
    options: () => ({
      body: json(
        tracesBody(
          [rebuffer()],
          [...resourceAttributes().slice(1), str('service.name', 's'.repeat(200))],
        ),
      ),
    }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a log record without an event name',
    path: '/v1/logs',
    options: () => ({ body: withRecord({ timeUnixNano: nowNs() }) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'an unknown event name',
    path: '/v1/logs',
    options: () => ({ body: withRecord(logRecord('video.teleport')) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'an error event without error.type',
    path: '/v1/logs',
    options: () => ({
      body: withRecord(logRecord('video.error', [str('video.error.severity', 'fatal')])),
    }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'a quartile of 33',
    path: '/v1/logs',
    options: () => ({
      body: withRecord(logRecord('video.quartile', [int('video.quartile.percent', 33)])),
    }),
    status: 400,
    code: 'schema_violation',
  },
  // ---- the original /v2/events format ----
  {
    name: 'legacy: an unknown event_type',
    path: '/v2/events',
    options: () => ({ body: legacy([legacyEvent({ event_type: 'rewind' })]) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'legacy: no view_id',
    path: '/v2/events',
    options: () => ({ body: legacy([legacyEvent({ view_id: undefined })]) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'legacy: events not a list',
    path: '/v2/events',
    options: () => ({ body: legacy({ 0: legacyEvent() }) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'legacy: nested data',
    path: '/v2/events',
    options: () => ({ body: legacy([legacyEvent({ data: { deep: { x: 1 } } })]) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'legacy: a string event_time',
    path: '/v2/events',
    options: () => ({ body: legacy([legacyEvent({ event_time: 'now' })]) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'legacy: a quality change without a direction',
    path: '/v2/events',
    options: () => ({ body: legacy([legacyEvent({ event_type: 'quality_change' })]) }),
    status: 400,
    code: 'schema_violation',
  },
  {
    name: 'legacy: 1001 events',
    path: '/v2/events',
    options: () => ({ body: legacy(Array.from({ length: 1001 }, () => legacyEvent())) }),
    status: 413,
    code: 'too_many_items',
  },
  // ---- time (R9) ----
  {
    name: 'a span a year in the future',
    options: () => ({
      body: withSpan(
        (s) => (
          (s.startTimeUnixNano = nowNs(365 * 86_400_000)),
          (s.endTimeUnixNano = nowNs(365 * 86_400_000 + 1))
        ),
      ),
    }),
    status: 400,
    code: 'timestamp_out_of_range',
  },
  {
    name: 'a span from 2001',
    options: () => ({
      body: withSpan(
        (s) => (
          (s.startTimeUnixNano = '1000000000000000000'),
          (s.endTimeUnixNano = '1000000001000000000')
        ),
      ),
    }),
    status: 400,
    code: 'timestamp_out_of_range',
  },
  {
    name: 'a log record at time zero',
    path: '/v1/logs',
    options: () => ({ body: withRecord({ ...logRecord('video.pause'), timeUnixNano: '0' }) }),
    status: 400,
    code: 'timestamp_out_of_range',
  },
  {
    name: 'a span ending before it starts',
    options: () => ({ body: withSpan((s) => (s.endTimeUnixNano = nowNs(-60_000))) }),
    status: 400,
    code: 'timestamp_out_of_range',
  },
  {
    name: 'legacy: an event from 1970',
    path: '/v2/events',
    options: () => ({ body: legacy([legacyEvent({ event_time: 1000 })]) }),
    status: 400,
    code: 'timestamp_out_of_range',
  },
  // ---- batch headers ----
  {
    name: 'an over-long batch id',
    options: () => ({ body: validTraces(), headers: { 'x-openqoe-batch-id': 'b'.repeat(65) } }),
    status: 400,
    code: 'invalid_batch_id',
  },
  {
    name: 'a batch id with spaces',
    options: () => ({ body: validTraces(), headers: { 'x-openqoe-batch-id': 'a b' } }),
    status: 400,
    code: 'invalid_batch_id',
  },
  {
    name: 'a word for the send time',
    options: () => ({ body: validTraces(), headers: { 'x-openqoe-sent-at': 'now' } }),
    status: 400,
    code: 'invalid_sent_at',
  },
  {
    name: 'a beacon with a bad sent_at',
    path: `/beacon/v1/logs?api_key=${KEY}&sent_at=-1`,
    options: () => ({
      auth: undefined,
      body: validLogs(),
      headers: { 'content-type': 'text/plain' },
    }),
    status: 400,
    code: 'invalid_sent_at',
  },
  // ---- keys (R2) ----
  {
    name: 'no key',
    options: () => ({ auth: undefined, body: validTraces() }),
    status: 401,
    code: 'missing_api_key',
  },
  {
    name: 'a wrong key',
    options: () => ({ auth: 'not-the-key-0123456789', body: validTraces() }),
    status: 401,
    code: 'invalid_api_key',
  },
  {
    name: 'an empty bearer token',
    options: () => ({
      auth: undefined,
      body: validTraces(),
      headers: { authorization: 'Bearer ' },
    }),
    status: 401,
    code: 'missing_api_key',
  },
  {
    name: 'basic auth',
    options: () => ({
      auth: undefined,
      body: validTraces(),
      headers: { authorization: `Basic ${Buffer.from(`x:${KEY}`).toString('base64')}` },
    }),
    status: 401,
    code: 'missing_api_key',
  },
  {
    name: 'a wrong X-API-Key',
    options: () => ({ auth: undefined, body: validTraces(), headers: { 'x-api-key': `${KEY}x` } }),
    status: 401,
    code: 'invalid_api_key',
  },
  {
    name: 'a key in the query of the fetch path',
    path: `/v1/traces?api_key=${KEY}`,
    options: () => ({ auth: undefined, body: validTraces() }),
    status: 401,
    code: 'missing_api_key',
  },
  {
    name: 'a beacon with a wrong key',
    path: '/beacon/v1/traces?api_key=wrong-key-0123456789',
    options: () => ({
      auth: undefined,
      body: validTraces(),
      headers: { 'content-type': 'text/plain' },
    }),
    status: 401,
    code: 'invalid_api_key',
  },
  {
    name: 'a wrong key with a gzip bomb (auth before inflating)',
    options: () => ({
      auth: 'not-the-key-0123456789',
      body: bomb,
      headers: { 'content-encoding': 'gzip' },
    }),
    status: 401,
    code: 'invalid_api_key',
  },
  {
    name: '/stats with a wrong key',
    path: '/stats',
    options: () => ({ auth: 'nope-0123456789abcdef', method: 'GET' }),
    status: 401,
    code: 'invalid_api_key',
  },
  // ---- origins (R3) ----
  {
    name: 'a disallowed origin',
    options: () => ({ body: validTraces(), headers: { origin: 'https://evil.example' } }),
    status: 403,
    code: 'origin_not_allowed',
  },
  {
    name: 'the allowed host over http',
    options: () => ({ body: validTraces(), headers: { origin: 'http://shop.example' } }),
    status: 403,
    code: 'origin_not_allowed',
  },
  {
    name: 'a look-alike of a wildcard origin',
    options: () => ({ body: validTraces(), headers: { origin: 'https://x.acme.example.evil' } }),
    status: 403,
    code: 'origin_not_allowed',
  },
  {
    name: 'a preflight from a disallowed origin',
    options: () => ({
      method: 'OPTIONS',
      auth: undefined,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    }),
    status: 403,
    code: 'origin_not_allowed',
  },
  // ---- routes ----
  {
    name: 'GET on an ingest path',
    options: () => ({ method: 'GET' }),
    status: 405,
    code: 'method_not_allowed',
  },
  {
    name: 'PUT on an ingest path',
    path: '/v1/logs',
    options: () => ({ method: 'PUT', body: validLogs() }),
    status: 405,
    code: 'method_not_allowed',
  },
  {
    name: 'an unknown path',
    path: '/v1/metrics',
    options: () => ({ body: '{}' }),
    status: 404,
    code: 'not_found',
  },
  // ---- rate limits (R6) ----
  {
    name: 'a key over its rate',
    limited: true,
    setup: async (stack) => {
      await send(stack.url, '/v1/traces', {
        auth: OTHER_KEY,
        body: sessionTraces(),
        headers: freshClient(),
      });
    },
    options: () => ({ auth: OTHER_KEY, body: sessionTraces(), headers: freshClient() }),
    status: 429,
    code: 'rate_limited',
    retryAfter: true,
    message: /API key/,
  },
  {
    name: 'a client address over its rate',
    limited: true,
    setup: async (stack) => {
      for (let i = 0; i < 2; i++) {
        await send(stack.url, '/v1/traces', {
          body: sessionTraces(),
          headers: { 'x-forwarded-for': '203.0.113.9' },
        });
      }
    },
    options: () => ({ body: sessionTraces(), headers: { 'x-forwarded-for': '203.0.113.9' } }),
    status: 429,
    code: 'rate_limited',
    retryAfter: true,
    message: /client address/,
  },
  {
    name: 'a session over its rate',
    limited: true,
    setup: async (stack) => {
      await send(stack.url, '/v1/traces', {
        body: sessionTraces('busy-session'),
        headers: freshClient(),
      });
    },
    options: () => ({ body: sessionTraces('busy-session'), headers: freshClient() }),
    status: 429,
    code: 'rate_limited',
    retryAfter: true,
    message: /session/,
  },
];

const LEAKS = /\bat \S+ \(|node_modules|\/work\/|\.ts:\d|127\.0\.0\.1|localhost|ECONNREFUSED/;

describe('bad-input corpus (R2–R6, R9, R11)', function () {
  this.timeout(60_000);
  let stack: Stack;
  let limited: Stack;
  const rssBefore = process.memoryUsage().rss;

  before(async () => {
    stack = await startStack();
    limited = await startStack((config) => {
      config.trustProxy = true;
      config.rateLimits = {
        perIp: { ratePerSecond: 0.01, burst: 2 },
        perSession: { ratePerSecond: 0.01, burst: 1 },
        maxClients: 10_000,
      };
      config.keys = config.keys.map((key) =>
        key.tenant === 'globex' ? { ...key, rateLimit: { ratePerSecond: 0.01, burst: 1 } } : key,
      );
    });
  });
  after(async () => {
    await stack.close();
    await limited.close();
  });

  it(`has at least 60 cases (${CASES.length})`, () => {
    expect(CASES.length).to.be.at.least(60);
    expect(new Set(CASES.map((c) => c.name)).size, 'names are unique').to.equal(CASES.length);
  });

  for (const testCase of CASES) {
    it(`${testCase.status} ${testCase.code}: ${testCase.name}`, async () => {
      const target = testCase.limited ? limited : stack;
      if (testCase.setup) await testCase.setup(target);
      target.alloy.reset();
      const answer: Answer = await send(
        target.url,
        testCase.path ?? '/v1/traces',
        testCase.options(),
      );
      expect(answer.status, answer.text).to.equal(testCase.status);
      expect(answer.headers['content-type']).to.match(/^application\/json/);
      const error = (answer.json as { error: { code: string; message: string } }).error;
      expect(Object.keys(answer.json as object)).to.deep.equal(['error']);
      expect(Object.keys(error).sort()).to.deep.equal(['code', 'message']);
      expect(error.code).to.equal(testCase.code);
      expect(error.message).to.be.a('string').and.not.match(LEAKS);
      expect(error.message.length).to.be.below(400);
      if (testCase.retryAfter) expect(answer.headers['retry-after']).to.match(/^\d+$/);
      if (testCase.message) expect(error.message).to.match(testCase.message);
      const counts = target.alloy.counts();
      expect(counts.accepted.requests + counts.rejected.requests, 'nothing forwarded').to.equal(0);
      const health = await send(target.url, '/health', { auth: undefined });
      expect(health.status).to.equal(200);
    });
  }

  it('answers malformed HTTP with a JSON 400 and keeps serving', async () => {
    const { port, hostname } = new URL(stack.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.write('POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n');
    });
    expect(reply).to.match(/^HTTP\/1\.1 400/);
    expect(reply).to.contain('{"error":{"code":"bad_request"');
    expect((await send(stack.url, '/health', { auth: undefined })).status).to.equal(200);
  });

  it('errors in the corpus count as rejections by reason in /metrics', async () => {
    const metrics = await send(stack.url, '/metrics', { auth: undefined });
    for (const reason of ['auth', 'origin', 'size', 'encoding', 'json', 'schema', 'timestamp']) {
      expect(metrics.text, reason).to.match(
        new RegExp(`outcome="rejected",reason="${reason}"\\} [1-9]`),
      );
    }
    const limitedMetrics = await send(limited.url, '/metrics', { auth: undefined });
    expect(limitedMetrics.text).to.match(/outcome="rejected",reason="rate"\} [1-9]/);
  });

  it('keeps memory bounded: no body bytes held afterwards, and RSS within bounds after repeated bombs', async () => {
    for (let round = 0; round < 20; round++) {
      await Promise.all([
        send(stack.url, '/v1/traces', { body: bomb, headers: { 'content-encoding': 'gzip' } }),
        send(stack.url, '/v1/traces', { body: Buffer.alloc(MIB + 1, 0x20) }),
        send(stack.url, '/v1/traces', { body: nested(200_000) }),
      ]);
    }
    expect(stack.receiver.bodyBytesInUse).to.equal(0);
    expect(stack.receiver.inFlight).to.equal(0);
    const grownMiB = (process.memoryUsage().rss - rssBefore) / MIB;
    expect(grownMiB, `RSS grew ${grownMiB.toFixed(0)} MiB`).to.be.below(400);
  });

  it('counts an ORIGIN it allows as allowed (sanity check of the origin cases)', async () => {
    const answer = await send(stack.url, '/v1/traces', {
      body: validTraces(),
      headers: { origin: ORIGIN },
    });
    expect(answer.status).to.equal(200);
  });
});
