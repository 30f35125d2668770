// The <video> a library player renders into, observed through observeMediaElement, plus what the
// player knows better than the element. Players manage their sources with MediaSource (the
// element's `currentSrc` is a blob: URL) and may present live streams with a finite duration, so
// the player's own URL, format and live/VOD verdict replace the element's.
import type { Clock } from '../clock.js';
import type { PlayerProbe } from '../view/probe.js';
import type { PlaybackSignal, SourceInfo } from '../view/signals.js';
import { observeMediaElement, type ElementObservation } from './media-element.js';

export interface PlayerSource {
  url?: string;
  format?: SourceInfo['format'];
  streamType?: 'vod' | 'live';
}

export class ElementSlot {
  private video: HTMLVideoElement | undefined;
  private observation: ElementObservation | undefined;
  private framesWanted = false;
  private known: PlayerSource = {};
  readonly probe: PlayerProbe;

  constructor(
    private readonly emit: (signal: PlaybackSignal) => void,
    private readonly clock: Clock,
    /** Seconds behind the live edge, from the player; undefined when it cannot tell. */
    liveLatency: () => number | undefined,
  ) {
    const current = (): PlayerProbe | undefined => this.observation?.probe;
    this.probe = {
      position: () => current()?.position(),
      bufferAhead: () => current()?.bufferAhead(),
      frames: () => current()?.frames(),
      renderedSize: () => current()?.renderedSize(),
      displaySize: () => current()?.displaySize(),
      liveLatency: () => {
        const seconds = liveLatency();
        return seconds !== undefined && Number.isFinite(seconds) && seconds >= 0
          ? { seconds, estimated: false }
          : undefined;
      },
      playbackRate: () => current()?.playbackRate?.() ?? 1,
      watchFrames: (wanted) => {
        this.framesWanted = wanted;
        current()?.watchFrames?.(wanted);
      },
    };
  }

  get element(): HTMLVideoElement | undefined {
    return this.video;
  }

  /** Observes `video` (again only if it is another element than the one observed). */
  observe(video: HTMLVideoElement | null | undefined): void {
    if (!video || video === this.video) return;
    this.observation?.dispose();
    this.video = video;
    this.observation = observeMediaElement(
      video,
      (signal) => this.emit(this.withPlayerSource(signal)),
      this.clock,
      // The player reports errors with its own codes, renditions from its own events, and source
      // changes from its own loads.
      { reportErrors: false, reportResize: false, reportSourceChanges: false },
    );
    if (this.framesWanted) this.observation.probe.watchFrames?.(true);
  }

  /** What the player says about its source; reported now and laid over the element's reports. */
  setSource(source: PlayerSource): void {
    this.known = { ...this.known, ...source };
    this.emit({ kind: 'source', at: this.clock.now(), source: this.withKnown({}) });
  }

  /** A new source (different URL) ends the view; the next play intent starts another. */
  changeSource(source: PlayerSource): void {
    this.known = { ...source };
    this.emit({ kind: 'source_change', at: this.clock.now(), source: { ...source } });
  }

  get source(): PlayerSource {
    return this.known;
  }

  dispose(): void {
    this.observation?.dispose();
    this.observation = undefined;
    this.video = undefined;
  }

  private withPlayerSource(signal: PlaybackSignal): PlaybackSignal {
    return signal.kind === 'source' ? { ...signal, source: this.withKnown(signal.source) } : signal;
  }

  private withKnown(source: SourceInfo): SourceInfo {
    const merged: SourceInfo = { ...source };
    // The element's URL is the MediaSource blob: never the content's.
    delete merged.url;
    delete merged.format;
    if (this.known.url !== undefined) merged.url = this.known.url;
    if (this.known.format !== undefined) merged.format = this.known.format;
    if (this.known.streamType !== undefined) merged.streamType = this.known.streamType;
    if (this.known.streamType === 'live') merged.duration = Infinity;
    return merged;
  }
}
