// Video.js with its bundled VHS engine. VHS is forced over Chromium's native HLS so the engine
// under test is the one most Video.js sites ship; every Video.js `error` stops playback (fatal).
import { loadScript, loadStylesheet, requireGlobal } from '../load-script.js';
import type { VideojsGlobal } from '../player-globals.js';
import { LIBRARY_PATHS } from '../protocol.js';
import { mergeConfig } from '../values.js';
import type { PlayerLoader } from './types.js';

export const loadVideojs: PlayerLoader = async ({ video, request, record }) => {
  await loadStylesheet(LIBRARY_PATHS.videojsCss);
  await loadScript(LIBRARY_PATHS.videojs);
  const videojs = requireGlobal<VideojsGlobal>('videojs');
  if (videojs.Vhs !== undefined) {
    // VHS reads its forward-buffer goal from globals, not from player options.
    videojs.Vhs.GOAL_BUFFER_LENGTH = request.bufferSeconds;
    videojs.Vhs.MAX_GOAL_BUFFER_LENGTH = request.bufferSeconds;
  }
  video.classList.add('video-js');
  const player = videojs(
    video,
    mergeConfig(
      {
        controls: false,
        preload: 'auto',
        html5: {
          vhs: { overrideNative: true },
          nativeAudioTracks: false,
          nativeVideoTracks: false,
        },
      },
      request.playerConfig,
    ),
  );
  await new Promise<void>((resolve) => player.ready(resolve));
  const tech = player.tech({ IWillNotUseThisInPlugins: true });
  // The recorder listens on `video`; Video.js must have adopted that element, not replaced it.
  if (tech.el() !== video) throw new Error('Video.js replaced the <video> element');

  player.on('error', () => {
    const error = player.error();
    record('error', { code: error?.code ?? null, message: error?.message ?? null }, true);
  });
  player.one('loadedmetadata', () => {
    // Proves which engine played: VHS (MSE) rather than the browser's native HLS.
    record('loadedmetadata', { usingVhs: tech.vhs !== undefined }, false);
  });
  const levels = player.qualityLevels?.();
  levels?.on('change', () => {
    const level = levels[levels.selectedIndex];
    record(
      'qualityLevelChange',
      {
        selectedIndex: levels.selectedIndex,
        width: level?.width ?? null,
        height: level?.height ?? null,
        bitrate: level?.bitrate ?? null,
      },
      false,
    );
  });
  player.src({ src: request.src, type: mimeTypeOf(request.src) });
  return {
    instance: player,
    version: videojs.VERSION,
    play: async () => {
      await player.play();
    },
  };
};

function mimeTypeOf(url: string): string {
  const path = new URL(url, location.href).pathname;
  if (path.endsWith('.m3u8')) return 'application/x-mpegURL';
  if (path.endsWith('.mpd')) return 'application/dash+xml';
  return 'video/mp4';
}
