// The view state machine: turns an adapter's playback signals into one trace per view (S1–S7).
//
// Time accounting: the tracker is always in one phase. Watch time accrues only up to the last
// moment playback was seen to advance (a frame or playhead progress), so a stall detected late is
// backdated to that moment without correcting anything already counted. A stall therefore spans
// last frame before → first frame after, the same interval the page's frame timing shows.
import type { PlayerName } from '../adapters/adapter.js';
import type { Clock, Scheduler } from '../clock.js';
import {
  EVENT_VIDEO_ENDED,
  EVENT_VIDEO_ERROR,
  EVENT_VIDEO_HEARTBEAT,
  EVENT_VIDEO_PAUSE,
  EVENT_VIDEO_PLAYER_READY,
  EVENT_VIDEO_PLAYING,
  EVENT_VIDEO_QUALITY_CHANGE,
  EVENT_VIDEO_QUARTILE,
  EVENT_VIDEO_SEEK,
  EVENT_VIDEO_STALL_END,
  EVENT_VIDEO_STALL_START,
  EVENT_VIDEO_VIEW_START,
  SPAN_VIDEO_REBUFFER,
  SPAN_VIDEO_SEEK,
  SPAN_VIDEO_STARTUP,
  type AttributeValues,
} from '../generated/contract.js';
import {
  EMPTY_TIME_WEIGHTED,
  addTimeWeighted,
  averageBitrate,
  completion,
  isUpscaled,
  qualityDirection,
  nextQuartileMark,
  quartilesReached,
  rebufferFrequency,
  rebufferRatio,
  type Quartile,
  type TimeWeighted,
} from '../metrics/qoe.js';
import { CmcdLedger } from '../cmcd/ledger.js';
import type { PlayerProbe } from './probe.js';
import type { PlaybackSignal, PlayerError, Rendition, SourceInfo } from './signals.js';
import type { EventAttributes, SpanScope, ViewAttributes, ViewScope, ViewSink } from './sink.js';

export type EndReason = AttributeValues['video.view.end_reason'];

export interface TrackerOptions {
  /** No frame for this long while playing is a stall (when frames are observable). */
  stallThresholdMs: number;
  /** The same where only playhead progress (timeupdate, ~4 Hz) is observable. */
  progressStallThresholdMs: number;
  heartbeatIntervalMs: number;
  /** Identical recovered errors within this window are folded into one event (S6). */
  errorDedupWindowMs: number;
  /** At most this many recovered-error events per view per minute (S6). */
  maxRecoveredErrorsPerMinute: number;
}

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = {
  stallThresholdMs: 250,
  progressStallThresholdMs: 1000,
  heartbeatIntervalMs: 10_000,
  errorDedupWindowMs: 10_000,
  maxRecoveredErrorsPerMinute: 10,
};

// Playhead jitter below this is not progress (players nudge currentTime by microseconds).
const PROGRESS_EPSILON_SECONDS = 0.001;
// How often the tracker checks for stalls and heartbeats while a view plays. A stall that ends
// before a check saw it is found at its first frame (onAdvance), and its start is exact either
// way (the frame before the gap, or where the sampled playhead froze): a check only makes a stall
// known while it lasts, and samples the playhead where frames are not observable. Each check costs
// the page a timer task, and frames held back reach the tracker at the checks (see watchFrames):
// twice a second keeps both small and quartiles and heartbeats within half a second.
const TICK_MS = 500;
// How often the rendered and displayed sizes are compared for the upscale share.
const UPSCALE_SAMPLE_MS = 1000;

type Phase = 'starting' | 'playing' | 'paused' | 'stalled' | 'seeking' | 'ended';

export interface TrackerContext {
  sink: ViewSink;
  clock: Clock;
  scheduler: Scheduler;
  probe: PlayerProbe;
  player: { name: PlayerName; version?: string; instanceId: string };
  /** Attributes the integrator gave at attach time (content id, title, ...). */
  viewAttributes: ViewAttributes;
  options?: Partial<TrackerOptions>;
}

interface ErrorSeen {
  lastAt: number;
  suppressed: number;
}

/** State of one view. Created at play intent, discarded when the view ends. */
class View {
  phase: Phase = 'starting';
  /** Phase before a seek started, to know where a seek returns. */
  resumeTo: 'playing' | 'paused' = 'playing';
  firstFrameAt: number | undefined;
  lastAccrualAt: number;
  /** When the playhead last moved: a frame's time, or the estimate from two position samples. */
  lastProgressAt: number;
  lastPosition: number | undefined;
  /** When lastPosition was read, to estimate when a playhead that stopped got there. */
  lastSampleAt: number;
  /** Where the picture stood when the current stall began: only a frame past it ends the stall. */
  stallPosition = 0;
  /** Media time of the last frame seen (currentTime can run ahead of the picture). */
  lastFramePosition: number | undefined;
  furthestPosition = 0;
  watchMs = 0;
  rebufferMs = 0;
  stallCount = 0;
  seekCount = 0;
  errorCount = 0;
  upSwitches = 0;
  downSwitches = 0;
  renderedAverage: TimeWeighted = EMPTY_TIME_WEIGHTED;
  requestedAverage: TimeWeighted = EMPTY_TIME_WEIGHTED;
  upscaledMs = 0;
  /** Sampled about once a second: reading the element's layout size on every frame is costly. */
  upscaled = false;
  upscaleSampledAt = -Infinity;
  quartiles: Quartile[] = [];
  /** Cached nextQuartileMark, and the duration it was computed for: positions arrive often. */
  nextQuartileAt = 0;
  quartileDuration: number | undefined;
  startup: SpanScope<'video.startup'> | undefined;
  stall: SpanScope<'video.rebuffer'> | undefined;
  stallStartedAt = 0;
  seek: SpanScope<'video.seek'> | undefined;
  seekedAt: number | undefined;
  seekTarget = 0;
  lastHeartbeatAt: number;
  framesAtStart: { dropped: number; total: number } | undefined;
  errorsSeen = new Map<string, ErrorSeen>();
  recoveredErrorTimes: number[] = [];
  sawFrames?: boolean;
  /** Resumed after a pause and not yet reported as playing (see `playing`). */
  resuming?: boolean;
  /** No picture was on screen at the intent (no pre-rolled frame): the first frame ends startup. */
  nothingShown = false;

  constructor(
    readonly scope: ViewScope,
    readonly intentAt: number,
    readonly autoplay: boolean,
  ) {
    this.lastAccrualAt = intentAt;
    this.lastProgressAt = intentAt;
    this.lastSampleAt = intentAt;
    this.lastHeartbeatAt = intentAt;
  }
}

export class ViewTracker {
  private readonly options: TrackerOptions;
  private readonly attachedAt: number;
  private view: View | undefined;
  private ticker: unknown;
  private source: SourceInfo = {};
  private rendered: Rendition | undefined;
  private requested: Rendition | undefined;
  private readyAt: number | undefined;
  private readyReported = false;
  private closed = false;
  /**
   * A fatal error with no view yet: a quick failure (a manifest 404) can beat the `play` event.
   * The next play intent's view fails with it; a new source or the end reports it on its own.
   */
  private failure: [at: number, attributes: EventAttributes<'video.error'>] | undefined;
  /** CMCD the player sent since the last view ended (requests before play belong to the next view). */
  private readonly cmcd = new CmcdLedger();

  constructor(private readonly ctx: TrackerContext) {
    this.options = { ...DEFAULT_TRACKER_OPTIONS, ...ctx.options };
    this.attachedAt = ctx.clock.now();
  }

  /** The active view's id, if a view is active. */
  get activeViewId(): string | undefined {
    return this.view?.scope.viewId;
  }

  handle(signal: PlaybackSignal): void {
    if (this.closed) return;
    switch (signal.kind) {
      case 'ready':
        return this.onReady(signal.at);
      case 'play_requested':
        return this.onPlayRequested(signal.at, signal.autoplay);
      case 'frame':
        return this.onAdvance(signal.at, signal.position, true, signal.held);
      case 'progress':
        return this.onAdvance(signal.at, signal.position, false);
      case 'waiting':
        return this.onWaiting(signal.at, signal.position, signal.bufferAhead);
      case 'pause':
        return this.onPause(signal.at, signal.position);
      case 'seeking':
        return this.onSeeking(signal.at, signal.from, signal.to);
      case 'seeked':
        return this.onSeeked(signal.at);
      case 'ended':
        return this.onEnded(signal.at, signal.position);
      case 'error':
        return this.onError(signal.at, signal.error, signal.position);
      case 'rendition_rendered':
        return this.onRendered(signal.at, signal.rendition);
      case 'rendition_requested':
        return this.onRequested(signal.at, signal.rendition);
      case 'source':
        // Only what the signal knows replaces what was known before.
        for (const [key, value] of Object.entries(signal.source)) {
          if (value !== undefined) (this.source as Record<string, unknown>)[key] = value;
        }
        return;
      case 'cmcd':
        this.cmcd.record(signal.object, signal.values);
        return;
      case 'source_change':
        this.reportFailure();
        this.endView(signal.at, 'source_change');
        this.source = { ...signal.source };
        this.rendered = undefined;
        this.requested = undefined;
        return;
    }
  }

  /** Ends the active view (if any) and stops listening: detach, destroy or the page going away. */
  close(reason: Extract<EndReason, 'detached' | 'destroyed' | 'page_hidden'>): void {
    if (this.closed) return;
    this.reportFailure();
    this.endView(this.ctx.clock.now(), reason);
    if (reason !== 'page_hidden') {
      this.reportReady(this.ctx.sink);
      this.closed = true;
    }
  }

  // ── signal handlers ────────────────────────────────────────────────────────────────────────────

  private onReady(at: number): void {
    if (this.readyAt !== undefined) return;
    this.readyAt = at;
    if (this.view) this.reportReady(this.view.scope);
  }

  private onPlayRequested(at: number, autoplay: boolean): void {
    const view = this.view;
    if (!view) {
      const failure = this.failure;
      this.failure = undefined;
      const started = this.startView(at, autoplay);
      if (failure) this.fail(started, at, failure[1]);
      return;
    }
    if (view.phase === 'paused') {
      // Resuming: playback is expected from now on; no frame within the threshold is a stall.
      this.setPhase(view, 'playing', at);
      view.lastSampleAt = view.lastProgressAt = at;
      view.resuming = true;
    }
  }

  private onAdvance(at: number, position: number, isFrame: boolean, held?: boolean): void {
    const view = this.view;
    if (!view) return;
    if (isFrame) view.sawFrames = true;
    const previousFrame = view.lastFramePosition;
    if (isFrame) view.lastFramePosition = position;
    // Where frames are observable they alone end a stall or a seek: a timeupdate lands up to a
    // frame away from the moment the picture moved.
    const exact = isFrame || !view.sawFrames;
    const advanced =
      view.lastPosition === undefined || position > view.lastPosition + PROGRESS_EPSILON_SECONDS;
    switch (view.phase) {
      case 'starting':
        // With nothing on screen at the intent, the first picture ends the wait, wherever it
        // sits on the timeline. Otherwise the first frame of motion: players pre-roll a still
        // frame while paused, and its callback can land just after the play request.
        if (isFrame && at < view.intentAt) {
          // Presented before the intent (its callback ran late): the still on screen, which
          // playback has to move past.
          view.nothingShown = false;
        } else if (advanced || (isFrame && view.nothingShown)) {
          this.firstFrame(view, at, isFrame ? 'rvfc' : 'timeupdate');
        }
        break;
      case 'stalled':
        if (exact && position > view.stallPosition + PROGRESS_EPSILON_SECONDS) {
          // A sampled playhead resumed some time before the sample: as long ago as it moved since.
          const resumedAt = isFrame
            ? at
            : Math.max(
                view.stallStartedAt,
                at - this.mediaToWallMs(view, position, view.stallPosition),
              );
          this.endStall(view, resumedAt);
        }
        break;
      case 'seeking':
        // Playback has resumed only once frames move past the seek target: the frame shown at the
        // target itself, and any wait for data after it, are still seek latency, not a stall.
        if (
          exact &&
          view.seekedAt !== undefined &&
          view.resumeTo === 'playing' &&
          position > view.seekTarget + PROGRESS_EPSILON_SECONDS
        ) {
          this.endSeek(view, at);
        }
        break;
      case 'playing':
        if (isFrame) {
          // The picture moved: the precise signal, where frames are observable.
          if (previousFrame === undefined || position > previousFrame + PROGRESS_EPSILON_SECONDS) {
            if (!held && at - view.lastProgressAt > this.options.stallThresholdMs) {
              // A gap no check saw while it lasted: a stall from the frame before it to this one.
              // What was buffered when it began is not known any more.
              this.startStall(view, view.lastProgressAt, undefined);
              this.endStall(view, at);
            } else {
              this.accrue(view, at);
              view.lastProgressAt = at;
              if (view.resuming) this.playing(view, at);
            }
          }
        } else if (advanced && !view.sawFrames) {
          // Without frames the playhead is sampled (timeupdate and the tick). If it stopped
          // between two samples, it got to where it stands at the previous sample's time plus the
          // distance it covered, so a stall found later starts where it froze. Where frames are
          // observable, samples are not progress: during a video-only stall Chromium keeps the
          // audio clock, and currentTime with it, running for seconds while the picture is frozen.
          const reachedAt = Math.min(at, view.lastSampleAt + this.mediaToWallMs(view, position));
          const movedAt = Math.max(reachedAt, view.lastProgressAt);
          this.accrue(view, movedAt);
          view.lastProgressAt = movedAt;
          if (view.resuming) this.playing(view, movedAt);
        }
        break;
      default:
        break;
    }
    this.notePosition(view, position);
    view.lastSampleAt = at;
  }

  /** Wall-clock milliseconds the playhead needs from `from` (the last sample) to `position`. */
  private mediaToWallMs(view: View, position: number, from = view.lastPosition): number {
    const rate = this.ctx.probe.playbackRate?.() ?? 1;
    const seconds = position - (from ?? position);
    return (seconds / (rate > 0 ? rate : 1)) * 1000;
  }

  /**
   * `waiting` while playing is a stall that began when playback last advanced — where frames are
   * not observable. Where they are, the frame gap decides (the tick): players also fire `waiting`
   * for a few milliseconds at segment boundaries, and a stall is a gap in the picture longer than
   * the threshold, as the viewer sees it.
   */
  private onWaiting(at: number, position: number, bufferAhead: number | undefined): void {
    const view = this.view;
    if (view?.phase !== 'playing' || view.sawFrames) return;
    // Where the playhead stopped tells when it stopped, more precisely than the last sample.
    this.onAdvance(at, position, false);
    if (view.phase === 'playing') this.startStall(view, view.lastProgressAt, bufferAhead);
  }

  private onPause(at: number, position: number): void {
    const view = this.view;
    if (!view) return;
    if (view.phase === 'ended' || view.phase === 'paused') return;
    this.checkStall(view, at);
    if (view.phase === 'stalled') this.endStall(view, at, false);
    if (view.phase === 'seeking') {
      view.resumeTo = 'paused';
    } else if (view.phase === 'playing') {
      this.accrue(view, at);
      this.setPhase(view, 'paused', at);
    } else if (view.phase === 'starting') {
      // Paused before the first frame: startup stays open; an exit now is an exit before start.
      return;
    }
    view.scope.event(EVENT_VIDEO_PAUSE, at, { 'video.playhead.position': position });
  }

  private onSeeking(at: number, from: number, to: number): void {
    const view = this.view;
    if (!view) return;
    this.checkStall(view, at);
    view.scope.event(EVENT_VIDEO_SEEK, at, { 'video.seek.from': from, 'video.seek.to': to });
    if (view.phase === 'starting') {
      // Part of startup: the first frame ends both. Motion counts from the new position, so a
      // player's own jump (to the live edge, over a gap at 0) is not taken for playback.
      view.lastPosition = to;
      return;
    }
    if (view.phase === 'seeking') {
      // A seek during a seek (scrubbing) is one seek that ends when playback resumes.
      view.seekedAt = undefined;
      view.seekTarget = to;
      return;
    }
    // Before a stall is cut short (which leaves it paused): a seek out of a stall resumes playing.
    view.resumeTo = view.phase === 'paused' ? 'paused' : 'playing';
    if (view.phase === 'stalled') this.endStall(view, at, false);
    if (view.phase === 'playing') this.accrue(view, at);
    view.seekCount += 1;
    view.seek = view.scope.startSpan(SPAN_VIDEO_SEEK, at, {
      'video.seek.from': from,
      'video.seek.to': to,
    });
    view.seekedAt = undefined;
    view.seekTarget = to;
    view.lastPosition = to;
    view.lastSampleAt = at;
    this.setPhase(view, 'seeking', at);
  }

  private onSeeked(at: number): void {
    const view = this.view;
    if (view?.phase !== 'seeking') return;
    view.seekedAt = at;
    // Paused: the seek is done when the new frame is ready. Playing: when playback resumes.
    if (view.resumeTo === 'paused') this.endSeek(view, at);
  }

  private onEnded(at: number, position: number): void {
    const view = this.view;
    if (!view) return;
    this.notePosition(view, position);
    if (view.phase === 'playing') this.accrue(view, at);
    view.scope.event(EVENT_VIDEO_ENDED, at, {
      'video.playhead.position': position,
      'video.watch_time': view.watchMs / 1000,
    });
    this.endView(at, 'ended');
  }

  private onError(at: number, error: PlayerError, position: number | undefined): void {
    const view = this.view;
    const beforeStart = view?.firstFrameAt === undefined;
    const attributes = {
      'error.type': error.type,
      'video.error.severity': error.fatal ? ('fatal' as const) : ('recovered' as const),
      'video.error.before_start': beforeStart,
      'video.error.code': error.code,
      'video.error.message': error.message,
      'video.error.user_caused': error.userCaused,
      'video.playhead.position': position,
    };
    if (!view) {
      if (error.fatal) {
        this.reportFailure();
        this.failure = [at, attributes];
      } else this.ctx.sink.event(EVENT_VIDEO_ERROR, at, attributes);
      return;
    }
    if (!error.fatal) {
      const suppressed = this.suppressRecoveredError(view, at, error);
      if (suppressed === undefined) return;
      view.errorCount += 1;
      view.scope.event(EVENT_VIDEO_ERROR, at, {
        ...attributes,
        'video.error.suppressed': suppressed > 0 ? suppressed : undefined,
      });
      return;
    }
    this.fail(view, at, attributes);
  }

  private fail(view: View, at: number, attributes: EventAttributes<'video.error'>): void {
    view.errorCount += 1;
    view.scope.event(EVENT_VIDEO_ERROR, at, attributes);
    this.endView(at, 'fatal_error');
  }

  /** A fatal error no play intent followed: reported outside any view, where it happened. */
  private reportFailure(): void {
    if (this.failure) this.ctx.sink.event(EVENT_VIDEO_ERROR, ...this.failure);
    this.failure = undefined;
  }

  private onRendered(at: number, rendition: Rendition): void {
    const previous = this.rendered;
    const view = this.view;
    if (view?.phase === 'playing') this.accrue(view, at);
    this.rendered = rendition;
    if (!view || !previous || sameRendition(previous, rendition)) return;
    const direction = qualityDirection(previous, rendition);
    if (direction === 'up') view.upSwitches += 1;
    if (direction === 'down') view.downSwitches += 1;
    view.scope.event(EVENT_VIDEO_QUALITY_CHANGE, at, {
      'video.quality.direction': direction,
      ...renditionAttributes(rendition),
      'video.quality.previous_bitrate': previous.bitrate,
      'video.quality.previous_width': previous.width,
      'video.quality.previous_height': previous.height,
      'video.quality.requested_bitrate': this.requested?.bitrate,
    });
  }

  private onRequested(at: number, rendition: Rendition): void {
    const view = this.view;
    if (view?.phase === 'playing') this.accrue(view, at);
    this.requested = rendition;
  }

  // ── view lifecycle ─────────────────────────────────────────────────────────────────────────────

  private startView(at: number, autoplay: boolean): View {
    const { player, viewAttributes } = this.ctx;
    const scope = this.ctx.sink.startView(at, {
      ...viewAttributes,
      'video.player.name': player.name,
      'video.player.instance_id': player.instanceId,
      'video.player.autoplay': autoplay,
      'video.player.version': player.version,
      'video.stream.type': this.source.streamType,
    });
    const view = new View(scope, at, autoplay);
    view.framesAtStart = this.ctx.probe.frames();
    view.lastPosition = this.ctx.probe.position();
    // A rendered size exists once a frame can be shown (the pre-rolled still, if any).
    view.nothingShown = this.ctx.probe.renderedSize() === undefined;
    this.view = view;
    // Frames are watched for the whole view: the time of the frame before and after a gap is the
    // measurement, and only frames show a video-only stall (see onAdvance). Adapters may hold
    // frames back while playback runs smoothly (a signal per frame would be most of what the SDK
    // costs the page); each check asks for the latest one (checkStall) before it decides.
    this.ctx.probe.watchFrames?.(true);
    this.reportReady(scope);
    scope.event(EVENT_VIDEO_VIEW_START, at, {
      'video.player.autoplay': autoplay,
      'video.player.name': player.name,
      'video.content.id': viewAttributes['video.content.id'],
      'video.stream.type': this.source.streamType,
    });
    view.startup = scope.startSpan(SPAN_VIDEO_STARTUP, at, { 'video.player.autoplay': autoplay });
    this.ticker = this.ctx.scheduler.setInterval(() => this.tick(), TICK_MS);
    return view;
  }

  private firstFrame(view: View, at: number, source: 'rvfc' | 'timeupdate'): void {
    view.firstFrameAt = at;
    view.startup?.end(at, { 'video.startup.first_frame_source': source });
    view.startup = undefined;
    view.lastHeartbeatAt = at;
    this.setPhase(view, 'playing', at);
    this.playing(view, at);
  }

  /**
   * Playback moves from `at` on: reported, and the time from which a lack of progress counts.
   * Also the resume after a pause, at its first progress (or the end of a stall or seek first).
   */
  private playing(view: View, at: number): void {
    view.resuming = false;
    view.lastSampleAt = view.lastProgressAt = at;
    view.scope.event(EVENT_VIDEO_PLAYING, at, positionAttribute(view.lastPosition));
  }

  private startStall(view: View, from: number, bufferAhead: number | undefined): void {
    this.accrue(view, from);
    view.stallCount += 1;
    view.stallStartedAt = from;
    const position = view.lastPosition;
    view.stallPosition = (view.sawFrames ? view.lastFramePosition : position) ?? 0;
    view.stall = view.scope.startSpan(SPAN_VIDEO_REBUFFER, from, {
      'video.rebuffer.index': view.stallCount,
      ...positionAttribute(position),
      'video.buffer.length': bufferAhead,
      'video.quality.bitrate': this.rendered?.bitrate,
    });
    view.scope.event(EVENT_VIDEO_STALL_START, from, {
      'video.rebuffer.index': view.stallCount,
      ...positionAttribute(position),
      'video.buffer.length': bufferAhead,
    });
    this.setPhase(view, 'stalled', from);
  }

  /** Ends the current stall at `at`; `resumed` is false when a pause or seek cut it short. */
  private endStall(view: View, at: number, resumed = true): void {
    const duration = (at - view.stallStartedAt) / 1000;
    this.accrue(view, at);
    view.stall?.end(at);
    view.stall = undefined;
    this.setPhase(view, resumed ? 'playing' : 'paused', at);
    view.scope.event(EVENT_VIDEO_STALL_END, at, {
      'video.rebuffer.index': view.stallCount,
      'video.rebuffer.duration': duration,
      ...positionAttribute(view.lastPosition),
    });
    if (resumed) this.playing(view, at);
  }

  private endSeek(view: View, at: number): void {
    view.seek?.end(at);
    view.seek = undefined;
    view.seekedAt = undefined;
    this.setPhase(view, view.resumeTo, at);
    if (view.resumeTo === 'playing') this.playing(view, at);
  }

  private endView(at: number, reason: EndReason): void {
    const view = this.view;
    if (!view) return;
    // A stall under way that no check has seen yet (checks are TICK_MS apart).
    this.checkStall(view, at);
    this.view = undefined;
    this.ctx.scheduler.clearInterval(this.ticker);
    this.accrue(view, at);
    view.stall?.end(at);
    view.seek?.end(at);
    // A startup that never reached a frame is not ended: its duration would read as a startup
    // time. The root span reports it instead, as an exit before start with the time waited.
    const exitBeforeStart = view.firstFrameAt === undefined && reason !== 'fatal_error';
    view.phase = 'ended';
    this.ctx.probe.watchFrames?.(false);
    view.scope.end(at, {
      ...this.totals(view),
      ...this.cmcd.totals(),
      'video.view.end_reason': reason,
      'video.view.exit_before_start': exitBeforeStart,
      'video.view.wait_time': exitBeforeStart ? (at - view.intentAt) / 1000 : undefined,
    });
    this.cmcd.reset();
  }

  private totals(view: View): ViewAttributes {
    const watch = view.watchMs / 1000;
    const rebuffer = view.rebufferMs / 1000;
    const frames = framesSince(view.framesAtStart, this.ctx.probe.frames());
    const display = this.ctx.probe.displaySize();
    const renderedAvg = averageBitrate(view.renderedAverage);
    const requestedAvg = averageBitrate(view.requestedAverage);
    const done = completion(view.furthestPosition, this.source.duration ?? NaN);
    return {
      'video.stream.type': this.source.streamType ?? 'unknown',
      'video.stream.format': this.source.format,
      'video.source.url': this.source.url,
      'video.content.duration': isFiniteNumber(this.source.duration)
        ? this.source.duration
        : undefined,
      'video.startup.time': secondsBetween(view.intentAt, view.firstFrameAt),
      'video.player.startup_time': secondsBetween(this.attachedAt, this.readyAt),
      'video.watch_time': watch,
      'video.rebuffer.count': view.stallCount,
      'video.rebuffer.total_duration': rebuffer,
      'video.rebuffer.ratio': rebufferRatio(rebuffer, watch),
      'video.rebuffer.frequency': rebufferFrequency(view.stallCount, watch),
      'video.seek.count': view.seekCount,
      'video.error.count': view.errorCount,
      'video.quality.up_switches': view.upSwitches,
      'video.quality.down_switches': view.downSwitches,
      'video.bitrate.rendered_avg': renderedAvg,
      'video.bitrate.requested_avg': requestedAvg,
      'video.quality.upscale_ratio':
        view.watchMs > 0 && display ? view.upscaledMs / view.watchMs : undefined,
      'video.player.width': display?.width,
      'video.player.height': display?.height,
      'video.frames.dropped': frames?.dropped,
      'video.frames.total': frames?.total,
      'video.completion': this.source.streamType === 'live' ? undefined : done,
    };
  }

  // ── accounting ─────────────────────────────────────────────────────────────────────────────────

  private setPhase(view: View, phase: Phase, at: number): void {
    view.phase = phase;
    view.lastAccrualAt = Math.max(view.lastAccrualAt, at);
  }

  /** Adds the time since the last accrual to the current phase's total, up to `at`. */
  private accrue(view: View, at: number): void {
    const ms = at - view.lastAccrualAt;
    if (ms <= 0) return;
    view.lastAccrualAt = at;
    if (view.phase === 'playing') {
      view.watchMs += ms;
      const seconds = ms / 1000;
      if (this.rendered?.bitrate !== undefined)
        view.renderedAverage = addTimeWeighted(
          view.renderedAverage,
          this.rendered.bitrate,
          seconds,
        );
      if (this.requested?.bitrate !== undefined)
        view.requestedAverage = addTimeWeighted(
          view.requestedAverage,
          this.requested.bitrate,
          seconds,
        );
      if (view.upscaled) view.upscaledMs += ms;
    } else if (view.phase === 'stalled') {
      view.rebufferMs += ms;
    }
  }

  private notePosition(view: View, position: number): void {
    view.lastPosition = position;
    if (position <= view.furthestPosition) return;
    view.furthestPosition = position;
    if (this.source.streamType === 'live') return;
    const duration = this.source.duration;
    if (!isFiniteNumber(duration)) return;
    if (duration !== view.quartileDuration) {
      view.quartileDuration = duration;
      view.nextQuartileAt = nextQuartileMark(duration, view.quartiles);
    }
    if (position < view.nextQuartileAt) return;
    for (const quartile of quartilesReached(position, duration, view.quartiles)) {
      view.quartiles.push(quartile);
      view.scope.event(EVENT_VIDEO_QUARTILE, this.ctx.clock.now(), {
        'video.quartile.percent': quartile,
        'video.playhead.position': position,
      });
    }
    view.nextQuartileAt = nextQuartileMark(duration, view.quartiles);
  }

  /** Periodic check while a view is active: stalls without a `waiting` event, and heartbeats. */
  private tick(): void {
    const view = this.view;
    if (!view) return;
    const now = this.ctx.clock.now();
    if (now - view.upscaleSampledAt >= UPSCALE_SAMPLE_MS) this.sampleUpscale(view, now);
    if ((view.phase === 'playing' || view.phase === 'stalled') && !view.sawFrames) {
      const position = this.ctx.probe.position();
      if (position !== undefined) this.onAdvance(now, position, false);
    }
    this.checkStall(view, now);
    const watching = view.phase === 'playing' || view.phase === 'stalled';
    if (!watching) {
      view.lastHeartbeatAt = now;
      return;
    }
    if (now - view.lastHeartbeatAt >= this.options.heartbeatIntervalMs) {
      view.lastHeartbeatAt = now;
      this.heartbeat(view, now);
    }
  }

  /** A stall starts when playback has not advanced for the threshold while it should play. */
  private checkStall(view: View, now: number): void {
    if (view.phase !== 'playing') return;
    // Frames the adapter held back while playback ran smoothly: the latest one, before deciding
    // (frames are watched in every phase but the end; a held frame never starts a stall).
    this.ctx.probe.watchFrames?.(true);
    const threshold = view.sawFrames
      ? this.options.stallThresholdMs
      : this.options.progressStallThresholdMs;
    if (now - view.lastProgressAt > threshold) {
      this.startStall(view, view.lastProgressAt, this.ctx.probe.bufferAhead());
    }
  }

  private sampleUpscale(view: View, at: number): void {
    view.upscaleSampledAt = at;
    const rendered = this.ctx.probe.renderedSize();
    const display = this.ctx.probe.displaySize();
    view.upscaled =
      rendered !== undefined && display !== undefined && isUpscaled(rendered, display);
  }

  private heartbeat(view: View, at: number): void {
    const { probe } = this.ctx;
    const buffer = probe.bufferAhead();
    const size = probe.renderedSize();
    const frames = framesSince(view.framesAtStart, probe.frames());
    const latency = this.source.streamType === 'live' ? probe.liveLatency() : undefined;
    view.scope.event(EVENT_VIDEO_HEARTBEAT, at, {
      ...this.cmcd.latestValues(),
      'video.playhead.position': probe.position() ?? view.lastPosition,
      'video.watch_time': view.watchMs / 1000,
      'video.rebuffer.count': view.stallCount,
      'video.rebuffer.total_duration': view.rebufferMs / 1000,
      'video.buffer.length': buffer,
      'video.quality.bitrate': this.rendered?.bitrate,
      'video.quality.width': size?.width,
      'video.quality.height': size?.height,
      'video.frames.dropped': frames?.dropped,
      'video.live.latency': latency?.seconds,
      'video.live.latency_estimated': latency?.estimated,
    });
  }

  /**
   * Recovered errors flood (a flaky CDN retries every segment): identical ones within the dedup
   * window are counted, not sent; the next one sent carries how many were folded into it. Returns
   * the folded count to report, or undefined to send nothing now.
   */
  private suppressRecoveredError(view: View, at: number, error: PlayerError): number | undefined {
    const key = `${error.type}|${error.code ?? ''}`;
    const seen = view.errorsSeen.get(key);
    if (seen && at - seen.lastAt < this.options.errorDedupWindowMs) {
      seen.suppressed += 1;
      return undefined;
    }
    const minuteAgo = at - 60_000;
    view.recoveredErrorTimes = view.recoveredErrorTimes.filter((t) => t > minuteAgo);
    if (view.recoveredErrorTimes.length >= this.options.maxRecoveredErrorsPerMinute) {
      if (seen) seen.suppressed += 1;
      else view.errorsSeen.set(key, { lastAt: at, suppressed: 1 });
      return undefined;
    }
    view.recoveredErrorTimes.push(at);
    const folded = seen?.suppressed ?? 0;
    view.errorsSeen.set(key, { lastAt: at, suppressed: 0 });
    return folded;
  }

  /** Player startup, once: in the view, or outside any view (`sink`) for a player never played. */
  private reportReady(target: Pick<ViewSink, 'event'>): void {
    if (this.readyReported || this.readyAt === undefined) return;
    this.readyReported = true;
    const { player } = this.ctx;
    target.event(EVENT_VIDEO_PLAYER_READY, this.readyAt, {
      'video.player.startup_time': (this.readyAt - this.attachedAt) / 1000,
      'video.player.name': player.name,
      'video.player.version': player.version,
    });
  }
}

function sameRendition(a: Rendition, b: Rendition): boolean {
  return a.bitrate === b.bitrate && a.width === b.width && a.height === b.height;
}

function renditionAttributes(r: Rendition) {
  return {
    'video.quality.bitrate': r.bitrate,
    'video.quality.width': r.width,
    'video.quality.height': r.height,
  };
}

function positionAttribute(position: number | undefined) {
  return { 'video.playhead.position': position };
}

/** Seconds from `start` to `end`, or undefined when `end` never happened. */
function secondsBetween(start: number, end: number | undefined): number | undefined {
  return end === undefined ? undefined : (end - start) / 1000;
}

function isFiniteNumber(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

function framesSince(
  start: { dropped: number; total: number } | undefined,
  now: { dropped: number; total: number } | undefined,
): { dropped: number; total: number } | undefined {
  if (!now) return undefined;
  return {
    dropped: Math.max(0, now.dropped - (start?.dropped ?? 0)),
    total: Math.max(0, now.total - (start?.total ?? 0)),
  };
}
