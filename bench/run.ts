// `make bench`: runs the benchmarks and records them in BENCHMARKS.md, one section each, plus
// bench/results/<name>.json. `npx tsx bench/run.ts <name>…` runs only those and leaves the other
// sections as they were; `--quick` is a smoke run that prints and writes nothing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import type { Benchmark } from './benchmark.js';
import { describeMachine } from './machine.js';
import { checkBenchmarkName, mergeDocument, renderSection } from './report.js';
import * as sdkBundleSize from './sdk-bundle-size.js';
import * as sdkMainThread from './sdk-main-thread.js';
import * as receiverThroughput from '../receiver/bench/throughput.js';
import * as loadTiers from './load-tiers.js';
import * as validationCeiling from './validation-ceiling.js';

/** Every benchmark, in the order of BENCHMARKS.md. A new benchmark is one more entry here. */
export const BENCHMARKS: readonly Benchmark[] = [
  validationCeiling,
  receiverThroughput,
  loadTiers,
  sdkBundleSize,
  sdkMainThread,
];

const REPO_ROOT = new URL('../', import.meta.url);
const DOCUMENT = new URL('BENCHMARKS.md', REPO_ROOT);
const RESULTS_DIR = new URL('bench/results/', REPO_ROOT);

const USAGE = `usage: npx tsx bench/run.ts [--quick] [--note <text>] [name…]
  name       run only these benchmarks (default: all): ${BENCHMARKS.map((b) => b.name).join(', ')}
  --quick    short smoke run; prints the sections and writes nothing
  --note     a sentence recorded in each section written, for conditions the benchmark cannot see`;

/** Formats with the repository's Prettier settings, so `prettier --check` passes on the output. */
async function prettierFormat(text: string, file: URL): Promise<string> {
  const filepath = fileURLToPath(file);
  return format(text, { ...(await resolveConfig(filepath)), filepath });
}

function selectBenchmarks(names: readonly string[]): Benchmark[] {
  if (names.length === 0) return [...BENCHMARKS];
  return names.map((name) => {
    const benchmark = BENCHMARKS.find((candidate) => candidate.name === name);
    if (!benchmark) {
      throw new RangeError(
        `unknown benchmark "${name}"; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
      );
    }
    return benchmark;
  });
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      note: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  BENCHMARKS.forEach((benchmark) => checkBenchmarkName(benchmark.name));
  let selected: Benchmark[];
  try {
    selected = selectBenchmarks(positionals);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  const sections = new Map<string, string>();
  let failed = 0;
  for (const benchmark of selected) {
    // Described per benchmark: the load average moves while earlier benchmarks run.
    const machine = describeMachine();
    const date = new Date();
    console.log(`${benchmark.name}: ${benchmark.command}${values.quick ? ' (quick)' : ''}`);
    try {
      const output = await benchmark.run({ quick: values.quick });
      const section = renderSection({
        name: benchmark.name,
        title: benchmark.title,
        command: benchmark.command,
        date,
        machine,
        body: output.markdown,
        ...(values.note ? { note: values.note } : {}),
      });
      console.log(`\n${section}\n`);
      if (values.quick) continue;
      sections.set(benchmark.name, section);
      mkdirSync(RESULTS_DIR, { recursive: true });
      const resultsFile = new URL(`${benchmark.name}.json`, RESULTS_DIR);
      const record = {
        name: benchmark.name,
        command: benchmark.command,
        date: date.toISOString(),
        machine,
        results: output.results,
      };
      writeFileSync(resultsFile, await prettierFormat(JSON.stringify(record), resultsFile));
    } catch (error) {
      // The others still run and get written; this one's previous section stays as it was.
      failed++;
      console.error(`${benchmark.name} failed:`, error);
    }
  }

  if (sections.size > 0) {
    const previous = existsSync(DOCUMENT) ? readFileSync(DOCUMENT, 'utf8') : '';
    const merged = mergeDocument(
      previous,
      sections,
      BENCHMARKS.map((benchmark) => benchmark.name),
    );
    writeFileSync(DOCUMENT, await prettierFormat(merged, DOCUMENT));
    console.log(`wrote BENCHMARKS.md (${[...sections.keys()].join(', ')})`);
  }
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
