// contract-scan: exempt (negative tests hold unknown metric, label and event names on purpose)
import { expect } from 'chai';
import { logqlProblems, lokiNames } from '../src/check/logql.js';
import { promqlProblems, type SeriesCatalogue } from '../src/check/promql.js';
import { defaultValues, substitute } from '../src/check/substitute.js';
import { tempoNames, traceqlProblems } from '../src/check/traceql.js';
import { queriesOf, variableQueriesOf, type QueryUse } from '../src/check/walk.js';
import { committedDashboards, contract, seriesCatalogue } from './helpers.js';

const loki = lokiNames(contract);
const tempo = tempoNames(contract);

/** `label_values(metric, label)` as the PromQL selector it reads, so the same check applies. */
function labelValuesAsPromQl(text: string): string {
  const match = /^label_values\(\s*([a-zA-Z_:][\w:]*)\s*,\s*(\w+)\s*\)$/.exec(text);
  if (!match) return text;
  return `count by (${match[2]}) (${match[1]})`;
}

function problemsOf(
  query: QueryUse,
  values: ReadonlyMap<string, string>,
  catalogue: SeriesCatalogue,
): string[] {
  const { text, unknown } = substitute(query.text, values);
  if (unknown.length > 0) return unknown.map((v) => `unknown variable $${v}`);
  switch (query.language) {
    case 'promql':
      return promqlProblems(text, catalogue);
    case 'logql':
      return logqlProblems(text, loki);
    case 'traceql':
      return traceqlProblems(text, tempo);
    case 'trace-id':
      return [];
  }
}

describe('dashboards: every query parses and names only known series, labels, events and spans', function () {
  this.timeout(60_000);
  let catalogue: SeriesCatalogue;
  before(async () => {
    catalogue = await seriesCatalogue();
  });

  for (const { file, json } of committedDashboards()) {
    it(file, () => {
      const values = defaultValues(json);
      const problems = queriesOf(json).flatMap((q) =>
        problemsOf(q, values, catalogue).map((p) => `${q.panel} [${q.language}]: ${p}`),
      );
      const variables = variableQueriesOf(json).flatMap((v) =>
        promqlProblems(labelValuesAsPromQl(v.text), catalogue).map(
          (p) => `variable ${v.name}: ${p}`,
        ),
      );
      expect([...problems, ...variables]).to.deep.equal([]);
    });
  }

  it('fails a committed dashboard whose query is broken, renamed or mislabelled', () => {
    const { json } = committedDashboards().find((d) => d.file === 'vod.json')!;
    const values = defaultValues(json);
    const problemsAfter = (from: string | RegExp, to: string, language: string): string[] =>
      queriesOf(json)
        .filter((q) => q.language === language)
        .map((q) => ({ ...q, text: q.text.replace(from, to) }))
        .flatMap((q) => problemsOf(q, values, catalogue));
    expect(
      problemsAfter('openqoe_views_started_total', 'openqoe_views_total', 'promql'),
    ).to.include('unknown metric openqoe_views_total');
    expect(problemsAfter('video_device_type=~', 'video_cdn=~', 'promql')).to.include(
      'openqoe_views_started_total has no label video_cdn',
    );
    expect(
      problemsAfter('[$__range]', '[$__range', 'promql').some((p) => p.startsWith('syntax error')),
    ).to.equal(true);
    expect(problemsAfter('video.quartile', 'video.quartiles', 'logql')).to.include(
      'unknown event video.quartiles',
    );
    expect(problemsAfter('$device', '$cdn', 'logql')).to.include('unknown variable $cdn');
  });

  it('checks a real number of queries in each language', () => {
    const all = committedDashboards().flatMap((d) => queriesOf(d.json));
    const count = (language: string) => all.filter((q) => q.language === language).length;
    expect(count('promql')).to.be.greaterThan(80);
    expect(count('logql')).to.be.greaterThan(10);
    expect(count('traceql')).to.be.at.least(7);
    expect(count('trace-id')).to.equal(1);
  });

  describe('PromQL check', () => {
    it('accepts a contract histogram quantile with its labels and le', () => {
      const q =
        'histogram_quantile(0.95, sum by (le, video_device_type) (rate(openqoe_video_startup_seconds_bucket{video_player_name=~".*"}[5m])))';
      expect(promqlProblems(q, catalogue)).to.deep.equal([]);
    });

    it('rejects a broken expression', () => {
      expect(promqlProblems('sum(rate(openqoe_seeks_total[5m])', catalogue)[0]).to.match(
        /^syntax error/,
      );
      expect(
        promqlProblems('sum by (video_player_name (openqoe_seeks_total)', catalogue),
      ).to.not.deep.equal([]);
    });

    it('rejects a metric that is not in the contract, the rules, the receiver or Alloy', () => {
      expect(promqlProblems('sum(rate(openqoe_startup_p95[5m]))', catalogue)).to.deep.equal([
        'unknown metric openqoe_startup_p95',
      ]);
      expect(
        promqlProblems('rate(openqoe_video_startup_seconds[5m])', catalogue),
        'histogram without suffix',
      ).to.deep.equal(['unknown metric openqoe_video_startup_seconds']);
      expect(promqlProblems('openqoe:startup:p95_nowhere', catalogue)).to.deep.equal([
        'unknown metric openqoe:startup:p95_nowhere',
      ]);
    });

    it('rejects a label the metric does not carry, in a matcher or a grouping', () => {
      expect(promqlProblems('openqoe_seeks_total{video_content_id="a"}', catalogue)).to.deep.equal([
        'openqoe_seeks_total has no label video_content_id',
      ]);
      expect(
        promqlProblems('sum by (le) (rate(openqoe_seeks_total[5m]))', catalogue),
      ).to.deep.equal(['openqoe_seeks_total has no label le to group by']);
      expect(
        promqlProblems('sum by (video_cdn_name) (rate(openqoe_errors_total[5m]))', catalogue),
      ).to.deep.equal(['openqoe_errors_total has no label video_cdn_name to group by']);
      expect(
        promqlProblems('openqoe:views_started:rate5m{video_device_type="tv"}', catalogue),
        'a recording rule keeps only the labels it groups by',
      ).to.deep.equal(['openqoe:views_started:rate5m has no label video_device_type']);
    });

    it('knows the receiver self-metrics and Alloy metrics with their labels', () => {
      expect(
        promqlProblems(
          'sum by (reason) (rate(receiver_requests_total{outcome="rejected"}[5m]))',
          catalogue,
        ),
      ).to.deep.equal([]);
      expect(
        promqlProblems(
          'sum by (le) (rate(receiver_request_duration_seconds_bucket[5m]))',
          catalogue,
        ),
      ).to.deep.equal([]);
      expect(
        promqlProblems('receiver_in_flight_requests{route="/v1/logs"}', catalogue),
      ).to.deep.equal(['receiver_in_flight_requests has no label route']);
      expect(
        promqlProblems('sum by (component_id) (otelcol_exporter_queue_size)', catalogue),
      ).to.deep.equal([]);
      expect(promqlProblems('otelcol_exporter_queue_bytes', catalogue)).to.deep.equal([
        'unknown metric otelcol_exporter_queue_bytes',
      ]);
    });
  });

  describe('LogQL check', () => {
    it('accepts event streams, structured metadata filters, unwrap and grouping', () => {
      const q =
        'quantile_over_time(0.5, {service_name=~".+"} | openqoe_event_name="video.heartbeat" | video_buffer_length!="" | unwrap video_buffer_length [5m]) by (service_name)';
      expect(logqlProblems(q, loki)).to.deep.equal([]);
      expect(logqlProblems('{service_name=~".+"} | trace_id="abc"', loki)).to.deep.equal([]);
    });

    it('rejects a broken expression', () => {
      expect(logqlProblems('{openqoe_event_name="video.error" | trace_id="a"', loki)[0]).to.match(
        /^syntax error/,
      );
    });

    it('rejects a field the contract does not define, and an attribute that never leaves the browser', () => {
      expect(logqlProblems('{service_name=~".+"} | video_buffering_ratio > 0', loki)).to.deep.equal(
        ['unknown field video_buffering_ratio'],
      );
      expect(logqlProblems('{service_name=~".+"} | user_id="x"', loki)).to.deep.equal([
        'unknown field user_id',
      ]);
    });

    it('rejects a stream selector on a label Loki does not index', () => {
      expect(logqlProblems('{video_player_name="hlsjs"}', loki)).to.deep.equal([
        'video_player_name is not a Loki stream label',
      ]);
      // A record attribute is structured metadata: Loki indexes resource attributes only.
      expect(logqlProblems('{openqoe_event_name="video.error"}', loki)).to.deep.equal([
        'openqoe_event_name is not a Loki stream label',
      ]);
    });

    it('rejects an event name the contract does not define', () => {
      expect(
        logqlProblems('{service_name=~".+"} | openqoe_event_name="video.buffering"', loki),
      ).to.deep.equal(['unknown event video.buffering']);
      expect(
        logqlProblems('{service_name=~".+"} | openqoe_event_name="stall_start"', loki),
      ).to.deep.equal(['unknown event stall_start']);
    });
  });

  describe('TraceQL check', () => {
    it('accepts contract spans and attributes in their scope', () => {
      const q =
        '{ name = "video.view" && resource.user.hash = "x" && span.video.content.id =~ ".*" && duration > 2s }';
      expect(traceqlProblems(q, tempo)).to.deep.equal([]);
    });

    it('rejects a broken expression', () => {
      expect(traceqlProblems('{ name = "video.view" && }', tempo)[0]).to.match(/^syntax error/);
    });

    it('rejects an unknown attribute, a wrong scope and an unknown span name', () => {
      expect(traceqlProblems('{ span.video.cdn = "a" }', tempo)).to.deep.equal([
        'span.video.cdn is not a span attribute',
      ]);
      expect(traceqlProblems('{ span.user.hash = "a" }', tempo)).to.deep.equal([
        'span.user.hash is not a span attribute',
      ]);
      expect(traceqlProblems('{ resource.video.content.id = "a" }', tempo)).to.deep.equal([
        'resource.video.content.id is not a resource attribute',
      ]);
      expect(traceqlProblems('{ name = "video.buffering" }', tempo)).to.deep.equal([
        'unknown span video.buffering',
      ]);
    });
  });

  describe('variable substitution', () => {
    it('uses the dashboard defaults and Grafana durations', () => {
      const values = new Map([
        ['player', '.*'],
        ['slow_start', '2s'],
      ]);
      expect(
        substitute('rate(x{p=~"$player"}[$__rate_interval]) ${slow_start} [[player]]', values),
      ).to.deep.equal({
        text: 'rate(x{p=~".*"}[5m]) 2s .*',
        unknown: [],
      });
    });
  });
});
