// The resilient transport (T1–T7): delivers batches in order, one at a time, with one shared
// backoff and a circuit breaker; keeps what it cannot deliver in the offline queue and replays it
// (one tab at a time, by Web Lock) when the network returns or on the next page load; on unload,
// hands everything pending to keepalive fetch / sendBeacon synchronously. Nothing is dropped
// without being counted.
import type { Clock, Scheduler } from '../clock.js';
import type { Batch } from './batch.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import type { DropCounter } from './drops.js';
import type { HttpSender } from './http-sender.js';
import type { Eviction, OfflineQueue } from './offline-queue.js';
import { retryDelay, type BackoffOptions } from './retry-policy.js';
import { planUnloadSends } from './unload-plan.js';
import type { UnloadStash } from './unload-stash.js';

export interface TransportOptions {
  backoff: BackoffOptions;
  breaker: CircuitBreakerOptions;
  /** After this many failed attempts a batch moves to the offline queue (survives reload). */
  attemptsBeforePersist: number;
  /** In-memory pending batches beyond this go to the offline queue. */
  maxPendingBatches: number;
  /**
   * While offline, or while another tab holds the replay lock, look again this often: an `online`
   * event can be missed (emulated networks, some TV browsers), and the other tab may be gone.
   */
  recheckMs: number;
}

export interface TransportEnvironment {
  clock: Clock;
  scheduler: Scheduler;
  /** False when the browser knows it is offline (navigator.onLine). */
  isOnline(): boolean;
  /** Runs `task` holding a cross-tab lock if one is free; resolves false when another tab holds it. */
  withReplayLock(task: () => Promise<void>): Promise<boolean>;
  /** Synchronous storage for batches that cannot be sent while the page goes away. */
  unloadStash?: UnloadStash;
  random?: () => number;
}

export interface TransportStats {
  delivered: number;
  retried: number;
  rejected: number;
  persisted: number;
  replayed: number;
}

interface Pending {
  batch: Batch;
  attempts: number;
}

export class Transport {
  private readonly pending: Pending[] = [];
  private readonly breaker: CircuitBreaker;
  /** Consecutive failures across all batches: the backoff is shared (T4). */
  private failures = 0;
  private notBefore = 0;
  private pumping = false;
  private kickAgain = false;
  private wakeTimer: unknown;
  private wakeAt = 0;
  private replaying = false;
  /** The batch the delivery loop is sending (no longer in `pending`). */
  private inFlight: Pending | undefined;
  private persistedMayExist = true;
  private stopped = false;
  readonly stats: TransportStats = {
    delivered: 0,
    retried: 0,
    rejected: 0,
    persisted: 0,
    replayed: 0,
  };

  constructor(
    private readonly sender: HttpSender,
    private readonly queue: OfflineQueue,
    private readonly drops: DropCounter,
    private readonly env: TransportEnvironment,
    private readonly options: TransportOptions,
  ) {
    this.breaker = new CircuitBreaker(env.clock, options.breaker);
  }

  /** Takes a batch for delivery. Never throws. */
  enqueue(batch: Batch): void {
    if (this.stopped) return;
    this.pending.push({ batch, attempts: 0 });
    if (this.pending.length > this.options.maxPendingBatches) {
      const overflow = this.pending.splice(0, this.pending.length - this.options.maxPendingBatches);
      void this.persist(overflow.map((p) => p.batch));
    }
    this.kick();
  }

  /** Starts (or resumes) delivery: replays what earlier pages or tabs left in the offline queue. */
  start(): void {
    this.persistedMayExist = true;
    const stashed = this.env.unloadStash?.take() ?? [];
    if (stashed.length === 0) {
      this.kick();
      return;
    }
    // Batches a previous page stashed at unload join the offline queue ahead of anything new.
    void this.persist(stashed).then(() => this.kick());
  }

  /** The network came back: try now rather than at the next backoff step. */
  online(): void {
    this.notBefore = 0;
    this.persistedMayExist = true;
    this.kick();
  }

  /** Number of batches waiting in memory. */
  get pendingBatches(): number {
    return this.pending.length;
  }

  /**
   * Page is going away (pagehide / visibilitychange → hidden): send everything pending now,
   * synchronously, via keepalive fetch or sendBeacon; queue the rest in IndexedDB (best effort,
   * replayed on the next load). Safe to call repeatedly.
   */
  flushForUnload(): void {
    if (this.pending.length === 0 && !this.inFlight) return;
    const batches = this.pending.splice(0).map((p) => p.batch);
    // A keepalive request to an endpoint already failing would be lost with the page: keep the
    // batches for the next page load instead (IndexedDB, best effort while the page goes).
    if (this.failures > 0 || !this.env.isOnline() || this.breaker.state !== 'closed') {
      // The request on the wire is likely to fail too: keep a copy (the same batch id, so a
      // delivered one is stored once downstream, T6).
      if (this.inFlight) batches.unshift(this.inFlight.batch);
      const unsaved = this.env.unloadStash ? this.env.unloadStash.save(batches) : batches;
      if (unsaved.length > 0) void this.persist(unsaved);
      return;
    }
    const now = this.env.clock.now();
    const canBeacon = this.sender.beacon !== undefined;
    const plan = planUnloadSends(
      batches,
      this.sender.keepaliveBytesInFlight,
      canBeacon ? Infinity : 0,
    );
    for (const batch of plan.keepalive) {
      // The outcome arrives only if the page survives (e.g. it was merely hidden); a failure then
      // is handled like any other.
      void this.sender.send(batch, now, { unloading: true }).then((outcome) => {
        if (outcome.kind === 'delivered') this.stats.delivered += 1;
        else if (outcome.kind === 'rejected') this.reject(batch);
        else this.pending.unshift({ batch, attempts: 1 });
      });
    }
    const leftovers = [...plan.persist];
    for (const batch of plan.beacon) if (!this.sender.beacon(batch, now)) leftovers.push(batch);
    if (leftovers.length > 0) void this.persist(leftovers);
  }

  stop(): void {
    this.stopped = true;
    this.env.scheduler.clearTimeout(this.wakeTimer);
  }

  // ── delivery loop ────────────────────────────────────────────────────────────────────────────

  private kick(): void {
    if (this.stopped) return;
    if (this.pumping) {
      // The running pass may already be past its last look at `pending` (it ends a microtask
      // after its loop does): run one more pass after it, or this batch waits for the next kick.
      this.kickAgain = true;
      return;
    }
    this.pumping = true;
    void this.pump().finally(() => {
      this.pumping = false;
      if (this.kickAgain) {
        this.kickAgain = false;
        this.kick();
      }
    });
  }

  /** Sends pending batches one at a time until none is left or sending must wait. */
  private async pump(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      if (!this.env.isOnline()) {
        // Offline: keep nothing at risk in memory; the `online` event (or the recheck, should the
        // event never come) resumes delivery.
        await this.persist(this.pending.splice(0).map((p) => p.batch));
        this.wakeIn(this.options.recheckMs);
        return;
      }
      if (this.persistedMayExist && !this.replaying) void this.replay();
      const next = this.pending[0];
      if (!next) return;
      if (!this.mayAttempt()) return;
      // Out of `pending` while on the wire: an overflow or an unload flush meanwhile must neither
      // queue a second copy of it (delivered and evicted, it would count as both) nor make this
      // pass remove another batch when its answer comes.
      this.pending.shift();
      this.inFlight = next;
      const outcome = await this.sender.send(next.batch, this.env.clock.now());
      this.inFlight = undefined;
      if (outcome.kind === 'delivered') {
        this.succeeded();
      } else if (outcome.kind === 'rejected') {
        this.breaker.recordSuccess(); // the endpoint is alive; the data was the problem
        this.reject(next.batch);
      } else {
        this.failed(outcome);
        next.attempts += 1;
        if (next.attempts >= this.options.attemptsBeforePersist) await this.persist([next.batch]);
        else this.pending.unshift(next);
      }
    }
  }

  /** True when a request may go now (backoff elapsed, breaker admits it); else schedules a wake. */
  private mayAttempt(): boolean {
    const wait = Math.max(this.notBefore - this.env.clock.now(), this.breaker.waitMs());
    if (wait <= 0 && this.breaker.tryAcquire()) return true;
    this.wakeIn(Math.max(wait, 1));
    return false;
  }

  /**
   * Replays the offline queue in order under the cross-tab lock. Stops at the first failure (the
   * shared backoff applies) and resumes on the next kick.
   */
  private async replay(): Promise<void> {
    this.replaying = true;
    try {
      const acquired = await this.env.withReplayLock(async () => {
        const { batches, evicted } = await this.queue.list(this.env.clock.now());
        this.countEvictions(evicted);
        if (batches.length === 0) {
          this.persistedMayExist = false;
          return;
        }
        for (const batch of batches) {
          if (this.stopped || !this.env.isOnline() || !this.mayAttempt()) return;
          const outcome = await this.sender.send(batch, this.env.clock.now());
          if (outcome.kind === 'retry') {
            this.failed(outcome);
            this.wakeIn(Math.max(1, this.notBefore - this.env.clock.now()));
            return;
          }
          await this.queue.remove([batch.id]);
          if (outcome.kind === 'delivered') {
            this.stats.replayed += 1;
            this.succeeded();
          } else {
            this.breaker.recordSuccess();
            this.reject(batch);
          }
        }
        this.persistedMayExist = false;
      });
      // Another tab (or the page this one replaced, still closing) replays: this one sends its
      // own batches and tries the queue again later, in case that tab goes before it finishes.
      if (!acquired) this.wakeIn(this.options.recheckMs);
    } catch {
      this.persistedMayExist = false; // IndexedDB unusable: nothing to replay
    } finally {
      this.replaying = false;
    }
  }

  private succeeded(): void {
    this.stats.delivered += 1;
    this.failures = 0;
    this.notBefore = 0;
    this.breaker.recordSuccess();
  }

  private failed(outcome: { retryAfterMs?: number }): void {
    this.stats.retried += 1;
    this.failures += 1;
    this.breaker.recordFailure();
    this.notBefore =
      this.env.clock.now() +
      retryDelay(this.failures, outcome, this.options.backoff, this.env.random);
  }

  private reject(batch: Batch): void {
    this.stats.rejected += 1;
    this.drops.add('rejected', batch.items);
  }

  private async persist(batches: readonly Batch[]): Promise<void> {
    if (batches.length === 0) return;
    try {
      const evicted = await this.queue.put(batches, this.env.clock.now());
      this.stats.persisted += batches.length;
      this.persistedMayExist = true;
      this.countEvictions(evicted);
    } catch {
      for (const batch of batches) this.drops.add('storage_unavailable', batch.items);
    }
  }

  private countEvictions(evicted: readonly Eviction[]): void {
    for (const { batch, reason } of evicted) this.drops.add(reason, batch.items);
  }

  /** Kicks the delivery loop in `ms`, or sooner if a wake is already due sooner. */
  private wakeIn(ms: number): void {
    const at = this.env.clock.now() + ms;
    if (this.wakeTimer !== undefined && this.wakeAt <= at) return;
    this.env.scheduler.clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = this.env.scheduler.setTimeout(() => {
      this.wakeTimer = undefined;
      this.kick();
    }, ms);
  }
}
