// The player libraries' browser builds inside node_modules, found through Node's resolver so a
// workspace-local install (testkit/node_modules) wins over the hoisted one just as for imports.
import { createRequire } from 'node:module';
import { LIBRARY_PATHS } from '../page/protocol.js';
import type { LibraryName } from '../page/protocol.js';

const require = createRequire(import.meta.url);

// Specifiers chosen to pass each package's "exports" map: dash.js exposes only its entry points
// (whose CommonJS entry is the UMD build we want), the others expose dist/ files.
const SPECIFIERS: Readonly<Record<LibraryName, string>> = {
  hlsjs: 'hls.js/dist/hls.min.js',
  dashjs: 'dashjs',
  shaka: 'shaka-player/dist/shaka-player.compiled.js',
  videojs: 'video.js/dist/video.min.js',
  videojsCss: 'video.js/dist/video-js.min.css',
};

/** URL path → absolute file path, for every library the harness can load. */
export function libraryFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of Object.keys(LIBRARY_PATHS) as LibraryName[]) {
    files.set(LIBRARY_PATHS[name], require.resolve(SPECIFIERS[name]));
  }
  return files;
}
