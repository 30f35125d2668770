// RECEIVER_WORKERS = N: N processes with tables of their own. Two receivers built with
// `workers: 2` stand for the two workers of a cluster (each is what one worker runs); together
// they must keep the receiver-wide bounds: label cardinality and an API key's rate limit.
import { expect } from 'chai';
import type { DimensionPolicy } from '../src/domain/cardinality.js';
import { cardinalityShare, keyBucketShare } from '../src/domain/worker-share.js';
import {
  OTHER_KEY,
  errorCode,
  logRecord,
  logsBody,
  rebuffer,
  send,
  startStack,
  str,
  tracesBody,
  type Stack,
} from './helpers.js';

describe('worker shares of receiver-wide limits (RECEIVER_WORKERS)', () => {
  const policies: DimensionPolicy[] = [
    { attribute: 'a', policy: 'allow', maxCardinality: 100 },
    { attribute: 'h', policy: 'hash', maxCardinality: 1000 },
    { attribute: 'b', policy: 'bucket', maxCardinality: 50 },
    { attribute: 'e', policy: 'allow', values: ['x', 'y'] },
    { attribute: 'd', policy: 'drop' },
    { attribute: 'u', policy: 'allow' },
    { attribute: 's', policy: 'allow', maxCardinality: 3 },
  ];

  it('splits counted cardinality budgets, never below one value', () => {
    const shares = cardinalityShare(policies, 4);
    expect(shares.map((p) => p.maxCardinality)).to.deep.equal([
      25,
      250,
      50,
      undefined,
      undefined,
      undefined,
      1,
    ]);
    expect(cardinalityShare(policies, 1)).to.deep.equal(policies);
  });

  it("splits an API key's bucket, and refuses a nonsensical worker count", () => {
    expect(keyBucketShare({ ratePerSecond: 100, burst: 200 }, 4)).to.deep.equal({
      ratePerSecond: 25,
      burst: 50,
    });
    expect(keyBucketShare({ ratePerSecond: 1, burst: 1 }, 3).burst).to.equal(1);
    expect(() => keyBucketShare({ ratePerSecond: 1, burst: 1 }, 0)).to.throw(RangeError);
    expect(() => cardinalityShare(policies, 1.5)).to.throw(RangeError);
  });
});

describe('two workers together keep the receiver-wide bounds', function () {
  this.timeout(60_000);
  let workers: Stack[];
  before(async () => {
    const rateLimited = { ratePerSecond: 0.001, burst: 20 };
    workers = await Promise.all(
      [0, 1].map(() =>
        startStack(
          (config) => {
            config.keys = config.keys.map((key, i) =>
              i === 1 ? { ...key, rateLimit: rateLimited } : key,
            );
          },
          { workers: 2 },
        ),
      ),
    );
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.close()));
  });

  it('forward at most max_cardinality + 1 values of a hashed label between them (R7)', async () => {
    const seen = new Set<unknown>();
    for (const [w, worker] of workers.entries()) {
      for (let offset = 0; offset < 3000; offset += 1000) {
        const records = Array.from({ length: 1000 }, (_, i) =>
          logRecord('video.view_start', [str('video.content.id', `w${w}-content-${offset + i}`)]),
        );
        const answer = await send(worker.url, '/v1/logs', {
          body: JSON.stringify(logsBody(records)),
        });
        expect(answer.status, answer.text).to.equal(200);
      }
      for (const record of worker.alloy.logRecords()) {
        seen.add(record.attributes['video.content.id']);
      }
    }
    // The contract hashes video.content.id with max_cardinality 1000: 500 per worker.
    expect(seen.size).to.equal(1001);
    expect(seen.has('__other__')).to.equal(true);
    const stats = await send(workers[0]!.url, '/stats', {});
    const body = JSON.parse(stats.text) as {
      cardinality: Record<string, { maxCardinality: number; distinct: number }>;
    };
    expect(body.cardinality['video.content.id']).to.include({ maxCardinality: 500, distinct: 500 });
  });

  it("let an API key's burst through once between them, not once each (R6)", async () => {
    const statuses: number[] = [];
    for (const worker of workers) {
      for (let i = 0; i < 15; i++) {
        const answer = await send(worker.url, '/v1/traces', {
          body: JSON.stringify(tracesBody([rebuffer()])),
          auth: OTHER_KEY,
        });
        if (answer.status !== 200) expect(errorCode(answer)).to.equal('rate_limited');
        statuses.push(answer.status);
      }
    }
    expect(statuses.filter((s) => s === 200)).to.have.length(20);
    expect(statuses.filter((s) => s === 429)).to.have.length(10);
  });
});
