// A loopback HTTP server for fixtures, player libraries and the harness page that injects faults
// per request and logs what it actually did. The log is the network-side ground truth: when a
// request started, when its first byte left, when it ended, how many body bytes went out and
// which fault it got. Times are epoch milliseconds with sub-millisecond precision
// (performance.timeOrigin + performance.now()), the same scale as the page's timeOrigin + now.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MediaFixtures } from './layout.js';
import { FaultBook } from './faults.js';
import type { AppliedFault, Fault, FaultHandle, FaultRule } from './faults.js';
import { livePlaylistAt, parseMediaPlaylist, validateLiveWindow } from './live.js';
import type { LiveWindowSpec } from './live.js';
import { parseRange } from './range.js';
import { ResourceResolver } from './resources.js';
import type { Resource } from './resources.js';
import { MEDIA_PATH_PREFIX } from '../page/protocol.js';

export interface MediaServerOptions {
  /** Served under /media/. Without it only libraries and the harness are served. */
  fixtures?: Pick<MediaFixtures, 'dir'>;
  /** Default 127.0.0.1: tests stay on loopback. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
}

export type RequestOutcome =
  /** Still being answered. */
  | 'pending'
  /** The whole response was handed to the socket. */
  | 'complete'
  /** An abort fault destroyed the connection. */
  | 'aborted'
  /** The client went away first (a player cancelling a slow segment, a closed page). */
  | 'client-closed'
  /** The server was closed while answering. */
  | 'server-closed';

export interface RequestRecord {
  /** Arrival order from 1. */
  seq: number;
  method: string;
  /** Decoded path without the query string; what faults match against. */
  path: string;
  /** The query string with its '?', or ''. */
  query: string;
  range: string | null;
  /** Status sent, or null if no head went out (aborted or closed before it). */
  status: number | null;
  /** Body bytes written to the socket. */
  bytesSent: number;
  /** Epoch ms when the request arrived. */
  startedAt: number;
  /** Epoch ms when the response head (and first body bytes, if any) were written. */
  firstByteAt: number | null;
  /** Epoch ms when the response finished or the connection ended. */
  endedAt: number | null;
  outcome: RequestOutcome;
  fault: AppliedFault | null;
}

export interface LiveHlsOptions {
  /** Fixture path of a VOD media playlist, e.g. 'hls/240p/index.m3u8'. */
  fixturePath: string;
  /** Segments per playlist; default 3. */
  windowSegments?: number;
  /** Segments published at the start; default the window size. */
  initialSegments?: number;
  /** Epoch ms the stream started; default now. Earlier values give a stream already running. */
  startedAtMs?: number;
}

export interface LiveHlsStream {
  /** URL path of the live playlist: /live/ + the fixture path. */
  readonly path: string;
  readonly url: string;
  readonly startedAtMs: number;
  /** Stops serving the playlist (404 afterwards). */
  remove(): void;
}

/** Live playlists are served under this prefix, mirroring the fixture path. */
export const LIVE_PATH_PREFIX = '/live/';

export interface MediaServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly port: number;
  /** Absolute URL of a server path ('/harness.html'). */
  url(path: string): string;
  /** URL path of a fixture file given relative to the fixture directory ('hls/master.m3u8'). */
  mediaPath(fixturePath: string): string;
  /** Absolute URL of a fixture file given relative to the fixture directory. */
  mediaUrl(fixturePath: string): string;
  addFault(rule: FaultRule): FaultHandle;
  clearFaults(): void;
  /**
   * Publishes a fixture's VOD media playlist as a live sliding window that advances in real
   * time (see live.ts). Faults apply to the live playlist path like to any other.
   */
  addLiveHls(options: LiveHlsOptions): LiveHlsStream;
  /** Copies of the log entries, oldest first; optionally only those whose path matches. */
  requests(path?: string | RegExp): RequestRecord[];
  clearRequests(): void;
  /** Stops listening, ends keep-alive and in-flight connections, cancels pending delays. */
  close(): Promise<void>;
}

const now = (): number => performance.timeOrigin + performance.now();

/** Throttled bodies go out in slices of about this many milliseconds' worth of bytes. */
const THROTTLE_SLICE_MS = 50;

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Content-Length, Content-Range, Accept-Ranges, Content-Type',
  // Lets the page's Resource Timing entries carry sizes and phases for these cross-origin-safe
  // resources, which the SDK may read.
  'timing-allow-origin': '*',
} as const;

export async function startMediaServer(options: MediaServerOptions = {}): Promise<MediaServer> {
  const host = options.host ?? '127.0.0.1';
  const resources = new ResourceResolver(options.fixtures?.dir);
  const faults = new FaultBook();
  const liveStreams = new Map<string, { fixturePath: string; spec: LiveWindowSpec }>();
  let log: RequestRecord[] = [];
  let seq = 0;
  // Aborted on close(): every pending delay or throttle pause listens to it.
  const closing = new AbortController();
  let closed: Promise<void> | undefined;

  const server = createServer((req, res) => {
    seq += 1;
    const record = startRecord(seq, req);
    log.push(record);
    watchEnd(res, record, closing.signal);
    handle(req, res, record).catch((error: unknown) => {
      if (closing.signal.aborted || res.destroyed) return;
      console.error('media server: failed to answer', record.path, error);
      if (!res.headersSent) sendBody(res, record, 500, 'text/plain', Buffer.from('server error'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, record: RequestRecord) {
    const gone = goneSignal(res, closing.signal);
    if (req.method === 'OPTIONS') {
      // Preflight: players send CMCD or other custom headers; never subject to faults.
      res.writeHead(204, {
        ...CORS_HEADERS,
        'access-control-allow-methods': 'GET, HEAD, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      markHead(record, 204);
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendBody(res, record, 405, 'text/plain', Buffer.from('method not allowed'));
      return;
    }
    const applied = faults.take(record.path);
    record.fault = applied ?? null;
    const fault: Fault | undefined = applied?.fault;

    const holdMs =
      fault?.kind === 'delay' ? fault.ms : fault?.kind === 'status' ? (fault.delayMs ?? 0) : 0;
    if (holdMs > 0) {
      const waited = await sleepUntil(performance.now() + holdMs, gone);
      if (!waited) return;
    }
    if (fault?.kind === 'status') {
      const json = typeof fault.body !== 'string';
      const body =
        fault.body === undefined
          ? { error: { code: 'injected_fault', status: fault.status, rule: applied?.label } }
          : fault.body;
      const bytes = Buffer.from(json ? JSON.stringify(body) : String(body), 'utf8');
      sendBody(res, record, fault.status, json ? 'application/json' : 'text/plain', bytes);
      return;
    }
    if (fault?.kind === 'abort' && fault.afterBytes === undefined) {
      record.outcome = 'aborted';
      res.socket?.destroy();
      return;
    }

    const live = await liveResource(record.path);
    const resource = live ?? (await resources.resolve(record.path));
    if (resource === undefined) {
      const body = { error: { code: 'not_found', path: record.path } };
      sendBody(res, record, 404, 'application/json', Buffer.from(JSON.stringify(body)));
      return;
    }
    let status = 200;
    let body = resource.body;
    const headers: Record<string, string> = { 'accept-ranges': 'bytes' };
    // A live playlist changes between requests: byte ranges of two versions would not fit
    // together, so it is always sent whole (a server may ignore Range).
    const range = live === undefined ? parseRange(req.headers.range, body.length) : undefined;
    if (range === 'unsatisfiable') {
      headers['content-range'] = `bytes */${body.length}`;
      sendBody(res, record, 416, 'text/plain', Buffer.alloc(0), headers);
      return;
    }
    if (range !== undefined) {
      status = 206;
      headers['content-range'] = `bytes ${range.start}-${range.end}/${body.length}`;
      body = body.subarray(range.start, range.end + 1);
    }
    if (req.method === 'HEAD') {
      sendBody(res, record, status, resource.contentType, body, headers, true);
      return;
    }
    if (fault?.kind === 'abort') {
      res.writeHead(status, responseHeaders(resource.contentType, body.length, headers));
      const slice = body.subarray(0, fault.afterBytes);
      res.write(slice);
      markHead(record, status);
      record.bytesSent = slice.length;
      record.outcome = 'aborted';
      // Give the socket a turn to flush the partial body before cutting it.
      setImmediate(() => res.destroy());
      return;
    }
    if (fault?.kind === 'throttle') {
      await sendThrottled(res, record, status, resource.contentType, body, headers, {
        bytesPerSecond: fault.bytesPerSecond,
        gone,
      });
      return;
    }
    sendBody(res, record, status, resource.contentType, body, headers);
  }

  async function liveResource(path: string): Promise<Resource | undefined> {
    const live = liveStreams.get(path);
    if (live === undefined) return undefined;
    const vod = await resources.resolve(`${MEDIA_PATH_PREFIX}${live.fixturePath}`);
    if (vod === undefined) return undefined;
    const playlist = parseMediaPlaylist(vod.body.toString('utf8'));
    const text = livePlaylistAt(playlist, live.spec, now());
    return { body: Buffer.from(text, 'utf8'), contentType: vod.contentType };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    origin,
    port,
    url: (path) => `${origin}${path.startsWith('/') ? '' : '/'}${path}`,
    mediaPath: (fixturePath) => `${MEDIA_PATH_PREFIX}${fixturePath.replace(/^\/+/, '')}`,
    mediaUrl: (fixturePath) => `${origin}${MEDIA_PATH_PREFIX}${fixturePath.replace(/^\/+/, '')}`,
    addFault: (rule) => faults.add(rule),
    addLiveHls: (live) => {
      const fixturePath = live.fixturePath.replace(/^\/+/, '');
      if (!fixturePath.endsWith('.m3u8')) {
        throw new RangeError(
          `live stream: fixturePath must be a .m3u8 playlist, got ${fixturePath}`,
        );
      }
      const windowSegments = live.windowSegments ?? 3;
      const spec: LiveWindowSpec = {
        windowSegments,
        initialSegments: live.initialSegments ?? windowSegments,
        startedAtMs: live.startedAtMs ?? now(),
        baseDir: `${MEDIA_PATH_PREFIX}${fixturePath}`.replace(/\/[^/]*$/, ''),
      };
      validateLiveWindow(spec);
      const path = `${LIVE_PATH_PREFIX}${fixturePath}`;
      liveStreams.set(path, { fixturePath, spec });
      return {
        path,
        url: `${origin}${path}`,
        startedAtMs: spec.startedAtMs,
        remove: () => {
          liveStreams.delete(path);
        },
      };
    },
    clearFaults: () => faults.clear(),
    requests: (path) =>
      log
        .filter((r) =>
          path === undefined
            ? true
            : typeof path === 'string'
              ? r.path === path
              : path.test(r.path),
        )
        .map((r) => structuredClone(r)),
    clearRequests: () => {
      log = [];
    },
    close: () => {
      // Idempotent: an afterEach may close a server a test already closed.
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => {
          // Responses cut by the shutdown may not have seen their 'close' event yet.
          for (const record of log) {
            if (record.outcome !== 'pending') continue;
            record.outcome = 'server-closed';
            record.endedAt ??= now();
          }
          if (error) reject(error);
          else resolve();
        });
        // Keep-alive sockets would hold close() open until the browser drops them.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function startRecord(seq: number, req: IncomingMessage): RequestRecord {
  const raw = req.url ?? '/';
  const queryAt = raw.indexOf('?');
  const rawPath = queryAt === -1 ? raw : raw.slice(0, queryAt);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    path = rawPath;
  }
  return {
    seq,
    method: req.method ?? 'GET',
    path,
    query: queryAt === -1 ? '' : raw.slice(queryAt),
    range: req.headers.range ?? null,
    status: null,
    bytesSent: 0,
    startedAt: now(),
    firstByteAt: null,
    endedAt: null,
    outcome: 'pending',
    fault: null,
  };
}

/** Closes the record when the response finishes or the connection goes away first. */
function watchEnd(res: ServerResponse, record: RequestRecord, closing: AbortSignal): void {
  res.once('finish', () => {
    record.endedAt ??= now();
    if (record.outcome === 'pending') record.outcome = 'complete';
  });
  res.once('close', () => {
    record.endedAt ??= now();
    if (record.outcome !== 'pending') return;
    if (res.writableFinished) record.outcome = 'complete';
    else record.outcome = closing.aborted ? 'server-closed' : 'client-closed';
  });
}

/** Fires when the client disconnects or the server closes: whichever comes first. */
function goneSignal(res: ServerResponse, closing: AbortSignal): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return AbortSignal.any([controller.signal, closing]);
}

function markHead(record: RequestRecord, status: number): void {
  record.status = status;
  record.firstByteAt ??= now();
}

function responseHeaders(
  contentType: string,
  length: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...CORS_HEADERS,
    'content-type': contentType,
    'content-length': String(length),
    // Every request must reach the server, or a fault could be skipped by the browser cache.
    'cache-control': 'no-store',
    ...extra,
  };
}

function sendBody(
  res: ServerResponse,
  record: RequestRecord,
  status: number,
  contentType: string,
  body: Buffer,
  extra: Record<string, string> = {},
  headOnly = false,
): void {
  res.writeHead(status, responseHeaders(contentType, body.length, extra));
  markHead(record, status);
  if (headOnly) {
    res.end();
    return;
  }
  record.bytesSent = body.length;
  res.end(body);
}

async function sendThrottled(
  res: ServerResponse,
  record: RequestRecord,
  status: number,
  contentType: string,
  body: Buffer,
  extra: Record<string, string>,
  pace: { bytesPerSecond: number; gone: AbortSignal },
): Promise<void> {
  res.writeHead(status, responseHeaders(contentType, body.length, extra));
  res.flushHeaders();
  markHead(record, status);
  const sliceBytes = Math.max(1, Math.floor((pace.bytesPerSecond * THROTTLE_SLICE_MS) / 1000));
  const started = performance.now();
  for (let offset = 0; offset < body.length; offset += sliceBytes) {
    const slice = body.subarray(offset, offset + sliceBytes);
    // Each slice leaves once the budget for it has accrued, so the whole body takes
    // size / rate; scheduling from the start (not from the last slice) keeps timer lag from
    // accumulating into a slower rate.
    const due = started + ((offset + slice.length) / pace.bytesPerSecond) * 1000;
    const waited = await sleepUntil(due, pace.gone);
    if (!waited) return;
    if (res.destroyed) return;
    const flushed = res.write(slice);
    record.bytesSent += slice.length;
    if (!flushed) {
      const drained = await waitForDrain(res, pace.gone);
      if (!drained) return;
    }
  }
  res.end();
}

/**
 * Resolves true once performance.now() ≥ `due`, false if `gone` fires first. Node timers work in
 * whole milliseconds and can fire a fraction early; looping makes an injected delay never shorter
 * than asked, which tests assert on.
 */
async function sleepUntil(due: number, gone: AbortSignal): Promise<boolean> {
  for (let left = due - performance.now(); left > 0; left = due - performance.now()) {
    const slept = await sleep(Math.ceil(left), true, { signal: gone }).catch(() => false);
    if (!slept) return false;
  }
  return !gone.aborted;
}

function waitForDrain(res: ServerResponse, gone: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (gone.aborted) {
      resolve(false);
      return;
    }
    const onDrain = (): void => {
      gone.removeEventListener('abort', onGone);
      resolve(true);
    };
    const onGone = (): void => {
      res.off('drain', onDrain);
      resolve(false);
    };
    res.once('drain', onDrain);
    gone.addEventListener('abort', onGone, { once: true });
  });
}
