import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { measureInterleaved, type Clock, type RoundPlan } from './timing.js';

const US = 1_000n;
const MS = 1_000_000n;

/** A clock that only moves when a step says how long it took, so rounds are exact. */
function fakeTime(): { clock: Clock; advance: (nanoseconds: bigint) => void } {
  let now = 1_000n;
  return { clock: () => now, advance: (nanoseconds) => (now += nanoseconds) };
}

const PLAN: RoundPlan = { warmupNanoseconds: 2n * MS, rounds: 3, roundNanoseconds: 10n * MS };

describe('bench timing loop', () => {
  it('runs every stage for the planned rounds and counts iterations against the clock', () => {
    const time = fakeTime();
    const result = measureInterleaved(
      {
        fast: () => (time.advance(10n * US), 1),
        slow: () => (time.advance(40n * US), 1),
      },
      PLAN,
      time.clock,
    );
    expect(result.fast.rounds).to.have.length(3);
    expect(result.slow.rounds).to.have.length(3);
    for (const round of result.fast.rounds) {
      // 10 ms of 10 µs steps; the clock is read every ~1 ms, so a round can overrun by one check.
      expect(round.iterations).to.be.within(1000, 1100);
      expect(round.elapsedNanoseconds).to.equal(BigInt(round.iterations) * 10n * US);
    }
    for (const round of result.slow.rounds) expect(round.iterations).to.be.within(250, 275);
  });

  it('reads the clock about once per millisecond of work, not once per iteration', () => {
    const time = fakeTime();
    let reads = 0;
    const clock: Clock = () => {
      reads++;
      return time.clock();
    };
    measureInterleaved({ only: () => (time.advance(1n * US), 1) }, PLAN, clock);
    // Warm-up reads per iteration (2,000 reads); the 30 ms of rounds need ~30 more, not 30,000.
    expect(reads).to.be.below(2_000 + 100);
  });

  it('interleaves the stages and rotates which one starts each round', () => {
    const time = fakeTime();
    const order: string[] = [];
    const step = (stage: string) => () => {
      if (order.at(-1) !== stage) order.push(stage);
      time.advance(100n * US);
      return 1;
    };
    measureInterleaved({ a: step('a'), b: step('b'), c: step('c') }, PLAN, time.clock);
    // Warm-ups a, b, c; then rounds a b c, b c a, c a b (a repeated stage merges into one entry).
    expect(order.join('')).to.equal('abc' + 'abc' + 'bca' + 'cab');
  });

  it('passes increasing iteration numbers and sums what the steps return', () => {
    const time = fakeTime();
    const seen: number[] = [];
    const result = measureInterleaved(
      {
        only: (iteration) => {
          seen.push(iteration);
          time.advance(1n * MS);
          return 2;
        },
      },
      PLAN,
      time.clock,
    );
    expect(seen).to.deep.equal(seen.map((_, i) => i));
    expect(result.only.sink).to.equal(seen.length * 2);
  });

  it('rejects a plan without rounds, with empty durations or without stages', () => {
    const step = () => 1;
    expect(() => measureInterleaved({ step }, { ...PLAN, rounds: 0 })).to.throw(
      RangeError,
      /rounds/,
    );
    expect(() => measureInterleaved({ step }, { ...PLAN, rounds: 1.5 })).to.throw(
      RangeError,
      /rounds/,
    );
    expect(() => measureInterleaved({ step }, { ...PLAN, roundNanoseconds: 0n })).to.throw(
      RangeError,
      /roundNanoseconds/,
    );
    expect(() => measureInterleaved({ step }, { ...PLAN, warmupNanoseconds: -1n })).to.throw(
      RangeError,
      /warmupNanoseconds/,
    );
    expect(() => measureInterleaved({ step }, { ...PLAN, clockCheckNanoseconds: 0n })).to.throw(
      RangeError,
      /clockCheckNanoseconds/,
    );
    expect(() => measureInterleaved({}, PLAN)).to.throw(RangeError, /no stages/);
  });

  it('has a CPU clock that advances with work done and not while the process waits', () => {
    // In a process of its own: this test process can have other threads busy (GC after the
    // browser suites, sockets they left) whose time the whole-process clock rightly counts.
    const script = `
      const { cpuClock } = await import(${JSON.stringify(new URL('./timing.ts', import.meta.url).href)});
      const start = cpuClock();
      const deadline = Date.now() + 20_000;
      let sink = 0;
      while (cpuClock() - start < 30_000_000n && Date.now() < deadline) sink += Math.sqrt(sink + 1);
      const afterWork = cpuClock();
      await new Promise((resolve) => setTimeout(resolve, 200));
      console.log(JSON.stringify({ work: Number(afterWork - start), wait: Number(cpuClock() - afterWork), sink }));
    `;
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { encoding: 'utf8', timeout: 60_000 },
    );
    const { work, wait } = JSON.parse(output) as { work: number; wait: number };
    // Busy until the CPU clock showed 30 ms of work, however little of a core a busy machine gave.
    expect(work, 'ns of CPU while busy').to.be.at.least(30e6);
    expect(wait / 1e6, 'ms of CPU during a 200 ms wait').to.be.below(100);
  });
});
