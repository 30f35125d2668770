// What the SDK costs a page in bytes (T8), against peers bundled in the same run with the same
// esbuild settings (minified, chrome79 target, gzip -9): the OpenTelemetry packages alone, Mux's
// mux-embed and Grafana Faro's web SDK.
import { fileURLToPath } from 'node:url';
import {
  ALL_IN,
  MAIN_OWN_CODE,
  OWN_CODE,
  measureAdapterCosts,
  measureBundle,
  type BundleVariant,
} from '../sdk/scripts/bundle-size.js';
import type { BenchmarkOutput, JsonValue, RunOptions } from './benchmark.js';
import { formatNumber, markdownTable } from './report.js';

export const name = 'sdk-bundle-size';
export const title = 'SDK bundle size (minified + gzip)';
export const command = 'npx tsx bench/run.ts sdk-bundle-size';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The OpenTelemetry part of the all-in bundle, set up the way the SDK sets it up. */
const OTEL_ONLY: BundleVariant = {
  name: 'otel-only',
  contents: `import { TracerProvider } from '@opentelemetry/sdk-trace';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { JsonTraceSerializer, JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { defaultResource } from '@opentelemetry/resources';
const p = { onStart() {}, onEnd(s) { JsonTraceSerializer.serializeRequest([s]); }, onEmit(l) { JsonLogsSerializer.serializeRequest([l]); }, forceFlush: async () => {}, shutdown: async () => {} };
const t = new TracerProvider({ resource: defaultResource(), spanProcessors: [p] }).getTracer('x');
const l = new LoggerProvider({ resource: defaultResource(), processors: [p] }).getLogger('x');
t.startSpan('a').end(); l.emit({ eventName: 'b' });`,
};

const MUX_EMBED: BundleVariant = {
  name: 'mux-embed',
  resolveDir: REPO_ROOT,
  contents: `import mux from 'mux-embed'; mux.monitor('#player', { data: { env_key: 'key' } });`,
};

const FARO: BundleVariant = {
  name: 'faro-web-sdk',
  resolveDir: REPO_ROOT,
  contents: `import { initializeFaro, getWebInstrumentations } from '@grafana/faro-web-sdk';
initializeFaro({ url: '/collect', app: { name: 'app' }, instrumentations: getWebInstrumentations() });`,
};

interface Row {
  variant: string;
  what: string;
  goal: string;
  minBytes: number;
  gzipBytes: number;
}

const kb = (bytes: number): string => `${formatNumber(bytes / 1024)} KB`;

export async function run(_options: RunOptions): Promise<BenchmarkOutput> {
  const plan: [BundleVariant, string, string][] = [
    [ALL_IN, 'OpenQoE all-in: core + HTML5 adapter + transport + OpenTelemetry', '≤ 30 KB'],
    [
      OWN_CODE,
      "The SDK's own code when the page brings its OpenTelemetry providers (@openqoe/sdk/core)",
      '≤ 10 KB',
    ],
    [MAIN_OWN_CODE, "OpenQoE main entry without OpenTelemetry: core + the SDK's own transport", ''],
    [OTEL_ONLY, 'OpenTelemetry alone: trace + logs SDK and JSON serialisers (baseline)', ''],
    [MUX_EMBED, 'mux-embed (peer)', ''],
    [FARO, 'Grafana Faro web SDK with its web instrumentations (peer)', ''],
  ];
  const rows: Row[] = [];
  for (const [variant, what, goal] of plan) {
    const size = await measureBundle(variant);
    rows.push({ variant: variant.name, what, goal, ...size });
  }
  const allIn = rows[0]?.gzipBytes ?? Number.NaN;
  const table = markdownTable(
    ['bundle', 'min', 'min + gzip', 'goal', 'all-in ÷ this'],
    rows.map((r) => [
      r.what,
      kb(r.minBytes),
      kb(r.gzipBytes),
      r.goal,
      formatNumber(allIn / r.gzipBytes),
    ]),
  );
  // Player adapters (issue #7): what each adds to the all-in bundle, and its <script> add-on.
  const adapters = await measureAdapterCosts();
  const adapterTable = markdownTable(
    [
      'adapter',
      'adds to all-in (min + gzip)',
      'goal',
      '<script> add-on (min + gzip)',
      'added ÷ all-in',
    ],
    adapters.map((a) => [
      a.adapter,
      kb(a.addedGzipBytes),
      '≤ 3 KB',
      kb(a.addon.gzipBytes),
      formatNumber(a.addedGzipBytes / allIn),
    ]),
  );
  const markdown = [
    "Each bundle is built in this run by esbuild with the settings of the SDK build (ESM, minified, `chrome79` target) and compressed with gzip level 9. The all-in bundle is what a page without OpenTelemetry of its own loads (`@openqoe/sdk`). The SDK's own code when the page brings its OpenTelemetry providers is the core entry `@openqoe/sdk/core` handed the page's providers, with the `@opentelemetry/*` packages left out: no SDK transport, batching or OpenTelemetry SDK. The main entry without OpenTelemetry adds the SDK's own transport to it. The budget test (`sdk/test/bundle-size.test.ts`, `sdk/bundle-budget.json`) fails when any of the three grows past its recorded budget.",
    '',
    table,
    '',
    'Player adapters: "adds to all-in" is the all-in bundle with the adapter imported minus the all-in bundle (code shared with the core counted once); the `<script>` add-on (`dist/openqoe-<adapter>.min.js`) takes the core from the `OpenQoE` global and repeats the helpers the adapters share. Budgets in `sdk/bundle-budget.json`, checked by `sdk/test/adapter-bundle-size.test.ts`.',
    '',
    adapterTable,
  ].join('\n');
  const results: JsonValue = [
    ...rows.map((r) => ({
      variant: r.variant,
      minBytes: r.minBytes,
      gzipBytes: r.gzipBytes,
    })),
    ...adapters.map((a) => ({
      variant: `adapter-${a.adapter}`,
      addedGzipBytes: a.addedGzipBytes,
      addonMinBytes: a.addon.minBytes,
      addonGzipBytes: a.addon.gzipBytes,
    })),
  ];
  return { markdown, results };
}
