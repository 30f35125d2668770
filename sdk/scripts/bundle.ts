// Builds the browser bundle with esbuild: dist/openqoe.min.js, an IIFE exposing `OpenQoE` on
// window (for <script> tags and the browser tests), from the same sources as the ESM package.
// Target: Chromium 79-era engines (smart TVs, S14) — esbuild lowers newer syntax.
import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const BROWSER_TARGET = ['chrome79', 'firefox78', 'safari15'];
export const SDK_ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function bundleIife(outfile: string, minify = true): Promise<Metafile> {
  const result = await build({
    entryPoints: [`${SDK_ROOT}/src/browser-global.ts`],
    outfile,
    bundle: true,
    format: 'iife',
    minify,
    sourcemap: true,
    metafile: true,
    target: BROWSER_TARGET,
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
  });
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundleIife(`${SDK_ROOT}/dist/openqoe.min.js`, true);
  await bundleIife(`${SDK_ROOT}/dist/openqoe.js`, false);
}
