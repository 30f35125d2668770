import { expect } from 'chai';
import {
  fatalErrors,
  findStalls,
  mediaEventsOfType,
  mediaTimeProgressed,
  playerEventsNamed,
  startupTime,
  toEpochMs,
} from '../src/ground-truth/analyze.js';
import type {
  FrameRecord,
  GroundTruth,
  MediaEventRecord,
  MediaEventType,
  PlayRequestRecord,
} from '../src/ground-truth/types.js';

const FRAME_MS = 40;

function frame(now: number, mediaTime: number): FrameRecord {
  return {
    now,
    expectedDisplayTime: now + 16,
    presentationTime: now - 2,
    mediaTime,
    presentedFrames: Math.round(mediaTime * 25),
    width: 854,
    height: 480,
  };
}

/** Frames every 40 ms from `from` to `to` (exclusive), media time advancing in step. */
function framesBetween(from: number, to: number, mediaStart: number): FrameRecord[] {
  const frames: FrameRecord[] = [];
  for (let now = from, media = mediaStart; now < to; now += FRAME_MS, media += FRAME_MS / 1000) {
    frames.push(frame(now, media));
  }
  return frames;
}

function event(
  type: MediaEventType,
  t: number,
  state: { paused?: boolean; seeking?: boolean } = {},
): MediaEventRecord {
  return {
    type,
    t,
    currentTime: 0,
    readyState: 4,
    paused: state.paused ?? false,
    seeking: state.seeking ?? false,
    playbackRate: 1,
    videoWidth: 854,
    videoHeight: 480,
    errorCode: null,
  };
}

function request(t: number): PlayRequestRecord {
  return { t, currentTime: 0, readyState: 4, paused: true };
}

function truth(parts: Partial<GroundTruth> = {}): GroundTruth {
  return {
    timeOrigin: 1_700_000_000_000,
    playRequests: [],
    frames: [],
    mediaEvents: [],
    playerEvents: [],
    ...parts,
  };
}

/** A view that starts playing at t=100 and never pauses or seeks. */
const PLAYING = [event('play', 100), event('playing', 300)];

describe('ground truth analysis', () => {
  describe('startupTime', () => {
    it('measures from the play request to the first frame of motion after it', () => {
      const result = startupTime(
        truth({
          playRequests: [request(100)],
          frames: [frame(60, 0), frame(380.5, 0.04), frame(420.5, 0.08)],
        }),
      );
      expect(result?.playRequestedAt).to.equal(100);
      expect(result?.firstAdvancingFrameAt).to.equal(380.5);
      expect(result?.startupMs).to.equal(280.5);
      expect(result?.firstAdvancingFrame.mediaTime).to.equal(0.04);
    });

    it('skips a pre-rolled frame whose callback lands after the request', () => {
      // The paused element's first frame (mediaTime 0) arrives 5 ms after play(); motion
      // starts at the next frame, which is what the viewer was waiting for.
      const result = startupTime(
        truth({ playRequests: [request(100)], frames: [frame(105, 0), frame(190, 0.04)] }),
      );
      expect(result?.startupMs).to.equal(90);
    });

    it('skips a pre-rolled frame that is not at position 0', () => {
      const result = startupTime(
        truth({
          playRequests: [request(100)],
          frames: [frame(40, 0.08), frame(275, 0.12), frame(315, 0.16)],
        }),
      );
      expect(result?.startupMs).to.equal(175);
    });

    it('counts motion in the same millisecond as the request', () => {
      const result = startupTime(
        truth({ playRequests: [request(100)], frames: [frame(60, 0), frame(100, 0.04)] }),
      );
      expect(result?.startupMs).to.equal(0);
    });

    it('uses the first of several play requests', () => {
      const result = startupTime(
        truth({
          playRequests: [request(100), request(900)],
          frames: [frame(50, 0), frame(1000, 0.04)],
        }),
      );
      expect(result?.startupMs).to.equal(900);
    });

    it('takes the first frame after the request when nothing was on screen at the request', () => {
      // Played before any data: no pre-rolled frame; the first picture ends the wait even though
      // the player takes 100 ms to present the next one, and even at the start position.
      const early = { t: 100, currentTime: 0, readyState: 0, paused: true };
      const result = startupTime(
        truth({ playRequests: [early], frames: [frame(330, 0), frame(430, 0.04)] }),
      );
      expect(result?.startupMs).to.equal(230);
      // A frame presented before the request was on screen whatever readyState said: motion.
      const shown = startupTime(
        truth({
          playRequests: [early],
          frames: [frame(90, 0), frame(330, 0), frame(430, 0.04)],
        }),
      );
      expect(shown?.startupMs).to.equal(330);
    });

    it('judges what was on screen at the play event: a still presented before it is no start', () => {
      // play() at 100 with nothing loaded; the pre-rolled still is presented at 100.1, the
      // element's play event follows at 104: the viewer saw the still, then waited for motion.
      const early = { t: 100, currentTime: 0, readyState: 1, paused: true };
      const result = startupTime(
        truth({
          playRequests: [early],
          mediaEvents: [{ ...event('play', 104), readyState: 2 }],
          frames: [frame(100.1, 0), frame(184, 0.04)],
        }),
      );
      expect(result?.startupMs).to.equal(84);
      // The same still presented after the play event is the first picture: it ends the wait.
      const late = startupTime(
        truth({
          playRequests: [early],
          mediaEvents: [{ ...event('play', 104), readyState: 1 }],
          frames: [frame(106, 0), frame(184, 0.04)],
        }),
      );
      expect(late?.startupMs).to.equal(6);
    });

    it('is undefined without a request, without frames, or without motion after it', () => {
      const moving = [frame(10, 0), frame(50, 0.04)];
      expect(startupTime(truth({ frames: moving }))).to.equal(undefined);
      expect(startupTime(truth({ playRequests: [request(100)] }))).to.equal(undefined);
      expect(startupTime(truth({ playRequests: [request(100)], frames: moving }))).to.equal(
        undefined,
      );
      // A single frame, or frames that never advance, are not playback.
      const still = [frame(150, 0), frame(190, 0)];
      expect(startupTime(truth({ playRequests: [request(100)], frames: still }))).to.equal(
        undefined,
      );
    });
  });

  describe('findStalls', () => {
    it('finds nothing without frames, with one frame, or with even frames', () => {
      expect(findStalls(truth({ mediaEvents: PLAYING }), { minGapMs: 250 })).to.deep.equal([]);
      expect(
        findStalls(truth({ mediaEvents: PLAYING, frames: [frame(400, 0)] }), { minGapMs: 250 }),
      ).to.deep.equal([]);
      expect(
        findStalls(truth({ mediaEvents: PLAYING, frames: framesBetween(400, 2000, 0) }), {
          minGapMs: 250,
        }),
      ).to.deep.equal([]);
    });

    it('reports a gap while playing with its start, end, duration and media time', () => {
      const frames = [...framesBetween(400, 1000, 0), ...framesBetween(2500, 3000, 0.6)];
      const stalls = findStalls(truth({ mediaEvents: PLAYING, frames }), { minGapMs: 250 });
      expect(stalls).to.have.length(1);
      const [stall] = stalls;
      expect(stall!.start).to.equal(960);
      expect(stall!.end).to.equal(2500);
      expect(stall!.durationMs).to.equal(1540);
      expect(stall!.mediaTime).to.be.closeTo(0.56, 1e-9);
    });

    it('reports each of several gaps separately', () => {
      const frames = [
        frame(400, 0),
        frame(440, 0.04),
        frame(900, 0.08),
        frame(940, 0.12),
        frame(2000, 0.16),
      ];
      const stalls = findStalls(truth({ mediaEvents: PLAYING, frames }), { minGapMs: 250 });
      expect(stalls.map((s) => s.durationMs)).to.deep.equal([460, 1060]);
    });

    it('counts a gap only when strictly longer than the threshold', () => {
      const frames = [frame(400, 0), frame(650, 0.04), frame(900.001, 0.08)];
      const stalls = findStalls(truth({ mediaEvents: PLAYING, frames }), { minGapMs: 250 });
      expect(stalls).to.have.length(1);
      expect(stalls[0]!.start).to.equal(650);
    });

    it('does not count a gap while paused', () => {
      const events = [...PLAYING, event('pause', 1000, { paused: true }), event('play', 3000)];
      const frames = [...framesBetween(400, 1000, 0), ...framesBetween(3050, 3200, 0.6)];
      expect(findStalls(truth({ mediaEvents: events, frames }), { minGapMs: 250 })).to.deep.equal(
        [],
      );
    });

    it('does not count a gap during a seek', () => {
      const events = [
        ...PLAYING,
        event('seeking', 1000, { seeking: true }),
        event('waiting', 1001, { seeking: true }),
        event('seeked', 2500),
        event('playing', 2510),
      ];
      const frames = [...framesBetween(400, 1000, 0), ...framesBetween(2520, 2700, 10)];
      expect(findStalls(truth({ mediaEvents: events, frames }), { minGapMs: 250 })).to.deep.equal(
        [],
      );
    });

    it('still counts a stall after a seek has finished', () => {
      const events = [
        ...PLAYING,
        event('seeking', 1000, { seeking: true }),
        event('seeked', 1100),
        event('waiting', 2000),
        event('playing', 3000),
      ];
      const frames = [
        ...framesBetween(400, 1000, 0),
        ...framesBetween(1120, 2000, 10),
        ...framesBetween(3000, 3100, 10.9),
      ];
      const stalls = findStalls(truth({ mediaEvents: events, frames }), { minGapMs: 250 });
      expect(stalls.map((s) => [s.start, s.end])).to.deep.equal([[1960, 3000]]);
    });

    it('does not count frames before any element event (the element starts paused)', () => {
      const frames = [frame(10, 0), frame(600, 0.04), frame(640, 0.08)];
      const events = [event('play', 590), event('playing', 595)];
      expect(findStalls(truth({ mediaEvents: events, frames }), { minGapMs: 250 })).to.deep.equal(
        [],
      );
    });

    it('does not report the startup wait as a stall, even after a late pre-rolled frame', () => {
      // play() at 100; the pre-rolled frame's callback comes at 105, motion only at 500.
      const frames = [frame(105, 0), ...framesBetween(500, 900, 0.04)];
      const events = [event('play', 101), event('playing', 110)];
      const recorded = truth({ playRequests: [request(100)], mediaEvents: events, frames });
      expect(findStalls(recorded, { minGapMs: 250 })).to.deep.equal([]);
      // The same gap after playback has started is a stall.
      const later = [...framesBetween(400, 600, 0), frame(1000, 0.2)];
      const stalled = truth({ playRequests: [request(100)], mediaEvents: events, frames: later });
      expect(findStalls(stalled, { minGapMs: 250 }).map((s) => s.end)).to.deep.equal([1000]);
    });

    it('reports nothing when playback was requested but never moved', () => {
      const frames = [frame(105, 0), frame(900, 0)];
      const recorded = truth({ playRequests: [request(100)], mediaEvents: PLAYING, frames });
      expect(findStalls(recorded, { minGapMs: 250 })).to.deep.equal([]);
    });

    it('rejects a negative or missing threshold', () => {
      expect(() => findStalls(truth(), { minGapMs: -1 })).to.throw(RangeError, /minGapMs/);
      expect(() => findStalls(truth(), { minGapMs: Number.NaN })).to.throw(RangeError, /minGapMs/);
    });
  });

  describe('mediaTimeProgressed', () => {
    it('is the media time between the first and last frames', () => {
      const frames = [frame(100, 1.5), frame(140, 1.54), frame(5000, 4.75)];
      expect(mediaTimeProgressed(truth({ frames }))).to.equal(3.25);
    });

    it('is 0 with no frames or one frame', () => {
      expect(mediaTimeProgressed(truth())).to.equal(0);
      expect(mediaTimeProgressed(truth({ frames: [frame(1, 3)] }))).to.equal(0);
    });

    it('can start counting from a given time', () => {
      const frames = [frame(100, 0), frame(200, 1), frame(300, 2.5)];
      expect(mediaTimeProgressed(truth({ frames }), { from: 150 })).to.equal(1.5);
      expect(mediaTimeProgressed(truth({ frames }), { from: 400 })).to.equal(0);
    });
  });

  describe('event selection', () => {
    const recorded = truth({
      mediaEvents: [
        event('play', 1),
        event('waiting', 2),
        event('playing', 3),
        event('waiting', 9),
      ],
      playerEvents: [
        { t: 4, player: 'hlsjs', name: 'hlsFragChanged', fatal: false, detail: { sn: 1 } },
        { t: 5, player: 'hlsjs', name: 'hlsError', fatal: false, detail: { fatal: false } },
        { t: 6, player: 'hlsjs', name: 'hlsError', fatal: true, detail: { fatal: true } },
      ],
    });

    it('selects media events of one type in order', () => {
      expect(mediaEventsOfType(recorded, 'waiting').map((e) => e.t)).to.deep.equal([2, 9]);
      expect(mediaEventsOfType(recorded, 'ended')).to.deep.equal([]);
    });

    it('selects player events by name', () => {
      expect(playerEventsNamed(recorded, 'hlsError').map((e) => e.t)).to.deep.equal([5, 6]);
    });

    it('separates fatal player errors and element errors', () => {
      const withElementError = truth({
        ...recorded,
        mediaEvents: [...recorded.mediaEvents, { ...event('error', 10), errorCode: 4 }],
      });
      const fatal = fatalErrors(withElementError);
      expect(fatal.player.map((e) => e.t)).to.deep.equal([6]);
      expect(fatal.element.map((e) => e.errorCode)).to.deep.equal([4]);
      expect(fatalErrors(truth()).player).to.deep.equal([]);
    });
  });

  it('converts page time to epoch milliseconds with the page time origin', () => {
    expect(toEpochMs(truth(), 250.125)).to.equal(1_700_000_000_250.125);
  });
});
