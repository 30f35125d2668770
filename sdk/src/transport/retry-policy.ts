// T4: which failures are worth retrying, and when. Pure functions with injected randomness.

/** Network failures (no response) and these statuses are transient; anything else is final. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export type SendOutcome =
  | { kind: 'delivered' }
  /** Worth retrying; `retryAfterMs` when the server said when. */
  | { kind: 'retry'; retryAfterMs?: number; reason: string }
  /** The server refused the data for good (4xx other than 429, 500, ...). */
  | { kind: 'rejected'; status: number };

export function classifyResponse(
  status: number,
  retryAfterHeader: string | null,
  now: number,
): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (!RETRYABLE_STATUSES.has(status)) return { kind: 'rejected', status };
  const retryAfterMs = parseRetryAfter(retryAfterHeader, now);
  return retryAfterMs === undefined
    ? { kind: 'retry', reason: `HTTP ${status}` }
    : { kind: 'retry', retryAfterMs, reason: `HTTP ${status}` };
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 60_000 };

/**
 * Exponential backoff with full jitter: uniform in [0, min(max, initial · 2^attempt)]. Full jitter
 * spreads the retries of many browsers that failed together, so a recovering receiver is not hit
 * by all of them at once. `attempt` counts failures so far (1 after the first).
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** The delay to wait: the server's Retry-After wins over backoff, capped at the maximum. */
export function retryDelay(
  attempt: number,
  outcome: { retryAfterMs?: number },
  options: BackoffOptions,
  random?: () => number,
): number {
  if (outcome.retryAfterMs !== undefined) return Math.min(outcome.retryAfterMs, options.maxMs);
  return backoffDelay(attempt, options, random);
}
