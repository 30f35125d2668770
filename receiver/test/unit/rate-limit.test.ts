import { expect } from 'chai';
import { LruMap } from '../../src/domain/lru.js';
import { RateLimiter, fullBucket, takeTokens } from '../../src/domain/rate-limit.js';

const SPEC = { ratePerSecond: 2, burst: 3 };

describe('token buckets (R6)', () => {
  it('allow a burst, then refuse with the seconds until the next token', () => {
    let bucket = fullBucket(SPEC, 0);
    for (let i = 0; i < 3; i++) {
      const result = takeTokens(bucket, SPEC, 0);
      expect(result.allowed).to.equal(true);
      bucket = result.bucket;
    }
    const refused = takeTokens(bucket, SPEC, 0);
    expect(refused.allowed).to.equal(false);
    expect(refused.retryAfterSeconds).to.equal(1);
  });

  it('refill at the rate, never above the burst', () => {
    const empty = { tokens: 0, updatedMs: 0 };
    expect(takeTokens(empty, SPEC, 499).allowed).to.equal(false);
    expect(takeTokens(empty, SPEC, 500).allowed).to.equal(true);
    expect(takeTokens(empty, SPEC, 3_600_000).bucket.tokens).to.equal(2);
  });

  it('give long waits in whole seconds for slow rates', () => {
    const slow = { ratePerSecond: 0.1, burst: 1 };
    expect(takeTokens({ tokens: 0, updatedMs: 0 }, slow, 0).retryAfterSeconds).to.equal(10);
  });

  it('keep one bucket per client with an injected clock', () => {
    let now = 0;
    const limiter = new RateLimiter(
      { ratePerSecond: 1, burst: 1 },
      { maxClients: 10, clock: () => now },
    );
    expect(limiter.take('a')).to.equal(0);
    expect(limiter.take('a')).to.equal(1);
    expect(limiter.take('b'), 'another client has its own bucket').to.equal(0);
    now = 1000;
    expect(limiter.take('a')).to.equal(0);
  });

  it('forget the least recently used client beyond the bound', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect(lru.get('b')).to.equal(undefined);
    expect(lru.get('a')).to.equal(1);
    expect(lru.size).to.equal(2);
    expect(() => new LruMap(0)).to.throw(RangeError);
  });
});
