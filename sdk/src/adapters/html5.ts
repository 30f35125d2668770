// Adapter for a plain <video> element, including the browser's native HLS playback.
import type { PlayerProbe } from '../view/probe.js';
import type { AdapterContext, PlayerAdapter } from './adapter.js';
import { observeMediaElement, type ElementObservation } from './media-element.js';

export class Html5Adapter implements PlayerAdapter {
  readonly playerName = 'html5' as const;
  private observation: ElementObservation | undefined;

  constructor(private readonly video: HTMLVideoElement) {}

  attach(context: AdapterContext): PlayerProbe {
    this.observation = observeMediaElement(this.video, context.emit, context.clock, {
      reportErrors: true,
      reportResize: true,
      reportSourceChanges: true,
    });
    return this.observation.probe;
  }

  detach(): void {
    this.observation?.dispose();
    this.observation = undefined;
  }
}

export function html5Adapter(video: HTMLVideoElement): PlayerAdapter {
  return new Html5Adapter(video);
}
