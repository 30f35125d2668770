// Receiver throughput: the receiver process pinned to one core (taskset) with every check on —
// auth, limits, pre-scan, schema, timestamps, cardinality, user-agent enrichment, de-duplication
// — forwarding to the OTLP capture server (count mode) while autocannon loads it from the other
// core. In the same run, the ceiling: parse + validate (and + stringify) of the same bodies in a
// tight loop, so the receiver's rate is reported as a ratio that survives a noisy machine. Then
// the same load against two receiver processes (RECEIVER_WORKERS=2).
//
// A module for bench/run.ts (`export const name, title, command; export async function run`), and
// runnable alone: `npx tsx receiver/bench/throughput.ts [--quick]`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchmarkOutput, JsonValue, RunOptions } from '../../bench/benchmark.js';
import { buildPayloads, type PayloadSet, type Signal } from '../../bench/payloads.js';
import { formatNumber, markdownTable } from '../../bench/report.js';
import { perSecond, spread, type Spread } from '../../bench/stats.js';
import { cpuClock, measureInterleaved, type RoundPlan } from '../../bench/timing.js';
import { contractValidators } from '../src/schemas.js';
import type { DriverResult, DriverSpec } from './load-driver.js';

export const name = 'receiver-throughput';
export const title = 'Receiver throughput: one core, every check on, forwarding to a sink';
export const command = 'npx tsx bench/run.ts receiver-throughput';

const KEY = 'bench-key-0123456789abcdef';
const DISTINCT_BODIES = 16;
const CONNECTIONS = 32;
const RECEIVER_DIR = fileURLToPath(new URL('../', import.meta.url));
const MAIN = join(RECEIVER_DIR, 'dist', 'main.js');
const DRIVER = fileURLToPath(new URL('./load-driver.ts', import.meta.url));
const CAPTURE = fileURLToPath(new URL('./capture-process.ts', import.meta.url));
const FLOOR = fileURLToPath(new URL('./transport-floor.ts', import.meta.url));

interface Case {
  readonly signal: Signal;
  readonly batchSize: number;
  /** Receiver processes: 1 is pinned to one core; 2 runs in cluster mode on both cores. */
  readonly workers: number;
  /** Offered load in events per second; omitted = saturation (as fast as it answers). */
  readonly offeredEventsPerSecond?: number;
  /**
   * `floor`: instead of the receiver, a pass-through that only reads each body and hands it to
   * the receiver's forwarder (transport-floor.ts) — the HTTP cost any Node receiver pays per
   * request.
   */
  readonly server?: 'floor';
}

const GOALS = { eventsPerSecond: 25_000, p99Ms: 50, rssMiB: 128, ratio: 0.6, clusterSpeedup: 1.7 };

const CASES: readonly Case[] = [
  { signal: 'traces', batchSize: 10, workers: 1 },
  { signal: 'traces', batchSize: 50, workers: 1 },
  // Latency is a matter of the load offered: the goal's p99 is taken at the goal's rate.
  { signal: 'traces', batchSize: 50, workers: 1, offeredEventsPerSecond: GOALS.eventsPerSecond },
  { signal: 'logs', batchSize: 50, workers: 1 },
  { signal: 'traces', batchSize: 50, workers: 2 },
  { signal: 'traces', batchSize: 50, workers: 1, server: 'floor' },
];

/** The V8 flags the receiver ships with (Dockerfile, npm start). */
const NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=128'];

interface Timing {
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly ceiling: RoundPlan;
}

const MS = 1_000_000n;
const FULL: Timing = {
  warmupSeconds: 3,
  durationSeconds: 10,
  ceiling: { warmupNanoseconds: 300n * MS, rounds: 5, roundNanoseconds: 600n * MS },
};
const QUICK: Timing = {
  warmupSeconds: 1,
  durationSeconds: 2,
  ceiling: { warmupNanoseconds: 50n * MS, rounds: 3, roundNanoseconds: 100n * MS },
};

const hasTaskset = spawnSync('taskset', ['-V']).status === 0 && availableParallelism() >= 2;

/** `taskset -c <cores>` in front of a command where the machine allows it. */
function pinned(cores: string | undefined, argv: string[]): [string, string[]] {
  if (!hasTaskset || cores === undefined) return [argv[0] as string, argv.slice(1)];
  return ['taskset', ['-c', cores, ...argv]];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Lines of a child's stdout, one at a time. */
function lines(child: ChildProcess): AsyncIterator<string> {
  if (child.stdout === null) throw new Error('the child has no stdout pipe');
  return createInterface({ input: child.stdout })[Symbol.asyncIterator]();
}

async function nextMatch(
  iterator: AsyncIterator<string>,
  pattern: RegExp,
  what: string,
  stderr: () => string,
): Promise<RegExpMatchArray> {
  for (;;) {
    const next = await iterator.next();
    if (next.done)
      throw new Error(`${what} ended before printing ${pattern}: ${stderr().slice(0, 2000)}`);
    const match = pattern.exec(next.value);
    if (match) return match;
  }
}

function collectStderr(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

type Buckets = Map<number, number>;

/** Cumulative bucket counts of one histogram series from the receiver's /metrics. */
async function scrapeBuckets(baseUrl: string, series: RegExp): Promise<Buckets> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const buckets: Buckets = new Map();
  for (const line of text.split('\n')) {
    if (!series.test(line)) continue;
    const match = /le="([^"]+)"\} (\d+)$/.exec(line);
    if (match) buckets.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]));
  }
  return buckets;
}

/** The bucket bound under which `p` % of the observations between two scrapes fell. */
function bucketPercentile(before: Buckets, after: Buckets, p: number): number | undefined {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total <= 0) return undefined;
  for (const bound of bounds) {
    const count = (after.get(bound) ?? 0) - (before.get(bound) ?? 0);
    if (count >= (p / 100) * total) return bound;
  }
  return undefined;
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

/** The process and its descendants (cluster workers). */
function processTree(pid: number): number[] {
  const children = readProc(pid, `task/${pid}/children`)
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return [pid, ...children.flatMap(processTree)];
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readProc(pid, 'status'));
  return match ? Number(match[1]) / 1024 : 0;
}

/** User + system CPU seconds used so far. */
function cpuSeconds(pid: number): number {
  const stat = readProc(pid, 'stat');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface CaseFigures {
  readonly server: 'receiver' | 'floor';
  readonly signal: Signal;
  readonly batchSize: number;
  readonly workers: number;
  readonly offeredEventsPerSecond: number | undefined;
  readonly requestBytes: number;
  readonly eventsPerSecond: number;
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** Largest RSS of any receiver process during the run. */
  readonly maxRssMiB: number;
  /** Receiver CPU seconds per wall second (1 = one core busy). */
  readonly cpuCores: number;
  /** Events per receiver CPU-second: the rate one fully busy core would reach. */
  readonly eventsPerCpuSecond: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly forwardedItems: number;
  /** p99 bucket bounds from the receiver's own histograms (one process only), in ms. */
  readonly receiverP99Ms: number | undefined;
  readonly downstreamP99Ms: number | undefined;
}

function configFile(dir: string): string {
  const path = join(dir, 'receiver.yaml');
  writeFileSync(
    path,
    [
      'keys:',
      `  - key: ${KEY}`,
      '    tenant: bench',
      '    rate_limit: off',
      'rate_limits: { per_ip: off, per_session: off }',
      // The payloads carry fixed timestamps from the start of 2026, so reruns send the same bytes.
      'timestamps: { max_past_seconds: 315360000 }',
      '',
    ].join('\n'),
  );
  return path;
}

async function runCase(
  testCase: Case,
  set: PayloadSet,
  capture: { url: string; ask: (command: string) => Promise<unknown> },
  timing: Timing,
  dir: string,
): Promise<CaseFigures> {
  const port = await freePort();
  const floor = testCase.server === 'floor';
  const [receiverCommand, receiverArgs] = pinned(testCase.workers === 1 ? '0' : undefined, [
    process.execPath,
    ...NODE_FLAGS,
    ...(floor ? ['--import', 'tsx', FLOOR] : [MAIN]),
  ]);
  const receiver = spawn(receiverCommand, receiverArgs, {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      OTEL_URL: capture.url,
      RECEIVER_CONFIG: configFile(dir),
      RECEIVER_METRICS_EXPORT_INTERVAL_MS: '0',
      RECEIVER_WORKERS: String(testCase.workers),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const receiverErrors = collectStderr(receiver);
  const receiverLines = lines(receiver);
  try {
    for (let i = 0; i < testCase.workers; i++) {
      await nextMatch(receiverLines, /listening on/, 'the receiver', receiverErrors);
    }
    const bodiesFile = join(dir, `bodies-${set.signal}-${set.batchSize}.json`);
    writeFileSync(bodiesFile, JSON.stringify(set.bodies));
    const spec: DriverSpec = {
      url: `http://127.0.0.1:${port}`,
      path: `/v1/${set.signal}`,
      key: KEY,
      bodiesFile,
      connections: CONNECTIONS,
      warmupSeconds: timing.warmupSeconds,
      durationSeconds: timing.durationSeconds,
      ...(testCase.offeredEventsPerSecond === undefined
        ? {}
        : { overallRate: testCase.offeredEventsPerSecond / set.batchSize }),
    };
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify(spec));
    const [driverCommand, driverArgs] = pinned(testCase.workers === 1 ? '1' : undefined, [
      process.execPath,
      '--import',
      'tsx',
      DRIVER,
      specFile,
    ]);
    const driver = spawn(driverCommand, driverArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    const driverErrors = collectStderr(driver);
    const driverLines = lines(driver);
    // Sample only the measured part: after the warm-up.
    await nextMatch(driverLines, /^measuring$/, 'the load driver', driverErrors);
    await capture.ask('reset');
    const requestSeries = new RegExp(
      `^receiver_request_duration_seconds_bucket\\{route="/v1/${set.signal}",outcome="accepted"`,
    );
    const downstreamSeries = new RegExp(
      `^receiver_downstream_duration_seconds_bucket\\{signal="${set.signal}",result="accepted"`,
    );
    const single = testCase.workers === 1 && !floor;
    const requestBefore = single ? await scrapeBuckets(spec.url, requestSeries) : new Map();
    const downstreamBefore = single ? await scrapeBuckets(spec.url, downstreamSeries) : new Map();
    const pids = processTree(receiver.pid as number);
    const cpuBefore = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const started = process.hrtime.bigint();
    let maxRss = 0;
    const sampler = setInterval(() => {
      for (const pid of pids) maxRss = Math.max(maxRss, rssMiB(pid));
    }, 200);
    const resultLine = await nextMatch(driverLines, /^\{.*\}$/, 'the load driver', driverErrors);
    const result = JSON.parse(resultLine[0]) as DriverResult;
    clearInterval(sampler);
    const requestAfter = single ? await scrapeBuckets(spec.url, requestSeries) : new Map();
    const downstreamAfter = single ? await scrapeBuckets(spec.url, downstreamSeries) : new Map();
    const ms = (seconds: number | undefined): number | undefined =>
      seconds === undefined ? undefined : seconds * 1000;
    const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuUsed = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - cpuBefore;
    const counts = (await capture.ask('counts')) as {
      accepted: { spans: number; logRecords: number };
    };
    const events = result.ok * set.batchSize;
    return {
      server: floor ? 'floor' : 'receiver',
      signal: set.signal,
      batchSize: set.batchSize,
      workers: testCase.workers,
      offeredEventsPerSecond: testCase.offeredEventsPerSecond,
      requestBytes:
        set.bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0) / set.bodies.length,
      eventsPerSecond: events / result.durationSeconds,
      requestsPerSecond: result.ok / result.durationSeconds,
      latencyP50Ms: result.latencyP50Ms,
      latencyP99Ms: result.latencyP99Ms,
      maxRssMiB: maxRss,
      cpuCores: cpuUsed / elapsedSeconds,
      eventsPerCpuSecond:
        cpuUsed > 0 ? (events * (elapsedSeconds / result.durationSeconds)) / cpuUsed : 0,
      non2xx: result.non2xx,
      errors: result.errors,
      forwardedItems: counts.accepted.spans + counts.accepted.logRecords,
      receiverP99Ms: ms(bucketPercentile(requestBefore, requestAfter, 99)),
      downstreamP99Ms: ms(bucketPercentile(downstreamBefore, downstreamAfter, 99)),
    };
  } finally {
    receiver.kill('SIGTERM');
    await new Promise((resolve) => receiver.once('exit', resolve));
  }
}

interface Ceiling {
  readonly signal: Signal;
  readonly batchSize: number;
  readonly parseValidate: Spread;
  readonly parseValidateStringify: Spread;
  /** Parse + validate per second of this process's CPU time: what one core does, load or not. */
  readonly parseValidatePerCpuSecond: Spread;
}

function measureCeiling(set: PayloadSet, plan: RoundPlan): Ceiling {
  const validate = contractValidators()[set.signal].request;
  const bodies = set.bodies;
  const parsed = (i: number): unknown => {
    const value: unknown = JSON.parse(bodies[i % bodies.length] as string);
    if (!validate(value)) throw new Error(`body ${i % bodies.length} does not validate`);
    return value;
  };
  const measured = measureInterleaved(
    {
      validate: (i) => (parsed(i) === null ? 0 : 1),
      stringify: (i) => JSON.stringify(parsed(i)).length,
    },
    plan,
  );
  const onCpu = measureInterleaved(
    { validate: (i) => (parsed(i) === null ? 0 : 1) },
    plan,
    cpuClock,
  );
  const rate = (rounds: (typeof measured)['validate']['rounds']): Spread =>
    spread(rounds.map((r) => perSecond(r.iterations * set.batchSize, r.elapsedNanoseconds)));
  return {
    signal: set.signal,
    batchSize: set.batchSize,
    parseValidate: rate(measured.validate.rounds),
    parseValidateStringify: rate(measured.stringify.rounds),
    parseValidatePerCpuSecond: rate(onCpu.validate.rounds),
  };
}

async function startCapture(): Promise<{
  url: string;
  ask: (command: string) => Promise<unknown>;
  stop: () => void;
}> {
  const [command, args] = pinned('1', [process.execPath, '--import', 'tsx', CAPTURE]);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const iterator = lines(child);
  const first = await iterator.next();
  if (first.done) throw new Error('the capture server did not start');
  const { url } = JSON.parse(first.value) as { url: string };
  return {
    url,
    ask: async (commandText) => {
      child.stdin?.write(`${commandText}\n`);
      const answer = await iterator.next();
      return JSON.parse(answer.value as string) as unknown;
    },
    stop: () => child.kill('SIGTERM'),
  };
}

const n = (value: number): string => formatNumber(value);
const pass = (ok: boolean): string => (ok ? 'yes' : '**no**');

function renderMarkdown(
  figures: readonly CaseFigures[],
  ceilings: readonly Ceiling[],
  timing: Timing,
): string {
  const receiverFigures = figures.filter((f) => f.server === 'receiver');
  const floor = figures.find((f) => f.server === 'floor');
  const ceilingOf = (f: CaseFigures): Ceiling | undefined =>
    ceilings.find((c) => c.signal === f.signal && c.batchSize === f.batchSize);
  const saturatedOneCore = (f: CaseFigures): boolean =>
    f.workers === 1 && f.offeredEventsPerSecond === undefined;
  const table = markdownTable(
    [
      'signal',
      'batch',
      'procs',
      'offered',
      'events/s',
      'p50 ms',
      'p99 ms',
      'receiver p99 ≤ ms (of which forward ≤)',
      'max RSS MiB',
      'receiver cores busy',
      'events per CPU-s',
      'ceiling (parse+validate) events/s',
      'ratio to ceiling',
      'ratio to parse+validate+stringify',
      'ceiling events per CPU-s',
      'ratio per CPU-s',
      'non-2xx',
    ],
    receiverFigures.map((f) => {
      const ceiling = ceilingOf(f);
      return [
        f.signal,
        String(f.batchSize),
        String(f.workers),
        f.offeredEventsPerSecond === undefined ? 'max' : `${n(f.offeredEventsPerSecond)}/s`,
        n(f.eventsPerSecond),
        n(f.latencyP50Ms),
        n(f.latencyP99Ms),
        f.receiverP99Ms === undefined
          ? '–'
          : `${n(f.receiverP99Ms)} (${f.downstreamP99Ms === undefined ? '–' : n(f.downstreamP99Ms)})`,
        n(f.maxRssMiB),
        f.cpuCores.toFixed(2),
        n(f.eventsPerCpuSecond),
        ceiling ? n(ceiling.parseValidate.median) : '–',
        ceiling && saturatedOneCore(f)
          ? (f.eventsPerSecond / ceiling.parseValidate.median).toFixed(2)
          : '–',
        ceiling && saturatedOneCore(f)
          ? (f.eventsPerSecond / ceiling.parseValidateStringify.median).toFixed(2)
          : '–',
        ceiling ? n(ceiling.parseValidatePerCpuSecond.median) : '–',
        ceiling && f.workers === 1
          ? (f.eventsPerCpuSecond / ceiling.parseValidatePerCpuSecond.median).toFixed(2)
          : '–',
        String(f.non2xx + f.errors),
      ];
    }),
  );
  const traces50 = (f: CaseFigures): boolean => f.signal === 'traces' && f.batchSize === 50;
  const single = receiverFigures.find((f) => traces50(f) && saturatedOneCore(f));
  const atGoalRate = receiverFigures.find(
    (f) => traces50(f) && f.offeredEventsPerSecond !== undefined,
  );
  const double = receiverFigures.find((f) => traces50(f) && f.workers === 2);
  const latency = atGoalRate ?? single;
  const latencyFigures = latency as CaseFigures;
  const ceiling50 = single && ceilingOf(single);
  const speedup = single && double ? double.eventsPerSecond / single.eventsPerSecond : undefined;
  const cpuRatio = (f: CaseFigures, c: Ceiling): number =>
    f.eventsPerCpuSecond / c.parseValidatePerCpuSecond.median;
  const goals = single
    ? markdownTable(
        ['goal (traces, batch 50)', 'measured', 'met'],
        [
          [
            `≥ ${n(GOALS.eventsPerSecond)} events/s on one core`,
            n(single.eventsPerSecond),
            pass(single.eventsPerSecond >= GOALS.eventsPerSecond),
          ],
          [
            `p99 ≤ ${GOALS.p99Ms} ms at ${n(GOALS.eventsPerSecond)} events/s`,
            `${n(latencyFigures.latencyP99Ms)} ms (at ${n(latencyFigures.eventsPerSecond)} events/s)`,
            pass(latencyFigures.latencyP99Ms <= GOALS.p99Ms),
          ],
          [
            `RSS ≤ ${GOALS.rssMiB} MB`,
            `${n(Math.max(single.maxRssMiB, latencyFigures.maxRssMiB))} MiB`,
            pass(Math.max(single.maxRssMiB, latencyFigures.maxRssMiB) <= GOALS.rssMiB),
          ],
          ...(ceiling50
            ? [
                [
                  `≥ ${GOALS.ratio} of the parse + validate ceiling (per CPU-second; by events/s)`,
                  `${cpuRatio(single, ceiling50).toFixed(2)}; ${(single.eventsPerSecond / ceiling50.parseValidate.median).toFixed(2)}`,
                  pass(cpuRatio(single, ceiling50) >= GOALS.ratio),
                ],
              ]
            : []),
          ...(speedup !== undefined
            ? [
                [
                  `≥ ${GOALS.clusterSpeedup}× with two processes`,
                  `${speedup.toFixed(2)}×`,
                  pass(speedup >= GOALS.clusterSpeedup),
                ],
              ]
            : []),
        ],
      )
    : '';
  const floorSection =
    floor && ceiling50
      ? [
          '',
          '**Transport floor** (same run, traces, batch 50, pinned like the receiver): a pass-through ' +
            'that reads each body and hands its text, unchanged, to the receiver’s own forwarder ' +
            '(default downstream settings), then answers (`receiver/bench/transport-floor.ts`): ' +
            'HTTP in and out and nothing else. A receiver that also parses and validates, and forwards each ' +
            'request on its own, needs at least the ceiling’s CPU plus this per request, so its ' +
            'ratio per CPU-s cannot exceed floor ÷ (floor + ceiling), whatever else it saves.',
          '',
          markdownTable(
            [
              'transport floor events per CPU-s',
              'µs of CPU per request: floor',
              'ceiling (parse+validate)',
              'receiver',
              'highest ratio per CPU-s any such receiver reaches',
              'receiver’s ratio per CPU-s',
            ],
            [
              [
                n(floor.eventsPerCpuSecond),
                n((1e6 * 50) / floor.eventsPerCpuSecond),
                n((1e6 * 50) / ceiling50.parseValidatePerCpuSecond.median),
                single ? n((1e6 * 50) / single.eventsPerCpuSecond) : '–',
                (
                  floor.eventsPerCpuSecond /
                  (floor.eventsPerCpuSecond + ceiling50.parseValidatePerCpuSecond.median)
                ).toFixed(2),
                single ? cpuRatio(single, ceiling50).toFixed(2) : '–',
              ],
            ],
          ),
        ]
      : [];
  return [
    'The receiver as it ships (`npm run build`, then `node dist/main.js`), every check on: API key, origin, rate-limit ' +
      'buckets (unlimited key), byte caps, pre-scan, contract schema, timestamp policy, ' +
      'cardinality governance, user-agent enrichment, batch de-duplication (each request a new ' +
      'X-OpenQoE-Batch-Id), forwarding over a keep-alive pool to the OTLP capture server in count ' +
      'mode (a separate process). Load: autocannon, ' +
      `${CONNECTIONS} connections, ${DISTINCT_BODIES} distinct bodies per case built by the ` +
      'OpenTelemetry JS SDK (`bench/payloads.ts`), ' +
      `${timing.warmupSeconds} s warm-up, ${timing.durationSeconds} s measured. "offered: max" ` +
      'is a closed loop (each connection sends again when answered: throughput at saturation, ' +
      'latency mostly queueing behind 32 connections); a rate is an open loop with requests ' +
      'evenly spaced and latency counted from when each was due.',
    '',
    hasTaskset
      ? '- One process: the receiver pinned to core 0 (`taskset -c 0`), the load driver and the ' +
        'sink to core 1. Two processes (`RECEIVER_WORKERS=2`, Node cluster): nothing pinned, so ' +
        'the receivers share both cores with the load driver and the sink.'
      : '- taskset or a second core is missing here: nothing is pinned.',
    `- The receiver runs with the V8 flags it ships with: \`${NODE_FLAGS.join(' ')}\`.`,
    '- Receiver p99: the bucket bound of the receiver’s own `receiver_request_duration_seconds` ' +
      'histogram (arrival to answer) and, in brackets, of `receiver_downstream_duration_seconds` ' +
      '(from sending to the sink until the receiver’s event loop resumes with its answer), ' +
      'scraped from /metrics before and after the measured part.',
    '- Ceiling: `JSON.parse` + the contract validator (and + `JSON.stringify`) of the same ' +
      'bodies in a tight loop in one thread, measured in the same run; the ratio is the ' +
      'receiver’s events/s over it. Events per CPU-second divides by the receiver’s own CPU time ' +
      '(from /proc), which other load on the machine does not inflate; the ceiling is also ' +
      'measured per second of its own CPU time, and "ratio per CPU-s" compares the two — the ' +
      'figure that holds on a shared machine, where the wall-clock rates and their ratio depend on ' +
      'how much of a core the receiver got (column "receiver cores busy"). The goal is judged on it.',
    '',
    table,
    '',
    goals,
    ...floorSection,
  ].join('\n');
}

function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** Compiles the receiver as `npm run build -w @openqoe/receiver` does: the benchmark runs what ships. */
function buildReceiver(): void {
  const result = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: RECEIVER_DIR,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`building the receiver failed: ${result.stderr || result.stdout}`);
}

export async function run(options: RunOptions): Promise<BenchmarkOutput> {
  const timing = options.quick ? QUICK : FULL;
  buildReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'receiver-bench-'));
  const sets = new Map<string, PayloadSet>();
  for (const { signal, batchSize } of CASES) {
    const id = `${signal}/${batchSize}`;
    if (!sets.has(id)) sets.set(id, await buildPayloads(signal, batchSize, DISTINCT_BODIES));
  }
  const ceilings: Ceiling[] = [];
  for (const set of sets.values()) {
    console.log(`  ceiling: ${set.signal}, batch ${set.batchSize}…`);
    ceilings.push(measureCeiling(set, timing.ceiling));
  }
  const capture = await startCapture();
  const figures: CaseFigures[] = [];
  try {
    for (const testCase of CASES) {
      console.log(
        `  ${testCase.server ?? 'receiver'}: ${testCase.signal}, batch ${testCase.batchSize}, ${testCase.workers} process(es)…`,
      );
      const set = sets.get(`${testCase.signal}/${testCase.batchSize}`) as PayloadSet;
      figures.push(await runCase(testCase, set, capture, timing, dir));
    }
  } finally {
    capture.stop();
  }
  for (const f of figures) {
    if (f.non2xx + f.errors > 0)
      console.warn(
        `  warning: ${f.non2xx} non-2xx and ${f.errors} errors in ${f.signal}/${f.batchSize}`,
      );
  }
  return {
    markdown: renderMarkdown(figures, ceilings, timing),
    results: toJson({
      pinned: hasTaskset,
      connections: CONNECTIONS,
      timing: { warmupSeconds: timing.warmupSeconds, durationSeconds: timing.durationSeconds },
      figures,
      ceilings,
    }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const output = await run({ quick: process.argv.includes('--quick') });
  console.log(output.markdown);
}
