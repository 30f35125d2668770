// Time sources are injected so every measurement can be tested with a fake clock.

export interface Clock {
  /** Epoch milliseconds on a monotonic base: differences are durations even if the wall clock jumps. */
  now(): number;
}

export interface Scheduler {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** performance.timeOrigin + performance.now(): monotonic, sub-millisecond, comparable across tabs. */
export const performanceClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
};

export const globalScheduler: Scheduler = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
