// Builds the browser bundles with esbuild: dist/openqoe.min.js, an IIFE exposing `OpenQoE` on
// window (for <script> tags and the browser tests), from the same sources as the ESM package, and
// one add-on per player adapter (dist/openqoe-hlsjs.min.js, ...) to load after it.
// Target: Chromium 79-era engines (smart TVs, S14) — esbuild lowers newer syntax.
import { build, type Metafile, type Plugin } from 'esbuild';
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

/** The player adapters, each a subpath export and a <script> add-on exposing `OpenQoE.<factory>`. */
export const ADAPTER_ADDONS = {
  hlsjs: 'hlsJsAdapter',
  dashjs: 'dashJsAdapter',
  shaka: 'shakaAdapter',
  videojs: 'videoJsAdapter',
} as const;
export type AdapterName = keyof typeof ADAPTER_ADDONS;

// The add-ons share the core already loaded by openqoe.min.js instead of carrying a second copy:
// the element observer and formatOf (the only core module adapters import at run time) come from
// the OpenQoE global.
const CORE_FROM_GLOBAL: Plugin = {
  name: 'openqoe-core-from-global',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/media-element\.js$/ }, () => ({
      path: 'media-element',
      namespace: 'openqoe-global',
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'openqoe-global' }, () => ({
      contents: `var core = globalThis.OpenQoE;
if (!core || !core.observeMediaElement) throw new Error('OpenQoE: load openqoe.min.js before the adapter add-on');
export var observeMediaElement = core.observeMediaElement;
export var formatOf = core.formatOf;`,
      loader: 'js',
    }));
  },
};

/** Builds dist/openqoe-<adapter>.min.js: adds OpenQoE.<factory> to the global of the core bundle. */
export async function bundleAdapterAddon(
  adapter: AdapterName,
  outfile: string,
  minify = true,
): Promise<Metafile> {
  const factory = ADAPTER_ADDONS[adapter];
  const result = await build({
    stdin: {
      contents: `import { ${factory} } from './src/adapters/${adapter}.ts';
globalThis.OpenQoE.${factory} = ${factory};`,
      resolveDir: SDK_ROOT,
      loader: 'ts',
      sourcefile: `openqoe-${adapter}.ts`,
    },
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
    plugins: [CORE_FROM_GLOBAL],
  });
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundleIife(`${SDK_ROOT}/dist/openqoe.min.js`, true);
  await bundleIife(`${SDK_ROOT}/dist/openqoe.js`, false);
  for (const adapter of Object.keys(ADAPTER_ADDONS) as AdapterName[]) {
    await bundleAdapterAddon(adapter, `${SDK_ROOT}/dist/openqoe-${adapter}.min.js`, true);
    await bundleAdapterAddon(adapter, `${SDK_ROOT}/dist/openqoe-${adapter}.js`, false);
  }
}
