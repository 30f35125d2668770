/**
 * Throughput of the capture server, kept so that changes to its request path can be measured:
 *
 *   npx tsx testkit/src/otlp-capture/bench.ts [requests=20000] [concurrency=32] [spans=50]
 *
 * The load comes from a worker thread over keep-alive connections, so the main thread's
 * event-loop utilisation is the server's own cost.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { startOtlpCapture } from './server.js';
import type { CaptureStoreMode } from './server.js';

interface ClientResult {
  seconds: number;
  latenciesMs: number[];
  failures: number;
}

// Plain CommonJS so the worker needs no TypeScript loader.
const CLIENT = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const { url, body, requests, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latenciesMs = [];
let sent = 0;
let failures = 0;
function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) failures++;
        latenciesMs.push(performance.now() - started);
        resolve();
      });
    });
    req.on('error', () => { failures++; resolve(); });
    req.end(body);
  });
}
async function lane() {
  while (sent < requests) { sent++; await once(); }
}
(async () => {
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  agent.destroy();
  parentPort.postMessage({ seconds: (performance.now() - started) / 1000, latenciesMs, failures });
})();
`;

function tracesBody(spans: number): string {
  const attribute = (key: string, value: string) => ({ key, value: { stringValue: value } });
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [attribute('service.name', 'player-web')] },
        scopeSpans: [
          {
            scope: { name: '@openqoe/sdk', version: '0.1.0' },
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: (i + 1).toString(16).padStart(16, '0'),
              name: 'video.heartbeat',
              startTimeUnixNano: '1700000000000000000',
              endTimeUnixNano: '1700000010000000000',
              attributes: [
                attribute('video.id', 'content-123'),
                attribute('player.name', 'hls.js'),
                { key: 'video.bitrate', value: { intValue: '2400000' } },
              ],
            })),
          },
        ],
      },
    ],
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(
  store: CaptureStoreMode,
  body: string,
  requests: number,
  concurrency: number,
): Promise<void> {
  const capture = await startOtlpCapture({ store });
  const heapBefore = process.memoryUsage().heapUsed;
  const loopBefore = performance.eventLoopUtilization();
  const result = await new Promise<ClientResult>((resolve, reject) => {
    const worker = new Worker(CLIENT, {
      eval: true,
      workerData: { url: `${capture.url}/v1/traces`, body, requests, concurrency },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const loop = performance.eventLoopUtilization(loopBefore);
  const heapGrowthMiB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const counts = capture.counts();
  await capture.close();

  const sorted = result.latenciesMs.sort((a, b) => a - b);
  const perSecond = requests / result.seconds;
  console.log(
    `${store.padEnd(5)} ${Math.round(perSecond)} req/s, ${Math.round((perSecond * counts.accepted.spans) / requests)} spans/s; ` +
      `server event loop ${(loop.utilization * 100).toFixed(0)}% busy, ` +
      `${((loop.active / requests) * 1000).toFixed(0)} µs per request; ` +
      `latency p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms; ` +
      `heap +${heapGrowthMiB.toFixed(0)} MiB; accepted ${counts.accepted.requests}, failures ${result.failures}`,
  );
}

const [requests = 20000, concurrency = 32, spans = 50] = process.argv.slice(2).map(Number);
const body = tracesBody(spans);
console.log(
  `${requests} requests of ${spans} spans (${body.length} bytes), ${concurrency} keep-alive connections`,
);
for (const store of ['count', 'full'] as const) await run(store, body, requests, concurrency);
