// The viewer's tab session (`session.id`): several views of one sitting share it; it rotates after
// a period of inactivity or a maximum lifetime, like a web analytics session. Sampling (S12) is
// decided once per session and stored with it, so a session is sent whole or not at all.
import type { Clock } from '../clock.js';
import { randomHex } from '../ids.js';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface SessionOptions {
  inactivityTimeoutMs: number;
  maxLifetimeMs: number;
  /** Fraction of sessions sent, 0–1. */
  sampleRate: number;
}

export interface Session {
  id: string;
  startedAt: number;
  lastActivityAt: number;
  sampled: boolean;
  sampleRate: number;
}

export const SESSION_STORAGE_KEY = 'openqoe:session';

function parse(text: string | null): Session | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Session>;
    if (
      typeof value.id === 'string' &&
      typeof value.startedAt === 'number' &&
      typeof value.lastActivityAt === 'number' &&
      typeof value.sampled === 'boolean' &&
      typeof value.sampleRate === 'number'
    ) {
      return value as Session;
    }
  } catch {
    // A corrupt entry is replaced by a new session.
  }
  return undefined;
}

// Activity is recorded in storage at most this often: touch() runs for every span and log record,
// and a storage write each time was a measurable share of the SDK's main-thread cost. Against a
// 30-minute inactivity timeout, a second of unrecorded activity changes nothing.
const WRITE_INTERVAL_MS = 1000;

export class SessionManager {
  private memory: Session | undefined;
  private writtenAt = -Infinity;

  constructor(
    private readonly store: KeyValueStore | undefined,
    private readonly clock: Clock,
    private readonly options: SessionOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** The current session, rotated if it expired; records activity now. */
  touch(): Session {
    const now = this.clock.now();
    // sessionStorage belongs to this tab: after the first read, memory is the same session.
    let session = this.memory ?? this.read();
    const expired =
      !session ||
      now - session.lastActivityAt > this.options.inactivityTimeoutMs ||
      now - session.startedAt > this.options.maxLifetimeMs ||
      // A changed sample rate is a new sampling decision.
      session.sampleRate !== this.options.sampleRate;
    if (!session || expired) {
      session = {
        id: randomHex(16),
        startedAt: now,
        lastActivityAt: now,
        sampled: this.random() < this.options.sampleRate,
        sampleRate: this.options.sampleRate,
      };
    } else {
      session = { ...session, lastActivityAt: now };
    }
    if (expired || now - this.writtenAt >= WRITE_INTERVAL_MS) this.write(session, now);
    else this.memory = session;
    return session;
  }

  private read(): Session | undefined {
    if (!this.store) return this.memory;
    try {
      return parse(this.store.getItem(SESSION_STORAGE_KEY)) ?? this.memory;
    } catch {
      return this.memory; // storage blocked (privacy mode, sandboxed iframe)
    }
  }

  private write(session: Session, now: number): void {
    this.memory = session;
    this.writtenAt = now;
    try {
      this.store?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Storage full or blocked: the in-memory session still works for this page.
    }
  }
}
