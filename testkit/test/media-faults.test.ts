import { expect } from 'chai';
import { FaultBook } from '../src/media/faults.js';
import type { Fault } from '../src/media/faults.js';

const DELAY: Fault = { kind: 'delay', ms: 100 };
const NOT_FOUND: Fault = { kind: 'status', status: 404 };

/** Which requests (1-based) in a run of `count` for `path` got a fault, and from which rule. */
function run(book: FaultBook, path: string, count: number): (string | null)[] {
  return Array.from({ length: count }, () => book.take(path)?.label ?? null);
}

describe('media server fault rules', () => {
  it('applies nothing without rules', () => {
    expect(new FaultBook().take('/media/a.ts')).to.equal(undefined);
  });

  it('matches an exact path only', () => {
    const book = new FaultBook();
    book.add({ path: '/media/a.ts', fault: DELAY, label: 'a' });
    expect(book.take('/media/a.ts.bak')).to.equal(undefined);
    expect(book.take('/media/b.ts')).to.equal(undefined);
    const applied = book.take('/media/a.ts');
    expect(applied).to.deep.equal({ ruleId: 1, label: 'a', fault: DELAY, match: 1 });
  });

  it('matches a RegExp, ignoring g/y flags so every request is tested afresh', () => {
    const book = new FaultBook();
    book.add({ path: /seg_00004\.ts$/g, fault: DELAY, label: 'seg4' });
    expect(run(book, '/media/hls/240p/seg_00004.ts', 3)).to.deep.equal(['seg4', 'seg4', 'seg4']);
    expect(book.take('/media/hls/240p/seg_00005.ts')).to.equal(undefined);
  });

  it('applies to every match by default and honours times', () => {
    const book = new FaultBook();
    const handle = book.add({ path: '/m', fault: NOT_FOUND, times: 2, label: 'x' });
    expect(run(book, '/m', 4)).to.deep.equal(['x', 'x', null, null]);
    expect(handle.matched).to.equal(4);
    expect(handle.applied).to.equal(2);
  });

  it('applies to only the Nth match when nth is given', () => {
    const book = new FaultBook();
    book.add({ path: '/m', fault: NOT_FOUND, nth: 3, label: 'third' });
    expect(run(book, '/m', 5)).to.deep.equal([null, null, 'third', null, null]);
  });

  it('applies to `times` requests from the Nth on when both are given', () => {
    const book = new FaultBook();
    book.add({ path: '/m', fault: NOT_FOUND, nth: 2, times: 2, label: 'y' });
    expect(run(book, '/m', 5)).to.deep.equal([null, 'y', 'y', null, null]);
  });

  it('gives a request the first due rule, while every matching rule counts it', () => {
    const book = new FaultBook();
    book.add({ path: /\.ts$/, fault: DELAY, times: 1, label: 'first-ts' });
    book.add({ path: '/b.ts', fault: NOT_FOUND, nth: 2, label: 'second-b' });
    // Request 1 of /b.ts gets the delay; it still counts as /b.ts match 1, so match 2 fails.
    expect(run(book, '/b.ts', 3)).to.deep.equal(['first-ts', 'second-b', null]);
  });

  it('stops applying a removed rule and forgets all rules on clear', () => {
    const book = new FaultBook();
    const handle = book.add({ path: '/m', fault: DELAY });
    book.add({ path: '/n', fault: DELAY });
    handle.remove();
    expect(book.take('/m')).to.equal(undefined);
    expect(book.take('/n')).to.not.equal(undefined);
    book.clear();
    expect(book.take('/n')).to.equal(undefined);
  });

  it('copies the fault so later edits to the caller object change nothing', () => {
    const book = new FaultBook();
    const fault = { kind: 'delay' as const, ms: 100 };
    book.add({ path: '/m', fault });
    fault.ms = 5;
    expect(book.take('/m')?.fault).to.deep.equal({ kind: 'delay', ms: 100 });
  });

  it('rejects bad rules naming the field', () => {
    const book = new FaultBook();
    expect(() => book.add({ path: 'media/a.ts', fault: DELAY })).to.throw(RangeError, /path/);
    expect(() => book.add({ path: '/a', fault: DELAY, nth: 0 })).to.throw(RangeError, /nth/);
    expect(() => book.add({ path: '/a', fault: DELAY, times: 1.5 })).to.throw(RangeError, /times/);
    expect(() => book.add({ path: '/a', fault: { kind: 'delay', ms: -1 } })).to.throw(/fault\.ms/);
    expect(() => book.add({ path: '/a', fault: { kind: 'throttle', bytesPerSecond: 0 } })).to.throw(
      /bytesPerSecond/,
    );
    expect(() => book.add({ path: '/a', fault: { kind: 'status', status: 600 } })).to.throw(
      /fault\.status/,
    );
    expect(() =>
      book.add({ path: '/a', fault: { kind: 'status', status: 404, delayMs: -5 } }),
    ).to.throw(/fault\.delayMs/);
    expect(() => book.add({ path: '/a', fault: { kind: 'abort', afterBytes: -2 } })).to.throw(
      /afterBytes/,
    );
    const unknown = { kind: 'explode' } as unknown as Fault;
    expect(() => book.add({ path: '/a', fault: unknown })).to.throw(/fault\.kind/);
  });
});
