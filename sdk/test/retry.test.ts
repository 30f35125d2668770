import { expect } from 'chai';
import {
  backoffDelay,
  classifyResponse,
  parseRetryAfter,
  retryDelay,
} from '../src/transport/retry-policy.js';
import { CircuitBreaker } from '../src/transport/circuit-breaker.js';
import { FakeTime } from './support/fakes.js';

const NOW = Date.parse('2026-11-23T10:00:00Z');

describe('retry policy', () => {
  it('retries only 429, 502, 503 and 504; 2xx is delivered; the rest is rejected', () => {
    for (const status of [429, 502, 503, 504])
      expect(classifyResponse(status, null, NOW).kind).to.equal('retry');
    for (const status of [200, 202, 204])
      expect(classifyResponse(status, null, NOW).kind).to.equal('delivered');
    for (const status of [400, 401, 403, 404, 413, 415, 500, 501]) {
      expect(classifyResponse(status, null, NOW)).to.deep.equal({ kind: 'rejected', status });
    }
  });

  it('honours Retry-After in seconds and as an HTTP date', () => {
    expect(classifyResponse(503, '7', NOW)).to.deep.include({ kind: 'retry', retryAfterMs: 7000 });
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', NOW)).to.equal(30_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', NOW)).to.equal(0);
    expect(parseRetryAfter('soon', NOW)).to.equal(undefined);
    expect(parseRetryAfter(null, NOW)).to.equal(undefined);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const options = { initialMs: 1000, maxMs: 60_000 };
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) =>
      backoffDelay(attempt, options, () => 0.999999),
    );
    expect(ceilings).to.deep.equal([999, 1999, 3999, 7999, 15999, 31999, 59999, 59999]);
    expect(backoffDelay(5, options, () => 0)).to.equal(0);
    expect(backoffDelay(3, options, () => 0.5)).to.equal(2000);
  });

  it('prefers the server Retry-After over backoff, capped at the maximum', () => {
    const options = { initialMs: 1000, maxMs: 60_000 };
    expect(retryDelay(1, { retryAfterMs: 5000 }, options, () => 0)).to.equal(5000);
    expect(retryDelay(1, { retryAfterMs: 3_600_000 }, options)).to.equal(60_000);
  });
});

describe('CircuitBreaker', () => {
  it('opens after consecutive failures, lets one probe through, and closes on success', () => {
    const time = new FakeTime();
    const breaker = new CircuitBreaker(time, {
      failureThreshold: 3,
      openMs: 1000,
      maxOpenMs: 8000,
    });
    for (let i = 0; i < 3; i += 1) {
      expect(breaker.tryAcquire()).to.equal(true);
      breaker.recordFailure();
    }
    expect(breaker.state).to.equal('open');
    expect(breaker.tryAcquire()).to.equal(false);
    expect(breaker.waitMs()).to.equal(1000);
    time.advance(1000);
    expect(breaker.state).to.equal('half_open');
    expect(breaker.tryAcquire()).to.equal(true);
    expect(breaker.tryAcquire(), 'only one probe at a time').to.equal(false);
    breaker.recordSuccess();
    expect(breaker.state).to.equal('closed');
  });

  it('doubles the open time after a failed probe, up to the cap', () => {
    const time = new FakeTime();
    const breaker = new CircuitBreaker(time, {
      failureThreshold: 1,
      openMs: 1000,
      maxOpenMs: 3000,
    });
    breaker.recordFailure();
    const openTimes: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      openTimes.push(breaker.waitMs());
      time.advance(breaker.waitMs());
      expect(breaker.tryAcquire()).to.equal(true);
      breaker.recordFailure();
    }
    expect(openTimes).to.deep.equal([1000, 2000, 3000]);
  });

  it('a success in between resets the failure count', () => {
    const time = new FakeTime();
    const breaker = new CircuitBreaker(time, {
      failureThreshold: 2,
      openMs: 1000,
      maxOpenMs: 1000,
    });
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).to.equal('closed');
  });
});
