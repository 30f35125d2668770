// Compares two builds of the receiver under the same load, alternating between them round by
// round so that whatever else the machine does affects both alike:
//   npx tsx receiver/bench/compare-builds.ts <baseline dist/main.js> <candidate dist/main.js>
//     [--signal traces|logs] [--rounds 3] [--seconds 6]
// e.g. a build of the last commit (git archive HEAD receiver | tar -x -C /tmp/base, then npm run
// build there with node_modules linked) against the working tree's. Each round starts each build
// pinned to core 0 with the benchmark's configuration, loads it at saturation from core 1 (the
// throughput benchmark's load driver and sink), and reads its CPU time from /proc. Prints events
// per CPU-second per round and the median ratio candidate ÷ baseline: how much less CPU the
// candidate needs per event, the figure a busy shared machine distorts least.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildPayloads, type Signal } from '../../bench/payloads.js';
import type { DriverResult, DriverSpec } from './load-driver.js';

const KEY = 'bench-key-0123456789abcdef';
const BATCH = 50;
const DRIVER = fileURLToPath(new URL('./load-driver.ts', import.meta.url));
const CAPTURE = fileURLToPath(new URL('./capture-process.ts', import.meta.url));
const NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=128'];
const CLOCK_TICKS_PER_SECOND = 100;

function lines(child: ChildProcess): AsyncIterator<string> {
  if (child.stdout === null) throw new Error('the child has no stdout pipe');
  return createInterface({ input: child.stdout })[Symbol.asyncIterator]();
}

async function nextMatch(iterator: AsyncIterator<string>, pattern: RegExp): Promise<string> {
  for (;;) {
    const next = await iterator.next();
    if (next.done) throw new Error(`the process ended before printing ${pattern}`);
    if (pattern.test(next.value)) return next.value;
  }
}

/** User + system CPU seconds of a process, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[values.length >> 1] as number;

interface RoundFigures {
  readonly eventsPerSecond: number;
  readonly eventsPerCpuSecond: number;
  readonly cores: number;
  readonly non2xx: number;
}

async function measure(
  main: string,
  port: number,
  captureUrl: string,
  spec: Omit<DriverSpec, 'url'>,
  dir: string,
): Promise<RoundFigures> {
  const receiver = spawn('taskset', ['-c', '0', process.execPath, ...NODE_FLAGS, main], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      OTEL_URL: captureUrl,
      RECEIVER_CONFIG: join(dir, 'receiver.yaml'),
      RECEIVER_METRICS_EXPORT_INTERVAL_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await nextMatch(lines(receiver), /listening on/);
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify({ ...spec, url: `http://127.0.0.1:${port}` }));
    const driver = spawn(
      'taskset',
      ['-c', '1', process.execPath, '--import', 'tsx', DRIVER, specFile],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const output = lines(driver);
    await nextMatch(output, /^measuring$/);
    const before = cpuSeconds(receiver.pid as number);
    const result = JSON.parse(await nextMatch(output, /^\{.*\}$/)) as DriverResult;
    const cpu = cpuSeconds(receiver.pid as number) - before;
    const events = result.ok * BATCH;
    return {
      eventsPerSecond: events / result.durationSeconds,
      eventsPerCpuSecond: events / cpu,
      cores: cpu / result.durationSeconds,
      non2xx: result.non2xx + result.errors,
    };
  } finally {
    receiver.kill('SIGTERM');
    await new Promise((resolve) => receiver.once('exit', resolve));
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      signal: { type: 'string', default: 'traces' },
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '6' },
    },
    allowPositionals: true,
  });
  const [baseline, candidate] = positionals;
  const signal = values.signal as Signal;
  if (baseline === undefined || candidate === undefined || !['traces', 'logs'].includes(signal)) {
    console.error(
      'usage: compare-builds.ts <baseline main.js> <candidate main.js> [--signal traces|logs] [--rounds N] [--seconds S]',
    );
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'receiver-compare-'));
  const bodiesFile = join(dir, 'bodies.json');
  writeFileSync(bodiesFile, JSON.stringify((await buildPayloads(signal, BATCH, 16)).bodies));
  writeFileSync(
    join(dir, 'receiver.yaml'),
    `keys:\n  - key: ${KEY}\n    tenant: bench\n    rate_limit: off\nrate_limits: { per_ip: off, per_session: off }\ntimestamps: { max_past_seconds: 315360000 }\n`,
  );
  const capture = spawn(process.execPath, ['--import', 'tsx', CAPTURE], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const captureUrl = (JSON.parse(await nextMatch(lines(capture), /^\{.*\}$/)) as { url: string })
    .url;
  const spec = {
    path: `/v1/${signal}`,
    key: KEY,
    bodiesFile,
    connections: 32,
    warmupSeconds: 3,
    durationSeconds: Number(values.seconds),
  };
  const builds = { baseline, candidate };
  const perCpu: Record<keyof typeof builds, number[]> = { baseline: [], candidate: [] };
  let port = 19_000 + (process.pid % 1000) * 2;
  try {
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const [name, main] of Object.entries(builds) as [keyof typeof builds, string][]) {
        const figures = await measure(main, port++, captureUrl, spec, dir);
        perCpu[name].push(figures.eventsPerCpuSecond);
        console.log(
          `round ${round} ${name}: ${Math.round(figures.eventsPerSecond)} events/s, ` +
            `${Math.round(figures.eventsPerCpuSecond)} events per CPU-s, ` +
            `${figures.cores.toFixed(2)} cores, ${figures.non2xx} non-2xx`,
        );
      }
    }
  } finally {
    capture.kill();
  }
  const ratios = perCpu.candidate.map((value, i) => value / (perCpu.baseline[i] as number));
  console.log(
    `${signal}, batch ${BATCH}: events per CPU-s, median: baseline ${Math.round(median(perCpu.baseline))}, ` +
      `candidate ${Math.round(median(perCpu.candidate))}; candidate ÷ baseline per round ` +
      `${ratios.map((r) => r.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)})`,
  );
}

await main();
