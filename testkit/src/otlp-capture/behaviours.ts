/**
 * What the capture server should answer next: injected failures, partial successes, delays and
 * holds, each optionally limited to a number of requests and to one signal. Kept apart from the
 * HTTP code so the counting rules can be tested without a socket.
 */
import type { OtlpSignal } from './otlp-json.js';

export interface RuleScope {
  /** How many matching requests the rule applies to; omitted = until cleared. */
  times?: number;
  /** Only requests of this signal; omitted = every signal. */
  signal?: OtlpSignal;
}

export interface FailureOptions extends RuleScope {
  /** Retry-After header: seconds as a number, or a raw header value (e.g. an HTTP date). */
  retryAfter?: number | string;
  /** Replaces the default JSON error body (serialised with JSON.stringify). */
  body?: unknown;
}

export interface PartialSuccessOptions extends RuleScope {
  /** Reported as rejectedSpans, rejectedLogRecords or rejectedDataPoints, by signal. */
  rejected: number;
  errorMessage?: string;
}

export interface InjectedFailure {
  status: number;
  retryAfter: string | undefined;
  /** Undefined means "use the default error body". */
  body: unknown;
}

export interface InjectedPartialSuccess {
  rejected: number;
  errorMessage: string;
}

/** The behaviours that apply to one request, decided when its body has been read. */
export interface Plan {
  failure: InjectedFailure | undefined;
  partialSuccess: InjectedPartialSuccess | undefined;
  delayMs: number;
  hold: boolean;
}

interface Rule<T> {
  remaining: number;
  signal: OtlpSignal | undefined;
  value: T;
}

/**
 * Rules queue up: the first rule matching a request applies and uses up one of its times, so
 * `failWith(503, {times: 2}); failWith(429, {times: 1})` answers 503, 503, 429, then normally.
 */
class RuleQueue<T> {
  private rules: Rule<T>[] = [];

  add(value: T, scope: RuleScope): void {
    this.rules.push({
      remaining: scope.times ?? Number.POSITIVE_INFINITY,
      signal: scope.signal,
      value,
    });
  }

  take(signal: OtlpSignal): T | undefined {
    if (this.rules.length === 0) return undefined;
    const index = this.rules.findIndex((r) => r.signal === undefined || r.signal === signal);
    const rule = this.rules[index];
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(index, 1);
    return rule.value;
  }

  get size(): number {
    return this.rules.length;
  }

  clear(): void {
    this.rules = [];
  }
}

const SIGNALS: readonly OtlpSignal[] = ['traces', 'logs', 'metrics'];

function checkScope(method: string, scope: RuleScope): void {
  if (scope.times !== undefined && (!Number.isInteger(scope.times) || scope.times < 1)) {
    throw new RangeError(`${method}: times must be a positive integer, got ${String(scope.times)}`);
  }
  if (scope.signal !== undefined && !SIGNALS.includes(scope.signal)) {
    throw new RangeError(
      `${method}: signal must be one of ${SIGNALS.join(', ')}, got ${String(scope.signal)}`,
    );
  }
}

export class Behaviours {
  private readonly failures = new RuleQueue<InjectedFailure>();
  private readonly partials = new RuleQueue<InjectedPartialSuccess>();
  private readonly delays = new RuleQueue<number>();
  private holdSignal: OtlpSignal | 'all' | undefined;

  failWith(status: number, options: FailureOptions = {}): void {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`failWith: status must be an integer in 400..599, got ${status}`);
    }
    checkScope('failWith', options);
    const { retryAfter } = options;
    if (
      retryAfter !== undefined &&
      (typeof retryAfter === 'number'
        ? !Number.isInteger(retryAfter) || retryAfter < 0
        : retryAfter.trim() === '')
    ) {
      throw new RangeError(
        `failWith: retryAfter must be whole seconds >= 0 or a non-empty header value, got ${JSON.stringify(retryAfter)}`,
      );
    }
    this.failures.add(
      {
        status,
        retryAfter: retryAfter === undefined ? undefined : String(retryAfter),
        body: options.body,
      },
      options,
    );
  }

  partialSuccess(options: PartialSuccessOptions): void {
    if (!Number.isInteger(options.rejected) || options.rejected < 0) {
      throw new RangeError(
        `partialSuccess: rejected must be an integer >= 0, got ${String(options.rejected)}`,
      );
    }
    checkScope('partialSuccess', options);
    this.partials.add(
      { rejected: options.rejected, errorMessage: options.errorMessage ?? '' },
      options,
    );
  }

  delay(ms: number, scope: RuleScope = {}): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`delayResponses: ms must be a finite number >= 0, got ${ms}`);
    }
    checkScope('delayResponses', scope);
    this.delays.add(ms, scope);
  }

  hold(signal?: OtlpSignal): void {
    checkScope('hold', { signal });
    this.holdSignal = signal ?? 'all';
  }

  stopHolding(): void {
    this.holdSignal = undefined;
  }

  /** Decides, and uses up, the behaviours for one request. */
  plan(signal: OtlpSignal): Plan {
    const failure = this.failures.take(signal);
    // A partial success only makes sense on an answer that is a success.
    const partialSuccess = failure === undefined ? this.partials.take(signal) : undefined;
    return {
      failure,
      partialSuccess,
      delayMs: this.delays.take(signal) ?? 0,
      hold: this.holdSignal === 'all' || this.holdSignal === signal,
    };
  }

  /** True when no rule is set: lets the server skip planning on the hot path. */
  get idle(): boolean {
    return (
      this.failures.size === 0 &&
      this.partials.size === 0 &&
      this.delays.size === 0 &&
      this.holdSignal === undefined
    );
  }

  clear(): void {
    this.failures.clear();
    this.partials.clear();
    this.delays.clear();
    this.holdSignal = undefined;
  }
}
