// Every PromQL expression of the rules parses (lezer-promql) and uses only contract metrics (or
// recording rules of the files) and, for each, only labels that series really carries.
// contract-scan: exempt (negative tests below must contain unknown metric and label names)
import { expect } from 'chai';
import { loadContract } from '@openqoe/contract';
import type { SeriesCatalogue } from './promql-check.js';
import { checkExpression, checkRules, contractCatalogue } from './promql-check.js';
import { allRules, loadRuleGroups } from './rule-files.js';

const contract = loadContract();
const base = contractCatalogue(contract);
const groups = loadRuleGroups();
const rules = allRules(groups);
const { problems, catalogue } = checkRules(rules, base);

describe('rule expressions against the contract', () => {
  it('every expression parses and names only known metrics and labels', () => {
    expect(problems).to.deep.equal([]);
  });

  it('reads every contract metric the dashboards and alerts depend on', () => {
    const used = new Set(rules.flatMap((rule) => checkExpression(rule.expr, catalogue).metrics));
    // Every contract metric is used by some rule, except the receiver-side counters with no QoE
    // quantity of their own.
    const unused = [...contract.metrics.keys()].filter(
      (name) => ![name, `${name}_bucket`, `${name}_sum`, `${name}_count`].some((s) => used.has(s)),
    );
    expect(unused).to.deep.equal(['openqoe_seeks_total']);
  });

  it('names recording rules openqoe:<quantity>:<aggregation> with an explicit window', () => {
    const recorded = rules.filter((rule) => rule.kind === 'record').map((rule) => rule.name);
    for (const name of recorded) {
      expect(name).to.match(/^openqoe:[a-z][a-z0-9_]*:[a-z0-9_]+$/, name);
      expect(name.split(':')[2]).to.match(/(^|_)[a-z]*\d+[mh](_|$)/, `${name} has no window`);
    }
    expect(new Set(recorded).size).to.equal(recorded.length);
  });

  it('has at least the original 25 recording rules in 8 groups and 18 alerts in 6 groups', () => {
    const recordingGroups = groups.filter((g) => g.rules.every((r) => r.kind === 'record'));
    const alertGroups = groups.filter((g) => g.rules.every((r) => r.kind === 'alert'));
    expect(recordingGroups.length + alertGroups.length).to.equal(groups.length);
    expect(recordingGroups).to.have.length.greaterThanOrEqual(8);
    expect(recordingGroups.flatMap((g) => g.rules)).to.have.length.greaterThanOrEqual(25);
    expect(alertGroups).to.have.length.greaterThanOrEqual(6);
    expect(alertGroups.flatMap((g) => g.rules)).to.have.length.greaterThanOrEqual(18);
  });

  it('infers the labels each recording rule outputs', () => {
    const labelsOf = (name: string) => [...(catalogue.get(name)?.labels ?? [])].sort();
    expect(labelsOf('openqoe:video_startup_seconds:p95_5m')).to.deep.equal([
      'video_player_name',
      'video_stream_type',
    ]);
    expect(labelsOf('openqoe:errors_per_view:ratio_5m_by_type')).to.deep.equal([
      'error_type',
      'video_player_name',
    ]);
    expect(labelsOf('openqoe:live_concurrent_viewers:sum_2m')).to.deep.equal([]);
  });
});

describe('the expression checker itself', () => {
  const check = (expr: string, known: SeriesCatalogue = catalogue) =>
    checkExpression(expr, known).problems;

  it('accepts a correct expression', () => {
    expect(
      check(
        'sum by (video_player_name) (rate(openqoe_views_started_total{video_stream_type="vod"}[5m]))',
      ),
    ).to.deep.equal([]);
  });

  it('reports a broken expression', () => {
    expect(check('sum(rate(openqoe_events_total[5m])')).to.have.length.greaterThan(0);
    expect(check('openqoe_events_total{openqoe_event_name=}')[0]).to.match(/syntax error/);
  });

  it('reports an unknown metric', () => {
    expect(check('rate(openqoe_playing_time_seconds[5m])')).to.deep.equal([
      'unknown metric openqoe_playing_time_seconds (at "openqoe_playing_time_seconds")',
    ]);
    expect(check('openqoe:no_such:rule_5m > 1')[0]).to.match(
      /unknown metric openqoe:no_such:rule_5m/,
    );
  });

  it('reports a matcher on a label the metric does not have', () => {
    // error_type exists in the contract, but not on openqoe_views_started_total
    expect(check('openqoe_views_started_total{error_type="network"}')[0]).to.match(
      /label error_type is not a label of openqoe_views_started_total/,
    );
    expect(check('openqoe_events_total{org_id="a"}')[0]).to.match(/label org_id is not a label/);
  });

  it('reports a grouping or matching label the inner expression no longer has', () => {
    expect(check('sum by (video_device_type) (openqoe:video_startup_seconds:p95_5m)')[0]).to.match(
      /label video_device_type is not a label of the aggregated expression/,
    );
    expect(
      check(
        'openqoe:rebuffer_ratio:ratio_5m > 0.1 and on (video_content_id) openqoe:views_started:rate5m',
      )[0],
    ).to.match(/label video_content_id is not a label of the left-hand side/);
  });

  it('reports a one-to-one operation whose sides can never match', () => {
    expect(
      check(
        'sum by (video_player_name, error_type) (rate(openqoe_errors_total[5m])) / sum by (video_player_name) (rate(openqoe_views_started_total[5m]))',
      )[0],
    ).to.match(/sides never match one-to-one/);
  });

  it('reports a value outside a label’s enum', () => {
    expect(check('openqoe_views_started_total{video_stream_type="linear"}')[0]).to.match(
      /value "linear" is not one of video_stream_type's values/,
    );
    expect(check('openqoe_errors_total{video_error_user_caused="yes"}')[0]).to.match(/"yes"/);
  });

  it('reports histogram_quantile over series without le', () => {
    expect(
      check(
        'histogram_quantile(0.9, sum by (video_player_name) (rate(openqoe_video_startup_seconds_bucket[5m])))',
      )[0],
    ).to.match(/no le label/);
  });

  it('reports functions it does not model instead of guessing', () => {
    expect(
      check('label_replace(openqoe_events_total, "a", "$1", "openqoe_event_name", "(.*)")')[0],
    ).to.match(/not modelled/);
  });

  it('lets a recording rule be read only after it is recorded, once', () => {
    const twice = checkRules(
      [
        {
          kind: 'record',
          name: 'openqoe:events:rate1m',
          expr: 'sum(rate(openqoe_events_total[1m]))',
          labels: {},
        },
        {
          kind: 'record',
          name: 'openqoe:events:rate1m',
          expr: 'sum(rate(openqoe_events_total[1m]))',
          labels: {},
        },
      ],
      base,
    );
    expect(twice.problems).to.deep.equal(['openqoe:events:rate1m: recorded twice']);
  });
});
