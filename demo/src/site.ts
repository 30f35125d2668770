// Assembles the demo site in one directory: the page (public/), the SDK bundle and its adapter
// add-ons, the players' browser builds from node_modules, and the test media made by the test
// kit's ffmpeg recipe. Used by the dev server (`npm run demo`) and by demo/Dockerfile.
import { cpSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMediaFixtures } from '@openqoe/testkit';
import {
  ADAPTER_ADDONS,
  bundleAdapterAddon,
  bundleIife,
  type AdapterName,
} from '../../sdk/scripts/bundle.js';

const require = createRequire(import.meta.url);
export const DEMO_ROOT = fileURLToPath(new URL('..', import.meta.url));

// The players' browser builds, resolved through each package's own entry points.
const PLAYER_FILES = [
  'hls.js/dist/hls.min.js',
  'dashjs',
  'shaka-player/dist/shaka-player.compiled.js',
  'video.js/dist/video.min.js',
  'video.js/dist/video-js.min.css',
];

/** Player library file names in lib/ (dash.js resolves to its UMD build, dash.all.min.js). */
export function playerLibraryFiles(): string[] {
  return PLAYER_FILES.map((specifier) => require.resolve(specifier));
}

export interface BuiltSite {
  dir: string;
  /** False when the media fixtures had to be encoded now. */
  mediaFromCache: boolean;
}

/** Writes the whole site into `dir` (created if missing). */
export async function buildSite(dir: string): Promise<BuiltSite> {
  mkdirSync(join(dir, 'sdk'), { recursive: true });
  mkdirSync(join(dir, 'lib'), { recursive: true });
  cpSync(join(DEMO_ROOT, 'public'), dir, { recursive: true });
  await bundleIife(join(dir, 'sdk', 'openqoe.min.js'), true);
  for (const adapter of Object.keys(ADAPTER_ADDONS) as AdapterName[]) {
    await bundleAdapterAddon(adapter, join(dir, 'sdk', `openqoe-${adapter}.min.js`), true);
  }
  for (const file of playerLibraryFiles()) cpSync(file, join(dir, 'lib', basename(file)));
  const fixtures = await ensureMediaFixtures();
  cpSync(fixtures.dir, join(dir, 'media'), { recursive: true });
  return { dir, mediaFromCache: fixtures.fromCache };
}

// `npx tsx demo/src/site.ts <dir>`: build the site only (demo/Dockerfile's build stage).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: npx tsx demo/src/site.ts <output directory>');
    process.exit(2);
  }
  const built = await buildSite(target);
  console.log(`demo site written to ${built.dir}`);
}
