// Writes mimir/tests/*.test.yaml from the cases in this folder (`npx tsx
// test/rules/promtool-cases/generate.ts`); with --check it only reports files that are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format } from 'prettier';
import { loadContract } from '@openqoe/contract';
import type { AlertingRule } from '../rule-files.js';
import {
  PROMTOOL_TESTS_DIR,
  REPO_ROOT,
  allRules,
  loadRuleGroups,
  ruleFilePaths,
} from '../rule-files.js';
import { alertCases } from './alerts.js';
import { recordingScenarios } from './recording.js';
import { alertTestFile, recordingTestFile } from './render.js';

export const RECORDING_TESTS = join(PROMTOOL_TESTS_DIR, 'recording-rules.test.yaml');
export const ALERT_TESTS = join(PROMTOOL_TESTS_DIR, 'alerts.test.yaml');

/** The generated files and their contents, formatted as `prettier --check` wants them. */
export async function promtoolTestFiles(): Promise<Map<string, string>> {
  const contract = loadContract();
  const ruleFiles = ruleFilePaths().map((path) => relative(PROMTOOL_TESTS_DIR, path));
  // Recording rules first: promtool evaluates groups in file order, so an alert reads the sample
  // recorded at the same instant (the cases also leave a minute of slack, as Mimir runs groups
  // independently).
  const recordingFirst = [...ruleFiles].sort((a, b) => rank(a) - rank(b));
  const alerts = new Map(
    allRules(loadRuleGroups())
      .filter((rule): rule is AlertingRule => rule.kind === 'alert')
      .map((rule) => [rule.name, rule]),
  );
  const yaml = (text: string) =>
    format(text, { parser: 'yaml', printWidth: 100, singleQuote: true, trailingComma: 'all' });
  const recordingFiles = recordingFirst.filter((file) => rank(file) === 0);
  return new Map([
    [RECORDING_TESTS, await yaml(recordingTestFile(recordingFiles, recordingScenarios(contract)))],
    [ALERT_TESTS, await yaml(alertTestFile(recordingFirst, alertCases(contract), alerts))],
  ]);
}

function rank(file: string): number {
  return file.includes('recording') ? 0 : 1;
}

export async function stalePromtoolTestFiles(): Promise<string[]> {
  const stale: string[] = [];
  for (const [path, text] of await promtoolTestFiles()) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // a missing file is stale
    }
    if (current !== text) stale.push(relative(REPO_ROOT, path));
  }
  return stale;
}

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const stale = await stalePromtoolTestFiles();
    if (stale.length > 0) {
      console.error(
        `stale: ${stale.join(', ')} (run npx tsx test/rules/promtool-cases/generate.ts)`,
      );
      process.exit(1);
    }
    return;
  }
  for (const [path, text] of await promtoolTestFiles()) {
    writeFileSync(path, text);
    console.log(`wrote ${relative(REPO_ROOT, path)}`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  await main();
}
