import { expect } from 'chai';
import { BatchLedger } from '../../src/domain/batch-ledger.js';

describe('batch ledger (T6 de-duplication)', () => {
  it('acknowledges a batch seen before with the stored answer', () => {
    const ledger = new BatchLedger<string>({ maxEntries: 10, ttlMs: 1000, clock: () => 0 });
    const first = ledger.claim('t/b1');
    expect(first.kind).to.equal('new');
    if (first.kind === 'new') first.finish('ok');
    const again = ledger.claim('t/b1');
    expect(again).to.deep.equal({ kind: 'duplicate', result: 'ok' });
  });

  it('forgets a batch that failed, so its retry is forwarded', () => {
    const ledger = new BatchLedger<string>({ maxEntries: 10, ttlMs: 1000, clock: () => 0 });
    const first = ledger.claim('b');
    if (first.kind === 'new') first.finish(undefined);
    expect(ledger.claim('b').kind).to.equal('new');
  });

  it('makes a copy in flight wait for the first outcome', async () => {
    const ledger = new BatchLedger<string>({ maxEntries: 10, ttlMs: 1000, clock: () => 0 });
    const first = ledger.claim('b');
    const second = ledger.claim('b');
    expect(second.kind).to.equal('pending');
    if (first.kind === 'new') first.finish('answer');
    if (second.kind === 'pending') expect(await second.settled).to.equal('answer');
  });

  it('expires entries after the TTL', () => {
    let now = 0;
    const ledger = new BatchLedger<string>({ maxEntries: 10, ttlMs: 1000, clock: () => now });
    const first = ledger.claim('b');
    if (first.kind === 'new') first.finish('x');
    now = 999;
    expect(ledger.claim('b').kind).to.equal('duplicate');
    now = 1000;
    expect(ledger.claim('b').kind).to.equal('new');
  });

  it('stays within its bound, dropping the oldest finished entries', () => {
    const ledger = new BatchLedger<number>({ maxEntries: 100, ttlMs: 60_000, clock: () => 0 });
    for (let i = 0; i < 1000; i++) {
      const claim = ledger.claim(`b${i}`);
      if (claim.kind === 'new') claim.finish(i);
    }
    expect(ledger.size).to.be.at.most(101);
    expect(ledger.claim('b999').kind).to.equal('duplicate');
    expect(ledger.claim('b0').kind).to.equal('new');
  });
});
