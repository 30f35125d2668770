// The rule files as promtool sees them: syntax and PromQL (`check rules`) and the unit tests under
// mimir/tests (`test rules`), plus proof that those unit tests fail when a rule changes.
import { expect } from 'chai';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PROMTOOL_TESTS_DIR, RULES_DIR, ruleFilePaths } from './rule-files.js';
import { ToolFailure, expectToolSuccess, runTool } from './tools.js';
import { promtoolTestFiles, stalePromtoolTestFiles } from './promtool-cases/generate.js';

const testFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.test.yaml'))
    .map((name) => join(dir, name));

/** A scratch copy of mimir/rules and mimir/tests in which one rule file is edited. */
function mutatedCopy(file: string, edit: (text: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), 'openqoe-rules-'));
  mkdirSync(join(root, 'rules/default'), { recursive: true });
  mkdirSync(join(root, 'tests'));
  for (const path of ruleFilePaths())
    copyFileSync(path, join(root, 'rules/default', basename(path)));
  for (const path of testFiles(PROMTOOL_TESTS_DIR))
    copyFileSync(path, join(root, 'tests', basename(path)));
  const target = join(root, 'rules/default', file);
  const before = readFileSync(target, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit did not change ${file}`);
  writeFileSync(target, after);
  return root;
}

describe('rule files under promtool', () => {
  it('has rule files and promtool unit-test files to check', () => {
    expect(ruleFilePaths().map((p) => basename(p))).to.include.members([
      'openqoe-recording.yaml',
      'openqoe-alerts.yaml',
    ]);
    expect(testFiles(PROMTOOL_TESTS_DIR)).to.have.length.greaterThanOrEqual(2);
  });

  for (const path of ruleFilePaths()) {
    it(`promtool check rules ${basename(path)}`, () => {
      const result = expectToolSuccess('promtool', ['check', 'rules', path]);
      expect(result.output).to.match(/SUCCESS: \d+ rules found/);
    });
  }

  it('promtool test rules passes every case in mimir/tests', () => {
    const result = expectToolSuccess('promtool', [
      'test',
      'rules',
      ...testFiles(PROMTOOL_TESTS_DIR),
    ]);
    expect(result.output).to.not.match(/FAILED/);
  });

  it('the promtool test files are generated from the current cases and rules', async () => {
    expect(await stalePromtoolTestFiles()).to.deep.equal([]);
    expect((await promtoolTestFiles()).size).to.equal(2);
  });

  it('fails with promtool’s own message when a rule file is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openqoe-broken-'));
    const broken = join(dir, 'broken.yaml');
    writeFileSync(
      broken,
      'groups:\n  - name: g\n    rules:\n      - record: openqoe:x:y\n        expr: sum(rate(openqoe_events_total[5m])\n',
    );
    const run = () => expectToolSuccess('promtool', ['check', 'rules', broken]);
    expect(run).to.throw(ToolFailure, /unclosed left parenthesis|parse error/);
  });

  it('the unit tests catch a moved alert threshold and a removed traffic guard', () => {
    const root = mutatedCopy('openqoe-alerts.yaml', (text) =>
      text
        .replace(
          'openqoe:rebuffer_ratio:ratio_5m > 0.1\n',
          'openqoe:rebuffer_ratio:ratio_5m > 0.115\n',
        )
        .replace(
          'openqoe:seek_latency_seconds:p95_5m > 2\n          and on (video_player_name, video_stream_type)\n          openqoe:seek_latency_seconds_count:rate5m >= 0.05\n',
          'openqoe:seek_latency_seconds:p95_5m > 2\n',
        ),
    );
    const result = runTool('promtool', ['test', 'rules', join(root, 'tests/alerts.test.yaml')]);
    expect(result.status).to.not.equal(0);
    // the firing case of the first, the guard case of the second
    expect(result.output).to.match(/name: RebufferRatioCritical: 11%/);
    expect(result.output).to.match(/name: SeekLatencyHigh: P95 2.95 s from 2 seeks a minute/);
  });

  it('the unit tests catch a recording rule that computes something else', () => {
    // rebuffer time subtracted from watch time instead of added (the first `+` line of the file
    // is the denominator of openqoe:rebuffer_ratio:ratio_5m)
    const root = mutatedCopy('openqoe-recording.yaml', (text) =>
      text.replace('\n            +\n', '\n            -\n'),
    );
    const result = runTool('promtool', [
      'test',
      'rules',
      join(root, 'tests/recording-rules.test.yaml'),
    ]);
    expect(result.status).to.not.equal(0);
    expect(result.output).to.match(/openqoe:rebuffer_ratio:ratio_5m, 0\.0001/);
  });

  it('reads the rules from mimir/rules/default (the ruler’s directory of tenant default)', () => {
    expect(RULES_DIR.endsWith('mimir/rules/default')).to.equal(true);
  });
});
