// The load tiers of the original design, and the k6 scenario plan each run is turned into. Pure
// (no k6 import), so the plan and its thresholds are unit-tested in Node.
//   S  5,000 events/s sustained, 10,000 burst
//   M  25,000 (50,000)
//   L  100,000 (200,000)
// One event is one span or log record. A k6 iteration is one simulated view: all of its batches.

export const TIERS = {
  S: { sustained: 5_000, burst: 10_000 },
  M: { sustained: 25_000, burst: 50_000 },
  L: { sustained: 100_000, burst: 200_000 },
} as const;
export type TierName = keyof typeof TIERS;

export const SCENARIOS = ['sustained', 'burst', 'soak', 'mixed-bad-input', 'legacy'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface RunSettings {
  readonly tier: TierName;
  readonly scenario: ScenarioName;
  /** Overrides the tier's sustained rate (smoke runs, benchmarks). */
  readonly eventsPerSecond: number;
  /** The burst peak (burst scenario). */
  readonly burstEventsPerSecond: number;
  /** Seconds of the main phase. */
  readonly durationSeconds: number;
  /** Items per request, at most (the SDK's 50 by default). */
  readonly batchItems: number;
  /**
   * Flush when the oldest item is this old, in the view's own time (the SDK's 5000); Infinity
   * (default) batches by count only, as if each view's telemetry arrived at once.
   */
  readonly batchAgeMs: number;
  /** p99 latency threshold of accepted traffic, ms. */
  readonly p99Ms: number;
  /** Largest tolerated share of failed good requests. */
  readonly maxErrorRate: number;
  /** Bad requests per second in mixed-bad-input. */
  readonly badRequestsPerSecond: number;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

const DEFAULT_DURATION_SECONDS: Readonly<Record<ScenarioName, number>> = {
  sustained: 60,
  burst: 60,
  soak: 1800,
  'mixed-bad-input': 60,
  legacy: 60,
};

function positive(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new SettingsError(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Reads TIER, SCENARIO, EVENTS_PER_SECOND, DURATION (seconds), BATCH_ITEMS, P99_MS, ... */
export function settingsFrom(env: Readonly<Record<string, string | undefined>>): RunSettings {
  const tier = (env.TIER ?? 'S').toUpperCase();
  if (!(tier in TIERS)) {
    throw new SettingsError(
      `TIER must be one of ${Object.keys(TIERS).join(', ')}, got ${JSON.stringify(env.TIER)}`,
    );
  }
  const scenario = env.SCENARIO ?? 'sustained';
  if (!(SCENARIOS as readonly string[]).includes(scenario)) {
    throw new SettingsError(
      `SCENARIO must be one of ${SCENARIOS.join(', ')}, got ${JSON.stringify(scenario)}`,
    );
  }
  const rates = TIERS[tier as TierName];
  const name = scenario as ScenarioName;
  // A soak runs the tier's sustained rate for a long time; half of it leaves headroom for GC.
  const sustained = positive(
    env,
    'EVENTS_PER_SECOND',
    name === 'soak' ? rates.sustained / 2 : rates.sustained,
  );
  const batchItems = positive(env, 'BATCH_ITEMS', 50);
  if (!Number.isInteger(batchItems) || batchItems > 1000) {
    throw new SettingsError(`BATCH_ITEMS must be an integer in 1..1000, got ${batchItems}`);
  }
  return {
    tier: tier as TierName,
    scenario: name,
    eventsPerSecond: sustained,
    burstEventsPerSecond: positive(
      env,
      'BURST_EVENTS_PER_SECOND',
      (sustained * rates.burst) / rates.sustained,
    ),
    durationSeconds: positive(env, 'DURATION', DEFAULT_DURATION_SECONDS[name]),
    batchItems,
    batchAgeMs: positive(env, 'BATCH_AGE_MS', Infinity),
    p99Ms: positive(env, 'P99_MS', 50),
    maxErrorRate: positive(env, 'MAX_ERROR_RATE', 0.001),
    badRequestsPerSecond: positive(env, 'BAD_REQUESTS_PER_SECOND', Math.max(1, sustained / 500)),
  };
}

/** What the k6 options need, without k6's types: scenarios and thresholds. */
export interface Plan {
  readonly scenarios: Record<string, Record<string, unknown>>;
  readonly thresholds: Record<string, string[]>;
  /** Views (iterations) per second at the sustained rate. */
  readonly viewsPerSecond: number;
}

/**
 * VUs for an arrival rate: a view takes a few ms per batch on an idle machine, but far more on a
 * busy one or a saturated receiver; VUs allocated mid-run cost time too. So: one second's worth up
 * front, four seconds' worth at most, capped (each VU is a JavaScript runtime of its own).
 */
function vusFor(iterationsPerSecond: number): { preAllocatedVUs: number; maxVUs: number } {
  const perSecond = Math.ceil(iterationsPerSecond);
  return {
    preAllocatedVUs: Math.max(5, Math.min(perSecond, 300)),
    maxVUs: Math.max(20, Math.min(perSecond * 4, 1000)),
  };
}

/** Arrival rates are whole iterations per timeUnit: express fractional rates per minute. */
function rateOf(perSecond: number): { rate: number; timeUnit: string } {
  return perSecond >= 10
    ? { rate: Math.round(perSecond), timeUnit: '1s' }
    : { rate: Math.max(1, Math.round(perSecond * 60)), timeUnit: '1m' };
}

export function planFor(settings: RunSettings, meanItemsPerView: number): Plan {
  if (!(meanItemsPerView > 0)) throw new SettingsError('meanItemsPerView must be positive');
  const viewsPerSecond = settings.eventsPerSecond / meanItemsPerView;
  const duration = `${Math.round(settings.durationSeconds)}s`;
  const good = 'http_req_failed{kind:good}';
  const thresholds: Record<string, string[]> = {
    [good]: [`rate<${settings.maxErrorRate}`],
    'http_req_duration{kind:good}': [`p(99)<${settings.p99Ms}`],
    // Checks of good traffic: every accepted request forwarded all of its items.
    'checks{kind:good}': [`rate>${1 - settings.maxErrorRate}`],
    // An arrival rate k6 could not keep up with is a tier this machine did not sustain.
    dropped_iterations: [
      `count<${Math.max(1, Math.ceil(viewsPerSecond * settings.durationSeconds * 0.01))}`,
    ],
  };
  const scenarios: Record<string, Record<string, unknown>> = {};
  const exec = settings.scenario === 'legacy' ? 'legacyViews' : 'views';
  if (settings.scenario === 'burst') {
    const peak = settings.burstEventsPerSecond / meanItemsPerView;
    const third = Math.max(1, Math.round(settings.durationSeconds / 3));
    const start = rateOf(viewsPerSecond);
    scenarios.burst = {
      executor: 'ramping-arrival-rate',
      exec,
      startRate: start.rate,
      timeUnit: start.timeUnit,
      ...vusFor(peak),
      stages: [
        { target: start.rate, duration: `${third}s` },
        // A burst arrives within a couple of seconds, holds, and ebbs.
        { target: Math.round(peak * (start.timeUnit === '1m' ? 60 : 1)), duration: '2s' },
        { target: Math.round(peak * (start.timeUnit === '1m' ? 60 : 1)), duration: `${third}s` },
        { target: start.rate, duration: '2s' },
        { target: start.rate, duration: `${third}s` },
      ],
    };
  } else {
    const rate = rateOf(viewsPerSecond);
    scenarios[settings.scenario] = {
      executor: 'constant-arrival-rate',
      exec,
      ...rate,
      duration,
      ...vusFor(viewsPerSecond),
    };
  }
  if (settings.scenario === 'mixed-bad-input') {
    const rate = rateOf(settings.badRequestsPerSecond);
    scenarios.bad_input = {
      executor: 'constant-arrival-rate',
      exec: 'badInput',
      ...rate,
      duration,
      ...vusFor(settings.badRequestsPerSecond),
    };
    // Every bad request must be answered with exactly the status and error code it deserves.
    thresholds['unexpected_answers'] = ['rate==0'];
  }
  return { scenarios, thresholds, viewsPerSecond };
}
