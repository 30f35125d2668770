// Forwards OTLP/HTTP JSON to Alloy over a keep-alive connection pool, with bounded concurrency:
// at most `connections` requests on the wire and `maxQueue` waiting for a connection; past that
// the receiver is saturated and says so (503) rather than buffering without bound (R8). The
// outcome says whether Alloy took the data, so the receiver never acknowledges what it did not.
import { Pool } from 'undici';
import type { Signal } from '../domain/otlp.js';
import type { DownstreamConfig } from '../config/config.js';

/** The forwarder is configured by the receiver's `downstream` settings. */
export type ForwarderOptions = DownstreamConfig;

export type ForwardResult =
  | {
      readonly kind: 'accepted';
      /** Items Alloy itself refused (its OTLP partial success). */
      readonly rejected: number;
      readonly errorMessage: string | undefined;
    }
  /** Alloy down, slow, overloaded or failing: the client should retry later. */
  | { readonly kind: 'unavailable'; readonly retryAfterSeconds: number; readonly detail: string }
  /** The receiver's own forwarding capacity is exhausted. */
  | { readonly kind: 'overloaded'; readonly retryAfterSeconds: number }
  /** Alloy refused the data itself (400, 413): retrying cannot help. */
  | { readonly kind: 'refused'; readonly status: number; readonly detail: string };

export interface Downstream {
  forward(signal: Signal, tenant: string, body: string): Promise<ForwardResult>;
  /** True when Alloy answers HTTP at all (readiness). */
  probe(): Promise<boolean>;
  /** Requests on the wire or waiting for a connection. */
  readonly pending: number;
  close(): Promise<void>;
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

interface PartialSuccessBody {
  partialSuccess?: {
    rejectedSpans?: string | number;
    rejectedLogRecords?: string | number;
    errorMessage?: string;
  };
}

function readPartialSuccess(text: string): { rejected: number; errorMessage: string | undefined } {
  if (text === '') return { rejected: 0, errorMessage: undefined };
  try {
    const partial = (JSON.parse(text) as PartialSuccessBody).partialSuccess;
    const rejected = Number(partial?.rejectedSpans ?? partial?.rejectedLogRecords ?? 0);
    return {
      rejected: Number.isFinite(rejected) ? rejected : 0,
      errorMessage: partial?.errorMessage || undefined,
    };
  } catch {
    return { rejected: 0, errorMessage: undefined };
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export class AlloyForwarder implements Downstream {
  private readonly pool: Pool;
  private readonly basePath: string;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: ForwarderOptions) {
    const url = new URL(options.url);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 10_000,
      connect: { timeout: Math.min(options.timeoutMs, 5_000) },
    });
  }

  get pending(): number {
    return this.active + this.waiting.length;
  }

  /** Waits for a connection slot; false when the queue is full or the wait timed out. */
  private acquire(): Promise<boolean> | boolean {
    if (this.active < this.options.connections) {
      this.active++;
      return true;
    }
    if (this.waiting.length >= this.options.maxQueue) return false;
    return new Promise<boolean>((resolve) => {
      const grant = (): void => {
        clearTimeout(timer);
        this.active++;
        resolve(true);
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(grant);
        if (index !== -1) this.waiting.splice(index, 1);
        resolve(false);
      }, this.options.timeoutMs);
      this.waiting.push(grant);
    });
  }

  private releaseSlot(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  async forward(signal: Signal, tenant: string, body: string): Promise<ForwardResult> {
    const slot = this.acquire();
    if (!(slot === true || (await slot))) {
      return { kind: 'overloaded', retryAfterSeconds: 1 };
    }
    try {
      const response = await this.pool.request({
        method: 'POST',
        path: `${this.basePath}/v1/${signal}`,
        headers: { 'content-type': 'application/json', 'x-scope-orgid': tenant },
        body,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      const text = await response.body.text();
      const status = response.statusCode;
      if (status >= 200 && status < 300) return { kind: 'accepted', ...readPartialSuccess(text) };
      if (status === 400 || status === 413) {
        return { kind: 'refused', status, detail: `collector answered ${status}` };
      }
      const suggested = parseRetryAfter(header(response.headers['retry-after']), Date.now());
      return {
        kind: 'unavailable',
        retryAfterSeconds: Math.min(
          this.options.maxRetryAfterSeconds,
          Math.max(1, suggested ?? this.options.retryAfterSeconds),
        ),
        detail: `collector answered ${status}`,
      };
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'error';
      return {
        kind: 'unavailable',
        retryAfterSeconds: this.options.retryAfterSeconds,
        detail: `collector unreachable (${code})`,
      };
    } finally {
      this.releaseSlot();
    }
  }

  async probe(): Promise<boolean> {
    try {
      const response = await this.pool.request({
        method: 'GET',
        path: `${this.basePath}/`,
        headersTimeout: this.options.probeTimeoutMs,
        bodyTimeout: this.options.probeTimeoutMs,
      });
      await response.body.dump();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    for (const grant of this.waiting.splice(0)) grant();
    await this.pool.close();
  }
}
