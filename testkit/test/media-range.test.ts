import { expect } from 'chai';
import { parseRange } from '../src/media/range.js';

describe('HTTP Range parsing', () => {
  it('answers the whole body without a header or for forms it does not serve', () => {
    expect(parseRange(undefined, 100)).to.equal(undefined);
    expect(parseRange('items=0-5', 100)).to.equal(undefined);
    expect(parseRange('bytes=0-5,10-20', 100)).to.equal(undefined);
    expect(parseRange('bytes=-', 100)).to.equal(undefined);
  });

  it('parses a closed range', () => {
    expect(parseRange('bytes=10-19', 100)).to.deep.equal({ start: 10, end: 19 });
    expect(parseRange('bytes=0-0', 100)).to.deep.equal({ start: 0, end: 0 });
  });

  it('parses an open range to the end', () => {
    expect(parseRange('bytes=90-', 100)).to.deep.equal({ start: 90, end: 99 });
  });

  it('clamps an end beyond the body', () => {
    expect(parseRange('bytes=90-500', 100)).to.deep.equal({ start: 90, end: 99 });
  });

  it('parses a suffix range, clamped to the body', () => {
    expect(parseRange('bytes=-10', 100)).to.deep.equal({ start: 90, end: 99 });
    expect(parseRange('bytes=-500', 100)).to.deep.equal({ start: 0, end: 99 });
  });

  it('reports ranges it cannot satisfy', () => {
    expect(parseRange('bytes=100-', 100)).to.equal('unsatisfiable');
    expect(parseRange('bytes=20-10', 100)).to.equal('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).to.equal('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).to.equal('unsatisfiable');
  });
});
