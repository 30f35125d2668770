import { expect } from 'chai';
import { ViewTracker } from '../src/view/view-tracker.js';
import type { PlayerProbe } from '../src/view/probe.js';
import { NULL_PROBE } from '../src/view/probe.js';
import { FakeTime, RecordingSink } from './support/fakes.js';

const FRAME_MS = 40; // 25 fps

interface Harness {
  time: FakeTime;
  sink: RecordingSink;
  tracker: ViewTracker;
  position: number;
  /** Presents frames for `seconds` of media, advancing the clock frame by frame. */
  play(seconds: number): void;
  /** Lets wall time pass with no frame (a stall or a pause). */
  wait(ms: number): void;
}

function setup(options: { duration?: number; probe?: Partial<PlayerProbe> } = {}): Harness {
  const time = new FakeTime();
  const sink = new RecordingSink();
  const tracker = new ViewTracker({
    sink,
    clock: time,
    scheduler: time,
    probe: { ...NULL_PROBE, ...options.probe },
    player: { name: 'html5', instanceId: 'p1' },
    viewAttributes: { 'video.content.id': 'clip-1' },
  });
  tracker.handle({
    kind: 'source',
    at: time.now(),
    source: { duration: options.duration ?? 20, streamType: 'vod', format: 'mp4' },
  });
  const h: Harness = {
    time,
    sink,
    tracker,
    position: 0,
    play(seconds) {
      const frames = Math.round((seconds * 1000) / FRAME_MS);
      for (let i = 0; i < frames; i += 1) {
        time.advance(FRAME_MS);
        h.position += FRAME_MS / 1000;
        tracker.handle({ kind: 'frame', at: time.now(), position: h.position });
      }
    },
    wait(ms) {
      time.advance(ms);
    },
  };
  return h;
}

function intent(h: Harness, autoplay = false): number {
  const at = h.time.now();
  h.tracker.handle({ kind: 'play_requested', at, autoplay });
  return at;
}

/** Plays 1 s, pauses for 1 s, then asks to play again; returns the time of that request. */
function pauseThenResume(h: Harness): number {
  intent(h);
  h.play(1);
  h.tracker.handle({ kind: 'pause', at: h.time.now(), position: h.position });
  h.wait(1000);
  return intent(h);
}

const root = (h: Harness) => h.sink.views[0]!;

describe('ViewTracker', () => {
  describe('a clean play to the end', () => {
    const h = setup({ duration: 25 });
    const attachedAt = h.time.now();
    h.wait(200);
    h.tracker.handle({ kind: 'ready', at: h.time.now() });
    h.wait(800);
    const intentAt = intent(h);
    h.wait(260); // startup wait: no frame yet, must not count as a stall
    h.play(25);
    h.tracker.handle({ kind: 'ended', at: h.time.now(), position: h.position });

    it('starts the view at play intent, not at attach', () => {
      expect(root(h).start).to.equal(intentAt);
      expect(root(h).start - attachedAt).to.equal(1000);
    });

    it('measures startup from intent to the first frame', () => {
      const [startup] = h.sink.spansNamed('video.startup');
      expect(startup!.end! - startup!.start).to.equal(260 + FRAME_MS);
      expect(startup!.attributes['video.startup.first_frame_source']).to.equal('rvfc');
      expect(root(h).attributes['video.startup.time']).to.be.closeTo(0.3, 1e-9);
    });

    it('reports player startup (attach → ready) separately, in the view', () => {
      const [ready] = h.sink.eventsNamed('video.player_ready');
      expect(ready!.attributes['video.player.startup_time']).to.be.closeTo(0.2, 1e-9);
      expect(ready!.viewId).to.equal(root(h).viewId);
    });

    it('emits the quartiles in order, once each', () => {
      const quartiles = h.sink
        .eventsNamed('video.quartile')
        .map((e) => e.attributes['video.quartile.percent']);
      expect(quartiles).to.deep.equal([25, 50, 75, 100]);
    });

    it('sends a heartbeat every 10 s of playback', () => {
      const beats = h.sink.eventsNamed('video.heartbeat');
      expect(beats).to.have.length(2);
      expect(beats[1]!.at - beats[0]!.at).to.equal(10_000);
      // Due on the tracker's check, every 500 ms.
      expect(beats[0]!.attributes['video.watch_time']).to.be.closeTo(10, 0.5);
    });

    it('ends the root span with reason ended and the view totals', () => {
      const a = root(h).attributes;
      expect(a['video.view.end_reason']).to.equal('ended');
      expect(a['video.view.exit_before_start']).to.equal(false);
      expect(a['video.watch_time']).to.be.closeTo(25 - FRAME_MS / 1000, 1e-6);
      expect(a['video.rebuffer.count']).to.equal(0);
      expect(a['video.rebuffer.ratio']).to.equal(0);
      expect(a['video.completion']).to.be.closeTo(1, 1e-9);
      expect(a['video.player.name']).to.equal('html5');
      expect(a['video.content.id']).to.equal('clip-1');
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(0);
    });

    it('stops its timers when the view ends', () => {
      expect(h.time.pendingTimers).to.equal(0);
    });
  });

  describe('stalls', () => {
    it('a frame gap while playing is one rebuffer from last frame to next frame', () => {
      const h = setup();
      intent(h);
      h.play(2);
      const lastFrame = h.time.now();
      h.wait(1500);
      h.play(1);
      const [stall] = h.sink.spansNamed('video.rebuffer');
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(1);
      expect(stall!.start).to.equal(lastFrame);
      expect(stall!.end! - stall!.start).to.equal(1500 + FRAME_MS);
      expect(stall!.attributes['video.rebuffer.index']).to.equal(1);
      const [end] = h.sink.eventsNamed('video.stall_end');
      expect(end!.attributes['video.rebuffer.duration']).to.be.closeTo(1.54, 1e-9);
      h.tracker.close('destroyed');
      expect(root(h).attributes['video.rebuffer.total_duration']).to.be.closeTo(1.54, 1e-9);
      // Watch time runs first frame → last frame: 49 + 24 frame intervals.
      expect(root(h).attributes['video.watch_time']).to.be.closeTo(2.92, 1e-9);
      expect(root(h).attributes['video.rebuffer.ratio']).to.be.closeTo(1.54 / (1.54 + 2.92), 1e-9);
    });

    it('a waiting event alone is no stall where frames show the picture; the frame gap is', () => {
      const h = setup();
      intent(h);
      h.play(1);
      const lastFrame = h.time.now();
      h.wait(120);
      h.tracker.handle({ kind: 'waiting', at: h.time.now(), position: h.position, bufferAhead: 0 });
      expect(h.sink.eventsNamed('video.stall_start')).to.have.length(0);
      h.wait(3000);
      expect(h.sink.eventsNamed('video.stall_start')[0]!.at).to.equal(lastFrame);
      h.play(0.2);
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(1);
      expect(h.sink.spansNamed('video.rebuffer')[0]!.end! - lastFrame).to.equal(3120 + FRAME_MS);
    });

    it('a waiting event for a moment at a segment boundary is not a stall', () => {
      const h = setup();
      intent(h);
      h.play(1);
      h.tracker.handle({ kind: 'waiting', at: h.time.now(), position: h.position, bufferAhead: 0 });
      h.wait(100);
      h.play(1);
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(0);
    });

    it('without frames, a waiting event is a stall from where the playhead stopped', () => {
      const h = setup();
      intent(h);
      h.wait(250);
      h.position = 0.25;
      h.tracker.handle({ kind: 'progress', at: h.time.now(), position: h.position });
      h.wait(250);
      h.position = 0.5;
      h.tracker.handle({ kind: 'progress', at: h.time.now(), position: h.position });
      const lastSampleAt = h.time.now();
      h.wait(200);
      // It got 60 ms further than the last sample, then stopped; `waiting` says where.
      h.tracker.handle({ kind: 'waiting', at: h.time.now(), position: 0.56, bufferAhead: 0 });
      expect(h.sink.eventsNamed('video.stall_start')[0]!.at).to.be.closeTo(lastSampleAt + 60, 1);
    });

    it('short frame jitter below the threshold is not a stall', () => {
      const h = setup();
      intent(h);
      h.play(1);
      h.wait(200);
      h.play(1);
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(0);
    });

    it('the startup wait is not a stall', () => {
      const h = setup();
      intent(h);
      h.wait(3000);
      h.play(1);
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(0);
      expect(h.sink.spansNamed('video.startup')[0]!.end! - root(h).start).to.equal(3000 + FRAME_MS);
    });

    it('a pause is not a stall, and paused time is not watch time', () => {
      const h = setup();
      intent(h);
      h.play(2);
      h.tracker.handle({ kind: 'pause', at: h.time.now(), position: h.position });
      h.wait(5000);
      intent(h);
      h.play(2);
      h.tracker.close('destroyed');
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(0);
      expect(root(h).attributes['video.watch_time']).to.be.closeTo(4, 0.05);
      expect(h.sink.eventsNamed('video.heartbeat')).to.have.length(0);
    });

    it('resuming from pause reports playing once, at the first frame that moves', () => {
      const h = setup();
      const resumedAt = pauseThenResume(h);
      h.wait(40);
      h.play(1);
      const playing = h.sink.eventsNamed('video.playing');
      expect(playing, 'after startup and after the resume').to.have.length(2);
      // The first frame after the request, one frame interval after the 40 ms wait.
      expect(playing[1]!.at - resumedAt).to.equal(40 + FRAME_MS);
      expect(h.sink.eventsNamed('video.pause')).to.have.length(1);
    });

    it('a resume that stalls first reports playing once, when the stall ends', () => {
      const h = setup();
      pauseThenResume(h);
      h.wait(800);
      h.play(1);
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(1);
      expect(h.sink.eventsNamed('video.playing')).to.have.length(2);
    });

    it('no frame after resuming from pause is a stall starting at the resume', () => {
      const h = setup();
      const resumedAt = pauseThenResume(h);
      h.wait(800);
      h.play(0.2);
      const [stall] = h.sink.spansNamed('video.rebuffer');
      expect(stall!.start).to.equal(resumedAt);
    });

    it('a still frame presented at the start position is not the first frame of motion', () => {
      // A pre-rolled frame is on screen (the element has a size) at the intent.
      const h = setup({
        probe: { position: () => 0, renderedSize: () => ({ width: 854, height: 480 }) },
      });
      const intentAt = intent(h);
      h.wait(30);
      h.tracker.handle({ kind: 'frame', at: h.time.now(), position: 0 }); // pre-rolled frame
      h.wait(90);
      h.play(1);
      expect(h.sink.spansNamed('video.startup')[0]!.end! - intentAt).to.equal(120 + FRAME_MS);
    });

    it('with nothing on screen at the intent, the first frame ends startup even at position 0', () => {
      const h = setup({ probe: { position: () => 0 } }); // no size: no frame shown yet
      const intentAt = intent(h);
      h.wait(150);
      h.tracker.handle({ kind: 'frame', at: h.time.now(), position: 0 });
      h.wait(110); // players starting from nothing may take this long for the second frame
      h.play(1);
      expect(h.sink.spansNamed('video.startup')[0]!.end! - intentAt).to.equal(150);
    });

    it('a frame presented before the intent, whose callback runs after it, is the still', () => {
      const h = setup({ probe: { position: () => 0 } }); // nothing on screen when asked
      const intentAt = intent(h);
      h.wait(5);
      // Dated by its rendering step, 3 ms before the intent, at the start position.
      h.tracker.handle({ kind: 'frame', at: intentAt - 3, position: 0.08 });
      h.wait(95);
      h.position = 0.08;
      h.play(1);
      expect(h.sink.spansNamed('video.startup')[0]!.end! - intentAt).to.equal(100 + FRAME_MS);
    });

    it("a player's own seek during startup (to the live edge) is not motion", () => {
      const h = setup({ probe: { position: () => 0 } });
      const intentAt = intent(h);
      h.wait(10);
      h.tracker.handle({ kind: 'seeking', at: h.time.now(), from: 0, to: 6 });
      h.wait(5);
      h.tracker.handle({ kind: 'progress', at: h.time.now(), position: 6 }); // timeupdate of the jump
      h.tracker.handle({ kind: 'seeked', at: h.time.now(), position: 6 });
      h.wait(85);
      h.position = 6;
      h.play(1);
      const [startup] = h.sink.spansNamed('video.startup');
      expect(startup!.end! - intentAt).to.equal(100 + FRAME_MS);
      expect(startup!.attributes['video.startup.first_frame_source']).to.equal('rvfc');
      expect(h.sink.spansNamed('video.seek')).to.have.length(0);
    });

    it('falls back to playhead progress where frames are not observable', () => {
      const h = setup();
      intent(h);
      for (let i = 0; i < 8; i += 1) {
        h.wait(250);
        h.position += 0.25;
        h.tracker.handle({ kind: 'progress', at: h.time.now(), position: h.position });
      }
      expect(
        h.sink.spansNamed('video.startup')[0]!.attributes['video.startup.first_frame_source'],
      ).to.equal('timeupdate');
      h.wait(700); // longer than the rVFC threshold, shorter than the timeupdate one
      h.position += 0.25;
      h.tracker.handle({ kind: 'progress', at: h.time.now(), position: h.position });
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(0);
    });
  });

  describe('frames and playhead samples', () => {
    it('watches frames from the play intent to the end of the view', () => {
      const watched: boolean[] = [];
      const h = setup({ probe: { watchFrames: (wanted) => watched.push(wanted) } });
      intent(h);
      h.play(1);
      h.wait(1000);
      h.play(0.2);
      // Turned on at the intent, and never off while the view lasts: each check asks again (true)
      // for frames an adapter may hold back.
      expect(watched[0]).to.equal(true);
      expect(watched).to.not.include(false);
      h.tracker.close('destroyed');
      expect(watched.slice(-1)).to.deep.equal([false]);
      expect(watched.filter((wanted) => !wanted)).to.have.length(1);
    });

    it('asks an adapter that holds frames back for the latest one before it decides on a stall', () => {
      // An adapter that signals a frame only when asked (watchFrames(true)), as the media element
      // does while playback runs smoothly: the stall must still start at the last frame exactly.
      let held: { at: number; position: number } | undefined;
      const h = setup({
        probe: {
          watchFrames: (wanted) => {
            if (wanted && held) h.tracker.handle({ kind: 'frame', ...held, held: true });
            held = undefined;
          },
        },
      });
      intent(h);
      h.play(0.2); // the first frames, signalled at once (startup)
      const presentHeld = (seconds: number): void => {
        for (let i = 0; i < Math.round((seconds * 1000) / FRAME_MS); i += 1) {
          h.time.advance(FRAME_MS);
          h.position += FRAME_MS / 1000;
          held = { at: h.time.now(), position: h.position };
        }
      };
      presentHeld(2.01);
      const lastFrame = h.time.now();
      h.wait(230); // a gap the 250 ms threshold must not take for a stall yet
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(0);
      h.wait(970);
      h.play(0.2); // the first frame after the gap is signalled at once
      const stalls = h.sink.spansNamed('video.rebuffer');
      expect(stalls).to.have.length(1);
      expect(stalls[0]!.start).to.equal(lastFrame);
      expect(stalls[0]!.end! - lastFrame).to.equal(1200 + FRAME_MS);
      h.tracker.close('destroyed');
      // Watch time runs from the first frame to the last held one, and from the resume: 4 frame
      // steps after startup, 2 s held, 4 frame steps after the stall.
      expect(root(h).attributes['video.watch_time']).to.be.closeTo(0.16 + 2 + 0.16, 0.001);
    });

    it('a frozen picture is a stall even while currentTime runs on (video-only stall)', () => {
      const h = setup();
      intent(h);
      h.play(2);
      const lastFrame = h.time.now();
      // The audio clock keeps currentTime moving for a while; no frame is presented.
      for (let i = 0; i < 6; i += 1) {
        h.wait(250);
        h.tracker.handle({ kind: 'progress', at: h.time.now(), position: h.position + 0.25 * i });
      }
      h.wait(300);
      h.play(0.2);
      const stalls = h.sink.spansNamed('video.rebuffer');
      expect(stalls).to.have.length(1);
      expect(stalls[0]!.start).to.equal(lastFrame);
      expect(stalls[0]!.end! - lastFrame).to.equal(1800 + FRAME_MS);
    });

    it('a gap that ends between two checks is a stall from the frame before it to the one after', () => {
      // Checks run every 500 ms where frames are watched: a 260–1000 ms gap may end before one
      // sees it, and must be the same stall as if one had.
      for (const gapMs of [260, 300, 340, 380, 420, 470, 620, 780, 950]) {
        const h = setup();
        intent(h);
        h.play(1.013);
        const lastFrame = h.time.now();
        h.wait(gapMs - FRAME_MS);
        h.play(0.04);
        h.play(0.4);
        const stalls = h.sink.spansNamed('video.rebuffer');
        expect(stalls, `${gapMs} ms`).to.have.length(1);
        expect(stalls[0]!.start).to.equal(lastFrame);
        expect(stalls[0]!.end! - lastFrame).to.equal(gapMs);
        expect(h.sink.eventsNamed('video.stall_start')[0]!.at).to.equal(lastFrame);
        h.tracker.close('destroyed');
        expect(root(h).attributes['video.rebuffer.total_duration']).to.be.closeTo(
          gapMs / 1000,
          1e-9,
        );
      }
    });

    it('a gap under the threshold between two checks is no stall', () => {
      const h = setup();
      intent(h);
      h.play(1.013);
      h.wait(240 - FRAME_MS);
      h.play(0.5);
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(0);
    });

    it('without frames, a stall spans from where the sampled playhead froze to where it resumed', () => {
      // Startup ends at the first timeupdate (at 300 ms), since nothing is sampled before it.
      // A playhead that moves at 1× from `since` on, and stands still while `since` is undefined;
      // the tracker samples it on its tick, as in a browser without frame callbacks.
      const playhead = { at: 0, since: undefined as number | undefined };
      const read = (now: number): number =>
        playhead.since === undefined ? playhead.at : playhead.at + (now - playhead.since) / 1000;
      const h = setup({ probe: { position: () => read(h.time.now()) } });
      intent(h);
      playhead.since = h.time.now() + 150; // the first motion, 150 ms after the intent
      h.wait(300);
      h.tracker.handle({ kind: 'progress', at: h.time.now(), position: read(h.time.now()) });
      h.wait(2037); // freezes between two samples
      const frozenAt = h.time.now();
      playhead.at = read(frozenAt);
      playhead.since = undefined;
      h.wait(1500);
      playhead.since = h.time.now();
      h.wait(1000);
      const stalls = h.sink.spansNamed('video.rebuffer');
      expect(stalls).to.have.length(1);
      expect(stalls[0]!.start).to.be.closeTo(frozenAt, 1);
      expect(stalls[0]!.end! - stalls[0]!.start).to.be.closeTo(1500, 1);
      h.tracker.close('destroyed');
      // Watch time runs to the freeze and from the resume, not to the samples that noticed them.
      expect(root(h).attributes['video.watch_time']).to.be.closeTo(2.037 + 1, 0.002);
    });
  });

  describe('seeks', () => {
    it('a seek while playing is one seek span until playback resumes, never a rebuffer', () => {
      const h = setup();
      intent(h);
      h.play(2);
      const seekAt = h.time.now();
      h.tracker.handle({ kind: 'seeking', at: seekAt, from: h.position, to: 10 });
      h.position = 10;
      h.wait(900);
      h.tracker.handle({ kind: 'seeked', at: h.time.now(), position: 10 });
      h.wait(100);
      h.play(1);
      const seeks = h.sink.spansNamed('video.seek');
      expect(seeks).to.have.length(1);
      expect(seeks[0]!.end! - seekAt).to.equal(1000 + FRAME_MS);
      expect(seeks[0]!.attributes).to.include({ 'video.seek.to': 10 });
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(0);
      expect(h.sink.eventsNamed('video.seek')).to.have.length(1);
    });

    it('waiting for data after the seeked frame is still seek latency, not a stall', () => {
      const h = setup();
      intent(h);
      h.play(2);
      const seekAt = h.time.now();
      h.tracker.handle({ kind: 'seeking', at: seekAt, from: h.position, to: 12 });
      h.position = 12;
      h.wait(100);
      h.tracker.handle({ kind: 'seeked', at: h.time.now(), position: 12 });
      // The frame at the target is presented, then nothing moves for 2 s while data arrives.
      h.tracker.handle({ kind: 'frame', at: h.time.now(), position: 12 });
      h.wait(2000);
      h.play(1);
      const seeks = h.sink.spansNamed('video.seek');
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(0);
      expect(seeks[0]!.end! - seekAt).to.equal(2100 + FRAME_MS);
    });

    it('a seek while paused ends when the new frame is ready', () => {
      const h = setup();
      intent(h);
      h.play(1);
      h.tracker.handle({ kind: 'pause', at: h.time.now(), position: h.position });
      const seekAt = h.time.now();
      h.tracker.handle({ kind: 'seeking', at: seekAt, from: h.position, to: 5 });
      h.wait(300);
      h.tracker.handle({ kind: 'seeked', at: h.time.now(), position: 5 });
      h.wait(5000);
      expect(h.sink.spansNamed('video.seek')[0]!.end! - seekAt).to.equal(300);
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(0);
    });

    it('a seek that interrupts a stall ends the stall and starts the seek', () => {
      const h = setup();
      intent(h);
      h.play(1);
      h.wait(1000);
      h.tracker.handle({ kind: 'seeking', at: h.time.now(), from: h.position, to: 8 });
      h.wait(200);
      const seekedAt = h.time.now();
      h.tracker.handle({ kind: 'seeked', at: seekedAt, position: 8 });
      h.position = 8;
      h.play(0.5);
      expect(h.sink.spansNamed('video.rebuffer')).to.have.length(1);
      expect(h.sink.spansNamed('video.rebuffer')[0]!.end).to.not.equal(undefined);
      expect(h.sink.spansNamed('video.seek')).to.have.length(1);
      // Playback resumes after the seek (the element still plays): the seek lasts to the first
      // frame past the target, and the frames after it are watch time.
      expect(h.sink.spansNamed('video.seek')[0]!.end).to.equal(seekedAt + FRAME_MS);
      h.tracker.close('destroyed');
      expect(root(h).attributes['video.watch_time']).to.be.closeTo(0.96 + 0.48, 1e-6);
    });
  });

  describe('view endings', () => {
    it('leaving during a slow startup is an exit before start, with the time waited', () => {
      const h = setup();
      intent(h);
      h.wait(2500);
      h.tracker.close('page_hidden');
      expect(root(h).attributes).to.include({
        'video.view.end_reason': 'page_hidden',
        'video.view.exit_before_start': true,
        'video.view.wait_time': 2.5,
      });
      // The unfinished startup is not reported as a startup time.
      expect(h.sink.spansNamed('video.startup')[0]!.end).to.equal(undefined);
    });

    it('a fatal error before the first frame ends the view as fatal_error, not an exit', () => {
      const h = setup();
      intent(h);
      h.wait(100);
      h.tracker.handle({
        kind: 'error',
        at: h.time.now(),
        error: { type: 'network', code: '404', message: 'Not Found', fatal: true },
      });
      const [error] = h.sink.eventsNamed('video.error');
      expect(error!.attributes).to.include({
        'error.type': 'network',
        'video.error.code': '404',
        'video.error.severity': 'fatal',
        'video.error.before_start': true,
      });
      expect(root(h).attributes).to.include({
        'video.view.end_reason': 'fatal_error',
        'video.view.exit_before_start': false,
        'video.error.count': 1,
      });
    });

    it('a source change ends the view and the next intent starts a new one', () => {
      const h = setup();
      intent(h);
      h.play(1);
      h.tracker.handle({
        kind: 'source_change',
        at: h.time.now(),
        source: { url: 'https://cdn/b.m3u8' },
      });
      intent(h);
      h.play(1);
      expect(h.sink.views).to.have.length(2);
      expect(h.sink.views[0]!.attributes['video.view.end_reason']).to.equal('source_change');
      expect(h.sink.views[1]!.end).to.equal(undefined);
    });

    describe('a fatal error before any play intent (a quick failure can beat the play event)', () => {
      const failBeforeIntent = (h: Harness, code = '404'): number => {
        const at = h.time.now();
        h.tracker.handle({
          kind: 'error',
          at,
          position: 0,
          error: { type: 'manifest', code, fatal: true },
        });
        return at;
      };

      it('fails the view the next intent starts, at the intent', () => {
        const h = setup();
        failBeforeIntent(h);
        h.wait(30);
        const intentAt = intent(h);
        expect(h.sink.views).to.have.length(1);
        expect(root(h).attributes).to.include({
          'video.view.end_reason': 'fatal_error',
          'video.view.exit_before_start': false,
          'video.error.count': 1,
        });
        expect(root(h).end).to.equal(intentAt);
        const errors = h.sink.eventsNamed('video.error');
        expect(errors.map((e) => [e.viewId, e.at])).to.deep.equal([[root(h).viewId, intentAt]]);
        expect(errors[0]!.attributes).to.include({
          'video.error.code': '404',
          'video.error.severity': 'fatal',
          'video.error.before_start': true,
        });
        // Used once: the viewer's next attempt is a view of its own.
        intent(h);
        expect(h.sink.views).to.have.length(2);
        expect(h.sink.views[1]!.end).to.equal(undefined);
      });

      it('is reported outside any view, when it happened, if a new source comes first', () => {
        const h = setup();
        const failedAt = failBeforeIntent(h);
        h.wait(500);
        h.tracker.handle({ kind: 'source_change', at: h.time.now(), source: { url: 'b.m3u8' } });
        expect(h.sink.events.map((e) => [e.name, e.viewId, e.at])).to.deep.equal([
          ['video.error', undefined, failedAt],
        ]);
        intent(h);
        h.play(1);
        expect(h.sink.views).to.have.length(1);
        expect(h.sink.views[0]!.end).to.equal(undefined);
        expect(h.sink.eventsNamed('video.error')).to.have.length(1);
      });

      it('is reported outside any view when the player is detached without an intent', () => {
        const h = setup();
        const failedAt = failBeforeIntent(h);
        h.wait(500);
        h.tracker.close('detached');
        expect(h.sink.eventsNamed('video.error').map((e) => [e.viewId, e.at])).to.deep.equal([
          [undefined, failedAt],
        ]);
        expect(h.sink.views).to.have.length(0);
      });

      it('an earlier one is reported outside any view when another follows', () => {
        const h = setup();
        const firstAt = failBeforeIntent(h, 'first');
        h.wait(10);
        failBeforeIntent(h, 'second');
        expect(h.sink.events.map((e) => [e.attributes['video.error.code'], e.at])).to.deep.equal([
          ['first', firstAt],
        ]);
        intent(h);
        const inView = h.sink.eventsNamed('video.error').filter((e) => e.viewId !== undefined);
        expect(inView.map((e) => e.attributes['video.error.code'])).to.deep.equal(['second']);
      });
    });

    it('a recovered error outside any view is reported at once', () => {
      const h = setup();
      h.tracker.handle({
        kind: 'error',
        at: h.time.now(),
        error: { type: 'network', fatal: false },
      });
      expect(h.sink.events.map((e) => [e.name, e.viewId])).to.deep.equal([
        ['video.error', undefined],
      ]);
      intent(h);
      expect(root(h).end).to.equal(undefined);
    });

    it('a player that never got an intent reports its startup at detach', () => {
      const h = setup();
      h.wait(150);
      h.tracker.handle({ kind: 'ready', at: h.time.now() });
      h.tracker.close('detached');
      const [ready] = h.sink.eventsNamed('video.player_ready');
      expect(ready!.attributes['video.player.startup_time']).to.be.closeTo(0.15, 1e-9);
      expect(ready!.viewId).to.equal(undefined);
    });

    it('ignores signals after close', () => {
      const h = setup();
      h.tracker.close('destroyed');
      intent(h);
      expect(h.sink.views).to.have.length(0);
    });
  });

  describe('recovered errors', () => {
    it('folds identical recovered errors within the window and reports how many', () => {
      const h = setup();
      intent(h);
      h.play(1);
      const recovered = () =>
        h.tracker.handle({
          kind: 'error',
          at: h.time.now(),
          error: { type: 'network', code: 'fragLoadError', fatal: false },
        });
      for (let i = 0; i < 5; i += 1) {
        recovered();
        h.play(1);
      }
      h.play(10);
      recovered();
      const errors = h.sink.eventsNamed('video.error');
      expect(errors).to.have.length(2);
      expect(errors[0]!.attributes['video.error.suppressed']).to.equal(undefined);
      expect(errors[1]!.attributes['video.error.suppressed']).to.equal(4);
      expect(h.sink.views[0]!.end).to.equal(undefined); // recovered errors do not end the view
    });

    it('rate-limits distinct recovered errors per minute', () => {
      const h = setup();
      intent(h);
      h.play(1);
      for (let i = 0; i < 30; i += 1) {
        h.tracker.handle({
          kind: 'error',
          at: h.time.now(),
          error: { type: 'network', code: `code-${i}`, fatal: false },
        });
      }
      expect(h.sink.eventsNamed('video.error')).to.have.length(10);
    });
  });

  describe('quality', () => {
    it('reports rendered rendition changes with direction and a time-weighted bitrate', () => {
      const h = setup();
      h.tracker.handle({
        kind: 'rendition_rendered',
        at: h.time.now(),
        rendition: { bitrate: 300_000, width: 426, height: 240 },
      });
      intent(h);
      h.play(4);
      h.tracker.handle({
        kind: 'rendition_rendered',
        at: h.time.now(),
        rendition: { bitrate: 900_000, width: 854, height: 480 },
      });
      h.play(4);
      h.tracker.handle({
        kind: 'rendition_rendered',
        at: h.time.now(),
        rendition: { bitrate: 300_000, width: 426, height: 240 },
      });
      h.play(2);
      h.tracker.close('destroyed');
      const changes = h.sink.eventsNamed('video.quality_change').map((e) => e.attributes);
      expect(changes.map((c) => c['video.quality.direction'])).to.deep.equal(['up', 'down']);
      expect(changes[0]).to.include({
        'video.quality.bitrate': 900_000,
        'video.quality.previous_bitrate': 300_000,
        'video.quality.height': 480,
        'video.quality.previous_height': 240,
      });
      const a = root(h).attributes;
      expect(a['video.quality.up_switches']).to.equal(1);
      expect(a['video.quality.down_switches']).to.equal(1);
      // ≈4 s at 300k (first frame interval not watched), 4 s at 900k, 2 s at 300k.
      const expected = (3.96 * 300_000 + 4 * 900_000 + 2 * 300_000) / 9.96;
      expect(a['video.bitrate.rendered_avg']).to.be.closeTo(expected, 1);
    });

    it('reports dropped frames of the view from the playback quality counters', () => {
      let dropped = 3;
      let total = 100;
      const h = setup({ probe: { frames: () => ({ dropped, total }) } });
      intent(h);
      h.play(2);
      dropped = 10;
      total = 150;
      h.tracker.close('destroyed');
      expect(root(h).attributes).to.include({
        'video.frames.dropped': 7,
        'video.frames.total': 50,
      });
    });

    it('measures the share of watch time spent upscaled', () => {
      let rendered = { width: 640, height: 360 };
      const h = setup({
        probe: { renderedSize: () => rendered, displaySize: () => ({ width: 1280, height: 720 }) },
      });
      intent(h);
      h.play(3);
      rendered = { width: 1280, height: 720 };
      h.play(1);
      h.tracker.close('destroyed');
      expect(root(h).attributes['video.quality.upscale_ratio']).to.be.closeTo(3 / 4, 0.02);
    });
  });
});
