// Player kind → loader.
import type { PlayerKind } from '../../ground-truth/types.js';
import { loadDashjs } from './dashjs.js';
import { loadHlsjs } from './hlsjs.js';
import { loadHtml5 } from './html5.js';
import { loadShaka } from './shaka.js';
import type { PlayerLoader } from './types.js';
import { loadVideojs } from './videojs.js';

export const PLAYER_LOADERS: Readonly<Record<PlayerKind, PlayerLoader>> = {
  html5: loadHtml5,
  hlsjs: loadHlsjs,
  dashjs: loadDashjs,
  shaka: loadShaka,
  videojs: loadVideojs,
};
