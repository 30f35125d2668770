// T4: stop hammering a dead endpoint. After `failureThreshold` consecutive failures the breaker
// opens for `openMs`; then one probe request may go (half-open): success closes it, failure opens
// it again for twice as long (capped), so an endpoint that stays down costs fewer requests.
import type { Clock } from '../clock.js';

export interface CircuitBreakerOptions {
  failureThreshold: number;
  openMs: number;
  maxOpenMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerOptions = {
  failureThreshold: 5,
  openMs: 30_000,
  maxOpenMs: 5 * 60_000,
};

export type BreakerState = 'closed' | 'open' | 'half_open';

export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private currentOpenMs: number;
  private probing = false;

  constructor(
    private readonly clock: Clock,
    private readonly options: CircuitBreakerOptions = DEFAULT_CIRCUIT_BREAKER,
  ) {
    this.currentOpenMs = options.openMs;
  }

  get state(): BreakerState {
    if (this.failures < this.options.failureThreshold) return 'closed';
    return this.clock.now() < this.openUntil ? 'open' : 'half_open';
  }

  /** Milliseconds until a request may be tried (0 when one may go now). */
  waitMs(): number {
    const state = this.state;
    if (state === 'closed') return 0;
    if (state === 'open') return this.openUntil - this.clock.now();
    return this.probing ? this.currentOpenMs : 0;
  }

  /** Call before sending; false means do not send now. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.probing = false;
    this.currentOpenMs = this.options.openMs;
  }

  recordFailure(): void {
    const wasProbe = this.probing;
    this.probing = false;
    this.failures += 1;
    if (this.failures < this.options.failureThreshold) return;
    if (wasProbe) this.currentOpenMs = Math.min(this.currentOpenMs * 2, this.options.maxOpenMs);
    this.openUntil = this.clock.now() + this.currentOpenMs;
  }
}
