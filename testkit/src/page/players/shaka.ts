// Shaka Player. `error` events carry a severity (2 = critical, playback stopped); a failed
// load() rejects instead of dispatching, so it is recorded separately and always fatal.
import { loadScript, requireGlobal } from '../load-script.js';
import type { ShakaGlobal } from '../player-globals.js';
import { LIBRARY_PATHS } from '../protocol.js';
import { mergeConfig, pickDetail } from '../values.js';
import type { PlayerLoader } from './types.js';

const CRITICAL = 2;
const TRACK_PATHS = {
  bandwidth: 'newTrack.bandwidth',
  width: 'newTrack.width',
  height: 'newTrack.height',
  id: 'newTrack.id',
};

export const loadShaka: PlayerLoader = async ({ video, request, record }) => {
  await loadScript(LIBRARY_PATHS.shaka);
  const shaka = requireGlobal<ShakaGlobal>('shaka');
  shaka.polyfill.installAll();
  if (!shaka.Player.isBrowserSupported()) throw new Error('Shaka reports this browser unsupported');
  const player = new shaka.Player();
  await player.attach(video);
  player.configure(
    mergeConfig(
      {
        streaming: {
          bufferingGoal: request.bufferSeconds,
          rebufferingGoal: Math.min(2, request.bufferSeconds),
        },
      },
      request.playerConfig,
    ),
  );
  player.addEventListener('error', (event) => {
    const detail = pickDetail(event, {
      code: 'detail.code',
      category: 'detail.category',
      severity: 'detail.severity',
    });
    record('error', detail, detail['severity'] === CRITICAL);
  });
  for (const name of ['adaptation', 'variantchanged']) {
    player.addEventListener(name, (event) => record(name, pickDetail(event, TRACK_PATHS), false));
  }
  player.addEventListener('mediaqualitychanged', (event) => {
    record(
      'mediaqualitychanged',
      pickDetail(event, {
        contentType: 'mediaQuality.contentType',
        bandwidth: 'mediaQuality.bandwidth',
        width: 'mediaQuality.width',
        height: 'mediaQuality.height',
        position: 'position',
      }),
      false,
    );
  });
  player.addEventListener('buffering', (event) => {
    record('buffering', pickDetail(event, { buffering: 'buffering' }), false);
  });
  // Not awaited: load() resolves only after the first segments are in, and every player kind
  // should return at the same point (source handed over) so startup figures are comparable.
  player.load(request.src).catch((error: unknown) => {
    record(
      'loadFailed',
      pickDetail(error, { code: 'code', category: 'category', severity: 'severity' }),
      true,
    );
  });
  return { instance: player, version: shaka.Player.version, play: () => video.play() };
};
