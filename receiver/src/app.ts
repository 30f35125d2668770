// createApp(config, deps): wires the domain, the adapters and the HTTP edge into one receiver.
// Express only routes; bodies are read by the ingest handler itself, so limits and the order of
// checks are exact. Tests start real servers on ephemeral ports with listen(0).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { AlloyForwarder, type Downstream } from './adapters/forwarder.js';
import { SelfTelemetry } from './adapters/self-telemetry.js';
import type { ReceiverConfig } from './config/config.js';
import { KeyRing, newApiKey } from './domain/api-keys.js';
import { BatchLedger } from './domain/batch-ledger.js';
import { OriginPolicy } from './domain/origins.js';
import { Pipeline } from './domain/pipeline.js';
import { RateLimiter } from './domain/rate-limit.js';
import { Rejection } from './domain/rejection.js';
import { createTenant, mergePolicies, type TenantRuntime } from './domain/tenants.js';
import { UserAgentClassifier } from './domain/user-agent.js';
import { cardinalityShare, keyBucketShare } from './domain/worker-share.js';
import { ByteBudget } from './http/byte-budget.js';
import { answerPreflight, originOf } from './http/cors.js';
import { asRejection, errorBody, sendJson, sendRejection } from './http/errors.js';
import { IngestHandler, type Endpoint, type StoredAnswer } from './http/ingest.js';
import { attributePolicy } from './policy.js';
import { contractValidators } from './schemas.js';

export const RECEIVER_VERSION = '0.1.0';

export interface ReceiverDeps {
  /** Where data goes; defaults to Alloy at config.downstream.url. */
  readonly downstream?: Downstream;
  /** Wall clock in epoch ms (timestamps, windows, buckets, dedup TTL). */
  readonly clock?: () => number;
  /**
   * Processes sharing the port (RECEIVER_WORKERS, default 1). Each keeps its own tables, so it
   * takes its share of receiver-wide limits (see domain/worker-share.ts).
   */
  readonly workers?: number;
}

export interface Receiver {
  readonly app: Express;
  readonly server: Server;
  /** Listens (port 0 = ephemeral); resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops accepting, drains in-flight requests (up to config.shutdownTimeoutMs), then closes. */
  close(): Promise<void>;
  /** Requests being handled now. */
  readonly inFlight: number;
  /** Request-body bytes held now (raw and inflated): 0 when idle, whatever came before. */
  readonly bodyBytesInUse: number;
}

const INGEST_ENDPOINTS: readonly (Endpoint & { path: string })[] = [
  { path: '/v1/traces', route: '/v1/traces', format: 'otlp', signal: 'traces', beacon: false },
  { path: '/v1/logs', route: '/v1/logs', format: 'otlp', signal: 'logs', beacon: false },
  {
    path: '/beacon/v1/traces',
    route: '/beacon/v1/traces',
    format: 'otlp',
    signal: 'traces',
    beacon: true,
  },
  {
    path: '/beacon/v1/logs',
    route: '/beacon/v1/logs',
    format: 'otlp',
    signal: 'logs',
    beacon: true,
  },
  { path: '/v2/events', route: '/v2/events', format: 'legacy', signal: 'logs', beacon: false },
];

function clientIpFor(trustProxy: boolean): (req: IncomingMessage) => string {
  return (req) => {
    if (trustProxy) {
      const forwarded = req.headers['x-forwarded-for'];
      const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return req.socket.remoteAddress ?? 'unknown';
  };
}

export function createApp(config: ReceiverConfig, deps: ReceiverDeps = {}): Receiver {
  const clock = deps.clock ?? Date.now;
  const workers = deps.workers ?? 1;
  const policy = attributePolicy();
  const keyRing = new KeyRing(
    config.keys.map((key) =>
      newApiKey(key.digest, key.tenant, new OriginPolicy(key.origins), key.rateLimit),
    ),
  );

  const tenants = new Map<string, TenantRuntime>();
  for (const key of config.keys) {
    if (tenants.has(key.tenant)) continue;
    const tenantConfig = config.tenants.get(key.tenant);
    tenants.set(
      key.tenant,
      createTenant(
        key.tenant,
        cardinalityShare(
          mergePolicies(
            policy.labels,
            config.cardinality.overrides,
            tenantConfig?.cardinality ?? {},
          ),
          workers,
        ),
        { overflowValue: policy.overflowValue, windowMs: config.cardinality.windowMs, clock },
        tenantConfig?.viewerHashSalt,
      ),
    );
  }

  const downstream = deps.downstream ?? new AlloyForwarder({ ...config.downstream });
  const telemetry = new SelfTelemetry({
    exportIntervalMs: config.telemetry.exportIntervalMs,
    otlpUrl: config.downstream.url,
    tenant: config.telemetry.tenant,
    serviceName: 'openqoe-receiver',
    serviceVersion: RECEIVER_VERSION,
    cardinality: () =>
      [...tenants.values()].map(
        (t) => [t.id, t.governor.stats()] as [string, ReturnType<typeof t.governor.stats>],
      ),
  });
  const limiterOptions = { maxClients: config.rateLimits.maxClients, clock };
  const keyLimiters = new Map<string, RateLimiter>();
  for (const key of keyRing.keys) {
    if (key.rateLimit) {
      keyLimiters.set(
        key.id,
        new RateLimiter(keyBucketShare(key.rateLimit, workers), limiterOptions),
      );
    }
  }
  const pipeline = new Pipeline(
    contractValidators(),
    {
      limits: { maxDepth: config.limits.maxDepth, maxItems: config.limits.maxItems },
      timestamps: config.timestamps,
      legacyServiceName: config.legacyServiceName,
    },
    policy.receiverSet,
    new UserAgentClassifier(),
  );
  const budget = new ByteBudget(config.limits.memoryBudgetBytes);
  const ingest = new IngestHandler({
    keys: keyRing,
    tenants,
    pipeline,
    downstream,
    ledger: new BatchLedger<StoredAnswer>({ ...config.dedup, clock }),
    telemetry,
    budget,
    limits: config.limits,
    keyLimiters,
    ipLimiter: config.rateLimits.perIp && new RateLimiter(config.rateLimits.perIp, limiterOptions),
    sessionLimiter:
      config.rateLimits.perSession && new RateLimiter(config.rateLimits.perSession, limiterOptions),
    clientIp: clientIpFor(config.trustProxy),
    countryHeader: config.countryHeader,
    clock,
  });

  const startedAt = clock();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const health = (_req: Request, res: Response): void => sendJson(res, 200, '{"status":"ok"}');
  app.get(['/health', '/v2/health'], health);

  app.get('/ready', async (_req: Request, res: Response) => {
    if (ingest.closing) {
      sendRejection(
        res,
        new Rejection(503, 'shutting_down', 'the receiver is shutting down', 'overload', {
          'retry-after': '1',
        }),
      );
      return;
    }
    if (await downstream.probe()) sendJson(res, 200, '{"status":"ready"}');
    else {
      sendRejection(
        res,
        new Rejection(
          503,
          'downstream_unavailable',
          'the telemetry pipeline is not reachable',
          'downstream',
          {
            'retry-after': String(config.downstream.retryAfterSeconds),
          },
        ),
      );
    }
  });

  const stats = (req: Request, res: Response): void => {
    try {
      const key = ingest.authenticate(req, undefined);
      const tenant = tenants.get(key.tenant) as TenantRuntime;
      sendJson(
        res,
        200,
        JSON.stringify({
          tenant: tenant.id,
          uptimeSeconds: Math.round((clock() - startedAt) / 1000),
          inFlight: ingest.active,
          cardinality: tenant.governor.stats(),
          counters: {
            requests: tenant.counters.requests,
            itemsAccepted: tenant.counters.itemsAccepted,
            itemsRejected: tenant.counters.itemsRejected,
            duplicateBatches: tenant.counters.duplicateBatches,
            timestampsCorrected: tenant.counters.timestampsCorrected,
            timestampsRejected: tenant.counters.timestampsRejected,
          },
        }),
      );
    } catch (error) {
      sendRejection(res, asRejection(error));
    }
  };
  app.get(['/stats', '/v2/stats'], stats);

  app.get('/metrics', async (_req: Request, res: Response) => {
    const text = await telemetry.prometheusText();
    res.writeHead(200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    res.end(text);
  });

  for (const endpoint of INGEST_ENDPOINTS) {
    app.post(endpoint.path, (req: Request, res: Response) => ingest.handle(req, res, endpoint));
    app.options(endpoint.path, (req: Request, res: Response) => {
      const origin = originOf(req);
      if (origin !== undefined && keyRing.anyAllows(origin)) {
        answerPreflight(res, origin, config.cors.maxAgeSeconds);
      } else {
        sendJson(res, 403, errorBody('origin_not_allowed', 'this origin is not allowed'));
      }
    });
  }

  const known = new Map<string, string>([
    ...INGEST_ENDPOINTS.map((e) => [e.path, 'POST, OPTIONS'] as [string, string]),
    ...['/health', '/v2/health', '/ready', '/stats', '/v2/stats', '/metrics'].map(
      (path) => [path, 'GET, HEAD'] as [string, string],
    ),
  ]);
  app.use((req: Request, res: Response) => {
    const allow = known.get(req.path);
    if (allow !== undefined) {
      sendJson(
        res,
        405,
        errorBody('method_not_allowed', `use ${allow.split(',')[0]} for ${req.path}`),
        {
          allow,
        },
      );
    } else {
      sendJson(res, 404, errorBody('not_found', 'no such endpoint'));
    }
  });
  // Express 5 routes thrown errors and rejected promises here; nothing internal leaks out.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendJson(res, status, errorBody('bad_request', 'the request could not be understood'));
      return;
    }
    console.error('receiver: unexpected error', error);
    sendJson(res, 500, errorBody('internal_error', 'the receiver failed to handle the request'));
  });

  // The ingest POSTs, exactly as spelled, skip Express's router: the ingest handler reads the raw
  // request itself and answers every outcome, and routing every batch through the middleware
  // stack costs a few per cent of the receiver's CPU at full load. Everything else — other
  // spellings Express would accept, OPTIONS, GETs, 404/405 — goes through Express.
  const ingestRoutes = new Map(INGEST_ENDPOINTS.map((endpoint) => [endpoint.path, endpoint]));
  const expressHandler = app as (req: IncomingMessage, res: ServerResponse) => void;
  const dispatch = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'POST') {
      const url = req.url ?? '';
      const query = url.indexOf('?');
      const endpoint = ingestRoutes.get(query === -1 ? url : url.slice(0, query));
      if (endpoint !== undefined) {
        ingest.handle(req, res, endpoint).catch((error: unknown) => {
          console.error('receiver: unexpected error', error);
          if (!res.headersSent) {
            sendJson(
              res,
              500,
              errorBody('internal_error', 'the receiver failed to handle the request'),
            );
          } else res.destroy();
        });
        return;
      }
    }
    expressHandler(req, res);
  };
  const server = createServer(
    {
      requestTimeout: config.limits.requestTimeoutMs,
      headersTimeout: Math.min(config.limits.requestTimeoutMs, 10_000),
      keepAliveTimeout: 65_000,
    },
    dispatch,
  );
  // A client error on the socket (malformed HTTP) gets a JSON 400, not Node's bare one.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const body = errorBody('bad_request', 'malformed HTTP request');
    socket.end(
      `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  let closing: Promise<void> | undefined;
  return {
    app,
    server,
    get inFlight() {
      return ingest.active;
    },
    get bodyBytesInUse() {
      return budget.inUse;
    },
    listen(port = config.port, host = config.host) {
      return new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${address.port}`);
        });
      });
    },
    close() {
      closing ??= (async () => {
        ingest.closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timeout = new Promise<void>((resolve) =>
          setTimeout(resolve, config.shutdownTimeoutMs).unref(),
        );
        await Promise.race([ingest.drained(), timeout]);
        server.closeAllConnections();
        await stopped;
        await downstream.close();
        await telemetry.shutdown();
      })();
      return closing;
    },
  };
}
