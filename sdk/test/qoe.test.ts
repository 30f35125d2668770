import { expect } from 'chai';
import {
  EMPTY_TIME_WEIGHTED,
  addTimeWeighted,
  completion,
  isUpscaled,
  qualityDirection,
  nextQuartileMark,
  quartilesReached,
  rebufferFrequency,
  rebufferRatio,
  startupScore,
  timeWeightedAverage,
  averageBitrate,
} from '../src/metrics/qoe.js';

describe('QoE metric functions', () => {
  it('rebufferRatio = rebuffer / (watch + rebuffer), 0 when nothing happened', () => {
    expect(rebufferRatio(1, 9)).to.equal(0.1);
    expect(rebufferRatio(0, 0)).to.equal(0);
    expect(rebufferRatio(2, 0)).to.equal(1);
  });

  it('rebufferFrequency is stalls per minute of watch time', () => {
    expect(rebufferFrequency(3, 90)).to.equal(2);
    expect(rebufferFrequency(1, 0)).to.equal(0);
  });

  it('completion is the furthest position over the duration, clamped, undefined for live', () => {
    expect(completion(5, 20)).to.equal(0.25);
    expect(completion(25, 20)).to.equal(1);
    expect(completion(-1, 20)).to.equal(0);
    expect(completion(5, Infinity)).to.equal(undefined);
    expect(completion(5, 0)).to.equal(undefined);
    expect(completion(5, NaN)).to.equal(undefined);
  });

  it('nextQuartileMark is where the next unreached quartile lies, Infinity when none', () => {
    expect(nextQuartileMark(20, [])).to.equal(5);
    expect(nextQuartileMark(20, [25, 50])).to.equal(15);
    expect(nextQuartileMark(20, [25, 50, 75])).to.be.closeTo(19.75, 1e-9);
    expect(nextQuartileMark(20, [25, 50, 75, 100])).to.equal(Infinity);
    expect(nextQuartileMark(Infinity, [])).to.equal(Infinity);
    expect(nextQuartileMark(0, [])).to.equal(Infinity);
  });

  describe('quartilesReached', () => {
    it('returns each newly passed quartile once', () => {
      expect(quartilesReached(5, 20, [])).to.deep.equal([25]);
      expect(quartilesReached(16, 20, [25])).to.deep.equal([50, 75]);
      expect(quartilesReached(16, 20, [25, 50, 75])).to.deep.equal([]);
    });

    it('counts 100 % within a quarter second of the end (the last frame lands short)', () => {
      expect(quartilesReached(19.8, 20, [25, 50, 75])).to.deep.equal([100]);
      expect(quartilesReached(19.7, 20, [25, 50, 75])).to.deep.equal([]);
    });

    it('is empty without a finite duration', () => {
      expect(quartilesReached(100, Infinity, [])).to.deep.equal([]);
    });
  });

  it('qualityDirection compares bitrate, then height', () => {
    expect(qualityDirection({ bitrate: 300 }, { bitrate: 900 })).to.equal('up');
    expect(qualityDirection({ bitrate: 900 }, { bitrate: 300 })).to.equal('down');
    expect(qualityDirection({ bitrate: 900, height: 480 }, { bitrate: 900, height: 720 })).to.equal(
      'up',
    );
    expect(qualityDirection({ bitrate: 900, height: 480 }, { bitrate: 900, height: 480 })).to.equal(
      'lateral',
    );
    expect(qualityDirection({}, { height: 240 })).to.equal('up');
  });

  it('time-weighted average ignores empty and invalid intervals', () => {
    let acc = EMPTY_TIME_WEIGHTED;
    expect(timeWeightedAverage(acc)).to.equal(undefined);
    acc = addTimeWeighted(acc, 300_000, 3);
    acc = addTimeWeighted(acc, 900_000, 1);
    acc = addTimeWeighted(acc, 5_000_000, 0);
    acc = addTimeWeighted(acc, NaN, 2);
    acc = addTimeWeighted(acc, 5_000_000, -1);
    expect(timeWeightedAverage(acc)).to.equal(450_000);
  });

  it('averageBitrate is in whole bits per second, exact for a single bitrate', () => {
    expect(averageBitrate(EMPTY_TIME_WEIGHTED)).to.equal(undefined);
    let acc = EMPTY_TIME_WEIGHTED;
    // Uneven tick lengths, as a real view accrues them: the float sum is not exactly 302509 × t.
    for (const seconds of [0.13, 0.17, 0.23, 0.29, 0.31]) {
      acc = addTimeWeighted(acc, 302_509, seconds);
    }
    expect(timeWeightedAverage(acc)).to.not.equal(302_509);
    expect(averageBitrate(acc)).to.equal(302_509);
    acc = addTimeWeighted(EMPTY_TIME_WEIGHTED, 300_000, 1);
    expect(averageBitrate(addTimeWeighted(acc, 300_001, 2))).to.equal(300_001);
  });

  it('isUpscaled compares along the limiting dimension with a tolerance', () => {
    expect(isUpscaled({ width: 640, height: 360 }, { width: 1280, height: 720 })).to.equal(true);
    expect(isUpscaled({ width: 1280, height: 720 }, { width: 1280, height: 720 })).to.equal(false);
    // Letterboxed: a 16:9 video in a 4:3 box is limited by width.
    expect(isUpscaled({ width: 1280, height: 720 }, { width: 1280, height: 960 })).to.equal(false);
    expect(isUpscaled({ width: 1000, height: 500 }, { width: 1040, height: 520 })).to.equal(false);
    expect(isUpscaled({ width: 0, height: 0 }, { width: 100, height: 100 })).to.equal(false);
  });

  it('startupScore is 100 at 0 s, 50 at 8 s, and 0 for invalid input', () => {
    expect(startupScore(0)).to.equal(100);
    expect(startupScore(8)).to.equal(50);
    expect(startupScore(24)).to.equal(25);
    expect(startupScore(NaN)).to.equal(0);
  });
});
