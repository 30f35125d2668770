// Timestamp policy (R9). Browsers' clocks are often wrong by minutes or years. Each batch carries
// the client's wall-clock send time (X-OpenQoE-Sent-At); the receiver compares it with its own
// clock, and when they disagree by more than a tolerance (transit time and small drift), it shifts
// every timestamp of the batch by the difference. What is then still too far in the future or the
// past is refused item by item. With policy `reject`, nothing is shifted.
import { forEachItem, itemPath, type Signal } from './otlp.js';
import type { ItemRejections } from './rejection.js';

export interface TimestampPolicy {
  readonly mode: 'correct' | 'reject';
  /** Client and receiver clocks may disagree this much before timestamps are shifted. */
  readonly skewToleranceMs: number;
  /** How far after the receiver's now an item may be (after any shift). */
  readonly maxFutureMs: number;
  /** How far before the receiver's now an item may be; the SDK queues data up to 24 h offline. */
  readonly maxPastMs: number;
}

export interface TimestampOutcome {
  /** The shift applied to every timestamp, in nanoseconds (0n when none). */
  readonly offsetNs: bigint;
  /** Items whose timestamps were shifted. */
  corrected: number;
  /** Items refused because a timestamp stayed out of the window. */
  rejected: number;
}

const NS_PER_MS = 1_000_000;

/** OTLP timestamps are decimal strings (or, from some encoders, numbers) of Unix nanoseconds. */
export function timestampMs(value: unknown): number {
  if (typeof value === 'number') return value / NS_PER_MS;
  if (typeof value === 'string' && value !== '') return Number(value) / NS_PER_MS;
  return Number.NaN;
}

/**
 * The shift to apply to a batch's timestamps: receiver now − client send time, when the two
 * clocks disagree by more than the tolerance; 0n otherwise, or without a send time.
 */
export function clockOffsetNs(
  nowMs: number,
  sentAtNs: string | undefined,
  policy: TimestampPolicy,
): bigint {
  if (policy.mode !== 'correct' || sentAtNs === undefined) return 0n;
  const skewMs = nowMs - Number(sentAtNs) / NS_PER_MS;
  if (Math.abs(skewMs) <= policy.skewToleranceMs) return 0n;
  return BigInt(Math.round(nowMs)) * BigInt(NS_PER_MS) - BigInt(sentAtNs);
}

export type TimeCheck = 'ok' | 'future' | 'past';

export function checkTime(timeMs: number, nowMs: number, policy: TimestampPolicy): TimeCheck {
  if (!(timeMs <= nowMs + policy.maxFutureMs)) return 'future';
  if (timeMs < nowMs - policy.maxPastMs) return 'past';
  return 'ok';
}

function shifted(value: unknown, offsetNs: bigint): string {
  const ns = typeof value === 'number' ? BigInt(Math.round(value)) : BigInt(value as string);
  const result = ns + offsetNs;
  return (result < 0n ? 0n : result).toString();
}

const PLAIN_DECIMAL = /^[1-9][0-9]*$|^0$/;

/**
 * Whether a span's end lies before its start, exactly. The schema lets each be an integer or a
 * decimal string of up to 20 digits (beyond what a double holds exactly). Two decimal strings
 * without leading zeros compare by length, then digit by digit, with no BigInt per span.
 */
export function endsBeforeStart(start: unknown, end: unknown): boolean {
  if (typeof start === 'string' && typeof end === 'string') {
    if (PLAIN_DECIMAL.test(start) && PLAIN_DECIMAL.test(end)) {
      return end.length !== start.length ? end.length < start.length : end < start;
    }
  }
  return BigInt(end as string | number) < BigInt(start as string | number);
}

const FIELDS: Readonly<Record<Signal, readonly string[]>> = {
  traces: ['startTimeUnixNano', 'endTimeUnixNano'],
  logs: ['timeUnixNano', 'observedTimeUnixNano'],
};

function describe(check: TimeCheck, policy: TimestampPolicy): string {
  return check === 'future'
    ? `is more than ${policy.maxFutureMs / 1000} s in the future`
    : `is more than ${policy.maxPastMs / 1000} s in the past`;
}

/** Applies the policy to every item of a validated request, in place. */
export function applyTimestampPolicy(
  signal: Signal,
  body: object,
  nowMs: number,
  sentAtNs: string | undefined,
  policy: TimestampPolicy,
  rejections: ItemRejections,
): TimestampOutcome {
  const offsetNs = clockOffsetNs(nowMs, sentAtNs, policy);
  const outcome: TimestampOutcome = { offsetNs, corrected: 0, rejected: 0 };
  const fields = FIELDS[signal];
  forEachItem(signal, body, (item, at) => {
    if (offsetNs !== 0n) {
      for (const field of fields) {
        const value = item[field];
        // An absent or zero observed time means "unknown" in OTLP: it stays so.
        if (value !== undefined && value !== '0' && value !== 0) {
          item[field] = shifted(value, offsetNs);
        }
      }
      outcome.corrected++;
    }
    // The first field is the one every item has (start time, event time).
    for (let f = 0; f < (signal === 'traces' ? 2 : 1); f++) {
      const field = fields[f] as string;
      const check = checkTime(timestampMs(item[field]), nowMs, policy);
      if (check !== 'ok') {
        const path = `${itemPath(signal, at)}/${field}`;
        rejections.reject(item, 1, path, describe(check, policy), 'timestamp');
        outcome.rejected++;
        return;
      }
    }
    if (signal === 'traces' && endsBeforeStart(item.startTimeUnixNano, item.endTimeUnixNano)) {
      const path = `${itemPath(signal, at)}/endTimeUnixNano`;
      rejections.reject(item, 1, path, 'is before startTimeUnixNano', 'timestamp');
      outcome.rejected++;
    }
  });
  return outcome;
}
