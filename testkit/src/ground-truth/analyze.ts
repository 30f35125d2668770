// Pure readings of a recorded GroundTruth. These are the reference values the SDK's own
// measurements are compared with, so they are deliberately simple and defined only from what the
// browser observably did: frames presented (requestVideoFrameCallback) and element events.
import type {
  FrameRecord,
  GroundTruth,
  MediaEventRecord,
  MediaEventType,
  PlayerEventRecord,
} from './types.js';

export interface StartupMeasurement {
  /** performance.now() of the first play request. */
  playRequestedAt: number;
  /** `now` of the first frame of video after the request (see startupTime). */
  firstAdvancingFrameAt: number;
  startupMs: number;
  firstAdvancingFrame: FrameRecord;
}

/**
 * Video startup time: the first play request → the first frame of video after it. With nothing
 * on screen when the element announced the intent (its `play` event: readyState <
 * HAVE_CURRENT_DATA and no frame presented before it),
 * that is the first frame presented after the request: the first picture ends the wait. With a
 * frame already on screen, it is the first frame after the request whose mediaTime is greater
 * than the frame before it: the first frame of motion past the still already shown.
 *
 * Why motion when a frame was on screen: every player here pre-rolls one frame while paused (on
 * loadeddata), and that frame's callback lands just before or just after the play request by
 * chance, giving 5 ms one run and 90 ms the next. Why not motion when nothing was: players
 * starting from nothing often take several frame intervals (100–160 ms measured with hls.js)
 * to present the second frame, and the viewer saw the first.
 * Undefined when play was never requested or no frame of video followed it.
 */
export function startupTime(truth: GroundTruth): StartupMeasurement | undefined {
  const request = truth.playRequests[0];
  if (request === undefined) return undefined;
  // Whether something was on screen is judged when the element announces the intent (its `play`
  // event, a task after play()): that is when an SDK in the page can first know, and a pre-rolled
  // frame presented in between is a still the viewer already saw, not the end of the wait.
  const play = truth.mediaEvents.find((event) => event.type === 'play' && event.t >= request.t);
  const judgedAt = play?.t ?? request.t;
  const readyState = play?.readyState ?? request.readyState;
  const nothingShown =
    readyState < HAVE_CURRENT_DATA && !truth.frames.some((frame) => frame.now < judgedAt);
  const firstAdvancingFrame = truth.frames.find((frame, index) => {
    if (frame.now < request.t) return false;
    if (nothingShown) return true;
    const previous = truth.frames[index - 1];
    return previous !== undefined && frame.mediaTime > previous.mediaTime;
  });
  if (firstAdvancingFrame === undefined) return undefined;
  return {
    playRequestedAt: request.t,
    firstAdvancingFrameAt: firstAdvancingFrame.now,
    startupMs: firstAdvancingFrame.now - request.t,
    firstAdvancingFrame,
  };
}

/** HTMLMediaElement.HAVE_CURRENT_DATA: the element has a frame to show. */
const HAVE_CURRENT_DATA = 2;

export interface Stall {
  /** `now` of the last frame before the gap. */
  start: number;
  /** `now` of the first frame after the gap. */
  end: number;
  durationMs: number;
  /** Media time of the last frame before the gap, seconds. */
  mediaTime: number;
}

export interface StallOptions {
  /** A gap counts only when strictly longer than this, in milliseconds. */
  minGapMs: number;
}

/**
 * Stalls: gaps between consecutive frame callbacks longer than `minGapMs` while the element was
 * neither paused nor seeking for the whole gap. A gap that touches a pause or a seek is left out
 * entirely rather than trimmed: a seek's wait is seek latency, not rebuffering, and a trimmed
 * figure would mix two causes in one number. The wait for the first frame of motion after the
 * first play request (see startupTime) is startup, not a stall, even when a pre-rolled frame's
 * callback happens to land inside it.
 */
export function findStalls(truth: GroundTruth, options: StallOptions): Stall[] {
  if (!(options.minGapMs >= 0)) {
    throw new RangeError(`minGapMs must be a number ≥ 0, got ${String(options.minGapMs)}`);
  }
  const excluded = excludedIntervals(truth.mediaEvents);
  // With a play request but no motion after it, playback never started: nothing can stall.
  const startup = startupTime(truth);
  const playbackStartedAt =
    startup?.firstAdvancingFrameAt ?? (truth.playRequests.length > 0 ? Infinity : -Infinity);
  const stalls: Stall[] = [];
  truth.frames.forEach((after, index) => {
    const before = truth.frames[index - 1];
    if (before === undefined) return;
    const gap = after.now - before.now;
    if (gap <= options.minGapMs || after.now <= playbackStartedAt) return;
    if (excluded.some(([from, to]) => from < after.now && to > before.now)) return;
    stalls.push({
      start: before.now,
      end: after.now,
      durationMs: gap,
      mediaTime: before.mediaTime,
    });
  });
  return stalls;
}

/**
 * Time intervals [from, to) during which the element was paused or seeking, built from the state
 * snapshot each event carries: the state an event reports holds until the next event. Before the
 * first event the element is taken as paused, which is how every media element starts.
 */
function excludedIntervals(events: readonly MediaEventRecord[]): [number, number][] {
  const intervals: [number, number][] = [];
  const first = events[0];
  intervals.push([-Infinity, first === undefined ? Infinity : first.t]);
  events.forEach((event, index) => {
    if (!event.paused && !event.seeking) return;
    const next = events[index + 1];
    intervals.push([event.t, next === undefined ? Infinity : next.t]);
  });
  return intervals;
}

export interface MediaProgressOptions {
  /** Only frames whose `now` is at or after this performance.now() value. */
  from?: number;
}

/**
 * Seconds of media time presented: last frame's mediaTime − first frame's mediaTime. 0 with fewer
 * than two frames. Seeks make this a net figure, not the amount watched.
 */
export function mediaTimeProgressed(
  truth: GroundTruth,
  options: MediaProgressOptions = {},
): number {
  const from = options.from ?? -Infinity;
  const frames = truth.frames.filter((frame) => frame.now >= from);
  const first = frames[0];
  const last = frames[frames.length - 1];
  if (first === undefined || last === undefined) return 0;
  return last.mediaTime - first.mediaTime;
}

export function mediaEventsOfType(
  truth: GroundTruth,
  type: MediaEventType,
): readonly MediaEventRecord[] {
  return truth.mediaEvents.filter((event) => event.type === type);
}

export function playerEventsNamed(truth: GroundTruth, name: string): readonly PlayerEventRecord[] {
  return truth.playerEvents.filter((event) => event.name === name);
}

/** Player events flagged fatal, plus the element's own `error` events (always fatal). */
export function fatalErrors(truth: GroundTruth): {
  player: readonly PlayerEventRecord[];
  element: readonly MediaEventRecord[];
} {
  return {
    player: truth.playerEvents.filter((event) => event.fatal),
    element: mediaEventsOfType(truth, 'error'),
  };
}

/** A page performance.now() value as epoch milliseconds (the media server log's clock). */
export function toEpochMs(truth: GroundTruth, pageTime: number): number {
  return truth.timeOrigin + pageTime;
}
