// Timed rounds of tight loops. Stages are interleaved round by round (a, b, c, then b, c, a, …)
// rather than run one after the other, so a burst of load from another process on a shared
// machine slows every stage of that round alike and largely cancels out of the ratios between them.
// The clock is injected so the loop itself can be tested without waiting.

export type Clock = () => bigint;

/**
 * This process's CPU time (user + system) in nanoseconds, at microsecond resolution. Unlike the
 * wall clock it does not advance while other processes have the core, so rates measured against
 * it describe what one core does even on a busy shared machine.
 */
export const cpuClock: Clock = () => {
  const usage = process.cpuUsage();
  return BigInt(usage.user + usage.system) * 1000n;
};

/** One request's worth of work; returns a number so the work cannot be optimised away. */
export type Step = (iteration: number) => number;

export interface RoundPlan {
  /** Untimed run of each stage first, so the JIT has compiled it before timing starts. */
  readonly warmupNanoseconds: bigint;
  readonly rounds: number;
  readonly roundNanoseconds: bigint;
  /**
   * How often the loop reads the clock. Reading it every iteration would add its own cost to
   * stages of a few microseconds; the warm-up calibrates how many iterations fit in this interval.
   */
  readonly clockCheckNanoseconds?: bigint;
}

export interface Round {
  readonly iterations: number;
  readonly elapsedNanoseconds: bigint;
}

export interface StageMeasurement {
  readonly rounds: readonly Round[];
  /** Sum of the step's return values; callers check it to prove the work really ran. */
  readonly sink: number;
}

const DEFAULT_CLOCK_CHECK_NANOSECONDS = 1_000_000n;

function checkPlan(plan: RoundPlan): void {
  if (!Number.isInteger(plan.rounds) || plan.rounds < 1) {
    throw new RangeError(`RoundPlan.rounds is ${plan.rounds}, not an integer ≥ 1`);
  }
  if (plan.roundNanoseconds <= 0n) {
    throw new RangeError(`RoundPlan.roundNanoseconds is ${plan.roundNanoseconds}, not > 0`);
  }
  if (plan.warmupNanoseconds <= 0n) {
    throw new RangeError(`RoundPlan.warmupNanoseconds is ${plan.warmupNanoseconds}, not > 0`);
  }
  if (plan.clockCheckNanoseconds !== undefined && plan.clockCheckNanoseconds <= 0n) {
    throw new RangeError(
      `RoundPlan.clockCheckNanoseconds is ${plan.clockCheckNanoseconds}, not > 0`,
    );
  }
}

interface StageState {
  readonly step: Step;
  iterationsPerCheck: number;
  nextIteration: number;
  sink: number;
  readonly rounds: Round[];
}

function runFor(state: StageState, duration: bigint, clock: Clock): Round {
  const { step, iterationsPerCheck } = state;
  const start = clock();
  const deadline = start + duration;
  let iterations = 0;
  let now: bigint;
  do {
    for (let i = 0; i < iterationsPerCheck; i++) state.sink += step(state.nextIteration++);
    iterations += iterationsPerCheck;
    now = clock();
  } while (now < deadline);
  return { iterations, elapsedNanoseconds: now - start };
}

export function measureInterleaved<Stage extends string>(
  steps: Readonly<Record<Stage, Step>>,
  plan: RoundPlan,
  clock: Clock = process.hrtime.bigint,
): Record<Stage, StageMeasurement> {
  checkPlan(plan);
  const stages = Object.keys(steps) as Stage[];
  if (stages.length === 0) throw new RangeError('measureInterleaved: no stages to measure');
  const clockCheck = plan.clockCheckNanoseconds ?? DEFAULT_CLOCK_CHECK_NANOSECONDS;
  const states = new Map<Stage, StageState>();
  for (const stage of stages) {
    const state: StageState = {
      step: steps[stage],
      iterationsPerCheck: 1,
      nextIteration: 0,
      sink: 0,
      rounds: [],
    };
    const warmup = runFor(state, plan.warmupNanoseconds, clock);
    state.iterationsPerCheck = Math.max(
      1,
      Math.floor(
        (warmup.iterations * Number(clockCheck)) / Number(warmup.elapsedNanoseconds || 1n),
      ),
    );
    states.set(stage, state);
  }
  for (let round = 0; round < plan.rounds; round++) {
    // Rotating the order keeps any stage from always running right after a particular other one
    // (whose garbage it would collect) or always first in a round.
    for (let offset = 0; offset < stages.length; offset++) {
      const state = states.get(stages[(round + offset) % stages.length] as Stage) as StageState;
      state.rounds.push(runFor(state, plan.roundNanoseconds, clock));
    }
  }
  const result = {} as Record<Stage, StageMeasurement>;
  for (const [stage, state] of states) result[stage] = { rounds: state.rounds, sink: state.sink };
  return result;
}
