// Puts one batch on the wire: fetch (keepalive when it fits the page's budget) or, for unload
// fallbacks, navigator.sendBeacon. Knows URLs and headers; decides nothing about retries.
import { batchBytes, type Batch } from './batch.js';
import { KEEPALIVE_BUDGET_BYTES } from './unload-plan.js';
import { classifyResponse, type SendOutcome } from './retry-policy.js';

/** Headers the receiver reads to de-duplicate retried batches (T6) and correct client clocks (T7). */
export const BATCH_ID_HEADER = 'X-OpenQoE-Batch-Id';
export const SENT_AT_HEADER = 'X-OpenQoE-Sent-At';

export interface EndpointOptions {
  /** Base URL, e.g. https://example.com/qoe (first-party paths are fine: S13). */
  url: string;
  apiKey?: string;
  /** Extra headers for every fetch (not possible on beacons). */
  headers?: Record<string, string>;
  requestTimeoutMs: number;
}

export interface BrowserNetwork {
  fetch: typeof fetch;
  sendBeacon?: (url: string, data: BodyInit) => boolean;
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

/** Unix nanoseconds as a decimal string, from epoch milliseconds (OTLP's time format, T7). */
export function toUnixNanos(epochMs: number): string {
  // Whole microseconds fit a double exactly until the year 2255 (2^53 µs); rounding the fraction
  // on its own could carry into a fourth digit (….9996 ms → "1000").
  return `${Math.round(epochMs * 1000)}000`;
}

export class HttpSender {
  private inFlightKeepaliveBytes = 0;

  constructor(
    private readonly endpoint: EndpointOptions,
    private readonly network: BrowserNetwork,
  ) {}

  get canBeacon(): boolean {
    return typeof this.network.sendBeacon === 'function';
  }

  get keepaliveBytesInFlight(): number {
    return this.inFlightKeepaliveBytes;
  }

  url(batch: Batch): string {
    return `${trimSlash(this.endpoint.url)}/v1/${batch.signal}`;
  }

  /**
   * Beacons cannot carry headers: the key, batch id and send time travel in the query string, and
   * the body is sent as text/plain so no CORS preflight is needed (the receiver's beacon path).
   */
  beaconUrl(batch: Batch, sentAt: number): string {
    const query = new URLSearchParams({ batch_id: batch.id, sent_at: toUnixNanos(sentAt) });
    if (this.endpoint.apiKey) query.set('api_key', this.endpoint.apiKey);
    return `${trimSlash(this.endpoint.url)}/beacon/v1/${batch.signal}?${query.toString()}`;
  }

  /** Sends with fetch; resolves to the outcome, never rejects. */
  async send(
    batch: Batch,
    sentAt: number,
    options: { unloading?: boolean } = {},
  ): Promise<SendOutcome> {
    const bytes = batchBytes(batch);
    // keepalive lets a request outlive the page, within a shared 64 KiB per-page budget.
    const keepalive = this.inFlightKeepaliveBytes + bytes <= KEEPALIVE_BUDGET_BYTES;
    const headers: Record<string, string> = {
      ...this.endpoint.headers,
      'Content-Type': 'application/json',
      [BATCH_ID_HEADER]: batch.id,
      [SENT_AT_HEADER]: toUnixNanos(sentAt),
    };
    if (this.endpoint.apiKey) headers.Authorization = `Bearer ${this.endpoint.apiKey}`;
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    const timer =
      controller && !options.unloading
        ? setTimeout(() => controller.abort(), this.endpoint.requestTimeoutMs)
        : undefined;
    if (keepalive) this.inFlightKeepaliveBytes += bytes;
    try {
      const response = await this.network.fetch(this.url(batch), {
        method: 'POST',
        body: batch.body,
        headers,
        keepalive,
        credentials: 'omit',
        mode: 'cors',
        signal: controller?.signal,
      });
      return classifyResponse(response.status, response.headers.get('Retry-After'), Date.now());
    } catch (error) {
      return { kind: 'retry', reason: `network: ${(error as Error).name}` };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (keepalive) this.inFlightKeepaliveBytes -= bytes;
    }
  }

  /** Hands the batch to the browser's beacon queue; false when refused (quota, no support). */
  beacon(batch: Batch, sentAt: number): boolean {
    if (!this.network.sendBeacon) return false;
    try {
      const body =
        typeof Blob === 'function' ? new Blob([batch.body], { type: 'text/plain' }) : batch.body;
      return this.network.sendBeacon(this.beaconUrl(batch, sentAt), body);
    } catch {
      return false;
    }
  }
}
