import { expect } from 'chai';
import { max, median, min, pairedRatios, perSecond, spread } from './stats.js';

describe('bench statistics', () => {
  describe('median', () => {
    it('is the middle value of an odd count, whatever the order', () => {
      expect(median([5, 1, 3])).to.equal(3);
      expect(median([7])).to.equal(7);
    });

    it('is the mean of the two middle values of an even count', () => {
      expect(median([4, 1, 3, 2])).to.equal(2.5);
    });

    it('is not moved by one outlier, unlike the mean', () => {
      expect(median([100, 101, 99, 102, 5])).to.equal(100);
    });

    it('leaves its input in its order', () => {
      const values = [3, 1, 2];
      median(values);
      expect(values).to.deep.equal([3, 1, 2]);
    });

    it('rejects an empty list', () => {
      expect(() => median([])).to.throw(RangeError, /at least one value/);
    });

    it('rejects NaN and infinities, naming the bad value', () => {
      expect(() => median([1, Number.NaN])).to.throw(RangeError, /value 1 is NaN/);
      expect(() => median([Number.POSITIVE_INFINITY])).to.throw(RangeError, /Infinity/);
    });
  });

  describe('min and max', () => {
    it('find the extremes', () => {
      expect(min([3, -1, 2])).to.equal(-1);
      expect(max([3, -1, 2])).to.equal(3);
    });

    it('reject an empty list and non-finite values', () => {
      expect(() => min([])).to.throw(RangeError);
      expect(() => max([])).to.throw(RangeError);
      expect(() => min([Number.NaN])).to.throw(RangeError);
      expect(() => max([1, Number.NEGATIVE_INFINITY])).to.throw(RangeError);
    });
  });

  describe('spread', () => {
    it('summarises rounds as median, min and max', () => {
      expect(spread([10, 30, 20, 40, 50])).to.deep.equal({ median: 30, min: 10, max: 50 });
    });

    it('rejects an empty list', () => {
      expect(() => spread([])).to.throw(RangeError);
    });
  });

  describe('perSecond', () => {
    it('turns a count over nanoseconds into a rate per second', () => {
      expect(perSecond(500, 1_000_000_000n)).to.equal(500);
      expect(perSecond(3, 1_500_000n)).to.equal(2000);
      expect(perSecond(0, 1n)).to.equal(0);
    });

    it('rejects no elapsed time and time running backwards', () => {
      expect(() => perSecond(1, 0n)).to.throw(RangeError, /elapsed time is 0 ns/);
      expect(() => perSecond(1, -5n)).to.throw(RangeError, /-5 ns/);
    });

    it('rejects negative and non-finite counts', () => {
      expect(() => perSecond(-1, 1n)).to.throw(RangeError, /count is -1/);
      expect(() => perSecond(Number.NaN, 1n)).to.throw(RangeError, /count is NaN/);
    });
  });

  describe('pairedRatios', () => {
    it('divides round by round', () => {
      expect(pairedRatios([30, 40], [10, 20])).to.deep.equal([3, 2]);
    });

    it('keeps a ratio steady when both sides of a round slowed down alike', () => {
      // Round 2 ran twice as slow for both stages (another process took the core).
      expect(pairedRatios([30, 60, 30], [10, 20, 10])).to.deep.equal([3, 3, 3]);
    });

    it('rejects lists of different lengths', () => {
      expect(() => pairedRatios([1, 2], [1])).to.throw(RangeError, /2 numerators but 1/);
    });

    it('rejects a zero denominator, naming the round', () => {
      expect(() => pairedRatios([1, 2], [1, 0])).to.throw(RangeError, /denominator 1 is 0/);
    });

    it('rejects empty lists and non-finite values', () => {
      expect(() => pairedRatios([], [])).to.throw(RangeError);
      expect(() => pairedRatios([Number.NaN], [1])).to.throw(RangeError, /numerators/);
      expect(() => pairedRatios([1], [Number.POSITIVE_INFINITY])).to.throw(
        RangeError,
        /denominators/,
      );
    });
  });
});
