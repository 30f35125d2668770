import { expect } from 'chai';
import { observeMediaElement } from '../src/adapters/media-element.js';
import { performanceClock } from '../src/clock.js';
import type { PlaybackSignal } from '../src/view/signals.js';

type FrameCallback = (now: number, metadata: { mediaTime: number }) => void;

/** Just enough of a <video> for the observer: events, a playhead and frame callbacks. */
class FakeVideo extends EventTarget {
  currentTime = 0;
  currentSrc = 'https://cdn.example/clip.mp4';
  src = this.currentSrc;
  autoplay = false;
  readyState = 0;
  paused = true;
  ended = false;
  error = null;
  duration = NaN;
  videoWidth = 0;
  videoHeight = 0;
  playbackRate = 1;
  buffered = { length: 0, start: () => 0, end: () => 0 };
  /** Frame callbacks registered and not yet run or cancelled. */
  pending = new Map<number, FrameCallback>();
  registrations = 0;
  private nextHandle = 1;

  requestVideoFrameCallback(callback: FrameCallback): number {
    this.registrations += 1;
    const handle = this.nextHandle++;
    this.pending.set(handle, callback);
    return handle;
  }

  cancelVideoFrameCallback(handle: number): void {
    this.pending.delete(handle);
  }

  /** Presents a frame: runs the callbacks registered before it, as a rendering step does. */
  present(now: number, mediaTime: number): void {
    const callbacks = [...this.pending.values()];
    this.pending.clear();
    for (const callback of callbacks) callback(now, { mediaTime });
  }

  fire(type: string): void {
    this.dispatchEvent(new Event(type));
  }
}

// Times are compared within 0.5 ms: the clock and the lag are read a moment apart.
function observe() {
  const video = new FakeVideo();
  const signals: PlaybackSignal[] = [];
  const observation = observeMediaElement(
    video as unknown as HTMLVideoElement,
    (signal) => signals.push(signal),
    performanceClock,
    { reportErrors: true, reportResize: true, reportSourceChanges: true },
  );
  const frames = () =>
    signals.filter((s): s is Extract<PlaybackSignal, { kind: 'frame' }> => s.kind === 'frame');
  // rVFC timestamps share performance.now()'s base; these frames lie in the recent past.
  const base = performance.now() - 20_000;
  /** Presents frames every 40 ms from `fromMs` (after base) for `count` frames. */
  const present = (fromMs: number, count: number, mediaFrom: number): number => {
    let at = fromMs;
    for (let i = 0; i < count; i += 1) {
      at = fromMs + i * 40;
      video.present(base + at, mediaFrom + i * 0.04);
    }
    return at;
  };
  const epochOf = (ms: number) => performance.timeOrigin + base + ms;
  return { video, signals, frames, observation, present, epochOf };
}

describe('media element observer: frames', () => {
  it('holds frames back while they come steadily and signals the latest one when asked', () => {
    const o = observe();
    o.observation.probe.watchFrames?.(true);
    const last = o.present(0, 60, 0); // 2.4 s of steady frames
    // Signalled at once: the frames of the first half second (the picture just started to move).
    const atOnce = o.frames().length;
    expect(atOnce).to.equal(13);
    expect(o.frames()[0]!.at).to.be.closeTo(o.epochOf(0), 0.5);
    // One registration per frame, and one callback pending: the callback re-registers itself.
    expect(o.video.registrations).to.equal(61);
    expect(o.video.pending.size).to.equal(1);
    o.observation.probe.watchFrames?.(true);
    expect(o.frames()).to.have.length(atOnce + 1);
    // Dated by the frame's rendering step, not by the moment it was asked for.
    expect(o.frames()[atOnce]!.at).to.be.closeTo(o.epochOf(last), 0.5);
    expect(o.frames()[atOnce]!.position).to.be.closeTo(59 * 0.04, 1e-9);
    // Marked: the frames between it and the last one signalled were not signalled.
    expect(o.frames()[atOnce]!.held).to.equal(true);
    expect(
      o
        .frames()
        .slice(0, atOnce)
        .some((f) => f.held),
    ).to.equal(false);
    // Nothing new held: asking again signals nothing.
    o.observation.probe.watchFrames?.(true);
    expect(o.frames()).to.have.length(atOnce + 1);
  });

  it('signals the last frame before a gap and the first after it at once', () => {
    const o = observe();
    o.observation.probe.watchFrames?.(true);
    const beforeGap = o.present(0, 60, 0);
    const count = o.frames().length;
    const afterGap = beforeGap + 400; // the picture froze for 400 ms
    o.present(afterGap, 1, 2.4);
    const signalled = o.frames().slice(count);
    expect(signalled.map((f) => f.at - o.epochOf(0))).to.have.length(2);
    expect(signalled[0]!.at).to.be.closeTo(o.epochOf(beforeGap), 0.5);
    expect(signalled[1]!.at).to.be.closeTo(o.epochOf(afterGap), 0.5);
  });

  it('signals the frames right after a seek completes at once', () => {
    // The seek ends at the first frame past the target after seeked, which may come from the
    // buffer less than 100 ms after the one before.
    const o = observe();
    o.observation.probe.watchFrames?.(true);
    const last = o.present(0, 60, 0);
    const count = o.frames().length;
    o.video.fire('seeked');
    o.present(last + 40, 2, 2.4);
    // The frame held before them first, so that the frames signalled stay consecutive.
    const signalled = o.frames().slice(count);
    expect(signalled.map((f) => Math.round(f.at - o.epochOf(0)))).to.deep.equal([
      last,
      last + 40,
      last + 80,
    ]);
    expect(signalled.some((f) => f.held)).to.equal(false);
  });

  it('holds frames that follow a play or a wait closely (no gap in the picture)', () => {
    const o = observe();
    o.observation.probe.watchFrames?.(true);
    const last = o.present(0, 60, 0);
    const count = o.frames().length;
    o.video.fire('play');
    o.video.fire('waiting');
    o.present(last + 40, 2, 2.4);
    expect(o.frames()).to.have.length(count);
  });

  it('signals timeupdate as progress only while no frames flow', () => {
    const o = observe();
    const progress = () => o.signals.filter((s) => s.kind === 'progress');
    o.video.currentTime = 1;
    o.video.fire('timeupdate');
    expect(progress(), 'frames not watched').to.have.length(1);
    o.observation.probe.watchFrames?.(true);
    // The latest frame was presented just now: the frames carry the playhead.
    o.video.present(performance.now(), 1);
    o.video.currentTime = 1.25;
    o.video.fire('timeupdate');
    expect(progress(), 'frames flowing').to.have.length(1);
    // Frames stopped over a second ago (a frozen picture, a hidden tab): samples count again.
    o.video.present(performance.now() - 1500, 1.3);
    o.video.currentTime = 1.5;
    o.video.fire('timeupdate');
    expect(progress().map((s) => s.kind === 'progress' && s.position)).to.deep.equal([1, 1.5]);
  });

  it('stops the callbacks when frames are no longer wanted', () => {
    const o = observe();
    o.observation.probe.watchFrames?.(true);
    o.present(0, 3, 0);
    o.observation.probe.watchFrames?.(false);
    expect(o.video.pending.size).to.equal(0);
    const count = o.signals.length;
    o.observation.probe.watchFrames?.(true);
    o.observation.dispose();
    expect(o.video.pending.size).to.equal(0);
    expect(o.signals).to.have.length(count);
  });
});
