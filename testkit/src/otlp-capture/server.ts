/**
 * A loopback OTLP/HTTP JSON endpoint that stands in for Alloy in tests: it stores (or only counts)
 * what it receives and can be told to fail, answer slowly, hang, or stop listening altogether.
 *
 * Requests are answered in this order: 404 unknown path, 405 not POST, 415 content type or
 * encoding, 413 body too large (raw or inflated), 400 bad gzip / JSON / OTLP structure; only a
 * well-formed request reaches the injected behaviours (failure, partial success, delay, hold).
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gunzip } from 'node:zlib';
import { Behaviours } from './behaviours.js';
import type {
  FailureOptions,
  InjectedPartialSuccess,
  PartialSuccessOptions,
  Plan,
  RuleScope,
} from './behaviours.js';
import { countOtlpItems, flattenDataPoints, flattenLogRecords, flattenSpans } from './otlp-json.js';
import type {
  FlatDataPoint,
  FlatLogRecord,
  FlatSpan,
  OtlpRequestBySignal,
  OtlpSignal,
} from './otlp-json.js';

export type CaptureStoreMode = 'full' | 'count';

export interface OtlpCaptureOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port, kept across down()/up(). */
  port?: number;
  /** Largest body accepted as received (compressed or not); default 20 MiB like the collector. */
  maxBodyBytes?: number;
  /** Largest body after gunzip; default maxBodyBytes. */
  maxInflatedBytes?: number;
  /**
   * 'full' (default) keeps every request with headers and parsed body; 'count' keeps only the
   * tallies in counts(), for load tests.
   */
  store?: CaptureStoreMode;
  /**
   * Accept browsers as clients, like the receiver does: answer CORS preflights (not recorded),
   * add CORS headers to every answer, and accept the SDK's beacon paths (/beacon/v1/traces,
   * /beacon/v1/logs) with text/plain bodies. Default false.
   */
  browserClients?: boolean;
}

/** The JSON body of every error answer. */
export interface CaptureErrorBody {
  error: { code: string; message: string };
}

interface CapturedRequestBase {
  /** Arrival order, from 1; restarts at reset(). */
  readonly seq: number;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Epoch ms when the request arrived. */
  readonly receivedAt: number;
  /** Epoch ms when it was answered (or abandoned by the client). */
  readonly answeredAt: number;
  /** Body size as received (compressed size for gzip). */
  readonly bodyBytes: number;
  /** Body size after gunzip; 0 when the body was not read. */
  readonly decodedBytes: number;
  /** Spans, log records or data points counted in the body; 0 when it was not parsed. */
  readonly items: number;
  /** The status answered (or, for an aborted request, decided); 0 if none was decided. */
  readonly status: number;
}

/** A request answered 2xx. The body was parsed and its structure checked down to the items. */
export type AcceptedRequest = {
  [S in OtlpSignal]: CapturedRequestBase & {
    readonly signal: S;
    readonly body: OtlpRequestBySignal[S];
    /** Set when a partial success was injected into the answer. */
    readonly partialSuccess: InjectedPartialSuccess | undefined;
  };
}[OtlpSignal];

/** A request answered with an error, or abandoned by its client before the answer was sent. */
export interface RejectedRequest extends CapturedRequestBase {
  /** Undefined when the path is not an OTLP endpoint. */
  readonly signal: OtlpSignal | undefined;
  /** The parsed body, if the request got that far. */
  readonly body: unknown;
  /** The error answered; undefined when the client left before an error was decided. */
  readonly error: CaptureErrorBody['error'] | undefined;
  /** The client closed the connection before the answer was sent. */
  readonly aborted: boolean;
}

export interface SignalTally {
  requests: number;
  spans: number;
  logRecords: number;
  dataPoints: number;
  bodyBytes: number;
}

export interface CaptureCounts {
  /** Answered 2xx. */
  accepted: SignalTally;
  /** Answered otherwise, or aborted; items counted only when the body was parsed. */
  rejected: SignalTally;
  /** Rejected requests whose client left before the answer (included in rejected). */
  aborted: number;
  /** Answers sent, by status. */
  byStatus: Record<number, number>;
}

export interface WaitForOptions {
  /** Default 5000. */
  timeoutMs?: number;
  /** What is awaited, for the timeout message; defaults to the predicate's source. */
  description?: string;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export interface OtlpCapture {
  /** Base URL, e.g. http://127.0.0.1:43123 (append /v1/traces etc.). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly store: CaptureStoreMode;
  /** False between down() and up(), and after close(). */
  readonly listening: boolean;
  /** Accepted (2xx) requests in answer order; empty in count mode. A live view: do not mutate. */
  readonly requests: readonly AcceptedRequest[];
  /** Non-2xx and aborted requests in answer order; empty in count mode. A live view. */
  readonly rejected: readonly RejectedRequest[];
  /** Requests received and not yet answered (reading, delayed or held). */
  readonly inFlight: number;
  /** Requests whose answer is currently delayed by delayResponses(). */
  readonly delayed: number;
  /** Requests currently held by hold(). */
  readonly held: number;

  /** A snapshot of the tallies (kept in both store modes). */
  counts(): CaptureCounts;
  /** Spans of all accepted trace requests, in order. Throws in count mode or on malformed data. */
  spans(): FlatSpan[];
  /** Log records of all accepted log requests, in order. Same rules as spans(). */
  logRecords(): FlatLogRecord[];
  /** Metric data points of all accepted metric requests, in order. Same rules as spans(). */
  dataPoints(): FlatDataPoint[];

  /**
   * Resolves with the predicate's first truthy result, checking now and after every change to
   * the capture (arrival, answer, reset, down/up); rejects on timeout, with what was seen so far,
   * if the predicate throws, or when the capture closes.
   */
  waitFor<T>(predicate: (capture: OtlpCapture) => T, options?: WaitForOptions): Promise<Truthy<T>>;

  /** Answer `status` (400..599) to the matching requests; rules queue up in call order. */
  failWith(status: number, options?: FailureOptions): void;
  /** Answer 200 with a partialSuccess naming `rejected` items. */
  partialSuccess(options: PartialSuccessOptions): void;
  /** Delay the matching answers by `ms`. */
  delayResponses(ms: number, options?: RuleScope): void;
  /** Hold every matching answer until release(). */
  hold(options?: { signal?: OtlpSignal }): void;
  /** Stop holding and send every held answer now. */
  release(): void;
  /** Drop every injected behaviour and release held answers. */
  clearBehaviours(): void;

  /** Forget everything captured and counted, and every behaviour (held answers are released). */
  reset(): void;
  /** Stop listening and drop every connection: clients now get ECONNREFUSED. */
  down(): Promise<void>;
  /** Listen again on the same port. */
  up(): Promise<void>;
  /** Stop for good, dropping keep-alive and in-flight connections. Idempotent. */
  close(): Promise<void>;
}

const MIB = 1024 * 1024;
const DEFAULT_MAX_BODY_BYTES = 20 * MIB;
const DEFAULT_WAIT_MS = 5000;

const SIGNAL_BY_PATH: ReadonlyMap<string, OtlpSignal> = new Map([
  ['/v1/traces', 'traces'],
  ['/v1/logs', 'logs'],
  ['/v1/metrics', 'metrics'],
]);

/** sendBeacon cannot set a JSON content type: the SDK sends text/plain to these paths instead. */
const BEACON_SIGNAL_BY_PATH: ReadonlyMap<string, OtlpSignal> = new Map([
  ['/beacon/v1/traces', 'traces'],
  ['/beacon/v1/logs', 'logs'],
]);

const REJECTED_FIELD: Readonly<Record<OtlpSignal, string>> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
};

const PROTOBUF_TYPES = new Set(['application/x-protobuf', 'application/protobuf']);
const EMPTY_SUCCESS = Buffer.from('{}');
const SUCCESS_HEADERS = {
  'content-type': 'application/json',
  'content-length': EMPTY_SUCCESS.length,
};
const NO_PLAN: Plan = { failure: undefined, partialSuccess: undefined, delayMs: 0, hold: false };

type Stage = 'reading' | 'delaying' | 'held' | 'answered' | 'abandoned';

/** One request on its way through the server. */
interface Exchange {
  readonly res: ServerResponse;
  readonly generation: number;
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly receivedAt: number;
  signal: OtlpSignal | undefined;
  stage: Stage;
  bodyBytes: number;
  decodedBytes: number;
  items: number;
  body: unknown;
  status: number;
  responseHeaders: Readonly<Record<string, string | number>>;
  payload: Buffer;
  error: CaptureErrorBody['error'] | undefined;
  partialSuccess: InjectedPartialSuccess | undefined;
  holdAfterDelay: boolean;
  timer: NodeJS.Timeout | undefined;
}

interface Waiter {
  readonly predicate: (capture: OtlpCapture) => unknown;
  readonly resolve: (value: never) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

function emptyTally(): SignalTally {
  return { requests: 0, spans: 0, logRecords: 0, dataPoints: 0, bodyBytes: 0 };
}

function copyHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) copy[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return copy;
}

/** "application/json; charset=utf-8" → "application/json". */
function mediaType(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function checkOptions(options: OtlpCaptureOptions): void {
  const { port, maxBodyBytes, maxInflatedBytes, store } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new RangeError(`startOtlpCapture: port must be an integer in 0..65535, got ${port}`);
  }
  for (const [name, value] of [
    ['maxBodyBytes', maxBodyBytes],
    ['maxInflatedBytes', maxInflatedBytes],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new RangeError(`startOtlpCapture: ${name} must be a positive integer, got ${value}`);
    }
  }
  if (store !== undefined && store !== 'full' && store !== 'count') {
    throw new RangeError(`startOtlpCapture: store must be 'full' or 'count', got ${String(store)}`);
  }
}

class CaptureServer implements OtlpCapture {
  readonly host: string;
  readonly store: CaptureStoreMode;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly maxBodyBytes: number;
  private readonly maxInflatedBytes: number;
  private readonly browserClients: boolean;
  private readonly behaviours = new Behaviours();
  private readonly waiting = new Set<Exchange>();
  private readonly waiters = new Set<Waiter>();
  private boundPort: number;
  private closing: Promise<void> | undefined;
  private generation = 0;
  private seq = 0;
  private inFlightCount = 0;
  private heldCount = 0;
  private delayedCount = 0;
  private accepted: AcceptedRequest[] = [];
  private rejectedList: RejectedRequest[] = [];
  private tally = { accepted: emptyTally(), rejected: emptyTally(), aborted: 0 };
  private byStatus = new Map<number, number>();
  // Flattened views grow incrementally so a waitFor predicate calling spans() stays linear.
  private spanView = { items: [] as FlatSpan[], cursor: 0 };
  private logView = { items: [] as FlatLogRecord[], cursor: 0 };
  private pointView = { items: [] as FlatDataPoint[], cursor: 0 };

  constructor(options: OtlpCaptureOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.boundPort = options.port ?? 0;
    this.store = options.store ?? 'full';
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.maxInflatedBytes = options.maxInflatedBytes ?? this.maxBodyBytes;
    this.browserClients = options.browserClients ?? false;
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.boundPort}`;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  get requests(): readonly AcceptedRequest[] {
    return this.accepted;
  }

  get rejected(): readonly RejectedRequest[] {
    return this.rejectedList;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  get delayed(): number {
    return this.delayedCount;
  }

  get held(): number {
    return this.heldCount;
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => {
        this.server.off('listening', onListening);
        reject(error);
      };
      const onListening = (): void => {
        this.server.off('error', onError);
        const address = this.server.address();
        if (address !== null && typeof address === 'object') this.boundPort = address.port;
        resolve();
      };
      this.server.once('error', onError);
      this.server.once('listening', onListening);
      this.server.listen(this.boundPort, this.host);
    });
  }

  private stopListening(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      // close() only stops accepting; keep-alive and in-flight sockets would keep the port's
      // clients talking to us, so they go too.
      for (const socket of this.sockets) socket.destroy();
    });
  }

  async down(): Promise<void> {
    this.assertOpen('down');
    if (!this.server.listening) return;
    await this.stopListening();
    this.notify();
  }

  async up(): Promise<void> {
    this.assertOpen('up');
    if (this.server.listening) return;
    try {
      await this.listen();
    } catch (error) {
      throw new Error(
        `OTLP capture: up() could not listen again on ${this.host}:${this.boundPort}: ${errorMessage(error)}`,
        { cause: error },
      );
    }
    this.notify();
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.behaviours.clear();
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('OTLP capture: closed while waitFor was pending'));
    }
    this.waiters.clear();
    this.closing = this.server.listening ? this.stopListening() : Promise.resolve();
    return this.closing;
  }

  private assertOpen(method: string): void {
    if (this.closing) throw new Error(`OTLP capture: ${method}() called after close()`);
  }

  reset(): void {
    this.generation += 1;
    this.seq = 0;
    this.accepted = [];
    this.rejectedList = [];
    this.tally = { accepted: emptyTally(), rejected: emptyTally(), aborted: 0 };
    this.byStatus = new Map();
    this.spanView = { items: [], cursor: 0 };
    this.logView = { items: [], cursor: 0 };
    this.pointView = { items: [], cursor: 0 };
    this.clearBehaviours();
    this.notify();
  }

  // ---- behaviours --------------------------------------------------------------------------

  failWith(status: number, options?: FailureOptions): void {
    this.behaviours.failWith(status, options);
  }

  partialSuccess(options: PartialSuccessOptions): void {
    this.behaviours.partialSuccess(options);
  }

  delayResponses(ms: number, options?: RuleScope): void {
    this.behaviours.delay(ms, options);
  }

  hold(options: { signal?: OtlpSignal } = {}): void {
    this.behaviours.hold(options.signal);
  }

  release(): void {
    this.behaviours.stopHolding();
    for (const exchange of [...this.waiting]) {
      exchange.holdAfterDelay = false;
      if (exchange.stage === 'held') this.send(exchange);
    }
  }

  clearBehaviours(): void {
    this.behaviours.clear();
    this.release();
  }

  // ---- reading the capture -----------------------------------------------------------------

  counts(): CaptureCounts {
    return {
      accepted: { ...this.tally.accepted },
      rejected: { ...this.tally.rejected },
      aborted: this.tally.aborted,
      byStatus: Object.fromEntries(this.byStatus),
    };
  }

  spans(): FlatSpan[] {
    return this.advance('spans', this.spanView, 'traces', flattenSpans);
  }

  logRecords(): FlatLogRecord[] {
    return this.advance('logRecords', this.logView, 'logs', flattenLogRecords);
  }

  dataPoints(): FlatDataPoint[] {
    return this.advance('dataPoints', this.pointView, 'metrics', flattenDataPoints);
  }

  private advance<S extends OtlpSignal, T>(
    method: string,
    view: { items: T[]; cursor: number },
    signal: S,
    flatten: (body: OtlpRequestBySignal[S]) => T[],
  ): T[] {
    if (this.store !== 'full') {
      throw new Error(
        `OTLP capture: ${method}() needs store: 'full'; this capture only counts (use counts())`,
      );
    }
    for (; view.cursor < this.accepted.length; view.cursor++) {
      const request = this.accepted[view.cursor];
      if (request?.signal !== signal) continue;
      let flat: T[];
      try {
        flat = flatten(request.body as OtlpRequestBySignal[S]);
      } catch (error) {
        throw new Error(
          `OTLP capture: request #${request.seq} (${request.method} ${request.path}) does not decode: ${errorMessage(error)}`,
          { cause: error },
        );
      }
      for (const item of flat) view.items.push(item);
    }
    return view.items.slice();
  }

  waitFor<T>(
    predicate: (capture: OtlpCapture) => T,
    options: WaitForOptions = {},
  ): Promise<Truthy<T>> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
      return Promise.reject(
        new RangeError(`waitFor: timeoutMs must be a finite number >= 0, got ${timeoutMs}`),
      );
    }
    if (this.closing) return Promise.reject(new Error('OTLP capture: waitFor() after close()'));
    return new Promise<Truthy<T>>((resolve, reject) => {
      const what = options.description ?? predicate.toString().replace(/\s+/g, ' ').slice(0, 200);
      const waiter: Waiter = {
        predicate,
        resolve: resolve as (value: never) => void,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(
            new Error(
              `OTLP capture: timed out after ${timeoutMs} ms waiting for ${what}; so far ${this.summary()}`,
            ),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
      this.evaluate(waiter);
    });
  }

  private evaluate(waiter: Waiter): void {
    let result: unknown;
    try {
      result = waiter.predicate(this);
    } catch (error) {
      this.settle(waiter);
      waiter.reject(
        new Error(`OTLP capture: waitFor predicate threw: ${errorMessage(error)}`, {
          cause: error,
        }),
      );
      return;
    }
    if (result) {
      this.settle(waiter);
      waiter.resolve(result as never);
    }
  }

  private settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }

  private notify(): void {
    if (this.waiters.size === 0) return;
    for (const waiter of [...this.waiters]) this.evaluate(waiter);
  }

  /** What the capture has seen, for timeout messages. */
  private summary(): string {
    const { accepted, rejected, aborted } = this.tally;
    const statuses = [...this.byStatus].map(([status, n]) => `${status}×${n}`).join(', ');
    const lastErrors = this.rejectedList
      .slice(-3)
      .map((r) => `#${r.seq} ${r.status} ${r.error?.code ?? (r.aborted ? 'aborted' : '?')}`)
      .join('; ');
    return (
      `${accepted.requests} accepted requests (${accepted.spans} spans, ${accepted.logRecords} log records, ` +
      `${accepted.dataPoints} data points), ${rejected.requests} rejected (${aborted} aborted), ` +
      `answers by status {${statuses}}, ${this.inFlightCount} in flight ` +
      `(${this.delayedCount} delayed, ${this.heldCount} held), ` +
      `listening: ${this.server.listening}${lastErrors ? `; last rejections: ${lastErrors}` : ''}`
    );
  }

  // ---- the request path --------------------------------------------------------------------

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (this.browserClients) {
      // Every answer carries CORS headers; a preflight is answered here and not recorded.
      for (const [name, value] of Object.entries(corsHeaders(req))) res.setHeader(name, value);
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
    }
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const exchange: Exchange = {
      res,
      generation: this.generation,
      seq: ++this.seq,
      method: req.method ?? '',
      path: query === -1 ? url : url.slice(0, query),
      headers: this.store === 'full' ? copyHeaders(req.headers) : {},
      receivedAt: Date.now(),
      signal: undefined,
      stage: 'reading',
      bodyBytes: 0,
      decodedBytes: 0,
      items: 0,
      body: undefined,
      status: 0,
      responseHeaders: {},
      payload: EMPTY_SUCCESS,
      error: undefined,
      partialSuccess: undefined,
      holdAfterDelay: false,
      timer: undefined,
    };
    this.inFlightCount += 1;
    res.once('close', () => this.onClose(exchange));
    this.notify();

    const beaconSignal = this.browserClients ? BEACON_SIGNAL_BY_PATH.get(exchange.path) : undefined;
    const signal = SIGNAL_BY_PATH.get(exchange.path) ?? beaconSignal;
    if (signal === undefined) {
      return this.fail(
        exchange,
        404,
        'not_found',
        `no OTLP endpoint at ${exchange.path}; POST to /v1/traces, /v1/logs or /v1/metrics`,
      );
    }
    exchange.signal = signal;
    if (exchange.method !== 'POST') {
      return this.fail(exchange, 405, 'method_not_allowed', `use POST, not ${exchange.method}`, {
        allow: 'POST',
      });
    }
    const contentType = mediaType(req.headers['content-type']);
    const acceptable = beaconSignal === undefined ? 'application/json' : 'text/plain';
    if (contentType !== acceptable) {
      const message = PROTOBUF_TYPES.has(contentType)
        ? `OTLP/HTTP protobuf (${contentType}) is not supported here; send application/json`
        : `Content-Type must be ${acceptable}, got ${contentType || 'none'}`;
      return this.fail(exchange, 415, 'unsupported_media_type', message);
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'gzip' && encoding !== 'identity' && encoding !== '') {
      return this.fail(
        exchange,
        415,
        'unsupported_encoding',
        `Content-Encoding must be gzip or identity, got ${encoding}`,
      );
    }

    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      exchange.bodyBytes += chunk.length;
      // Past the limit the rest is read and dropped, so the client gets its 413 cleanly.
      if (exchange.bodyBytes <= this.maxBodyBytes) chunks.push(chunk);
      else if (chunks.length > 0) chunks.length = 0;
    });
    req.on('end', () => this.onBody(exchange, signal, chunks, encoding === 'gzip'));
    // A client that vanishes mid-upload is handled by the response's close event.
    req.on('error', () => undefined);
  }

  private onBody(exchange: Exchange, signal: OtlpSignal, chunks: Buffer[], gzipped: boolean): void {
    if (exchange.stage !== 'reading') return;
    if (exchange.bodyBytes > this.maxBodyBytes) {
      return this.fail(
        exchange,
        413,
        'payload_too_large',
        `body is ${exchange.bodyBytes} bytes; the limit is ${this.maxBodyBytes}`,
      );
    }
    // Concat copies; a single-chunk body (the common case) is used as it is.
    const raw = (chunks.length === 1 ? chunks[0] : undefined) ?? Buffer.concat(chunks);
    if (!gzipped) return this.onDecoded(exchange, signal, raw);
    gunzip(raw, { maxOutputLength: this.maxInflatedBytes }, (error, inflated) => {
      if (exchange.stage !== 'reading') return;
      if (error === null) return this.onDecoded(exchange, signal, inflated);
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return this.fail(
          exchange,
          413,
          'payload_too_large',
          `inflated body exceeds ${this.maxInflatedBytes} bytes`,
        );
      }
      this.fail(exchange, 400, 'invalid_gzip', `body is not valid gzip: ${error.message}`);
    });
  }

  private onDecoded(exchange: Exchange, signal: OtlpSignal, decoded: Buffer): void {
    exchange.decodedBytes = decoded.length;
    if (decoded.length > this.maxInflatedBytes) {
      return this.fail(
        exchange,
        413,
        'payload_too_large',
        `body is ${decoded.length} bytes; the limit is ${this.maxInflatedBytes}`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(decoded.toString('utf8'));
    } catch (error) {
      return this.fail(exchange, 400, 'invalid_json', `body is not JSON: ${errorMessage(error)}`);
    }
    exchange.body = this.store === 'full' ? body : undefined;
    try {
      exchange.items = countOtlpItems(signal, body);
    } catch (error) {
      return this.fail(exchange, 400, 'invalid_otlp', errorMessage(error));
    }

    const plan = this.behaviours.idle ? NO_PLAN : this.behaviours.plan(signal);
    const { failure, partialSuccess } = plan;
    if (failure !== undefined) {
      const headers: Record<string, string> = {};
      if (failure.retryAfter !== undefined) headers['retry-after'] = failure.retryAfter;
      const errorBody: CaptureErrorBody = {
        error: {
          code: 'injected_failure',
          message: `injected ${failure.status} (OTLP capture fault injection)`,
        },
      };
      this.prepare(exchange, failure.status, failure.body ?? errorBody, headers);
      exchange.error = errorBody.error;
    } else if (partialSuccess !== undefined) {
      exchange.partialSuccess = partialSuccess;
      this.prepare(exchange, 200, {
        partialSuccess: {
          // proto3 JSON writes int64 as a string, as the collector does.
          [REJECTED_FIELD[signal]]: String(partialSuccess.rejected),
          errorMessage: partialSuccess.errorMessage,
        },
      });
    } else {
      exchange.status = 200;
      exchange.responseHeaders = SUCCESS_HEADERS;
    }

    if (plan.delayMs === 0 && !plan.hold) return this.send(exchange);
    this.waiting.add(exchange);
    exchange.holdAfterDelay = plan.hold;
    if (plan.delayMs > 0) {
      exchange.stage = 'delaying';
      this.delayedCount += 1;
      exchange.timer = setTimeout(() => {
        exchange.timer = undefined;
        this.delayedCount -= 1;
        this.afterDelay(exchange);
      }, plan.delayMs);
      this.notify();
    } else {
      this.afterDelay(exchange);
    }
  }

  private afterDelay(exchange: Exchange): void {
    if (!exchange.holdAfterDelay) return this.send(exchange);
    exchange.stage = 'held';
    this.heldCount += 1;
    this.notify();
  }

  private prepare(
    exchange: Exchange,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const payload = Buffer.from(JSON.stringify(body));
    exchange.status = status;
    exchange.payload = payload;
    exchange.responseHeaders = {
      ...headers,
      'content-type': 'application/json',
      'content-length': payload.length,
    };
  }

  private fail(
    exchange: Exchange,
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    const error = { code, message };
    this.prepare(exchange, status, { error } satisfies CaptureErrorBody, headers);
    exchange.error = error;
    this.send(exchange);
  }

  private send(exchange: Exchange): void {
    const { res } = exchange;
    // The socket can die just before its close event runs; writing then would record as
    // accepted an answer the client never got.
    if (res.destroyed || res.socket?.destroyed === true) return this.abandon(exchange);
    if (exchange.stage === 'held') this.heldCount -= 1;
    exchange.stage = 'answered';
    this.waiting.delete(exchange);
    res.writeHead(exchange.status, exchange.responseHeaders);
    res.end(exchange.payload);
    this.record(exchange, false);
  }

  private onClose(exchange: Exchange): void {
    if (exchange.stage === 'answered' || exchange.stage === 'abandoned') return;
    this.abandon(exchange);
  }

  private abandon(exchange: Exchange): void {
    const { stage } = exchange;
    exchange.stage = 'abandoned';
    if (exchange.timer !== undefined) {
      clearTimeout(exchange.timer);
      this.delayedCount -= 1;
    }
    if (stage === 'held') this.heldCount -= 1;
    this.waiting.delete(exchange);
    this.record(exchange, true);
  }

  private record(exchange: Exchange, aborted: boolean): void {
    this.inFlightCount -= 1;
    // A request that straddles a reset() belongs to the test before it.
    if (exchange.generation === this.generation) {
      const { status } = exchange;
      const ok = !aborted && status >= 200 && status < 300;
      const tally = ok ? this.tally.accepted : this.tally.rejected;
      tally.requests += 1;
      tally.bodyBytes += exchange.bodyBytes;
      if (exchange.signal === 'traces') tally.spans += exchange.items;
      else if (exchange.signal === 'logs') tally.logRecords += exchange.items;
      else if (exchange.signal === 'metrics') tally.dataPoints += exchange.items;
      if (aborted) this.tally.aborted += 1;
      else this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
      if (this.store === 'full') this.keep(exchange, ok, aborted);
    }
    this.notify();
  }

  private keep(exchange: Exchange, ok: boolean, aborted: boolean): void {
    const base = {
      seq: exchange.seq,
      method: exchange.method,
      path: exchange.path,
      headers: exchange.headers,
      receivedAt: exchange.receivedAt,
      answeredAt: Date.now(),
      bodyBytes: exchange.bodyBytes,
      decodedBytes: exchange.decodedBytes,
      items: exchange.items,
      status: exchange.status,
    };
    if (ok && exchange.signal !== undefined) {
      this.accepted.push({
        ...base,
        signal: exchange.signal,
        body: exchange.body as OtlpRequestBySignal[OtlpSignal],
        partialSuccess: exchange.partialSuccess,
      } as AcceptedRequest);
    } else {
      this.rejectedList.push({
        ...base,
        signal: exchange.signal,
        body: exchange.body,
        error: exchange.error,
        aborted,
      });
    }
  }
}

/** Starts a capture server and resolves once it listens. */
export async function startOtlpCapture(options: OtlpCaptureOptions = {}): Promise<OtlpCapture> {
  checkOptions(options);
  const capture = new CaptureServer(options);
  await capture.listen();
  return capture;
}

/** CORS answer headers for a browser client: any origin, the headers the SDK sends. */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const requested = req.headers['access-control-request-headers'];
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers':
      typeof requested === 'string' ? requested : 'content-type, authorization',
    'access-control-expose-headers': 'retry-after',
    'access-control-max-age': '600',
    vary: 'origin',
  };
}
