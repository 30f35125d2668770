// Builds the media fixtures once and caches them under <repo>/.cache/media/<hash>/. The directory
// appears only by an atomic rename of a finished temporary directory, so its existence means it
// is complete: a crash or Ctrl-C mid-encode leaves at most a stray temporary directory.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findRepoRoot } from '../repo-root.js';
import { planFfmpegSteps } from './ffmpeg-plan.js';
import {
  DASH_DIR,
  DESCRIPTION_FILE,
  MEZZANINE_FILE,
  describeFixtures,
  hlsVariantDir,
} from './layout.js';
import type { MediaFixtures } from './layout.js';
import { runProcess } from './process.js';
import { DEFAULT_MEDIA_RECIPE, validateRecipe } from './recipe.js';
import type { MediaRecipe } from './recipe.js';

/** Bump when the layout or anything else outside the recipe and commands changes the output. */
const LAYOUT_VERSION = 1;
/** Temporary build directories older than this are leftovers of a killed run. */
const STALE_BUILD_MS = 60 * 60 * 1000;
const TEMP_PREFIX = '.tmp-';

export interface EnsureMediaFixturesOptions {
  recipe?: MediaRecipe;
  /** Parent of the per-hash directories; default `<repo root>/.cache/media`. */
  cacheDir?: string;
  /** Default: $FFMPEG_PATH, else `ffmpeg` on PATH. Only needed when the cache misses. */
  ffmpegPath?: string;
}

// Concurrent callers in one process share one build instead of racing two encodes.
const builds = new Map<string, Promise<void>>();

export function mediaRecipeHash(recipe: MediaRecipe): string {
  const material = stableStringify({
    layoutVersion: LAYOUT_VERSION,
    recipe,
    steps: planFfmpegSteps(recipe),
  });
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}

export async function ensureMediaFixtures(
  options: EnsureMediaFixturesOptions = {},
): Promise<MediaFixtures> {
  const recipe = options.recipe ?? DEFAULT_MEDIA_RECIPE;
  validateRecipe(recipe);
  const cacheDir = options.cacheDir ?? join(findRepoRoot(), '.cache', 'media');
  const hash = mediaRecipeHash(recipe);
  const dir = join(cacheDir, hash);
  if (isComplete(dir)) return describeFixtures(recipe, hash, dir, true);

  let build = builds.get(dir);
  if (build === undefined) {
    const ffmpeg = options.ffmpegPath ?? process.env['FFMPEG_PATH'] ?? 'ffmpeg';
    build = buildFixtures(recipe, hash, cacheDir, dir, ffmpeg).finally(() => builds.delete(dir));
    builds.set(dir, build);
  }
  await build;
  return describeFixtures(recipe, hash, dir, false);
}

function isComplete(dir: string): boolean {
  return existsSync(join(dir, DESCRIPTION_FILE));
}

async function buildFixtures(
  recipe: MediaRecipe,
  hash: string,
  cacheDir: string,
  dir: string,
  ffmpeg: string,
): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  await removeStaleBuilds(cacheDir);
  const temp = await mkdtemp(join(cacheDir, `${TEMP_PREFIX}${hash}-`));
  try {
    for (const rendition of recipe.renditions) {
      await mkdir(join(temp, hlsVariantDir(rendition.id)), { recursive: true });
    }
    await mkdir(join(temp, DASH_DIR), { recursive: true });
    for (const step of planFfmpegSteps(recipe)) {
      await runProcess(ffmpeg, step.args, { cwd: temp, step: step.name });
    }
    await rm(join(temp, MEZZANINE_FILE));
    const description = describeFixtures(recipe, hash, '.', false);
    const { dir: _dir, fromCache: _fromCache, ...portable } = description;
    await writeFile(join(temp, DESCRIPTION_FILE), `${JSON.stringify(portable, null, 2)}\n`);
    // mkdtemp makes the directory private; the fixture is for anyone on the machine to read.
    await chmod(temp, 0o755);
    try {
      await rename(temp, dir);
    } catch (error) {
      // Another process finished the same recipe first; its result is as good as ours.
      if (!isComplete(dir)) throw error;
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function removeStaleBuilds(cacheDir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(cacheDir)) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const path = join(cacheDir, name);
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined && now - info.mtimeMs > STALE_BUILD_MS) {
      await rm(path, { recursive: true, force: true });
    }
  }
}

/** JSON with object keys sorted, so equal recipes hash equally whatever their key order. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
