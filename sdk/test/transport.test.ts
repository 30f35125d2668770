// The transport against a real HTTP server on loopback (the test kit's OTLP capture server).
import { expect } from 'chai';
import { startOtlpCapture, type OtlpCapture } from '../../testkit/src/otlp-capture/server.js';
import { globalScheduler, performanceClock } from '../src/clock.js';
import { DropCounter } from '../src/transport/drops.js';
import {
  BATCH_ID_HEADER,
  HttpSender,
  SENT_AT_HEADER,
  toUnixNanos,
} from '../src/transport/http-sender.js';
import { MemoryQueue, applyBounds } from '../src/transport/offline-queue.js';
import { Transport, type TransportOptions } from '../src/transport/transport.js';
import { planUnloadSends } from '../src/transport/unload-plan.js';
import { batchBytes, type Batch } from '../src/transport/batch.js';

const OPTIONS: TransportOptions = {
  backoff: { initialMs: 20, maxMs: 200 },
  breaker: { failureThreshold: 50, openMs: 200, maxOpenMs: 400 },
  attemptsBeforePersist: 3,
  maxPendingBatches: 100,
  recheckMs: 100,
};

let sequence = 0;
function logBatch(items = 1, createdAt = performanceClock.now()): Batch {
  sequence += 1;
  const record = { timeUnixNano: '1', eventName: 'video.heartbeat', attributes: [] };
  return {
    id: `batch-${sequence}`,
    signal: 'logs',
    items,
    createdAt,
    body: JSON.stringify({
      resourceLogs: [
        { resource: { attributes: [] }, scopeLogs: [{ logRecords: Array(items).fill(record) }] },
      ],
    }),
  };
}

interface Setup {
  transport: Transport;
  queue: MemoryQueue;
  drops: DropCounter;
  online: { value: boolean };
}

function setup(
  capture: OtlpCapture,
  overrides: Partial<TransportOptions> = {},
  // Whether the replay lock is free at each attempt (another tab holds it when false); free after.
  { lockFree = [] as boolean[] } = {},
): Setup {
  const queue = new MemoryQueue({ maxBatches: 50, maxBytes: 512 * 1024, ttlMs: 3600_000 });
  const drops = new DropCounter();
  const online = { value: true };
  const sender = new HttpSender(
    { url: capture.url, apiKey: 'key-1', requestTimeoutMs: 2000 },
    { fetch: globalThis.fetch.bind(globalThis) },
  );
  const transport = new Transport(
    sender,
    queue,
    drops,
    {
      clock: performanceClock,
      scheduler: globalScheduler,
      isOnline: () => online.value,
      withReplayLock: async (task) => {
        if (lockFree.shift() === false) return false;
        await task();
        return true;
      },
    },
    { ...OPTIONS, ...overrides },
  );
  return { transport, queue, drops, online };
}

const acceptedIds = (capture: OtlpCapture) =>
  capture.requests.map((r) => r.headers['x-openqoe-batch-id']);

describe('Transport (real HTTP on loopback)', function () {
  this.timeout(10_000);
  let capture: OtlpCapture;

  beforeEach(async () => {
    capture = await startOtlpCapture();
  });
  afterEach(async () => {
    await capture.close();
  });

  it('delivers batches in order with batch id, send time and the API key', async () => {
    const { transport } = setup(capture);
    const batches = [logBatch(), logBatch(), logBatch()];
    const before = Date.now();
    for (const batch of batches) transport.enqueue(batch);
    await capture.waitFor((c) => c.requests.length === 3);
    expect(acceptedIds(capture)).to.deep.equal(batches.map((b) => b.id));
    const headers = capture.requests[0]!.headers;
    expect(headers.authorization).to.equal('Bearer key-1');
    expect(headers['content-type']).to.equal('application/json');
    const sentAtMs = Number(BigInt(headers[SENT_AT_HEADER.toLowerCase()] as string) / 1_000_000n);
    expect(sentAtMs).to.be.within(before - 50, Date.now() + 50);
    expect(headers[BATCH_ID_HEADER.toLowerCase()]).to.equal(batches[0]!.id);
    // The client learns of the last delivery a moment after the server answered it.
    await waitUntil(async () => transport.stats.delivered === 3);
  });

  it('delivers a batch enqueued in the same tick as start(), with no later enqueue', async () => {
    const { transport } = setup(capture);
    transport.start(); // its first pass finds nothing and ends a microtask later
    const batch = logBatch();
    transport.enqueue(batch);
    await capture.waitFor((c) => c.requests.length === 1, { timeoutMs: 2000 });
    expect(acceptedIds(capture)).to.deep.equal([batch.id]);
    transport.stop();
  });

  it('retries 503 honouring Retry-After, and the batch is stored once', async () => {
    const { transport } = setup(capture);
    capture.failWith(503, { times: 2, retryAfter: 0 });
    const batch = logBatch();
    transport.enqueue(batch);
    await capture.waitFor((c) => c.requests.length === 1);
    expect(acceptedIds(capture)).to.deep.equal([batch.id]);
    expect(capture.rejected.map((r) => r.status)).to.deep.equal([503, 503]);
    expect(transport.stats.retried).to.equal(2);
  });

  it('waits as long as Retry-After says before retrying', async () => {
    const { transport } = setup(capture, { backoff: { initialMs: 1, maxMs: 5000 } });
    capture.failWith(429, { times: 1, retryAfter: 1 });
    const started = performanceClock.now();
    transport.enqueue(logBatch());
    await capture.waitFor((c) => c.requests.length === 1, { timeoutMs: 4000 });
    expect(performanceClock.now() - started).to.be.at.least(950);
  });

  it('does not retry a rejected batch, and counts its records as dropped', async () => {
    const { transport, drops } = setup(capture);
    capture.failWith(400, { times: 1 });
    transport.enqueue(logBatch(7));
    const next = logBatch();
    transport.enqueue(next);
    await capture.waitFor((c) => c.requests.length === 1);
    expect(acceptedIds(capture)).to.deep.equal([next.id]);
    expect(capture.rejected).to.have.length(1);
    expect(drops.peek()).to.deep.equal({ rejected: 7 });
  });

  it('keeps batches through an outage and delivers each exactly once, in order, after it', async () => {
    const { transport, queue } = setup(capture);
    await capture.down();
    const batches = [logBatch(), logBatch(), logBatch(), logBatch()];
    for (const batch of batches) transport.enqueue(batch);
    // Repeated connection failures move the batches to the offline queue.
    await waitUntil(async () => (await queue.list(performanceClock.now())).batches.length === 4);
    await capture.up();
    transport.online();
    await capture.waitFor((c) => c.requests.length === 4, { timeoutMs: 5000 });
    expect(acceptedIds(capture)).to.deep.equal(batches.map((b) => b.id));
    await waitUntil(async () => (await queue.list(performanceClock.now())).batches.length === 0);
    expect(transport.stats.replayed).to.equal(4);
  });

  it('sends nothing while offline and delivers when the network returns', async () => {
    const { transport, queue, online } = setup(capture);
    online.value = false;
    const batch = logBatch();
    transport.enqueue(batch);
    await waitUntil(async () => (await queue.list(performanceClock.now())).batches.length === 1);
    expect(capture.counts().accepted.requests + capture.counts().rejected.requests).to.equal(0);
    online.value = true;
    transport.online();
    await capture.waitFor((c) => c.requests.length === 1);
    expect(acceptedIds(capture)).to.deep.equal([batch.id]);
  });

  it('delivers after the network returns even when no online event comes', async () => {
    const { transport, online } = setup(capture);
    online.value = false;
    const batch = logBatch();
    transport.enqueue(batch);
    await sleep(150);
    online.value = true; // and transport.online() is never called
    await capture.waitFor((c) => c.requests.length === 1, { timeoutMs: 2000 });
    expect(acceptedIds(capture)).to.deep.equal([batch.id]);
    transport.stop();
  });

  it('replays the queue later when another tab held the replay lock', async () => {
    const { transport, queue } = setup(capture, {}, { lockFree: [false, true] });
    const queued = logBatch();
    await queue.put([queued], performanceClock.now());
    transport.start();
    await capture.waitFor((c) => c.requests.length === 1, { timeoutMs: 2000 });
    expect(acceptedIds(capture)).to.deep.equal([queued.id]);
    transport.stop();
  });

  it('stops hammering a dead endpoint once the circuit breaker opens', async () => {
    const { transport } = setup(capture, {
      backoff: { initialMs: 1, maxMs: 1 },
      breaker: { failureThreshold: 3, openMs: 60_000, maxOpenMs: 60_000 },
      attemptsBeforePersist: 1000,
    });
    capture.failWith(503);
    transport.enqueue(logBatch());
    await capture.waitFor((c) => c.rejected.length >= 3);
    await sleep(300);
    expect(capture.rejected).to.have.length(3);
    transport.stop();
  });

  it('loses no batch when the one on the wire leaves the pending list meanwhile (overflow)', async () => {
    // One batch may wait in memory: more push the oldest into the offline queue, including the
    // one being sent. Its answer must then remove nothing else from the list.
    const { transport } = setup(capture, { maxPendingBatches: 1 });
    capture.hold();
    const [first, second, third] = [logBatch(), logBatch(), logBatch()];
    transport.enqueue(first);
    await capture.waitFor((c) => c.held === 1 || undefined);
    transport.enqueue(second);
    transport.enqueue(third); // first and second go to the queue; third waits
    capture.release();
    await capture.waitFor(
      () => [first, second, third].every((b) => acceptedIds(capture).includes(b.id)) || undefined,
      { timeoutMs: 5000, description: 'every batch delivered' },
    );
    // The one on the wire was not queued a second time: each arrived once.
    const ids = acceptedIds(capture);
    expect([first, second, third].map((b) => ids.filter((id) => id === b.id).length)).to.deep.equal(
      [1, 1, 1],
    );
    transport.stop();
  });

  it('sends what follows an unload flush made while a batch was on the wire, that batch once', async () => {
    const { transport } = setup(capture);
    capture.hold();
    const first = logBatch();
    transport.enqueue(first);
    await capture.waitFor((c) => c.held === 1 || undefined);
    // The page was hidden (not gone): the flush finds the batch on the wire already going; then
    // the page goes on and enqueues more.
    transport.flushForUnload();
    const next = logBatch();
    transport.enqueue(next);
    capture.release();
    await capture.waitFor(
      () => [first, next].every((b) => acceptedIds(capture).includes(b.id)) || undefined,
      { timeoutMs: 5000, description: 'both batches delivered' },
    );
    expect(acceptedIds(capture).filter((id) => id === first.id)).to.have.length(1);
    transport.stop();
  });

  it('counts batches evicted from a full offline queue as dropped', async () => {
    const queue = new MemoryQueue({ maxBatches: 2, maxBytes: 1e9, ttlMs: 1e9 });
    const evicted = await queue.put(
      [logBatch(2), logBatch(3), logBatch(4)],
      performanceClock.now(),
    );
    expect(evicted.map((e) => [e.reason, e.batch.items])).to.deep.equal([['queue_full', 2]]);
  });
});

describe('offline queue bounds', () => {
  it('evicts expired batches, then the oldest until count and bytes fit', () => {
    const now = 1_000_000;
    const old = { ...logBatch(1, now - 10_000), id: 'old' };
    const a = { ...logBatch(1, now - 100), id: 'a' };
    const b = { ...logBatch(1, now - 50), id: 'b' };
    const c = { ...logBatch(1, now), id: 'c' };
    const bytes = batchBytes(a);
    const result = applyBounds([old, a, b, c], now, {
      maxBatches: 3,
      maxBytes: 2 * bytes,
      ttlMs: 5000,
    });
    expect(result.keep.map((x) => x.id)).to.deep.equal(['b', 'c']);
    expect(result.evicted.map((e) => [e.batch.id, e.reason])).to.deep.equal([
      ['old', 'ttl_expired'],
      ['a', 'queue_full'],
    ]);
  });
});

describe('unload plan', () => {
  const sized = (id: string, bytes: number): Batch => ({
    id,
    signal: 'traces',
    items: 1,
    createdAt: 0,
    body: 'x'.repeat(bytes),
  });

  it('fills the keepalive budget first, then beacons, then persists the rest', () => {
    const plan = planUnloadSends(
      [sized('a', 30_000), sized('b', 30_000), sized('c', 30_000), sized('d', 10_000)],
      0,
      35_000,
    );
    expect(plan.keepalive.map((b) => b.id)).to.deep.equal(['a', 'b']);
    expect(plan.beacon.map((b) => b.id)).to.deep.equal(['c']);
    expect(plan.persist.map((b) => b.id)).to.deep.equal(['d']);
  });

  it('counts what is already in flight against the keepalive budget', () => {
    const plan = planUnloadSends([sized('a', 10_000)], 60_000, 0);
    expect(plan.persist.map((b) => b.id)).to.deep.equal(['a']);
  });

  it('measures bodies in UTF-8 bytes', () => {
    expect(batchBytes(sized('x', 3))).to.equal(3);
    expect(batchBytes({ ...sized('x', 0), body: 'é€😀' })).to.equal(2 + 3 + 4);
  });
});

describe('toUnixNanos', () => {
  it('carries a fraction that rounds up into the next millisecond', () => {
    expect(toUnixNanos(1767225600999 + 0.9996)).to.equal('1767225601000000000');
    expect(toUnixNanos(1767225600000)).to.equal('1767225600000000000');
  });

  it('keeps microsecond precision of a fractional millisecond timestamp', () => {
    expect(toUnixNanos(1_795_000_000_123.456)).to.equal('1795000000123456000');
    expect(toUnixNanos(1_795_000_000_000)).to.equal('1795000000000000000');
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('Transport unload flush', function () {
  this.timeout(10_000);

  it('keeps batches for the next page instead of sending them to an endpoint that is failing', async () => {
    const capture = await startOtlpCapture();
    try {
      await capture.down();
      const { transport, queue } = setup(capture, {
        backoff: { initialMs: 60_000, maxMs: 60_000 },
      });
      const first = logBatch();
      transport.enqueue(first);
      await waitUntil(async () => transport.stats.retried === 1);
      const second = logBatch();
      transport.enqueue(second);
      transport.flushForUnload();
      await waitUntil(async () => (await queue.list(performanceClock.now())).batches.length === 2);
      const stored = (await queue.list(performanceClock.now())).batches.map((b) => b.id);
      expect(stored).to.deep.equal([first.id, second.id]);
      transport.stop();
    } finally {
      await capture.close();
    }
  });
});
