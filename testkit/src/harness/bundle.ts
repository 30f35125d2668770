// Bundles the page-side code (src/page/harness.ts and what it imports) into one classic script.
// Built on first use and kept in memory: about 100 ms once per process, and the served script is
// always the current source, never a stale build artefact.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../page/harness.ts', import.meta.url));

let script: Promise<string> | undefined;

export function harnessScript(): Promise<string> {
  script ??= bundle().catch((error: unknown) => {
    // Let the next request retry (e.g. after the source is fixed in watch mode).
    script = undefined;
    throw error;
  });
  return script;
}

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Debian's Chromium is recent; no need to down-level anything.
    target: 'chrome120',
    write: false,
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no harness script');
  return output.text;
}
