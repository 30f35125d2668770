// The `mixed-bad-input` scenario's requests: what broken clients, old SDKs, scrapers and attackers
// send, each with the answer the receiver must give (status and stable error code, receiver/README)
// and how many items it must still forward. Built from a real simulated view, so only the one
// thing under test is wrong in each request.
import { sdkHeaders } from './batches.ts';
import { logsRequest, tracesRequest, type SpanItem } from './otlp.ts';
import { seededRandom } from './random.ts';
import { simulateView } from './view.ts';

export interface BadInputCase {
  readonly name: string;
  readonly method: 'POST' | 'GET';
  readonly path: string;
  /** Built per request: a fresh batch id each time, unless the case is about the header. */
  headers(apiKey: string, batchId: string, nowMs: number): Record<string, string>;
  readonly body: string | null;
  /** Sent with Content-Encoding: gzip (k6 compresses the body). */
  readonly gzip?: boolean;
  /** How many times the same request (same batch id) is sent in a row. */
  readonly sends: number;
  readonly expectStatus: number;
  /** The error code of a 4xx answer; undefined for 2xx answers. */
  readonly expectCode?: string;
  /** Items the receiver must forward for the whole case (all sends together). */
  readonly forwardedItems: number;
  /** For 2xx answers: spans or log records the answer's partialSuccess must name as rejected. */
  readonly rejectedItems?: number;
}

/** Deeper than the receiver's max_depth (16) but far below JSON.parse's limits. */
function deeplyNested(depth: number): string {
  return `{"resourceSpans":[${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}]}`;
}

export function badInputCases(nowMs: number): BadInputCase[] {
  const random = seededRandom(42);
  const view = simulateView(random, { startMs: nowMs - 400_000, maxWatchSeconds: 60 });
  const spans = view.items.flatMap((i) => (i.signal === 'traces' ? [i.span] : []));
  const logs = view.items.flatMap((i) => (i.signal === 'logs' ? [i.log] : []));
  const traces = JSON.stringify(tracesRequest(view.resource, spans));
  const oneLog = JSON.stringify(logsRequest(view.resource, logs.slice(0, 1), nowMs));
  const sdk = (apiKey: string, batchId: string, now: number): Record<string, string> =>
    sdkHeaders(apiKey, batchId, now);
  const root = spans[spans.length - 1] as SpanItem;
  // A span attribute the contract does not define (cast: the types would refuse it, rightly).
  const unknownAttribute = {
    ...root,
    attributes: { ...root.attributes, ['app.secret_flag' as 'video.seek.to']: 'x' },
  };
  const neverSent = {
    ...root,
    attributes: { ...root.attributes, ['user.id' as 'video.seek.to']: 'alice' },
  };
  const cases: BadInputCase[] = [
    {
      name: 'no API key',
      method: 'POST',
      path: '/v1/traces',
      headers: (key, id, now) => {
        const headers = sdk(key, id, now);
        delete headers.Authorization;
        return headers;
      },
      body: traces,
      sends: 1,
      expectStatus: 401,
      expectCode: 'missing_api_key',
      forwardedItems: 0,
    },
    {
      name: 'wrong API key',
      method: 'POST',
      path: '/v1/traces',
      headers: (_key, id, now) => sdk('not-the-key-0123456789', id, now),
      body: traces,
      sends: 1,
      expectStatus: 401,
      expectCode: 'invalid_api_key',
      forwardedItems: 0,
    },
    {
      name: 'malformed JSON',
      method: 'POST',
      path: '/v1/logs',
      headers: sdk,
      body: oneLog.slice(0, oneLog.length - 7),
      sends: 1,
      expectStatus: 400,
      expectCode: 'invalid_json',
      forwardedItems: 0,
    },
    {
      name: 'nesting too deep',
      method: 'POST',
      path: '/v1/traces',
      headers: sdk,
      body: deeplyNested(40),
      sends: 1,
      expectStatus: 400,
      expectCode: 'nesting_too_deep',
      forwardedItems: 0,
    },
    {
      name: 'attribute not in the contract (whole request)',
      method: 'POST',
      path: '/v1/traces',
      headers: sdk,
      body: JSON.stringify(tracesRequest(view.resource, [unknownAttribute])),
      sends: 1,
      expectStatus: 400,
      expectCode: 'schema_violation',
      forwardedItems: 0,
    },
    {
      name: 'a raw viewer id (never-class attribute)',
      method: 'POST',
      path: '/v1/traces',
      headers: sdk,
      body: JSON.stringify(tracesRequest(view.resource, [neverSent])),
      sends: 1,
      expectStatus: 400,
      expectCode: 'schema_violation',
      forwardedItems: 0,
    },
    {
      name: 'one bad span among good ones (partial success)',
      method: 'POST',
      path: '/v1/traces',
      headers: sdk,
      body: JSON.stringify(tracesRequest(view.resource, [...spans.slice(0, -1), unknownAttribute])),
      sends: 1,
      expectStatus: 200,
      forwardedItems: spans.length - 1,
      rejectedItems: 1,
    },
    {
      name: 'OTLP protobuf content type',
      method: 'POST',
      path: '/v1/traces',
      headers: (key, id, now) => ({
        ...sdk(key, id, now),
        'Content-Type': 'application/x-protobuf',
      }),
      body: traces,
      sends: 1,
      expectStatus: 415,
      expectCode: 'unsupported_media_type',
      forwardedItems: 0,
    },
    {
      name: 'unsupported content encoding',
      method: 'POST',
      path: '/v1/traces',
      headers: (key, id, now) => ({ ...sdk(key, id, now), 'Content-Encoding': 'br' }),
      body: traces,
      sends: 1,
      expectStatus: 415,
      expectCode: 'unsupported_encoding',
      forwardedItems: 0,
    },
    {
      // The receiver refuses a body declared over 1 MiB before reading it and closes the
      // connection, which a client still writing sees as a broken pipe, not an answer; a gzip
      // body that inflates past the 8 MiB cap is refused after reading, with an answer.
      name: 'gzip body inflating over 8 MiB',
      method: 'POST',
      path: '/v1/logs',
      headers: sdk,
      // Built at each send: 9 MiB kept per VU would add up.
      get body() {
        return `${oneLog.slice(0, -1)},"padding":"${'x'.repeat(9 * 1024 * 1024)}"}`;
      },
      gzip: true,
      sends: 1,
      expectStatus: 413,
      expectCode: 'payload_too_large',
      forwardedItems: 0,
    },
    {
      name: 'invalid batch id header',
      method: 'POST',
      path: '/v1/logs',
      headers: (key, _id, now) => sdk(key, 'not a batch id!', now),
      body: oneLog,
      sends: 1,
      expectStatus: 400,
      expectCode: 'invalid_batch_id',
      forwardedItems: 0,
    },
    {
      name: 'invalid send time header',
      method: 'POST',
      path: '/v1/logs',
      headers: (key, id, now) => ({ ...sdk(key, id, now), 'X-OpenQoE-Sent-At': 'yesterday' }),
      body: oneLog,
      sends: 1,
      expectStatus: 400,
      expectCode: 'invalid_sent_at',
      forwardedItems: 0,
    },
    {
      name: 'wrong method',
      method: 'GET',
      path: '/v1/traces',
      headers: (key) => ({ Authorization: `Bearer ${key}` }),
      body: null,
      sends: 1,
      expectStatus: 405,
      expectCode: 'method_not_allowed',
      forwardedItems: 0,
    },
    {
      name: 'unknown path',
      method: 'POST',
      path: '/v1/metrics',
      headers: sdk,
      body: oneLog,
      sends: 1,
      expectStatus: 404,
      expectCode: 'not_found',
      forwardedItems: 0,
    },
    {
      name: 'a retried batch (same batch id twice) is forwarded once',
      method: 'POST',
      path: '/v1/logs',
      headers: sdk,
      body: oneLog,
      sends: 2,
      expectStatus: 200,
      forwardedItems: 1,
    },
  ];
  return cases;
}

/** What a receiver answer must look like for a case: a problem description, or undefined. */
export function answerProblem(
  testCase: BadInputCase,
  status: number,
  body: string | null,
): string | undefined {
  if (status !== testCase.expectStatus) {
    return `${testCase.name}: status ${status}, expected ${testCase.expectStatus} (${(body ?? '').slice(0, 200)})`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return `${testCase.name}: the answer is not JSON: ${(body ?? '').slice(0, 200)}`;
  }
  if (testCase.expectCode !== undefined) {
    const code = (parsed as { error?: { code?: unknown; message?: unknown } }).error;
    if (code?.code !== testCase.expectCode || typeof code.message !== 'string') {
      return `${testCase.name}: error ${JSON.stringify(code)}, expected code ${testCase.expectCode} with a message`;
    }
    return undefined;
  }
  const rejected = (
    parsed as { partialSuccess?: { rejectedSpans?: string; rejectedLogRecords?: string } }
  ).partialSuccess;
  const count = Number(rejected?.rejectedSpans ?? rejected?.rejectedLogRecords ?? 0);
  if (count !== (testCase.rejectedItems ?? 0)) {
    return `${testCase.name}: ${count} items reported rejected, expected ${testCase.rejectedItems ?? 0}`;
  }
  return undefined;
}
