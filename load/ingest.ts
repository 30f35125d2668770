// k6 load test of the receiver: realistic OpenQoE traffic at the original design's tiers.
//   make load TIER=S TARGET=http://127.0.0.1:8788 [SCENARIO=burst]
//   k6 run -e TIER=M -e SCENARIO=sustained -e TARGET=http://127.0.0.1:8788 -e API_KEY=… load/ingest.ts
// Environment: TARGET (loopback only), API_KEY, TIER (S|M|L), SCENARIO (sustained | burst | soak |
// mixed-bad-input | legacy), and overrides EVENTS_PER_SECOND, BURST_EVENTS_PER_SECOND, DURATION
// (seconds), BATCH_ITEMS, BATCH_AGE_MS, P99_MS, MAX_ERROR_RATE, BAD_REQUESTS_PER_SECOND, POOL_SIZE.
// Thresholds (exit code 99 when one fails): good requests fail < MAX_ERROR_RATE, their p99 <
// P99_MS, every good answer forwarded every item, k6 kept up with the arrival rate, and — in
// mixed-bad-input — every bad request got exactly the answer it deserves.
import { check } from 'k6';
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter, Rate } from 'k6/metrics';
import type { Options } from 'k6/options';
import { answerProblem, badInputCases, type BadInputCase } from './lib/bad-input.ts';
import { acceptedInFull, pathOf, sdkHeaders } from './lib/batches.ts';
import {
  buildPool,
  meanItemsPerView,
  meanLegacyEventsPerView,
  withViewId,
  type PooledView,
} from './lib/pool.ts';
import { hexId } from './lib/random.ts';
import { checkTarget } from './lib/target.ts';
import { planFor, settingsFrom } from './lib/tiers.ts';

// Refuses a non-loopback TARGET before anything is sent (the init context throws: k6 exits 107).
const target = checkTarget(__ENV.TARGET ?? 'http://127.0.0.1:8788');
const apiKey = __ENV.API_KEY ?? 'openqoe-dev-key';
const settings = settingsFrom(__ENV);
const poolSize = Number(__ENV.POOL_SIZE ?? '24');

const pool = new SharedArray<PooledView>('views', () =>
  buildPool({
    size: poolSize,
    seed: 1,
    policy: { maxItems: settings.batchItems, maxAgeMs: settings.batchAgeMs },
    nowMs: Date.now(),
  }),
);
const legacy = settings.scenario === 'legacy';
const meanItems = legacy ? meanLegacyEventsPerView(pool) : meanItemsPerView(pool);
const plan = planFor(settings, meanItems);

export const options: Options = {
  // The plan is built without k6's types (it is unit-tested in Node); its shapes are k6's.
  scenarios: plan.scenarios as unknown as Options['scenarios'],
  thresholds: plan.thresholds,
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(99)', 'max'],
  discardResponseBodies: false,
  setupTimeout: '30s',
};

/** Spans and log records in requests the receiver accepted and forwarded. */
const itemsForwarded = new Counter('items_forwarded');
/** Bad requests answered otherwise than they must be (mixed-bad-input). */
const unexpectedAnswers = new Rate('unexpected_answers');

const random = Math.random;

export function setup(): { meanItemsPerView: number; viewsPerSecond: number } {
  console.log(
    `target ${target.baseUrl}, tier ${settings.tier}, scenario ${settings.scenario}: ` +
      `${settings.eventsPerSecond} events/s, ${meanItems.toFixed(1)} items per view, ` +
      `${plan.viewsPerSecond.toFixed(2)} views/s, batches of ≤ ${settings.batchItems} items` +
      (Number.isFinite(settings.batchAgeMs) ? ` or ${settings.batchAgeMs} ms` : ''),
  );
  return { meanItemsPerView: meanItems, viewsPerSecond: plan.viewsPerSecond };
}

// A SharedArray parses an element on every access: each VU keeps the views it has used.
const parsedViews: PooledView[] = [];

function pooledView(): PooledView {
  const index = exec.scenario.iterationInTest % pool.length;
  let view = parsedViews[index];
  if (view === undefined) {
    view = pool[index] as PooledView;
    parsedViews[index] = view;
  }
  return view;
}

/** One view: every batch of it, as the SDK sends them, under a fresh view id. */
export function views(): void {
  const view = pooledView();
  const viewId = hexId(random, 16);
  for (const batch of view.batches) {
    const response = http.post(
      `${target.baseUrl}${pathOf(batch.signal)}`,
      withViewId(batch.parts, viewId),
      {
        headers: sdkHeaders(apiKey, hexId(random, 16), Date.now()),
        tags: { kind: 'good', signal: batch.signal },
      },
    );
    const forwarded = check(
      response,
      {
        'accepted and forwarded in full': (r) =>
          r.status === 200 && acceptedInFull(r.body as string | null),
      },
      { kind: 'good' },
    );
    if (forwarded) itemsForwarded.add(batch.items, { signal: batch.signal });
  }
}

/** One view in the original openqoe format (POST /v2/events, X-API-Key). */
export function legacyViews(): void {
  const view = pooledView();
  const viewId = hexId(random, 16);
  for (const batch of view.legacy) {
    const response = http.post(`${target.baseUrl}/v2/events`, withViewId(batch.parts, viewId), {
      headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey },
      tags: { kind: 'good', signal: 'legacy' },
    });
    const forwarded = check(
      response,
      {
        'every legacy event processed': (r) => {
          if (r.status !== 200 || typeof r.body !== 'string') return false;
          const answer = JSON.parse(r.body) as { success?: boolean; events_processed?: number };
          return answer.success === true && answer.events_processed === batch.events;
        },
      },
      { kind: 'good' },
    );
    if (forwarded) itemsForwarded.add(batch.events, { signal: 'logs' });
  }
}

/** One bad request (or a retried pair), checked against the answer it must get. */
let cases: BadInputCase[] | undefined;

export function badInput(): void {
  // Built on first use, so only the VUs of this scenario hold them.
  cases ??= badInputCases(Date.now());
  const testCase = cases[exec.scenario.iterationInTest % cases.length];
  if (testCase === undefined) return;
  const batchId = hexId(random, 16);
  for (let send = 0; send < testCase.sends; send++) {
    const response = http.request(
      testCase.method,
      `${target.baseUrl}${testCase.path}`,
      testCase.body,
      {
        headers: testCase.headers(apiKey, batchId, Date.now()),
        tags: { kind: 'bad', case: testCase.name },
        ...(testCase.gzip === true ? { compression: 'gzip' } : {}),
        responseCallback: http.expectedStatuses(testCase.expectStatus),
      },
    );
    const problem = answerProblem(testCase, response.status, response.body as string | null);
    if (problem !== undefined) console.warn(problem);
    unexpectedAnswers.add(problem !== undefined, { case: testCase.name });
  }
  if (testCase.forwardedItems > 0) itemsForwarded.add(testCase.forwardedItems, { signal: 'mixed' });
}
