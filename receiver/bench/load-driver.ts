// The load generator of the throughput benchmark, run as its own process (pinned apart from the
// receiver), posting the given OTLP bodies in turn, each request a batch of its own (fresh
// X-OpenQoE-Batch-Id, current X-OpenQoE-Sent-At), as the SDK sends them. Two modes:
//   saturation  autocannon, closed loop: every connection sends again as soon as it is answered
//   paced       open loop at a fixed rate, one request every 1/rate s, latency measured from the
//               moment each request was due (so a stalled receiver cannot hide its queue)
// Prints "measuring" when the warm-up is over, then one JSON line with the result.
//   node --import tsx receiver/bench/load-driver.ts <spec.json>
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Pool } from 'undici';

export interface DriverSpec {
  readonly url: string;
  readonly path: string;
  readonly key: string;
  /** A file holding a JSON array of request bodies. */
  readonly bodiesFile: string;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** Paced mode: requests per second, evenly spaced; omitted = saturation with autocannon. */
  readonly overallRate?: number;
}

export interface DriverResult {
  readonly durationSeconds: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMaxMs: number;
}

function load(
  spec: DriverSpec,
  bodies: readonly string[],
  seconds: number,
  tag: string,
): Promise<autocannon.Result> {
  let sequence = 0;
  return autocannon({
    url: spec.url,
    connections: spec.connections,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: spec.path,
        setupRequest: (request) => {
          const n = sequence++;
          return {
            ...request,
            body: bodies[n % bodies.length] as string,
            headers: headersFor(spec, `${tag}-${process.pid}-${n}`),
          };
        },
      },
    ],
  });
}

function headersFor(spec: DriverSpec, batchId: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    authorization: `Bearer ${spec.key}`,
    'x-openqoe-batch-id': batchId,
    'x-openqoe-sent-at': `${BigInt(Date.now()) * 1_000_000n}`,
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function paced(
  spec: DriverSpec,
  bodies: readonly string[],
  seconds: number,
  rate: number,
  tag: string,
): Promise<DriverResult> {
  const pool = new Pool(spec.url, { connections: spec.connections, pipelining: 1 });
  const url = new URL(spec.path, spec.url);
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  const end = start + seconds * 1000;
  for (let n = 0; ; n++) {
    const due = start + (n * 1000) / rate;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const request = pool
      .request({
        method: 'POST',
        path: url.pathname,
        headers: headersFor(spec, `${tag}-${process.pid}-${n}`),
        body: bodies[n % bodies.length] as string,
      })
      .then(
        async (response) => {
          await response.body.dump();
          latencies.push(performance.now() - due);
          if (response.statusCode >= 200 && response.statusCode < 300) ok++;
          else non2xx++;
        },
        () => {
          errors++;
        },
      );
    pending.add(request);
    void request.finally(() => pending.delete(request));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    durationSeconds: elapsed,
    ok,
    non2xx,
    errors,
    timeouts: 0,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    latencyMaxMs: latencies.at(-1) ?? 0,
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as DriverSpec;
  const bodies = JSON.parse(readFileSync(spec.bodiesFile, 'utf8')) as string[];
  const rate = spec.overallRate;
  if (rate !== undefined) {
    if (spec.warmupSeconds > 0) await paced(spec, bodies, spec.warmupSeconds, rate, 'warmup');
    process.stdout.write('measuring\n');
    const result = await paced(spec, bodies, spec.durationSeconds, rate, 'bench');
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  if (spec.warmupSeconds > 0) await load(spec, bodies, spec.warmupSeconds, 'warmup');
  process.stdout.write('measuring\n');
  const result = await load(spec, bodies, spec.durationSeconds, 'bench');
  const output: DriverResult = {
    durationSeconds: result.duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

await main();
