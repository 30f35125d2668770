// Shared by the receiver's tests: a configuration, payload builders, an HTTP client with full
// control of headers and bodies, and a receiver started in front of the OTLP capture server.
import type { Readable } from 'node:stream';
import { request } from 'undici';
import {
  startOtlpCapture,
  type OtlpCapture,
  type OtlpCaptureOptions,
} from '../../testkit/src/otlp-capture/server.js';
import { createApp, type Receiver, type ReceiverDeps } from '../src/app.js';
import { defaultConfig, type ReceiverConfig } from '../src/config/config.js';
import { keyDigest } from '../src/domain/api-keys.js';

export const KEY = 'test-key-acme-0123456789';
export const OTHER_KEY = 'test-key-globex-0123456789';
export const ORIGIN = 'https://shop.example';
export const SALT = 'salt-for-acme-viewers-0001';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A configuration for tests: two tenants, no rate limits, no metric push, Alloy at `otelUrl`. */
export function testConfig(
  otelUrl: string,
  change: (config: Mutable<ReceiverConfig>) => void = () => {},
): ReceiverConfig {
  const base = defaultConfig();
  const config: Mutable<ReceiverConfig> = {
    ...base,
    port: 0,
    host: '127.0.0.1',
    keys: [
      {
        digest: keyDigest(KEY),
        tenant: 'acme',
        origins: [ORIGIN, 'https://*.acme.example'],
        rateLimit: undefined,
      },
      {
        digest: keyDigest(OTHER_KEY),
        tenant: 'globex',
        origins: ['https://globex.example'],
        rateLimit: undefined,
      },
    ],
    tenants: new Map([
      ['acme', { viewerHashSalt: SALT, cardinality: {} }],
      ['globex', { viewerHashSalt: undefined, cardinality: {} }],
    ]),
    rateLimits: { perIp: undefined, perSession: undefined, maxClients: 1000 },
    downstream: { ...base.downstream, url: otelUrl, timeoutMs: 2000, retryAfterSeconds: 3 },
    telemetry: { ...base.telemetry, exportIntervalMs: 0 },
    shutdownTimeoutMs: 3000,
  };
  change(config);
  return config;
}

export interface Stack {
  readonly alloy: OtlpCapture;
  readonly receiver: Receiver;
  readonly url: string;
  close(): Promise<void>;
}

export async function startStack(
  change?: (config: Mutable<ReceiverConfig>) => void,
  deps: ReceiverDeps = {},
  captureOptions: OtlpCaptureOptions = {},
): Promise<Stack> {
  const alloy = await startOtlpCapture(captureOptions);
  const receiver = createApp(testConfig(alloy.url, change), deps);
  const url = await receiver.listen(0, '127.0.0.1');
  return {
    alloy,
    receiver,
    url,
    async close() {
      await receiver.close();
      await alloy.close();
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
  /** Default: Bearer KEY and application/json, unless overridden or set to undefined. */
  auth?: string | undefined;
}

export async function send(url: string, path: string, options: SendOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const auth = 'auth' in options ? options.auth : KEY;
  if (auth !== undefined) headers.authorization = `Bearer ${auth}`;
  // An empty string in options.headers removes a default header.
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name] = value;
  const sent = Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ''));
  const response = await request(`${url}${path}`, {
    method: (options.method ?? (options.body === undefined ? 'GET' : 'POST')) as 'GET',
    headers: sent,
    body: options.body,
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.statusCode, headers: flat, text, json };
}

export function errorCode(answer: Answer): string | undefined {
  return (answer.json as { error?: { code?: string } } | undefined)?.error?.code;
}

// ---- payloads -------------------------------------------------------------------------------

let idCounter = 1;
function hexId(length: number): string {
  const n = (idCounter++).toString(16);
  return n.padStart(length, '0');
}

export function nowNs(offsetMs = 0): string {
  return `${BigInt(Date.now() + offsetMs) * 1_000_000n}`;
}

type Attr = { key: string; value: Record<string, unknown> };
export const str = (key: string, value: string): Attr => ({ key, value: { stringValue: value } });
export const int = (key: string, value: number): Attr => ({ key, value: { intValue: value } });
export const dbl = (key: string, value: number): Attr => ({ key, value: { doubleValue: value } });
export const bool = (key: string, value: boolean): Attr => ({ key, value: { boolValue: value } });

export function resourceAttributes(extra: Attr[] = []): Attr[] {
  return [
    str('service.name', 'shop'),
    str('telemetry.sdk.name', 'opentelemetry'),
    str('telemetry.sdk.language', 'webjs'),
    str('telemetry.sdk.version', '2.12.1'),
    str('telemetry.distro.name', 'openqoe'),
    str('telemetry.distro.version', '0.1.0'),
    str('session.id', 'session-1'),
    ...extra,
  ];
}

export function span(
  name: string,
  attributes: Attr[] = [],
  startMs = -2000,
  durationMs = 1500,
): Record<string, unknown> {
  return {
    traceId: hexId(32),
    spanId: hexId(16),
    name,
    kind: 1,
    startTimeUnixNano: nowNs(startMs),
    endTimeUnixNano: nowNs(startMs + durationMs),
    attributes,
  };
}

export function rebuffer(index = 1, extra: Attr[] = []): Record<string, unknown> {
  return span('video.rebuffer', [int('video.rebuffer.index', index), ...extra]);
}

export function viewSpan(extra: Attr[] = []): Record<string, unknown> {
  return span('video.view', [
    str('video.view.end_reason', 'ended'),
    str('video.player.name', 'hlsjs'),
    str('video.stream.type', 'vod'),
    ...extra,
  ]);
}

export function tracesBody(
  spans: Record<string, unknown>[],
  resource: Attr[] = resourceAttributes(),
): Record<string, unknown> {
  return {
    resourceSpans: [
      {
        resource: { attributes: resource },
        scopeSpans: [{ scope: { name: '@openqoe/sdk', version: '0.1.0' }, spans }],
      },
    ],
  };
}

export function logRecord(
  eventName: string,
  attributes: Attr[] = [],
  atMs = -1000,
): Record<string, unknown> {
  return {
    timeUnixNano: nowNs(atMs),
    eventName,
    attributes,
    traceId: hexId(32),
    spanId: hexId(16),
  };
}

export function logsBody(
  records: Record<string, unknown>[],
  resource: Attr[] = resourceAttributes(),
): Record<string, unknown> {
  return {
    resourceLogs: [
      {
        resource: { attributes: resource },
        scopeLogs: [{ scope: { name: '@openqoe/sdk' }, logRecords: records }],
      },
    ],
  };
}

export function heartbeats(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) =>
    logRecord('video.heartbeat', [dbl('video.playhead.position', i * 10)]),
  );
}

export const CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/** Polls `condition` until it holds (for state with no event to await), or fails after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
