// Measures what the SDK costs a page in bytes: minified and minified + gzip (level 9) sizes of
// esbuild bundles, for the budget test and the bundle-size benchmark.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ADAPTER_ADDONS,
  BROWSER_TARGET,
  SDK_ROOT,
  bundleAdapterAddon,
  type AdapterName,
} from './bundle.js';

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

/**
 * The SDK's own code when the page brings its OpenTelemetry providers: the core entry
 * (@openqoe/sdk/core), handed the page's providers, with the OpenTelemetry packages excluded.
 */
export const OWN_CODE: BundleVariant = {
  name: 'own-code',
  contents: `import { trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { OpenQoE } from './src/core.ts';
new OpenQoE({
  tracerProvider: trace.getTracerProvider(),
  loggerProvider: logs.getLoggerProvider(),
}).attachPlayer(document.querySelector('video'));`,
  external: ['@opentelemetry/*'],
};

/** The main entry without the OpenTelemetry packages: OWN_CODE plus the SDK's own transport. */
export const MAIN_OWN_CODE: BundleVariant = {
  name: 'main-own-code',
  contents: ALL_IN.contents,
  external: ['@opentelemetry/*'],
};

/** All-in plus one player adapter: what the adapter adds is this minus ALL_IN. */
export function withAdapter(adapter: AdapterName): BundleVariant {
  const factory = ADAPTER_ADDONS[adapter];
  return {
    name: `all-in+${adapter}`,
    contents: `import { OpenQoE } from './src/index.ts';
import { ${factory} } from './src/adapters/${adapter}.ts';
new OpenQoE({ endpoint: '/qoe' }).attachPlayer(${factory}(window.player));`,
  };
}

/** min+gzip of the <script> add-on of an adapter (dist/openqoe-<adapter>.min.js). */
export async function measureAdapterAddon(adapter: AdapterName): Promise<BundleSize> {
  const dir = mkdtempSync(join(tmpdir(), 'openqoe-addon-'));
  const outfile = join(dir, `openqoe-${adapter}.min.js`);
  try {
    await bundleAdapterAddon(adapter, outfile, true);
    const code = readFileSync(outfile);
    return { minBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface AdapterCost {
  adapter: AdapterName;
  /** Bytes (min+gz) the adapter adds to the all-in ESM bundle (shared code counted once). */
  addedGzipBytes: number;
  /** The standalone <script> add-on, which takes the core from the OpenQoE global. */
  addon: BundleSize;
}

/** What each player adapter costs a page, measured against the all-in bundle of the same run. */
export async function measureAdapterCosts(): Promise<AdapterCost[]> {
  const base = await measureBundle(ALL_IN);
  const costs: AdapterCost[] = [];
  for (const adapter of Object.keys(ADAPTER_ADDONS) as AdapterName[]) {
    const size = await measureBundle(withAdapter(adapter));
    costs.push({
      adapter,
      addedGzipBytes: size.gzipBytes - base.gzipBytes,
      addon: await measureAdapterAddon(adapter),
    });
  }
  return costs;
}
