// contract-scan: exempt (tests of the builders' refusal of names the contract does not define)
import { expect } from 'chai';
import { readRecordingRules, outputLabels } from '../src/check/recording-rules.js';
import { contractSeries } from '../src/check/catalogue.js';
import { eventLogs, lokiField } from '../src/logql.js';
import { labelsOfSeries, metricOfSeries, PromQl } from '../src/promql.js';
import { recordedSeries } from '../src/recorded.js';
import { field, spanNamed } from '../src/traceql.js';
import { RULES_DIR } from '../src/paths.js';
import { contract } from './helpers.js';

describe('dashboard builders refuse names the contract lacks', () => {
  it('PromQl applies a filter only where the metric has its label', () => {
    const q = new PromQl({ filters: ['player', 'content'], fixed: { video_stream_type: 'vod' } });
    expect(q.select('openqoe_views_started_total')).to.equal(
      'openqoe_views_started_total{video_player_name=~"$player", video_content_id=~"$content", video_stream_type="vod"}',
    );
    expect(q.select('openqoe_dropped_frames_total')).to.equal(
      'openqoe_dropped_frames_total{video_player_name=~"$player"}',
    );
    expect(q.without('player').unpinned().select('openqoe_seeks_total')).to.equal(
      'openqoe_seeks_total',
    );
  });

  it('PromQl throws on an unknown metric, matcher label or grouping label', () => {
    const q = new PromQl({ filters: [] });
    expect(() => q.select('openqoe_startup_p95')).to.throw(/not a series/);
    expect(() => q.select('openqoe_seeks_total', { video_content_id: 'a' })).to.throw(
      /no label video_content_id/,
    );
    expect(() => q.sumRate('openqoe_seeks_total', ['le'])).to.throw(/no label le/);
    expect(() => metricOfSeries('openqoe_seeks_total_bucket')).to.throw();
    expect([...labelsOfSeries('openqoe_seek_latency_seconds_bucket')]).to.include('le');
    expect([...labelsOfSeries('openqoe_seek_latency_seconds_sum')]).to.not.include('le');
  });

  it('LogQL and TraceQL helpers throw on unknown events, spans and attributes', () => {
    expect(() => eventLogs('video.buffering')).to.throw(/not an event/);
    expect(() => lokiField('video.cdn')).to.throw(/not an attribute/);
    expect(() => lokiField('user.id')).to.throw(/never leaves/);
    expect(() => spanNamed('video.buffering')).to.throw(/not a span/);
    expect(() => field('client.address')).to.throw(/never leaves/);
    expect(field('user.hash')).to.equal('resource.user.hash');
    expect(field('video.content.id')).to.equal('span.video.content.id');
  });

  it('recorded series must be rules in mimir/rules', () => {
    expect(recordedSeries('openqoe:events:rate5m')).to.equal('openqoe:events:rate5m');
    expect(() => recordedSeries('openqoe:events:rate1m')).to.throw(/not a recording rule/);
  });
});

describe('recording rules as series', () => {
  const rules = readRecordingRules(RULES_DIR);
  const sources = contractSeries(contract);
  const labelsOf = (record: string) => {
    const rule = rules.find((r) => r.record === record);
    if (!rule) throw new Error(`no rule ${record}`);
    return [...outputLabels(rule, sources)];
  };

  it('are read from mimir/rules', () => {
    expect(rules.length).to.be.greaterThan(10);
  });

  it('keep the labels they group by, without le after a quantile', () => {
    expect(labelsOf('openqoe:video_startup_seconds:p95_5m')).to.have.members([
      'video_player_name',
      'video_stream_type',
    ]);
    expect(labelsOf('openqoe:events:rate5m')).to.deep.equal([]);
    expect(labelsOf('openqoe:events:rate5m_by_event')).to.deep.equal(['openqoe_event_name']);
  });

  it('keep the shared labels of their sources when they do not aggregate', () => {
    const rule = {
      record: 'x:y:z',
      expr: 'openqoe_seeks_total / openqoe_rebuffer_events_total',
      labels: { team: 'video' },
      file: 'x',
    };
    expect([...outputLabels(rule, sources)]).to.have.members([
      'video_player_name',
      'video_stream_type',
      'video_device_type',
      'team',
    ]);
  });
});
