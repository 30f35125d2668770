// A gentle, continuous stream of realistic playback for the compose stack's `traffic` profile, so
// the dashboards have something to show: VIEWS_PER_MINUTE new views a minute, each sent in real
// time as the SDK would (batches of 50 items or 5 s, heartbeats every 10 s while playing), with
// fresh ids and current timestamps.
//   k6 run -e TARGET=http://receiver:8788 -e API_KEY=openqoe-dev-key -e VIEWS_PER_MINUTE=30 load/traffic.ts
// TARGET is a loopback URL or a compose service name (never another host). DURATION (default a
// year) and MAX_WATCH_SECONDS (default 120) bound the run; TIME_SCALE > 1 plays views faster than
// real time (for tests: timestamps then run ahead of the clock by up to the view's length).
import { check, sleep } from 'k6';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import type { Options } from 'k6/options';
import { acceptedInFull, batchesOf, pathOf, SDK_BATCH_POLICY, sdkHeaders } from './lib/batches.ts';
import { hexId } from './lib/random.ts';
import { checkTarget } from './lib/target.ts';
import { simulateView } from './lib/view.ts';

const MAX_VIEWS_PER_MINUTE = 600;

const target = checkTarget(__ENV.TARGET ?? 'http://127.0.0.1:8788', { allowServiceNames: true });
const apiKey = __ENV.API_KEY ?? 'openqoe-dev-key';
const viewsPerMinute = Number(__ENV.VIEWS_PER_MINUTE ?? '30');
if (
  !Number.isInteger(viewsPerMinute) ||
  viewsPerMinute < 1 ||
  viewsPerMinute > MAX_VIEWS_PER_MINUTE
) {
  throw new Error(
    `VIEWS_PER_MINUTE must be an integer in 1..${MAX_VIEWS_PER_MINUTE} (a gentle generator; use ingest.ts for load), got ${__ENV.VIEWS_PER_MINUTE}`,
  );
}
const maxWatchSeconds = Number(__ENV.MAX_WATCH_SECONDS ?? '120');
const timeScale = Number(__ENV.TIME_SCALE ?? '1');
if (!(maxWatchSeconds >= 20) || !(timeScale >= 1)) {
  throw new Error('MAX_WATCH_SECONDS must be ≥ 20 and TIME_SCALE ≥ 1');
}
// A view lasts at most its watch time plus stalls, seeks and pauses: bound generously.
const longestViewSeconds = (maxWatchSeconds * 1.5 + 60) / timeScale;
const concurrentViews = Math.ceil((viewsPerMinute / 60) * longestViewSeconds);

export const options: Options = {
  scenarios: {
    traffic: {
      executor: 'constant-arrival-rate',
      exec: 'view',
      rate: viewsPerMinute,
      timeUnit: '1m',
      duration: __ENV.DURATION ?? '8760h',
      preAllocatedVUs: Math.min(concurrentViews, 50),
      maxVUs: concurrentViews + 5,
      gracefulStop: `${Math.ceil(longestViewSeconds)}s`,
    },
  },
  thresholds: {
    // The generator is meant to run for days: it fails only when most of what it sends is refused.
    'checks{kind:good}': ['rate>0.9'],
  },
};

const itemsForwarded = new Counter('items_forwarded');

/** One view, from play intent to its end, batches sent when the SDK would send them. */
export function view(): void {
  const startedReal = Date.now();
  const simulated = simulateView(Math.random, {
    startMs: startedReal,
    maxWatchSeconds,
    serviceName: 'openqoe-traffic',
  });
  for (const batch of batchesOf(simulated, SDK_BATCH_POLICY, Math.random)) {
    const dueReal = startedReal + (batch.dueMs - simulated.startMs) / timeScale;
    const wait = dueReal - Date.now();
    if (wait > 0) sleep(wait / 1000);
    const response = http.post(`${target.baseUrl}${pathOf(batch.signal)}`, batch.body, {
      headers: sdkHeaders(apiKey, hexId(Math.random, 16), Date.now()),
      tags: { kind: 'good', signal: batch.signal },
    });
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
