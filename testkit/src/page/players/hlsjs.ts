// hls.js on MSE. FRAG_CHANGED is the rendition actually playing (LEVEL_SWITCHED is only the
// request side); ERROR carries `fatal`, the player's own verdict.
import { loadScript, requireGlobal } from '../load-script.js';
import type { HlsGlobal } from '../player-globals.js';
import { LIBRARY_PATHS } from '../protocol.js';
import { mergeConfig, pickDetail } from '../values.js';
import type { PlayerLoader } from './types.js';

export const loadHlsjs: PlayerLoader = async ({ video, request, record }) => {
  await loadScript(LIBRARY_PATHS.hlsjs);
  const Hls = requireGlobal<HlsGlobal>('Hls');
  // Chromium also plays HLS natively now; the harness always uses hls.js's MSE path on purpose.
  if (!Hls.isSupported()) throw new Error('hls.js reports MSE playback unsupported');
  const config = mergeConfig(
    {
      // A small forward buffer, or the player fetches the whole clip and can never stall.
      maxBufferLength: request.bufferSeconds,
      maxMaxBufferLength: request.bufferSeconds,
    },
    request.playerConfig,
  );
  const hls = new Hls(config);
  const { Events } = Hls;
  hls.on(Events.MANIFEST_PARSED, (name, data) => {
    record(name, pickDetail(data, { levels: 'levels.length' }), false);
  });
  hls.on(Events.LEVEL_SWITCHED, (name, data) => {
    record(name, pickDetail(data, { level: 'level' }), false);
  });
  hls.on(Events.FRAG_CHANGED, (name, data) => {
    const detail = pickDetail(data, {
      sn: 'frag.sn',
      level: 'frag.level',
      start: 'frag.start',
      duration: 'frag.duration',
      url: 'frag.url',
    });
    const level = typeof detail['level'] === 'number' ? hls.levels[detail['level']] : undefined;
    record(
      name,
      {
        ...detail,
        width: level?.width ?? null,
        height: level?.height ?? null,
        bitrate: level?.bitrate ?? null,
      },
      false,
    );
  });
  hls.on(Events.ERROR, (name, data) => {
    const detail = pickDetail(data, {
      type: 'type',
      details: 'details',
      fatal: 'fatal',
      responseCode: 'response.code',
      url: 'url',
      fragUrl: 'frag.url',
    });
    record(name, detail, detail['fatal'] === true);
  });
  hls.attachMedia(video);
  hls.loadSource(request.src);
  return { instance: hls, version: Hls.version, play: () => video.play() };
};
