// `make accuracy`: plays every scenario with every player, writes docs/ACCURACY.md (full runs
// only) and the raw results to .cache/accuracy/results.json, and exits non-zero when a measured
// case fails. `--player hlsjs --scenario stall-1` (repeatable) runs a subset without touching docs;
// `--rerender` rewrites the report from the last full run's results (after editing findings.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PLAYER_KINDS, findRepoRoot, type PlayerKind } from '@openqoe/testkit';
import { FINDINGS } from './findings.js';
import { casePassed, renderReport, tally } from './report.js';
import { SCENARIOS } from './scenarios.js';
import { runSuite, type SuiteRun } from './suite.js';

const { values } = parseArgs({
  options: {
    player: { type: 'string', multiple: true },
    scenario: { type: 'string', multiple: true },
    rerender: { type: 'boolean', default: false },
  },
});
for (const player of values.player ?? []) {
  if (!(PLAYER_KINDS as readonly string[]).includes(player)) {
    throw new Error(`unknown player "${player}"; have ${PLAYER_KINDS.join(', ')}`);
  }
}
for (const id of values.scenario ?? []) {
  if (!SCENARIOS.some((s) => s.id === id)) {
    throw new Error(`unknown scenario "${id}"; have ${SCENARIOS.map((s) => s.id).join(', ')}`);
  }
}
const partial = values.player !== undefined || values.scenario !== undefined;

const root = findRepoRoot();
const cache = join(root, '.cache', 'accuracy');
const resultsFile = join(cache, partial ? 'results-partial.json' : 'results.json');

const run: SuiteRun = values.rerender
  ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteRun)
  : await runSuite(
      {
        ...(values.player ? { players: values.player as PlayerKind[] } : {}),
        ...(values.scenario ? { scenarios: values.scenario } : {}),
      },
      (result) => {
        const verdict =
          result.status === 'measured' ? (casePassed(result) ? 'pass' : 'FAIL') : result.status;
        const failing = result.rows.filter((r) => !r.pass).map((r) => r.metric);
        const why = [...failing, ...result.unmet, ...(result.reason ? [result.reason] : [])];
        console.log(
          `${result.scenario.padEnd(18)} ${result.player.padEnd(8)} ${verdict.padEnd(16)}` +
            `${(result.durationMs / 1000).toFixed(1).padStart(5)} s${why.length ? `  ${why.join('; ')}` : ''}`,
        );
      },
    );

mkdirSync(cache, { recursive: true });
if (!values.rerender) writeFileSync(resultsFile, `${JSON.stringify(run, null, 2)}\n`);
const report = renderReport(run.info, run.results, SCENARIOS, FINDINGS);
const target = partial ? join(cache, 'ACCURACY.md') : join(root, 'docs', 'ACCURACY.md');
writeFileSync(target, report);

const totals = tally(run.results);
console.log(
  `\n${totals.passed}/${totals.comparisons} comparisons within tolerance, ` +
    `${totals.failedCases} case(s) failed, ${totals.notMeasured} not measured; ` +
    `${(run.info.runtimeMs / 1000).toFixed(0)} s. Report: ${target}`,
);
process.exitCode = totals.failedCases > 0 ? 1 : 0;
