// Browser side. Records what one <video> observably did — every frame handed to the compositor
// (requestVideoFrameCallback) and every element event with the element's state — plus player
// events and play requests fed in by the loader. This is the reference the SDK is judged
// against, so it only observes: it never touches playback.
import { MEDIA_EVENT_TYPES } from '../ground-truth/types.js';
import type {
  FrameRecord,
  GroundTruth,
  MediaEventRecord,
  MediaEventType,
  PlayerEventDetail,
  PlayerEventRecord,
  PlayerKind,
  PlayRequestRecord,
} from '../ground-truth/types.js';

export interface GroundTruthRecorder {
  /** Call immediately before asking the player to play. */
  markPlayRequested(): void;
  recordPlayerEvent(
    player: PlayerKind | 'harness',
    name: string,
    detail: PlayerEventDetail,
    fatal: boolean,
  ): void;
  firstFrame(): FrameRecord | undefined;
  lastFrame(): FrameRecord | undefined;
  frameCount(): number;
  /** The first fatal player event or element error, if any. */
  firstFatal(): PlayerEventRecord | MediaEventRecord | undefined;
  snapshot(): GroundTruth;
  stop(): void;
}

export function createGroundTruthRecorder(
  video: HTMLVideoElement,
  clock: () => number = () => performance.now(),
): GroundTruthRecorder {
  const playRequests: PlayRequestRecord[] = [];
  const frames: FrameRecord[] = [];
  const mediaEvents: MediaEventRecord[] = [];
  const playerEvents: PlayerEventRecord[] = [];
  let stopped = false;
  let firstFatal: PlayerEventRecord | MediaEventRecord | undefined;

  // Kept minimal: this runs once per frame and must not itself disturb playback.
  const onFrame = (now: number, metadata: VideoFrameCallbackMetadata): void => {
    if (stopped) return;
    frames.push({
      now,
      expectedDisplayTime: metadata.expectedDisplayTime,
      presentationTime: metadata.presentationTime,
      mediaTime: metadata.mediaTime,
      presentedFrames: metadata.presentedFrames,
      width: metadata.width,
      height: metadata.height,
    });
    frameHandle = video.requestVideoFrameCallback(onFrame);
  };
  let frameHandle = video.requestVideoFrameCallback(onFrame);

  const onMediaEvent = (event: Event): void => {
    const record: MediaEventRecord = {
      type: event.type as MediaEventType,
      t: clock(),
      currentTime: video.currentTime,
      readyState: video.readyState,
      paused: video.paused,
      seeking: video.seeking,
      playbackRate: video.playbackRate,
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      errorCode: video.error?.code ?? null,
    };
    mediaEvents.push(record);
    if (record.type === 'error') firstFatal ??= record;
  };
  for (const type of MEDIA_EVENT_TYPES) video.addEventListener(type, onMediaEvent);

  return {
    markPlayRequested: () => {
      playRequests.push({
        t: clock(),
        currentTime: video.currentTime,
        readyState: video.readyState,
        paused: video.paused,
      });
    },
    recordPlayerEvent: (player, name, detail, fatal) => {
      const record: PlayerEventRecord = { t: clock(), player, name, fatal, detail };
      playerEvents.push(record);
      if (fatal) firstFatal ??= record;
    },
    firstFrame: () => frames[0],
    lastFrame: () => frames[frames.length - 1],
    frameCount: () => frames.length,
    firstFatal: () => firstFatal,
    snapshot: () => ({
      timeOrigin: performance.timeOrigin,
      playRequests: [...playRequests],
      frames: [...frames],
      mediaEvents: [...mediaEvents],
      playerEvents: [...playerEvents],
    }),
    stop: () => {
      stopped = true;
      video.cancelVideoFrameCallback(frameHandle);
      for (const type of MEDIA_EVENT_TYPES) video.removeEventListener(type, onMediaEvent);
    },
  };
}
