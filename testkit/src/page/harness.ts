// Entry of the page bundle: installs window.openqoeHarness, through which Node loads one player,
// starts playback, polls conditions and reads the recorded ground truth.
import { PLAYER_KINDS } from '../ground-truth/types.js';
import type { GroundTruth } from '../ground-truth/types.js';
import { PLAYER_LOADERS } from './players/index.js';
import type { LoadedPlayer } from './players/types.js';
import { HARNESS_GLOBAL, HARNESS_STAGE_ID } from './protocol.js';
import type { HarnessApi, HarnessCondition, HarnessStatus, LoadRequest } from './protocol.js';
import { createGroundTruthRecorder } from './recorder.js';
import type { GroundTruthRecorder } from './recorder.js';

let recorder: GroundTruthRecorder | undefined;
let loaded: LoadedPlayer | undefined;

const harness: HarnessApi = {
  player: null,
  video: null,

  async load(request: LoadRequest) {
    if (recorder !== undefined) throw new Error('a player is already loaded; open a new page');
    if (!PLAYER_KINDS.includes(request.player)) {
      throw new Error(`unknown player "${String(request.player)}"`);
    }
    const stage = document.getElementById(HARNESS_STAGE_ID);
    if (stage === null) throw new Error(`the harness page has no #${HARNESS_STAGE_ID}`);
    const video = document.createElement('video');
    video.playsInline = true;
    video.muted = request.muted ?? false;
    stage.append(video);
    // The recorder is attached before any player sees the element, so it misses no event.
    const active = createGroundTruthRecorder(video);
    recorder = active;
    harness.video = video;
    loaded = await PLAYER_LOADERS[request.player]({
      video,
      request,
      record: (name, detail, fatal) =>
        active.recordPlayerEvent(request.player, name, detail, fatal),
    });
    harness.player = loaded.instance;
    return { player: request.player, version: loaded.version };
  },

  play() {
    if (recorder === undefined || loaded === undefined) throw new Error('load() a player first');
    const active = recorder;
    active.markPlayRequested();
    loaded.play().catch((error: unknown) => {
      // Usually benign (an AbortError when a later load or pause interrupts); the element or the
      // player reports real failures itself.
      const { name, message } = error instanceof Error ? error : { name: 'unknown', message: '' };
      active.recordPlayerEvent('harness', 'playRejected', { name, message }, false);
    });
  },

  check(condition: HarnessCondition): HarnessStatus {
    const video = harness.video;
    if (recorder === undefined || video === null) throw new Error('load() a player first');
    const first = recorder.firstFrame();
    const last = recorder.lastFrame();
    const status: HarnessStatus = {
      met: false,
      fatal: recorder.firstFatal() ?? null,
      readyState: video.readyState,
      currentTime: video.currentTime,
      firstFrameMediaTime: first?.mediaTime ?? null,
      lastFrameMediaTime: last?.mediaTime ?? null,
      frames: recorder.frameCount(),
      ended: video.ended,
      paused: video.paused,
    };
    switch (condition.kind) {
      case 'metadata':
        status.met = video.readyState >= HTMLMediaElement.HAVE_METADATA;
        break;
      case 'mediaTime':
        status.met = last !== undefined && last.mediaTime >= condition.seconds;
        break;
      case 'mediaProgress':
        status.met =
          first !== undefined &&
          last !== undefined &&
          last.mediaTime - first.mediaTime >= condition.seconds;
        break;
      case 'ended':
        status.met = video.ended;
        break;
      case 'fatalError':
        status.met = status.fatal !== null;
        break;
    }
    return status;
  },

  snapshot(): GroundTruth {
    if (recorder === undefined) throw new Error('load() a player first');
    return recorder.snapshot();
  },
};

(window as unknown as Record<string, unknown>)[HARNESS_GLOBAL] = harness;
