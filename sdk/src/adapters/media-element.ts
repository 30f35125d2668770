// Observes an HTMLMediaElement and translates what it does into playback signals. Every player
// renders into a <video>, so every adapter uses this for the element-level truth (frames, playhead,
// waiting, seeks, pause, end) and adds what only its player knows (renditions, error codes).
import type { Clock } from '../clock.js';
import type { PlayerProbe } from '../view/probe.js';
import type { PlaybackSignal, SourceInfo } from '../view/signals.js';
import { MEDIA_ERROR_TYPES } from './media-error.js';

export interface MediaElementOptions {
  /** Report MediaError events (false when the player reports errors with better detail). */
  reportErrors: boolean;
  /** Report rendition changes from the element's intrinsic size (true for plain <video>). */
  reportResize: boolean;
  /** Report source changes from currentSrc (false when the player manages sources itself). */
  reportSourceChanges: boolean;
}

export interface ElementObservation {
  probe: PlayerProbe;
  dispose(): void;
}

/** HTMLMediaElement.HAVE_CURRENT_DATA (a constant, not read from the global: tests run without DOM). */
const HAVE_CURRENT_DATA = 2;

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (
    callback: (now: number, metadata: { mediaTime: number }) => void,
  ) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

export function formatOf(url: string): SourceInfo['format'] {
  const path = url.split(/[?#]/, 1)[0]?.toLowerCase() ?? '';
  if (path.endsWith('.m3u8')) return 'hls';
  if (path.endsWith('.mpd')) return 'dash';
  if (path.endsWith('.mp4') || path.endsWith('.m4v')) return 'mp4';
  if (path.endsWith('.webm')) return 'webm';
  return 'other';
}

/** Seconds buffered ahead of `time` in the range that contains it. */
export function bufferedAhead(buffered: TimeRanges, time: number): number {
  for (let i = 0; i < buffered.length; i += 1) {
    if (buffered.start(i) <= time + 0.05 && time <= buffered.end(i)) return buffered.end(i) - time;
  }
  return 0;
}

export function observeMediaElement(
  video: HTMLVideoElement,
  emit: (signal: PlaybackSignal) => void,
  clock: Clock,
  options: MediaElementOptions,
): ElementObservation {
  const element = video as FrameCallbackVideo;
  const listeners: [string, EventListener][] = [];
  let frameHandle: number | undefined;
  let disposed = false;
  let lastPosition = element.currentTime;
  let currentSource = element.currentSrc || element.src;
  let playedBefore = false;
  const on = (type: string, listener: () => void): void => {
    element.addEventListener(type, listener);
    listeners.push([type, listener]);
  };

  // Frames, while the tracker watches them (see PlayerProbe.watchFrames). A callback runs for every
  // presented frame, so it does the least it can: it records the frame in plain fields and
  // re-registers. A frame is signalled at once only where its exact time matters: the frames
  // around a gap in the picture (startup, stall, seek) and those soon after watching starts or a
  // seek completes. Otherwise it is held, and the tracker's next check (watchFrames(true))
  // receives the latest one; it checks before it decides anything, so the last frame before a gap
  // is always known exactly, and a video-only freeze is seen from the frames alone.
  let framesWanted = false;
  /** rVFC `now` of the latest frame (the rendering step's time, performance.now() base). */
  let frameNow = -Infinity;
  let framePosition = 0;
  /** The latest frame has not been signalled yet. */
  let frameHeld = false;
  /** Frames presented before this rVFC time are signalled at once; Infinity: from the next one. */
  let signalUntil = Infinity;
  /** `held`: signalled late, after frames that were not signalled (see the `frame` signal). */
  const signalFrame = (held: boolean): void => {
    frameHeld = false;
    // The callback can run tens of milliseconds after the frame's rendering step when the main
    // thread is busy (a player appending media), and a held frame is signalled later still: date
    // the frame by the step's own timestamp (performance.now()'s base, never ahead of it).
    emit({
      kind: 'frame',
      at: clock.now() - performance.now() + frameNow,
      position: framePosition,
      held,
    });
  };
  const onFrame = (now: number, metadata: { mediaTime: number }): void => {
    if (!framesWanted) {
      frameHandle = undefined;
      return;
    }
    frameHandle = element.requestVideoFrameCallback?.(onFrame);
    // A frame over 100 ms after the previous one ends a gap in the picture (or watching begins):
    // it, and those of the next 500 ms, are signalled at once.
    const opens = now - frameNow > 100 || signalUntil === Infinity;
    const signalNow = opens || now < signalUntil;
    // The frame before, first, so that frames signalled as they come are consecutive: the last
    // frame before a gap is the one a stall is dated from.
    if (signalNow && frameHeld) signalFrame(false);
    frameNow = now;
    framePosition = metadata.mediaTime;
    if (opens) signalUntil = now + 500;
    if (signalNow) signalFrame(false);
    else frameHeld = true;
  };
  const watchFrames = (wanted: boolean): void => {
    framesWanted = wanted && !disposed;
    if (framesWanted && frameHandle === undefined) {
      signalUntil = Infinity;
      frameHeld = false;
      frameHandle = element.requestVideoFrameCallback?.(onFrame);
    } else if (framesWanted && frameHeld) {
      signalFrame(true);
    } else if (!framesWanted && frameHandle !== undefined) {
      element.cancelVideoFrameCallback?.(frameHandle);
      frameHandle = undefined;
    }
  };

  const source = (): SourceInfo => {
    const duration = element.duration;
    const url = element.currentSrc;
    return {
      ...(url ? { url, format: formatOf(url) } : {}),
      ...(Number.isNaN(duration)
        ? {}
        : { duration, streamType: duration === Infinity ? ('live' as const) : ('vod' as const) }),
    };
  };

  on('play', () => {
    // The first play of an element with the autoplay attribute is the browser's, not the viewer's.
    const autoplay = !playedBefore && element.autoplay;
    playedBefore = true;
    emit({ kind: 'play_requested', at: clock.now(), autoplay });
  });
  on('timeupdate', () => {
    lastPosition = element.currentTime;
    // While frames flow they carry the playhead, and the tracker takes progress from them alone:
    // a sample signalled too would be work for nothing, four times a second.
    if (framesWanted && performance.now() - frameNow < 1000) return;
    emit({ kind: 'progress', at: clock.now(), position: lastPosition });
  });
  on('waiting', () => {
    emit({
      kind: 'waiting',
      at: clock.now(),
      position: element.currentTime,
      bufferAhead: bufferedAhead(element.buffered, element.currentTime),
    });
  });
  on('pause', () => {
    // At the end the element pauses itself just before `ended`: that is not the viewer's pause.
    if (element.ended) return;
    emit({ kind: 'pause', at: clock.now(), position: element.currentTime });
  });
  on('seeking', () => {
    emit({ kind: 'seeking', at: clock.now(), from: lastPosition, to: element.currentTime });
    lastPosition = element.currentTime;
  });
  on('seeked', () => {
    // The seek ends at the first frame past the target after this: maybe within 100 ms of the
    // last one, where the frames came from the buffer.
    signalUntil = Infinity;
    emit({ kind: 'seeked', at: clock.now(), position: element.currentTime });
  });
  on('ended', () => emit({ kind: 'ended', at: clock.now(), position: element.currentTime }));
  on('loadedmetadata', () => {
    emit({ kind: 'source', at: clock.now(), source: source() });
    emit({ kind: 'ready', at: clock.now() });
  });
  on('durationchange', () => emit({ kind: 'source', at: clock.now(), source: source() }));
  if (options.reportResize) {
    on('resize', () => {
      if (element.videoWidth > 0) {
        emit({
          kind: 'rendition_rendered',
          at: clock.now(),
          rendition: { width: element.videoWidth, height: element.videoHeight },
        });
      }
    });
  }
  if (options.reportSourceChanges) {
    // `emptied` fires synchronously when a new source is assigned — before a play() made right
    // after it — and `src` already holds the new URL then; `loadstart` catches <source> children,
    // whose URL is known only once selected. A reload of the same content keeps the view (S14).
    const checkSource = (next: string): void => {
      if (next && currentSource && next !== currentSource) {
        emit({
          kind: 'source_change',
          at: clock.now(),
          source: { url: next, format: formatOf(next) },
        });
        playedBefore = false;
      }
      if (next) currentSource = next;
    };
    on('emptied', () => checkSource(element.src || element.currentSrc));
    on('loadstart', () => checkSource(element.currentSrc));
  }
  const reportError = (): void => {
    const error = element.error;
    emit({
      kind: 'error',
      at: clock.now(),
      position: element.currentTime,
      error: {
        type: (error && MEDIA_ERROR_TYPES[error.code]) ?? 'other',
        ...(error ? { code: String(error.code) } : {}),
        ...(error?.message ? { message: error.message } : {}),
        fatal: true,
      },
    });
  };
  if (options.reportErrors) {
    on('error', reportError);
    // The source failed before the SDK was attached: report it now rather than never.
    if (element.error) reportError();
  }
  // Attached after metadata already loaded: the element is ready now.
  if (element.readyState >= 1) {
    emit({ kind: 'source', at: clock.now(), source: source() });
    emit({ kind: 'ready', at: clock.now() });
  }
  // Attached while already playing (e.g. autoplay started before the SDK loaded).
  if (!element.paused && !element.ended) {
    playedBefore = true;
    emit({ kind: 'play_requested', at: clock.now(), autoplay: element.autoplay });
  }

  // The element's on-screen size, kept current by a ResizeObserver: reading clientWidth forces a
  // layout when the page has changed since the last frame, which is costly on busy pages.
  let cssSize: { width: number; height: number } | undefined;
  const sizeObserver =
    typeof ResizeObserver === 'function'
      ? new ResizeObserver((entries) => {
          const box = entries[entries.length - 1]?.contentRect;
          if (box) cssSize = { width: box.width, height: box.height };
        })
      : undefined;
  sizeObserver?.observe(element);
  const displayCssSize = (): { width: number; height: number } =>
    cssSize ?? { width: element.clientWidth, height: element.clientHeight };

  const probe: PlayerProbe = {
    position: () => element.currentTime,
    bufferAhead: () => bufferedAhead(element.buffered, element.currentTime),
    frames: () => {
      if (typeof element.getVideoPlaybackQuality !== 'function') return undefined;
      const quality = element.getVideoPlaybackQuality();
      return { dropped: quality.droppedVideoFrames, total: quality.totalVideoFrames };
    },
    // A size is known from the metadata, but nothing is rendered before the first frame is
    // decoded (HAVE_CURRENT_DATA); the tracker relies on this to know whether a still is on screen.
    renderedSize: () =>
      element.videoWidth > 0 && element.readyState >= HAVE_CURRENT_DATA
        ? { width: element.videoWidth, height: element.videoHeight }
        : undefined,
    displaySize: () => {
      const ratio = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
      const css = displayCssSize();
      const width = Math.round(css.width * ratio);
      const height = Math.round(css.height * ratio);
      return width > 0 && height > 0 ? { width, height } : undefined;
    },
    liveLatency: () => undefined,
    playbackRate: () => element.playbackRate,
    watchFrames,
  };

  return {
    probe,
    dispose() {
      disposed = true;
      watchFrames(false);
      sizeObserver?.disconnect();
      for (const [type, listener] of listeners) element.removeEventListener(type, listener);
    },
  };
}
