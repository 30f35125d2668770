// Runs every PromQL query of the dashboards in the real Prometheus engine (promtool test rules,
// Debian's prometheus package, installed by .ci/run) over synthetic series for every metric the
// dashboards may read: each query must return data when the metrics exist. This catches what a
// parser cannot: divisions whose two sides share no labels, pinned values that match nothing,
// subqueries and functions Prometheus rejects at evaluation.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import type { SeriesCatalogue } from '../src/check/promql.js';
import { defaultValues, substitute } from '../src/check/substitute.js';
import { queriesOf } from '../src/check/walk.js';
import { committedDashboards, seriesCatalogue } from './helpers.js';
import { inputSeries } from './promtool-fixture.js';

const MINUTES = 120;
/** Grafana's $__range and $__rate_interval as the test evaluates them. */
const DURATIONS: Record<string, string> = {
  __range: '1h',
  __rate_interval: '5m',
  __interval: '1m',
  __auto: '5m',
};

interface Case {
  name: string;
  expr: string;
}

/** promtool's verdict per case: the names of the cases whose query returned nothing (or failed). */
function casesWithoutData(cases: readonly Case[], catalogue: SeriesCatalogue): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'openqoe-promtool-'));
  try {
    const file = join(dir, 'dashboards.test.yaml');
    const probe = (c: Case): string => `count((${c.expr})) > bool 0`;
    // One test group: the input series once, every query evaluated over them. count(...) > bool 0
    // is 1 when the query returns any series and nothing when it returns none.
    const tests = [
      {
        interval: '1m',
        input_series: inputSeries(catalogue, MINUTES),
        promql_expr_test: cases.map((c) => ({
          expr: probe(c),
          eval_time: '90m',
          exp_samples: [{ labels: '{}', value: 1 }],
        })),
      },
    ];
    writeFileSync(file, stringify({ rule_files: [], evaluation_interval: '1m', tests }));
    try {
      execFileSync('promtool', ['test', 'rules', file], { encoding: 'utf8', stdio: 'pipe' });
      return [];
    } catch (error) {
      const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
      // promtool quotes the failing expression as Go's %q does, which JSON.stringify matches.
      const failed = cases
        .filter((c) => output.includes(JSON.stringify(probe(c))))
        .map((c) => c.name);
      if (failed.length === 0)
        throw new Error(`promtool failed without naming a query:\n${output}`, { cause: error });
      return failed;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function dashboardCases(): Case[] {
  return committedDashboards().flatMap(({ file, json }) => {
    const values = new Map([...defaultValues(json), ...Object.entries(DURATIONS)]);
    return queriesOf(json)
      .filter((q) => q.language === 'promql')
      .map((q, i) => {
        // Durations first (the generic substitution would use 5m for $__range too).
        const text = q.text.replace(
          /\$(__\w+)/g,
          (whole, name: string) => DURATIONS[name] ?? whole,
        );
        return { name: `${file} #${i} ${q.panel}`, expr: substitute(text, values).text };
      });
  });
}

describe('dashboards: PromQL in the real Prometheus engine (promtool)', function () {
  this.timeout(180_000);
  let catalogue: SeriesCatalogue;
  before(async () => {
    catalogue = await seriesCatalogue();
  });

  it('promtool is installed', () => {
    expect(execFileSync('promtool', ['--version'], { encoding: 'utf8', stdio: 'pipe' })).to.match(
      /promtool/,
    );
  });

  it('every PromQL query of every dashboard returns data when its metrics exist', () => {
    const cases = dashboardCases();
    expect(cases.length).to.be.greaterThan(80);
    expect(casesWithoutData(cases, catalogue)).to.deep.equal([]);
  });

  it('shows failure, exit and rebuffer ratios as 0, not "no data", before the first failure or stall', () => {
    // No fatal error, no exit before start and no stall has happened yet.
    const quiet = new Map(
      [...catalogue].filter(
        ([name]) =>
          !name.startsWith('openqoe_exits_before_start') && !name.startsWith('openqoe_rebuffer_'),
      ),
    );
    quiet.set('openqoe_views_ended_total', catalogue.get('openqoe_views_ended_total') ?? new Set());
    const ratioPanels = dashboardCases().filter((c) =>
      /^(vod|live)\.json #\d+ (Playback failure rate|Rebuffer ratio|Exits before (video )?start)$/.test(
        c.name,
      ),
    );
    expect(ratioPanels.length).to.be.at.least(6);
    const withoutFatal = ratioPanels.map((c) => ({
      ...c,
      // Views ended only for reasons other than a fatal error.
      expr: c.expr.replaceAll(
        'video_view_end_reason="fatal_error"',
        'video_view_end_reason="never_happened"',
      ),
    }));
    expect(casesWithoutData(withoutFatal, quiet)).to.deep.equal([]);
  });

  it('reports a query whose division sides share no labels, and one pinned to a value that never occurs', () => {
    const cases: Case[] = [
      { name: 'good', expr: 'sum(rate(openqoe_seeks_total[5m]))' },
      {
        name: 'no shared labels',
        expr: 'sum by (video_player_name) (rate(openqoe_seeks_total[5m])) / sum by (video_device_type) (rate(openqoe_views_started_total[5m]))',
      },
      {
        name: 'pinned to nothing',
        expr: 'sum(rate(openqoe_views_ended_total{video_view_end_reason="crashed"}[5m]))',
      },
    ];
    expect(casesWithoutData(cases, catalogue)).to.have.members([
      'no shared labels',
      'pinned to nothing',
    ]);
  });
});
