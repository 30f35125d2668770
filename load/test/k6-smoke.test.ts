// Every k6 script, run briefly by the real k6 binary (`make k6`) against the real receiver process
// on loopback, with the OTLP capture server standing in for Alloy: k6's exit code and thresholds
// decide, and what the capture server received must be exactly what k6 counted as forwarded.
import { join } from 'node:path';
import { expect } from 'chai';
import { startOtlpCapture, type OtlpCapture } from '../../testkit/src/otlp-capture/server.js';
import {
  counterTotal,
  LOAD_KEY,
  REPO_ROOT,
  requireK6,
  runK6,
  startReceiverProcess,
  type K6Run,
  type ReceiverProcess,
} from './support.ts';

// Tiny rates and a generous p99: the smoke runs check behaviour on a shared CI machine, the
// benchmark (bench/load-tiers.ts) measures latency.
const SMOKE = { EVENTS_PER_SECOND: '150', DURATION: '5', P99_MS: '2000' };

function forwardedByCapture(capture: OtlpCapture): number {
  const { accepted } = capture.counts();
  return accepted.spans + accepted.logRecords;
}

function explain(run: K6Run): string {
  return `k6 exit ${run.exitCode}:\n${run.output.slice(-3000)}`;
}

describe('k6 scripts against the real receiver (smoke runs)', function () {
  this.timeout(120_000);
  let capture: OtlpCapture;
  let receiver: ReceiverProcess;

  before(async () => {
    requireK6();
    capture = await startOtlpCapture({ store: 'count' });
    receiver = await startReceiverProcess({ otelUrl: capture.url });
  });
  after(async () => {
    await receiver?.stop();
    await capture?.close();
  });
  beforeEach(() => capture.reset());

  for (const scenario of ['sustained', 'burst', 'soak', 'legacy', 'mixed-bad-input'] as const) {
    it(`ingest.ts ${scenario}: thresholds hold and the capture holds exactly what k6 counted`, async () => {
      const run = await runK6('ingest.ts', {
        TARGET: receiver.url,
        API_KEY: LOAD_KEY,
        SCENARIO: scenario,
        ...SMOKE,
        ...(scenario === 'burst' ? { DURATION: '3' } : {}),
        ...(scenario === 'mixed-bad-input' ? { BAD_REQUESTS_PER_SECOND: '16' } : {}),
      });
      expect(run.exitCode, explain(run)).to.equal(0);
      const forwarded = counterTotal(run, 'items_forwarded');
      expect(forwarded, explain(run)).to.be.greaterThan(100);
      await capture.waitFor(() => forwardedByCapture(capture) >= forwarded, { timeoutMs: 5000 });
      expect(forwardedByCapture(capture)).to.equal(forwarded);
      if (scenario === 'legacy') expect(capture.counts().accepted.spans).to.equal(0);
      else expect(capture.counts().accepted.spans).to.be.greaterThan(0);
      expect(capture.counts().rejected.requests).to.equal(0);
      if (scenario === 'mixed-bad-input') {
        const bad = run.summary?.metrics.unexpected_answers;
        // Bad requests were sent, and every one got its expected status and code.
        expect(bad?.passes, explain(run)).to.equal(0);
        expect(Number(bad?.fails), explain(run)).to.be.greaterThan(30);
      }
    });
  }

  it('traffic.ts: views played (sped up) and sent batch by batch, all forwarded', async () => {
    const run = await runK6('traffic.ts', {
      TARGET: receiver.url,
      API_KEY: LOAD_KEY,
      VIEWS_PER_MINUTE: '240',
      DURATION: '4s',
      MAX_WATCH_SECONDS: '30',
      TIME_SCALE: '10',
    });
    expect(run.exitCode, explain(run)).to.equal(0);
    const forwarded = counterTotal(run, 'items_forwarded');
    expect(forwarded, explain(run)).to.be.greaterThan(20);
    expect(forwardedByCapture(capture)).to.equal(forwarded);
    // Sent as the SDK sends them during playback: many small batches, not one per view.
    expect(capture.counts().accepted.requests).to.be.greaterThan(20);
  });

  it('traffic.ts with compose’s receiver configuration and dev key, as `--profile traffic` runs it', async () => {
    const composeReceiver = await startReceiverProcess({
      otelUrl: capture.url,
      configFile: join(REPO_ROOT, 'compose', 'receiver.yaml'),
    });
    try {
      const run = await runK6('traffic.ts', {
        TARGET: composeReceiver.url,
        API_KEY: 'openqoe-dev-key',
        VIEWS_PER_MINUTE: '120',
        DURATION: '3s',
        MAX_WATCH_SECONDS: '20',
        TIME_SCALE: '10',
      });
      expect(run.exitCode, explain(run)).to.equal(0);
      const forwarded = counterTotal(run, 'items_forwarded');
      expect(forwarded, explain(run)).to.be.greaterThan(10);
      expect(forwardedByCapture(capture)).to.equal(forwarded);
    } finally {
      await composeReceiver.stop();
    }
  });

  it('fails its thresholds (exit 99) when the receiver cannot forward (Alloy down)', async () => {
    await capture.down();
    try {
      const run = await runK6('ingest.ts', {
        TARGET: receiver.url,
        API_KEY: LOAD_KEY,
        ...SMOKE,
        DURATION: '2',
      });
      expect(run.exitCode, explain(run)).to.equal(99);
      expect(run.output).to.match(/thresholds on metrics '.*http_req_failed\{kind:good\}/);
      expect(counterTotal(run, 'items_forwarded')).to.equal(0);
    } finally {
      await capture.up();
    }
  });

  for (const [script, target] of [
    ['ingest.ts', 'http://10.20.30.40:8788'],
    ['ingest.ts', 'http://receiver:8788'],
    ['traffic.ts', 'http://192.168.0.10:8788'],
    ['traffic.ts', 'http://example.com'],
  ] as const) {
    it(`${script} refuses TARGET ${target} before sending anything`, async () => {
      const run = await runK6(script, { TARGET: target, API_KEY: LOAD_KEY, DURATION: '2' }, 30_000);
      // 107: an exception in the init context, before any VU runs, so no request was made.
      expect(run.exitCode, explain(run)).to.equal(107);
      expect(run.output).to.match(/TargetRefused: refusing target/);
      expect(run.summary, 'k6 never reached the test run').to.equal(undefined);
    });
  }
});
