import { expect } from 'chai';
import { Behaviours } from '../src/otlp-capture/behaviours.js';

describe('OTLP capture behaviours', () => {
  it('is idle until a rule is set, and plans a plain answer', () => {
    const behaviours = new Behaviours();
    expect(behaviours.idle).to.be.true;
    expect(behaviours.plan('traces')).to.deep.equal({
      failure: undefined,
      partialSuccess: undefined,
      delayMs: 0,
      hold: false,
    });
  });

  it('applies failure rules in call order, each for its number of times', () => {
    const behaviours = new Behaviours();
    behaviours.failWith(503, { times: 2, retryAfter: 3 });
    behaviours.failWith(429, { times: 1, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' });
    const statuses = [1, 2, 3, 4].map(() => behaviours.plan('logs').failure);
    expect(statuses.map((f) => f?.status)).to.deep.equal([503, 503, 429, undefined]);
    expect(statuses[0]?.retryAfter).to.equal('3');
    expect(statuses[2]?.retryAfter).to.equal('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(behaviours.idle).to.be.true;
  });

  it('keeps a rule without times until cleared', () => {
    const behaviours = new Behaviours();
    behaviours.failWith(500);
    for (let i = 0; i < 5; i++) expect(behaviours.plan('traces').failure?.status).to.equal(500);
    behaviours.clear();
    expect(behaviours.plan('traces').failure).to.equal(undefined);
  });

  it('applies a signal-scoped rule only to that signal, without using it up on others', () => {
    const behaviours = new Behaviours();
    behaviours.failWith(503, { times: 1, signal: 'logs' });
    expect(behaviours.plan('traces').failure).to.equal(undefined);
    expect(behaviours.plan('logs').failure?.status).to.equal(503);
    expect(behaviours.plan('logs').failure).to.equal(undefined);
  });

  it('does not use up a partial success on a request that fails', () => {
    const behaviours = new Behaviours();
    behaviours.failWith(503, { times: 1 });
    behaviours.partialSuccess({ rejected: 2, errorMessage: 'bad span', times: 1 });
    expect(behaviours.plan('traces')).to.deep.include({ partialSuccess: undefined });
    expect(behaviours.plan('traces').partialSuccess).to.deep.equal({
      rejected: 2,
      errorMessage: 'bad span',
    });
    expect(behaviours.plan('traces').partialSuccess).to.equal(undefined);
  });

  it('plans delays per request and holds by signal', () => {
    const behaviours = new Behaviours();
    behaviours.delay(50, { times: 1 });
    behaviours.hold('metrics');
    expect(behaviours.plan('traces')).to.deep.include({ delayMs: 50, hold: false });
    expect(behaviours.plan('metrics')).to.deep.include({ delayMs: 0, hold: true });
    behaviours.stopHolding();
    expect(behaviours.plan('metrics').hold).to.be.false;
  });

  it('rejects bad settings, naming the method and field', () => {
    const behaviours = new Behaviours();
    expect(() => behaviours.failWith(200)).to.throw(RangeError, 'failWith: status');
    expect(() => behaviours.failWith(503, { times: 0 })).to.throw(RangeError, 'failWith: times');
    expect(() => behaviours.failWith(503, { retryAfter: -1 })).to.throw(
      RangeError,
      'failWith: retryAfter',
    );
    expect(() => behaviours.failWith(503, { retryAfter: ' ' })).to.throw(RangeError, 'retryAfter');
    expect(() => behaviours.partialSuccess({ rejected: -1 })).to.throw(
      RangeError,
      'partialSuccess: rejected',
    );
    expect(() => behaviours.delay(Number.NaN)).to.throw(RangeError, 'delayResponses: ms');
    expect(() => behaviours.delay(10, { times: 1.5 })).to.throw(RangeError, 'times');
    expect(() => behaviours.hold('spans' as 'traces')).to.throw(RangeError, 'hold: signal');
    expect(behaviours.idle).to.be.true;
  });
});
