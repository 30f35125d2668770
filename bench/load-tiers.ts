// The original design's load tiers, offered by k6 (load/ingest.ts, the `sustained` scenario) to the
// receiver as it ships (compiled, every check on), pinned to one core, forwarding to the OTLP
// capture server; k6 and the capture server share the other core. The baseline, measured in the
// same run at the same offered load: k6 posting the same requests to the capture server directly
// — what the load generator, HTTP on loopback and the sink cost without the receiver. A tier the
// receiver does not sustain (thresholds fail or < 95 % of the offered events arrive) ends the run.
//
// A module for bench/run.ts; alone: `npx tsx bench/load-tiers.ts [--quick]`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchmarkOutput, JsonValue, RunOptions } from './benchmark.js';
import { formatNumber, markdownTable } from './report.js';
import {
  counterTotal,
  LOAD_KEY,
  REPO_ROOT,
  runK6,
  startReceiverProcess,
  type K6Run,
} from '../load/test/support.js';
import { TIERS, type TierName } from '../load/lib/tiers.js';

export const name = 'load-tiers';
export const title = 'Load tiers with k6: one receiver process vs the sink alone';
export const command = 'npx tsx bench/run.ts load-tiers';

const P99_GOAL_MS = 50;
const SUSTAINED_SHARE = 0.95;
const FULL = { seconds: 30, tiers: ['S', 'M', 'L'] as TierName[] };
const QUICK = { seconds: 5, tiers: ['S'] as TierName[] };

// Nothing is pinned. On this shared 2-core machine a receiver pinned to one core got a small
// fraction of it whenever other work ran there, and k6 needs more CPU per request than the
// receiver. One receiver process is one JavaScript thread, so it uses at most about one core;
// "events per receiver CPU-second" divides by its own CPU time (from /proc): the rate one fully
// busy receiver core reaches, whatever else runs on the machine.
const RECEIVER_CORE: string | undefined = undefined;
const LOAD_CORE: string | undefined = undefined;

interface Measured {
  readonly offeredEventsPerSecond: number;
  readonly eventsPerSecond: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failedShare: number;
  readonly droppedIterations: number;
  readonly k6ExitCode: number | null;
  /** Receiver CPU seconds per wall second (undefined for the baseline). */
  readonly receiverCores?: number;
}

interface TierFigures {
  readonly tier: TierName;
  /**
   * 'count': ≤ 50 items per request; 'sdk': the SDK's 50 items or 5 s (small batches); 'burst':
   * as 'count', in thirds at the sustained rate, the tier's burst peak, the sustained rate.
   */
  readonly batching: Batching;
  readonly baseline: Measured;
  readonly receiver: Measured;
  readonly sustained: boolean;
}

function metric(run: K6Run, name: string, stat: string): number {
  const value = run.summary?.metrics[name]?.[stat];
  return typeof value === 'number' ? value : NaN;
}

function measured(run: K6Run, offered: number, seconds: number, receiverCores?: number): Measured {
  const good = 'http_req_duration{kind:good}';
  return {
    offeredEventsPerSecond: offered,
    eventsPerSecond: counterTotal(run, 'items_forwarded') / seconds,
    requestsPerSecond: metric(run, 'http_reqs', 'count') / seconds,
    p50Ms: metric(run, good, 'med'),
    p99Ms: metric(run, good, 'p(99)'),
    failedShare: metric(run, 'http_req_failed{kind:good}', 'value'),
    droppedIterations: counterTotal(run, 'dropped_iterations'),
    k6ExitCode: run.exitCode,
    ...(receiverCores !== undefined ? { receiverCores } : {}),
  };
}

/** User + system CPU seconds of a process so far (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The capture server in count mode, as its own process pinned beside k6. */
async function startCapture(): Promise<{ url: string; stop: () => void; child: ChildProcess }> {
  const script = join(REPO_ROOT, 'receiver', 'bench', 'capture-process.ts');
  const nodeArgs = ['--import', 'tsx', script];
  const [cmd, args] = LOAD_CORE
    ? ['taskset', ['-c', LOAD_CORE, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'], cwd: REPO_ROOT });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('the capture server did not start');
  const { url } = JSON.parse(first.value as string) as { url: string };
  return { url, child, stop: () => child.kill('SIGTERM') };
}

function buildReceiver(): void {
  const result = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: join(REPO_ROOT, 'receiver'),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`building the receiver failed: ${result.stderr}`);
}

type Batching = 'count' | 'sdk' | 'burst';

/**
 * Seconds and mean offered events/s of a run: the burst scenario (load/lib/tiers.ts) runs its
 * duration in thirds — sustained, peak, sustained — with a 2 s ramp into and out of the peak.
 */
function offeredLoad(
  tier: TierName,
  seconds: number,
  batching: Batching,
): { seconds: number; eventsPerSecond: number } {
  const { sustained, burst } = TIERS[tier];
  if (batching !== 'burst') return { seconds, eventsPerSecond: sustained };
  const third = Math.max(1, Math.round(seconds / 3));
  const events = 2 * third * sustained + third * burst + 2 * 2 * ((sustained + burst) / 2);
  return { seconds: 3 * third + 4, eventsPerSecond: events / (3 * third + 4) };
}

function k6Env(
  target: string,
  tier: TierName,
  seconds: number,
  batching: Batching,
): Record<string, string> {
  return {
    ...(batching === 'sdk' ? { BATCH_AGE_MS: '5000' } : {}),
    TARGET: target,
    API_KEY: LOAD_KEY,
    TIER: tier,
    SCENARIO: batching === 'burst' ? 'burst' : 'sustained',
    DURATION: String(seconds),
    P99_MS: String(P99_GOAL_MS),
  };
}

async function runTier(
  tier: TierName,
  seconds: number,
  captureUrl: string,
  batching: Batching,
): Promise<TierFigures> {
  const load = offeredLoad(tier, seconds, batching);
  const offered = load.eventsPerSecond;
  const timeoutMs = (load.seconds + 60) * 1000;
  const baselineRun = await runK6(
    'ingest.ts',
    k6Env(captureUrl, tier, seconds, batching),
    timeoutMs,
    [],
    LOAD_CORE,
  );
  const baseline = measured(baselineRun, offered, load.seconds);
  const receiver = await startReceiverProcess({
    otelUrl: captureUrl,
    compiled: true,
    ...(RECEIVER_CORE ? { cores: RECEIVER_CORE } : {}),
  });
  try {
    const cpuBefore = cpuSeconds(receiver.pid);
    const started = Date.now();
    const run = await runK6(
      'ingest.ts',
      k6Env(receiver.url, tier, seconds, batching),
      timeoutMs,
      [],
      LOAD_CORE,
    );
    const cores = (cpuSeconds(receiver.pid) - cpuBefore) / ((Date.now() - started) / 1000);
    const figures = measured(run, offered, load.seconds, cores);
    return {
      tier,
      batching,
      baseline,
      receiver: figures,
      sustained: run.exitCode === 0 && figures.eventsPerSecond >= SUSTAINED_SHARE * offered,
    };
  } finally {
    await receiver.stop();
  }
}

const BATCHING_LABEL: Readonly<Record<Batching, string>> = {
  count: '≤ 50 items',
  sdk: '50 items or 5 s (SDK)',
  burst: 'burst to 2×, ≤ 50 items',
};

const n = (value: number): string => (Number.isFinite(value) ? formatNumber(value) : '–');

function renderMarkdown(
  figures: readonly TierFigures[],
  seconds: number,
  stopped: string | undefined,
): string {
  const rows = figures.flatMap((f) =>
    [
      ['sink alone (baseline)', f.baseline],
      ['receiver, 1 process', f.receiver],
    ].map(([label, m]) => {
      const x = m as Measured;
      return [
        f.tier,
        BATCHING_LABEL[f.batching],
        label as string,
        n(x.offeredEventsPerSecond),
        n(x.eventsPerSecond),
        n(x.requestsPerSecond),
        n(x.p50Ms),
        n(x.p99Ms),
        `${(x.failedShare * 100).toFixed(2)} %`,
        String(x.droppedIterations),
        x.receiverCores === undefined ? '–' : x.receiverCores.toFixed(2),
        String(x.k6ExitCode),
      ];
    }),
  );
  const ratios = figures.map((f) => [
    f.tier,
    BATCHING_LABEL[f.batching],
    (f.receiver.eventsPerSecond / f.baseline.eventsPerSecond).toFixed(2),
    (f.receiver.p99Ms / f.baseline.p99Ms).toFixed(1),
    f.receiver.receiverCores && f.receiver.receiverCores > 0
      ? n(f.receiver.eventsPerSecond / f.receiver.receiverCores)
      : '–',
    f.sustained ? 'yes' : '**no**',
  ]);
  return [
    `k6 (\`load/ingest.ts\`, scenario \`sustained\`) offers each tier's events per second as whole ` +
      `simulated views (spans and player events as the SDK sends them, batches of ≤ 50 items per ` +
      `signal, so a view is one traces request and one or two logs requests), ${seconds} s per ` +
      'run, open loop (constant arrival rate); then once more at tier S with the SDK’s own ' +
      'batching (a flush at 50 items or when the oldest item is 5 s old, in the view’s time: ' +
      '~1.4 items per request, as during playback); then the burst scenario at tier S: a third ' +
      'of the run at the sustained rate, a third at the burst peak (2×), a third sustained again, ' +
      '"offered" being its mean. The receiver runs as it ships (`dist/main.js`, ' +
      'every check on, rate limits off for the single load IP) and forwards to the OTLP capture ' +
      'server in count mode.',
    '',
    '- Nothing is pinned: one receiver process (one JavaScript thread, so at most about one ' +
      'core), k6 and the capture server share the two cores. "Events per receiver CPU-second" ' +
      'divides by the receiver’s own CPU time (from /proc): the rate one fully busy receiver ' +
      'core reaches, whatever else runs.',
    '- Baseline, same run and offered load: k6 posting the same requests straight to the capture ' +
      'server — the load generator, loopback HTTP and the sink without the receiver. Where the ' +
      'baseline itself falls short, k6 on one core is the limit, not the receiver.',
    `- Sustained = k6 thresholds held (good requests failed < 0.1 %, p99 < ${P99_GOAL_MS} ms, ` +
      `every answer forwarded every item, < 1 % iterations dropped) and ≥ ${SUSTAINED_SHARE * 100} % ` +
      'of the offered events arrived.',
    '',
    markdownTable(
      [
        'tier',
        'batching',
        'target',
        'offered events/s',
        'forwarded events/s',
        'requests/s',
        'p50 ms',
        'p99 ms',
        'failed',
        'dropped iterations',
        'receiver cores busy',
        'k6 exit',
      ],
      rows,
    ),
    '',
    markdownTable(
      [
        'tier',
        'batching',
        'events/s ratio receiver ÷ baseline',
        'p99 ratio receiver ÷ baseline',
        'events per receiver CPU-second',
        'sustained',
      ],
      ratios,
    ),
    '',
    stopped ?? 'Every tier was sustained.',
  ].join('\n');
}

export async function run(options: RunOptions): Promise<BenchmarkOutput> {
  const plan = options.quick ? QUICK : FULL;
  buildReceiver();
  const capture = await startCapture();
  const figures: TierFigures[] = [];
  let stopped: string | undefined;
  try {
    for (const tier of plan.tiers) {
      console.log(`  tier ${tier}: ${TIERS[tier].sustained} events/s, baseline then receiver…`);
      const result = await runTier(tier, plan.seconds, capture.url, 'count');
      figures.push(result);
      if (!result.sustained) {
        stopped =
          `Stopped at tier ${tier}: one receiver process did not sustain ${formatNumber(TIERS[tier].sustained)} ` +
          `events/s (${formatNumber(result.receiver.eventsPerSecond)} forwarded, p99 ` +
          `${n(result.receiver.p99Ms)} ms, k6 exit ${result.receiver.k6ExitCode}); higher tiers were not run.`;
        break;
      }
    }
    // What browsers really send: the SDK flushes every 5 s during playback, so most requests
    // carry one or two items and the receiver's per-request cost dominates.
    console.log('  tier S with the SDK’s batching (50 items or 5 s), baseline then receiver…');
    figures.push(await runTier('S', plan.seconds, capture.url, 'sdk'));
    console.log(`  tier S burst to ${TIERS.S.burst} events/s, baseline then receiver…`);
    figures.push(await runTier('S', plan.seconds, capture.url, 'burst'));
  } finally {
    capture.stop();
  }
  return {
    markdown: renderMarkdown(figures, plan.seconds, stopped),
    results: JSON.parse(
      JSON.stringify({
        seconds: plan.seconds,
        figures,
        stopped: stopped ?? null,
      }),
    ) as JsonValue,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const output = await run({ quick: process.argv.includes('--quick') });
  console.log(output.markdown);
}
