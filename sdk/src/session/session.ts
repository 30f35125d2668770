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

export class SessionManager {
  private memory: Session | undefined;

  constructor(
    private readonly store: KeyValueStore | undefined,
    private readonly clock: Clock,
    private readonly options: SessionOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** The current session, rotated if it expired; records activity now. */
  touch(): Session {
    const now = this.clock.now();
    let session = this.read();
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
    this.write(session);
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

  private write(session: Session): void {
    this.memory = session;
    try {
      this.store?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Storage full or blocked: the in-memory session still works for this page.
    }
  }
}
