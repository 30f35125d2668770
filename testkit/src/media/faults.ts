// Which fault, if any, a request gets. Kept apart from the HTTP server so the matching and
// counting rules are plain code with no sockets involved.
import type { JsonValue } from '../json.js';

export type Fault =
  /** Hold the whole response (headers included) for `ms` before the first byte. */
  | { kind: 'delay'; ms: number }
  /** Send the body at no more than `bytesPerSecond`; headers go out at once. */
  | { kind: 'throttle'; bytesPerSecond: number }
  /**
   * Answer `status` instead of the resource; an object body is sent as JSON, a string as text.
   * `delayMs` holds the answer that long first, like a slow failing origin (and so a page can
   * finish setting up before a player sees the failure).
   */
  | { kind: 'status'; status: number; body?: string | JsonValue; delayMs?: number }
  /**
   * Destroy the connection. Without `afterBytes` nothing is sent (the client sees a reset / empty
   * reply); with it, a normal 200 head and that many body bytes go out first (a truncated body).
   */
  | { kind: 'abort'; afterBytes?: number };

export interface FaultRule {
  /** An exact URL path (no query string), or a RegExp tested against the path. */
  path: string | RegExp;
  fault: Fault;
  /** Apply from the Nth request matching `path` (1-based). Default 1. */
  nth?: number;
  /** How many requests get the fault. Default: 1 when `nth` is given, else every one. */
  times?: number;
  /** Shown in the request log; defaults to the rule's id. */
  label?: string;
}

/** What the request log says about a fault that was applied. */
export interface AppliedFault {
  ruleId: number;
  label: string;
  fault: Fault;
  /** This request was the rule's Nth match (1-based). */
  match: number;
}

export interface FaultHandle {
  readonly id: number;
  readonly label: string;
  /** Requests whose path matched so far, whether or not they got the fault. */
  readonly matched: number;
  /** Requests that got the fault so far. */
  readonly applied: number;
  remove(): void;
}

interface ActiveRule {
  id: number;
  label: string;
  path: string | RegExp;
  fault: Fault;
  nth: number;
  times: number;
  matched: number;
  applied: number;
}

export class FaultBook {
  #rules: ActiveRule[] = [];
  #nextId = 1;

  add(rule: FaultRule): FaultHandle {
    validateRule(rule);
    const id = this.#nextId++;
    const active: ActiveRule = {
      id,
      label: rule.label ?? `fault-${id}`,
      // A copy, so a RegExp with the g or y flag cannot carry lastIndex between requests.
      path:
        typeof rule.path === 'string'
          ? rule.path
          : new RegExp(rule.path.source, rule.path.flags.replace(/[gy]/g, '')),
      fault: structuredClone(rule.fault),
      nth: rule.nth ?? 1,
      times: rule.times ?? (rule.nth === undefined ? Infinity : 1),
      matched: 0,
      applied: 0,
    };
    this.#rules.push(active);
    return {
      id,
      label: active.label,
      get matched() {
        return active.matched;
      },
      get applied() {
        return active.applied;
      },
      remove: () => {
        this.#rules = this.#rules.filter((r) => r !== active);
      },
    };
  }

  clear(): void {
    this.#rules = [];
  }

  /**
   * Counts the request against every rule whose path matches, then returns the first of them
   * (in the order they were added) that is due: each rule counts its own matches, so "the 4th
   * request for X" means the same whatever other rules exist.
   */
  take(path: string): AppliedFault | undefined {
    let chosen: AppliedFault | undefined;
    for (const rule of this.#rules) {
      const matches = typeof rule.path === 'string' ? rule.path === path : rule.path.test(path);
      if (!matches) continue;
      rule.matched += 1;
      const due = rule.matched >= rule.nth && rule.applied < rule.times;
      if (chosen === undefined && due) {
        rule.applied += 1;
        chosen = {
          ruleId: rule.id,
          label: rule.label,
          fault: structuredClone(rule.fault),
          match: rule.matched,
        };
      }
    }
    return chosen;
  }
}

function validateRule(rule: FaultRule): void {
  const fail = (field: string, why: string): never => {
    throw new RangeError(`fault rule: ${field} ${why}`);
  };
  const wholeAtLeast = (field: string, value: number | undefined, min: number): void => {
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
      fail(field, `must be an integer ≥ ${min}, got ${String(value)}`);
    }
  };
  if (typeof rule.path === 'string' && !rule.path.startsWith('/')) {
    fail('path', `must start with "/", got "${rule.path}"`);
  }
  wholeAtLeast('nth', rule.nth, 1);
  wholeAtLeast('times', rule.times, 1);
  const { fault } = rule;
  switch (fault.kind) {
    case 'delay':
      if (!(Number.isFinite(fault.ms) && fault.ms >= 0)) fail('fault.ms', 'must be ≥ 0');
      break;
    case 'throttle':
      if (!(Number.isFinite(fault.bytesPerSecond) && fault.bytesPerSecond > 0)) {
        fail('fault.bytesPerSecond', 'must be > 0');
      }
      break;
    case 'status':
      wholeAtLeast('fault.status', fault.status, 100);
      if (fault.status > 599) fail('fault.status', `must be ≤ 599, got ${fault.status}`);
      if (fault.delayMs !== undefined && !(Number.isFinite(fault.delayMs) && fault.delayMs >= 0)) {
        fail('fault.delayMs', 'must be ≥ 0');
      }
      break;
    case 'abort':
      wholeAtLeast('fault.afterBytes', fault.afterBytes, 0);
      break;
    default:
      fail('fault.kind', `is unknown: ${String((fault as { kind: unknown }).kind)}`);
  }
}
