// Deterministic time and a recording sink for unit tests of the view tracker.
import type { Clock, Scheduler } from '../../src/clock.js';
import type { KeyValueStore } from '../../src/session/session.js';
import type { ViewAttributes, ViewScope, ViewSink } from '../../src/view/sink.js';

interface Timer {
  id: number;
  due: number;
  every?: number;
  callback: () => void;
}

/** A clock and scheduler that only move when the test says so; timers fire in due order. */
export class FakeTime implements Clock, Scheduler {
  private current: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start = 1_800_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.current = Math.max(this.current, next.due);
      if (next.every !== undefined) next.due += next.every;
      else this.timers = this.timers.filter((t) => t !== next);
      next.callback();
    }
    this.current = target;
  }

  setInterval(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, due: this.current + ms, every: ms, callback };
    this.timers.push(timer);
    return timer.id;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, due: this.current + ms, callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearInterval(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  clearTimeout(handle: unknown): void {
    this.clearInterval(handle);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }
}

export interface RecordedSpan {
  name: string;
  start: number;
  end?: number;
  attributes: Record<string, unknown>;
  viewId: string;
}

export interface RecordedEvent {
  name: string;
  at: number;
  attributes: Record<string, unknown>;
  viewId?: string;
}

/** Records what the tracker emits, in order, as plain data. */
export class RecordingSink implements ViewSink {
  readonly views: RecordedSpan[] = [];
  readonly spans: RecordedSpan[] = [];
  readonly events: RecordedEvent[] = [];
  private nextView = 1;

  startView(at: number, attributes: ViewAttributes): ViewScope {
    const viewId = `view-${this.nextView++}`;
    const root: RecordedSpan = {
      name: 'video.view',
      start: at,
      attributes: { ...attributes },
      viewId,
    };
    this.views.push(root);
    return {
      viewId,
      startSpan: (name, start, spanAttributes) => {
        const span: RecordedSpan = { name, start, attributes: { ...spanAttributes }, viewId };
        this.spans.push(span);
        return {
          end: (end, endAttributes) => {
            if (span.end !== undefined) throw new Error(`${name} ended twice`);
            span.end = end;
            Object.assign(span.attributes, endAttributes);
          },
        };
      },
      event: (name, eventAt, eventAttributes) => {
        this.events.push({ name, at: eventAt, attributes: { ...eventAttributes }, viewId });
      },
      end: (end, endAttributes) => {
        if (root.end !== undefined) throw new Error('view ended twice');
        root.end = end;
        Object.assign(root.attributes, endAttributes);
      },
    };
  }

  event(name: string, at: number, attributes?: Record<string, unknown>): void {
    this.events.push({ name, at, attributes: { ...attributes } });
  }

  spansNamed(name: string): RecordedSpan[] {
    return this.spans.filter((s) => s.name === name);
  }

  eventsNamed(name: string): RecordedEvent[] {
    return this.events.filter((e) => e.name === name);
  }
}

/** An in-memory stand-in for localStorage / sessionStorage. */
export class MapStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
}
