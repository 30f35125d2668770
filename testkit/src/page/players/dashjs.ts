// dash.js. Every `error` event it emits is one it gave up on (retries are internal), so all are
// fatal; qualityChangeRendered is the rendition actually playing.
import { loadScript, requireGlobal } from '../load-script.js';
import type { DashGlobal } from '../player-globals.js';
import { LIBRARY_PATHS } from '../protocol.js';
import { mergeConfig, pickDetail } from '../values.js';
import type { PlayerLoader } from './types.js';

/** dash.js Debug.LOG_LEVEL_ERROR: keep its console quiet except for real problems. */
const LOG_LEVEL_ERROR = 2;

export const loadDashjs: PlayerLoader = async ({ video, request, record }) => {
  await loadScript(LIBRARY_PATHS.dashjs);
  const dashjs = requireGlobal<DashGlobal>('dashjs');
  const player = dashjs.MediaPlayer().create();
  const seconds = request.bufferSeconds;
  player.updateSettings(
    mergeConfig(
      {
        debug: { logLevel: LOG_LEVEL_ERROR },
        streaming: {
          buffer: {
            bufferTimeAtTopQuality: seconds,
            bufferTimeAtTopQualityLongForm: seconds,
            bufferTimeDefault: seconds,
          },
        },
      },
      request.playerConfig,
    ),
  );
  const events = dashjs.MediaPlayer.events;
  player.on(events.STREAM_INITIALIZED, () => record(events.STREAM_INITIALIZED, {}, false));
  player.on(events.QUALITY_CHANGE_RENDERED, (event) => {
    record(
      events.QUALITY_CHANGE_RENDERED,
      pickDetail(event, {
        mediaType: 'mediaType',
        representationId: 'newRepresentation.id',
        bandwidth: 'newRepresentation.bandwidth',
        width: 'newRepresentation.width',
        height: 'newRepresentation.height',
      }),
      false,
    );
  });
  player.on(events.ERROR, (event) => {
    record(events.ERROR, pickDetail(event, { code: 'error.code', message: 'error.message' }), true);
  });
  player.on(events.PLAYBACK_ERROR, (event) => {
    record(
      events.PLAYBACK_ERROR,
      pickDetail(event, { code: 'error.code', message: 'error.message' }),
      true,
    );
  });
  player.initialize(video, request.src, false);
  return { instance: player, version: player.getVersion(), play: () => video.play() };
};
