// One ingest request, in the order the issue fixes: size limits → auth (before any decompression
// or parsing) → origin → rate limits → content type and encoding → body with byte caps → gunzip
// with an inflated-size cap → JSON → the domain pipeline (pre-scan, schema, time, cardinality,
// receiver attributes) → forward to Alloy. The client gets 2xx only after Alloy answered 2xx.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Downstream, ForwardResult } from '../adapters/forwarder.js';
import type { SelfTelemetry } from '../adapters/self-telemetry.js';
import type { ApiKey, KeyRing } from '../domain/api-keys.js';
import type { BatchLedger } from '../domain/batch-ledger.js';
import { SIGNAL_SHAPES, stringAttribute, type Resource, type Signal } from '../domain/otlp.js';
import type { Pipeline, PreparedBatch } from '../domain/pipeline.js';
import type { RateLimiter } from '../domain/rate-limit.js';
import { Rejection } from '../domain/rejection.js';
import type { TenantRuntime } from '../domain/tenants.js';
import { gunzipBody, parseJson, readBody, type Charge } from './body.js';
import type { ByteBudget } from './byte-budget.js';
import { corsHeaders, originOf } from './cors.js';
import { asRejection, errorBody, sendJson, sendRejection } from './errors.js';

export interface Endpoint {
  /** The route as counted in metrics (aliases count under their own path). */
  readonly route: string;
  readonly format: 'otlp' | 'legacy';
  readonly signal: Signal;
  /** sendBeacon's path: text/plain bodies, key and batch facts in the query string. */
  readonly beacon: boolean;
}

/** What a successful forward answered, kept to answer a retried copy of the same batch. */
export interface StoredAnswer {
  readonly status: number;
  readonly body: string;
}

export interface IngestLimits {
  readonly maxBodyBytes: number;
  readonly maxInflatedBytes: number;
  readonly maxInFlightRequests: number;
}

export interface IngestDeps {
  readonly keys: KeyRing;
  readonly tenants: ReadonlyMap<string, TenantRuntime>;
  readonly pipeline: Pipeline;
  readonly downstream: Downstream;
  readonly ledger: BatchLedger<StoredAnswer>;
  readonly telemetry: SelfTelemetry;
  readonly budget: ByteBudget;
  readonly limits: IngestLimits;
  readonly keyLimiters: ReadonlyMap<string, RateLimiter>;
  readonly ipLimiter: RateLimiter | undefined;
  readonly sessionLimiter: RateLimiter | undefined;
  readonly clientIp: (req: IncomingMessage) => string;
  readonly countryHeader: string | undefined;
  readonly clock: () => number;
}

const BATCH_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const SENT_AT = /^\d{1,20}$/;
const COUNTRY = /^[A-Z]{2}$/;

const JSON_TYPES = new Set(['application/json']);
const BEACON_TYPES = new Set(['text/plain', 'application/json']);
const PROTOBUF_TYPES = new Set(['application/x-protobuf', 'application/protobuf']);

function mediaType(header: string | undefined): string {
  if (header === undefined) return '';
  const semicolon = header.indexOf(';');
  return (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The key from Authorization: Bearer, X-API-Key, or (beacons only) the api_key query parameter. */
export function presentedKey(
  req: IncomingMessage,
  query: URLSearchParams | undefined,
): string | undefined {
  const authorization = header(req, 'authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1] : undefined;
  }
  return header(req, 'x-api-key') ?? query?.get('api_key') ?? undefined;
}

function rateLimited(what: string, retryAfterSeconds: number): Rejection {
  return new Rejection(
    429,
    'rate_limited',
    `too many requests for this ${what}; retry later`,
    'rate',
    {
      'retry-after': String(retryAfterSeconds),
    },
  );
}

/** Session ids of a prepared batch (for the per-session bucket). */
function sessionsOf(batch: PreparedBatch): Set<string> {
  const shape = SIGNAL_SHAPES[batch.signal];
  const sessions = new Set<string>();
  for (const entry of (batch.body as Record<string, unknown>)[shape.resources] as {
    resource: Resource;
  }[]) {
    const session = stringAttribute(entry.resource.attributes, 'session.id');
    if (session !== undefined) sessions.add(session);
  }
  return sessions;
}

/** A prepared batch without its body (which is serialised and dropped before the forward). */
type BatchSummary = Omit<PreparedBatch, 'body'>;

function successBody(
  endpoint: Endpoint,
  batch: BatchSummary,
  forwarded: ForwardResult & { kind: 'accepted' },
): string {
  const rejected = batch.rejected + forwarded.rejected;
  const errorMessage = batch.firstProblem ?? forwarded.errorMessage;
  if (endpoint.format === 'legacy') {
    return JSON.stringify({
      success: true,
      events_received: batch.received,
      events_processed: batch.received - rejected,
      ...(errorMessage === undefined ? {} : { errors: [errorMessage] }),
    });
  }
  if (rejected === 0) return '{}';
  return JSON.stringify({
    partialSuccess: {
      // proto3 JSON writes int64 as a decimal string.
      [SIGNAL_SHAPES[endpoint.signal].rejectedField]: String(rejected),
      errorMessage: errorMessage ?? '',
    },
  });
}

function downstreamRejection(result: Exclude<ForwardResult, { kind: 'accepted' }>): Rejection {
  switch (result.kind) {
    case 'overloaded':
      return new Rejection(
        503,
        'overloaded',
        'the receiver is saturated; retry later',
        'overload',
        {
          'retry-after': String(result.retryAfterSeconds),
        },
      );
    case 'unavailable':
      return new Rejection(
        503,
        'downstream_unavailable',
        'the telemetry pipeline is unavailable; retry later',
        'downstream',
        { 'retry-after': String(result.retryAfterSeconds) },
      );
    case 'refused':
      return new Rejection(
        400,
        'downstream_refused',
        'the telemetry pipeline refused the data',
        'downstream',
      );
  }
}

export class IngestHandler {
  private inFlight = 0;
  private readonly idle: (() => void)[] = [];
  closing = false;

  constructor(private readonly deps: IngestDeps) {}

  get active(): number {
    return this.inFlight;
  }

  /** Resolves once no request is being handled. */
  drained(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  async handle(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): Promise<void> {
    const started = performance.now();
    const { deps } = this;
    this.inFlight++;
    deps.telemetry.inFlightChange(1);
    const charge: Charge = { bytes: 0 };
    let tenant: TenantRuntime | undefined;
    let outcome: 'accepted' | 'partial' | 'duplicate' | 'rejected' = 'rejected';
    let reason = 'none';
    let finishClaim: ((answer: StoredAnswer | undefined) => void) | undefined;
    let answer: StoredAnswer | undefined;
    const cors: Record<string, string> = {};
    try {
      if (this.closing) {
        throw new Rejection(
          503,
          'shutting_down',
          'the receiver is shutting down; retry later',
          'overload',
          {
            'retry-after': '1',
          },
        );
      }
      if (this.inFlight > deps.limits.maxInFlightRequests) {
        throw new Rejection(
          503,
          'overloaded',
          'the receiver is saturated; retry later',
          'overload',
          {
            'retry-after': '1',
          },
        );
      }
      // 1. Size, from the declared length: refused before anything is read.
      const declared = header(req, 'content-length');
      if (declared !== undefined && Number(declared) > deps.limits.maxBodyBytes) {
        throw new Rejection(
          413,
          'payload_too_large',
          `the request body is larger than the limit of ${deps.limits.maxBodyBytes} bytes`,
          'size',
          { connection: 'close' },
        );
      }
      // 2. Auth, before the body is touched.
      const query = endpoint.beacon
        ? new URL(req.url ?? '/', 'http://receiver').searchParams
        : undefined;
      const key = this.authenticate(req, query);
      tenant = deps.tenants.get(key.tenant);
      // 3. Origin.
      const origin = originOf(req);
      if (origin !== undefined) {
        if (!key.origins.allows(origin)) {
          throw new Rejection(
            403,
            'origin_not_allowed',
            'this origin is not allowed for this API key',
            'origin',
          );
        }
        Object.assign(cors, corsHeaders(origin));
      }
      // 4. Rate limits: per key, per client IP (per session once the body is read).
      const keyWait = deps.keyLimiters.get(key.id)?.take(key.id) ?? 0;
      if (keyWait > 0) throw rateLimited('API key', keyWait);
      const ipWait = deps.ipLimiter?.take(deps.clientIp(req)) ?? 0;
      if (ipWait > 0) throw rateLimited('client address', ipWait);
      // 5. Content type and encoding.
      this.checkContentType(req, endpoint);
      const encoding = (header(req, 'content-encoding') ?? 'identity').trim().toLowerCase();
      if (encoding !== 'gzip' && encoding !== 'identity' && encoding !== '') {
        throw new Rejection(
          415,
          'unsupported_encoding',
          `Content-Encoding must be gzip or identity, not ${JSON.stringify(encoding.slice(0, 32))}`,
          'encoding',
        );
      }
      const batchId = this.batchFact(
        req,
        query,
        'x-openqoe-batch-id',
        'batch_id',
        BATCH_ID,
        'invalid_batch_id',
      );
      const sentAtNs = this.batchFact(
        req,
        query,
        'x-openqoe-sent-at',
        'sent_at',
        SENT_AT,
        'invalid_sent_at',
      );
      // A batch already forwarded is acknowledged again without reading it (T6).
      if (batchId !== undefined) {
        const claim = await this.claim(
          `${key.tenant}\u0000${endpoint.signal}\u0000${endpoint.format}\u0000${batchId}`,
        );
        if (claim.kind === 'duplicate') {
          outcome = 'duplicate';
          if (tenant !== undefined) tenant.counters.duplicateBatches++;
          sendJson(res, claim.answer.status, claim.answer.body, cors);
          return;
        }
        finishClaim = claim.finish;
      }
      // 6-8. Body, gunzip (both awaited), then everything synchronous up to the forward, in a
      // function of its own: nothing of the parsed body outlives it, so the object tree dies young
      // instead of being promoted while Alloy answers.
      let body = await readBody(req, deps.limits.maxBodyBytes, deps.budget, charge);
      if (encoding === 'gzip') {
        body = await gunzipBody(body, deps.limits.maxInflatedBytes, deps.budget, charge);
      }
      const context = tenant as TenantRuntime;
      const { payload, batch } = this.prepare(
        req,
        endpoint,
        body,
        key.tenant,
        context,
        batchId,
        sentAtNs,
      );
      // 10. Forward; answer only after Alloy did.
      const forwardStarted = performance.now();
      const result = await deps.downstream.forward(endpoint.signal, key.tenant, payload);
      deps.telemetry.forwarded(
        endpoint.signal,
        result.kind,
        (performance.now() - forwardStarted) / 1000,
      );
      if (result.kind !== 'accepted') throw downstreamRejection(result);
      const rejected = batch.rejected + result.rejected;
      answer = { status: 200, body: successBody(endpoint, batch, result) };
      outcome = rejected > 0 ? 'partial' : 'accepted';
      reason = rejected > 0 ? (batch.firstReason ?? 'downstream') : 'none';
      this.countItems(endpoint, context, batch.received - rejected, rejected, batch);
      sendJson(res, answer.status, answer.body, cors);
    } catch (error) {
      const rejection = asRejection(error);
      if (rejection.status === 500) console.error('receiver: unexpected error', error);
      outcome = 'rejected';
      reason = rejection.reason;
      sendRejection(
        res,
        new Rejection(rejection.status, rejection.code, rejection.message, rejection.reason, {
          ...rejection.headers,
          ...cors,
          // An unread body is not worth keeping the connection for.
          ...(req.complete ? {} : { connection: 'close' }),
        }),
      );
    } finally {
      finishClaim?.(answer);
      deps.budget.give(charge.bytes);
      tenant?.counters.countRequest(
        outcome,
        outcome === 'rejected' || outcome === 'partial' ? reason : undefined,
      );
      deps.telemetry.request(endpoint.route, outcome, reason, (performance.now() - started) / 1000);
      deps.telemetry.inFlightChange(-1);
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /** Parse → pipeline (pre-scan … receiver attributes) → session limit → serialise. */
  private prepare(
    req: IncomingMessage,
    endpoint: Endpoint,
    body: Buffer,
    tenantId: string,
    context: TenantRuntime,
    batchId: string | undefined,
    sentAtNs: string | undefined,
  ): { payload: string; batch: BatchSummary } {
    const { deps } = this;
    const parsed = parseJson(body);
    const countryValue = deps.countryHeader
      ? header(req, deps.countryHeader)?.toUpperCase()
      : undefined;
    const facts = {
      batchId,
      sentAtNs,
      userAgent: header(req, 'user-agent'),
      country: countryValue !== undefined && COUNTRY.test(countryValue) ? countryValue : undefined,
      nowMs: deps.clock(),
    };
    const prepared =
      endpoint.format === 'legacy'
        ? deps.pipeline.prepareLegacy(parsed, context, facts)
        : deps.pipeline.prepareOtlp(endpoint.signal, parsed, context, facts);
    context.counters.timestampsCorrected += prepared.timestampsCorrected;
    deps.telemetry.timestampPolicy('corrected', prepared.timestampsCorrected);
    if (deps.sessionLimiter !== undefined) {
      for (const session of sessionsOf(prepared)) {
        const wait = deps.sessionLimiter.take(`${tenantId}\u0000${session}`);
        if (wait > 0) throw rateLimited('session', wait);
      }
    }
    const { body: forwarded, ...batch } = prepared;
    return { payload: JSON.stringify(forwarded), batch };
  }

  private countItems(
    endpoint: Endpoint,
    tenant: TenantRuntime,
    accepted: number,
    rejected: number,
    batch: BatchSummary,
  ): void {
    tenant.counters.itemsAccepted += accepted;
    tenant.counters.itemsRejected += rejected;
    tenant.counters.timestampsRejected += batch.timestampsRejected;
    this.deps.telemetry.timestampPolicy('rejected', batch.timestampsRejected);
    this.deps.telemetry.itemsReceived(
      endpoint.format === 'legacy' ? 'legacy' : endpoint.signal,
      accepted,
      rejected,
    );
  }

  authenticate(req: IncomingMessage, query: URLSearchParams | undefined): ApiKey {
    const presented = presentedKey(req, query);
    if (presented === undefined) {
      throw new Rejection(
        401,
        'missing_api_key',
        'an API key is required (Authorization: Bearer <key> or X-API-Key)',
        'auth',
        { 'www-authenticate': 'Bearer' },
      );
    }
    const key = this.deps.keys.authenticate(presented);
    if (key === undefined) {
      throw new Rejection(401, 'invalid_api_key', 'the API key is not valid', 'auth', {
        'www-authenticate': 'Bearer error="invalid_token"',
      });
    }
    return key;
  }

  private checkContentType(req: IncomingMessage, endpoint: Endpoint): void {
    const type = mediaType(header(req, 'content-type'));
    const allowed = endpoint.beacon ? BEACON_TYPES : JSON_TYPES;
    if (allowed.has(type) || (endpoint.format === 'legacy' && type === 'text/plain')) return;
    const message = PROTOBUF_TYPES.has(type)
      ? 'OTLP/HTTP protobuf is not accepted; send OTLP/HTTP JSON (application/json)'
      : `Content-Type must be ${[...allowed].join(' or ')}, not ${JSON.stringify(type.slice(0, 64) || 'none')}`;
    throw new Rejection(415, 'unsupported_media_type', message, 'encoding');
  }

  private batchFact(
    req: IncomingMessage,
    query: URLSearchParams | undefined,
    headerName: string,
    queryName: string,
    pattern: RegExp,
    code: string,
  ): string | undefined {
    const value = header(req, headerName) ?? query?.get(queryName) ?? undefined;
    if (value === undefined) return undefined;
    if (!pattern.test(value)) {
      const name = query ? queryName : headerName;
      throw new Rejection(400, code, `${name} is malformed`, 'schema');
    }
    return value;
  }

  /** Claims a batch id; a copy in flight is waited for, once. */
  private async claim(
    ledgerKey: string,
  ): Promise<
    | { kind: 'duplicate'; answer: StoredAnswer }
    | { kind: 'new'; finish: (answer: StoredAnswer | undefined) => void }
  > {
    for (let attempt = 0; attempt < 2; attempt++) {
      const claim = this.deps.ledger.claim(ledgerKey);
      if (claim.kind === 'new') return claim;
      if (claim.kind === 'duplicate') return { kind: 'duplicate', answer: claim.result };
      const settled = await claim.settled;
      if (settled !== undefined) return { kind: 'duplicate', answer: settled };
    }
    throw new Rejection(
      503,
      'batch_in_flight',
      'a copy of this batch is being forwarded; retry later',
      'overload',
      { 'retry-after': '1' },
    );
  }
}

export { errorBody };
