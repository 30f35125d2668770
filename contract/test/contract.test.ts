import { expect } from 'chai';
import { ContractError, loadContract, parseContract } from '../src/load.js';
import { parseChanged } from './helpers.js';

function problemsOf(change: Parameters<typeof parseChanged>[0]): string[] {
  try {
    parseChanged(change);
  } catch (error) {
    expect(error).to.be.instanceOf(ContractError);
    return [...(error as ContractError).problems];
  }
  throw new Error('expected the changed contract to be rejected');
}

type Obj = Record<string, unknown>;
const at = (raw: Obj, ...path: string[]): Obj =>
  path.reduce<Obj>((node, key) => node[key] as Obj, raw);

describe('telemetry contract', () => {
  const contract = loadContract();

  it('maps the 12 original openqoe events onto the video.* namespace', () => {
    const legacy = Object.fromEntries(
      [...contract.events.values()].filter((e) => e.legacy).map((e) => [e.legacy, e.name]),
    );
    expect(legacy).to.deep.equal({
      playerready: 'video.player_ready',
      viewstart: 'video.view_start',
      playing: 'video.playing',
      pause: 'video.pause',
      seek: 'video.seek',
      stall_start: 'video.stall_start',
      stall_end: 'video.stall_end',
      ended: 'video.ended',
      error: 'video.error',
      quartile: 'video.quartile',
      heartbeat: 'video.heartbeat',
      quality_change: 'video.quality_change',
    });
  });

  it('has one root span video.view with startup, rebuffer and seek children', () => {
    expect([...contract.spans.keys()]).to.have.members([
      'video.view',
      'video.startup',
      'video.rebuffer',
      'video.seek',
    ]);
    expect(contract.spans.get('video.view')?.parent).to.equal(null);
    for (const child of ['video.startup', 'video.rebuffer', 'video.seek']) {
      expect(contract.spans.get(child)?.parent).to.equal('video.view');
    }
    expect(contract.spans.get('video.view')?.required).to.include('video.view.end_reason');
  });

  it('keeps the original openqoe_* metric names', () => {
    const names = [...contract.metrics.keys()];
    expect(names).to.include.members([
      'openqoe_events_total',
      'openqoe_player_startup_seconds',
      'openqoe_video_startup_seconds',
      'openqoe_views_started_total',
      'openqoe_views_completed_total',
      'openqoe_rebuffer_events_total',
      'openqoe_rebuffer_duration_seconds',
      'openqoe_seeks_total',
      'openqoe_seek_latency_seconds',
      'openqoe_errors_total',
      'openqoe_completion_rate',
      'openqoe_bitrate_bps',
      'openqoe_dropped_frames_total',
      'openqoe_watch_time_seconds_total',
    ]);
  });

  it('gives every attribute a type and a cardinality class, and bounds every label', () => {
    for (const a of contract.attributes.values()) {
      expect(['label', 'attribute', 'hashed', 'never']).to.include(a.cardinality);
      if (a.cardinality === 'label' && a.type !== 'boolean') {
        expect(a.enum ?? a.maxCardinality, a.name).to.not.equal(undefined);
      }
    }
    expect(contract.attributes.get('user.hash')?.cardinality).to.equal('hashed');
    expect(contract.attributes.get('user.id')?.cardinality).to.equal('never');
  });

  it('labels every metric only with label-class attributes', () => {
    for (const m of contract.metrics.values()) {
      for (const label of m.labels) {
        expect(contract.attributes.get(label)?.cardinality, `${m.name} ${label}`).to.equal('label');
      }
    }
  });

  describe('rejects a broken contract, naming the problem', () => {
    const cases: [string, (raw: Obj) => void, string][] = [
      [
        'a misspelt key',
        (r) => (at(r, 'attributes', 'video.view.id').cardinalty = 'label'),
        'additional properties',
      ],
      [
        'an unknown type',
        (r) => (at(r, 'attributes', 'video.view.id').type = 'uuid'),
        '/attributes/video.view.id/type',
      ],
      [
        'a span attribute that does not exist',
        (r) => (at(r, 'spans', 'video.seek').optional as string[]).push('video.seek.speed'),
        'span video.seek: unknown attribute "video.seek.speed"',
      ],
      [
        'an event sending a never-sent attribute',
        (r) => (at(r, 'events', 'video.pause').optional as string[]).push('user.id'),
        '"user.id" is cardinality "never"',
      ],
      [
        'an unbounded label',
        (r) => delete at(r, 'attributes', 'video.player.version').max_cardinality,
        'attribute video.player.version: a label needs enum or max_cardinality',
      ],
      [
        'a label without a policy',
        (r) => delete at(r, 'attributes', 'video.stream.type').policy,
        'attribute video.stream.type: a label needs a policy',
      ],
      [
        'a string without a length limit',
        (r) => delete at(r, 'attributes', 'video.content.title').max_length,
        'a string needs max_length or enum',
      ],
      [
        'a metric labelled with a high-cardinality attribute',
        (r) => (at(r, 'metrics', 'openqoe_seeks_total').labels as string[]).push('video.view.id'),
        'metric openqoe_seeks_total: "video.view.id" is cardinality "attribute"',
      ],
      [
        'a counter not ending in _total',
        (r) => {
          at(r, 'metrics').openqoe_seeks = at(r, 'metrics', 'openqoe_seeks_total');
        },
        "metric openqoe_seeks: a counter's name must end in _total",
      ],
      [
        'a histogram without buckets',
        (r) => delete at(r, 'metrics', 'openqoe_seek_latency_seconds').buckets,
        'a histogram needs buckets',
      ],
      [
        'buckets out of order',
        (r) => (at(r, 'metrics', 'openqoe_seek_latency_seconds').buckets = [1, 0.5]),
        'buckets must be strictly increasing',
      ],
      [
        'a metric from an unknown span',
        (r) => (at(r, 'metrics', 'openqoe_seeks_total', 'from').span = 'video.scrub'),
        'unknown span "video.scrub"',
      ],
      [
        'a metric from a string attribute',
        (r) => (at(r, 'metrics', 'openqoe_bitrate_bps', 'from').value = 'video.source.url'),
        'is not numeric',
      ],
      [
        'a metric from an attribute its source lacks',
        (r) => (at(r, 'metrics', 'openqoe_bitrate_bps', 'from').value = 'video.quality.bitrate'),
        'is not an attribute of span video.view',
      ],
      [
        'a duration from a log record',
        (r) => (at(r, 'metrics', 'openqoe_player_startup_seconds', 'from').value = 'duration'),
        'only spans have a duration',
      ],
      [
        'a child span with an unknown parent',
        (r) => (at(r, 'spans', 'video.seek').parent = 'video.session'),
        'unknown parent span "video.session"',
      ],
      [
        'two root spans',
        (r) => (at(r, 'spans', 'video.seek').parent = null),
        'expected exactly one root span',
      ],
      [
        'an attribute used as a namespace',
        (r) =>
          (at(r, 'attributes')['video.seek.to.frame'] = {
            ...at(r, 'attributes', 'video.seek.to'),
          }),
        'attribute video.seek.to: is also used as a namespace',
      ],
      [
        'an attribute named like an event',
        (r) => (at(r, 'attributes')['video.pause'] = { ...at(r, 'attributes', 'video.seek.to') }),
        'has the same name as an event or span',
      ],
      [
        'an enum value of the wrong type',
        (r) => (at(r, 'attributes', 'video.quartile.percent').enum = ['25']),
        'enum values must all be of type int',
      ],
      [
        'a duplicated legacy name',
        (r) => (at(r, 'events', 'video.pause').legacy = 'playing'),
        'legacy name "playing" is used twice',
      ],
    ];
    for (const [what, change, expected] of cases) {
      it(what, () => {
        const problems = problemsOf(change);
        expect(problems.join('\n')).to.include(expected);
      });
    }

    it('text that is not YAML', () => {
      expect(() => parseContract('attributes: [unclosed')).to.throw(
        ContractError,
        /not valid YAML/,
      );
    });
  });
});
