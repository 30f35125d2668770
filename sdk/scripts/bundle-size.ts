// Measures what the SDK costs a page in bytes: minified and minified + gzip (level 9) sizes of
// esbuild bundles, for the budget test and the bundle-size benchmark.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { BROWSER_TARGET, SDK_ROOT } from './bundle.js';

export interface BundleSize {
  minBytes: number;
  gzipBytes: number;
}

export interface BundleVariant {
  name: string;
  /** Module source to bundle (resolved from the SDK folder). */
  contents: string;
  /** Packages left out of the bundle (e.g. OpenTelemetry, when the page brings its own). */
  external?: string[];
  /** Where imports resolve from; the SDK folder by default. */
  resolveDir?: string;
}

export async function measureBundle(variant: BundleVariant): Promise<BundleSize> {
  const result = await build({
    stdin: {
      contents: variant.contents,
      resolveDir: SDK_ROOT,
      loader: 'ts',
      sourcefile: `${variant.name}.ts`,
    },
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    target: BROWSER_TARGET,
    platform: 'browser',
    legalComments: 'none',
    external: variant.external ?? [],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

/** Everything a page needs when it has no OpenTelemetry of its own: core, HTML5 adapter, transport, OTel. */
export const ALL_IN: BundleVariant = {
  name: 'all-in',
  contents: `import { OpenQoE } from './src/index.ts';
new OpenQoE({ endpoint: '/qoe' }).attachPlayer(document.querySelector('video'));`,
};

/** The SDK's own code when the page brings its OpenTelemetry providers (OTel packages excluded). */
export const OWN_CODE: BundleVariant = {
  name: 'own-code',
  contents: ALL_IN.contents,
  external: ['@opentelemetry/*'],
};
