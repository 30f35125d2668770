import { expect } from 'chai';
import { loadContract } from '../src/load.js';
import { REPO_ROOT } from '../src/generate.js';
import {
  EXEMPT_MARKER,
  findNameUses,
  knownNames,
  scanNameUses,
  unknownNameUses,
} from '../src/name-scan.js';

// The folders whose telemetry names must all come from the contract.
const CHECKED_FOLDERS = [
  'sdk',
  'receiver',
  'alloy',
  'mimir',
  'loki',
  'tempo',
  'grafana',
  'load',
  'demo',
];

describe('telemetry names used in the project', () => {
  const known = knownNames(loadContract());
  const names = (text: string, isCode: boolean): string[] =>
    findNameUses(text, 'x', isCode).map((u) => `${u.kind}:${u.name}`);

  describe('the scanner', () => {
    it('finds names in string literals of code, not in property accesses', () => {
      const code = `video.currentTime = 3; span.setAttribute('video.seek.to', 3); // video.seek.from`;
      expect(names(code, true)).to.deep.equal(['dotted:video.seek.to']);
    });

    it('finds span, attribute, metric and label names in configs', () => {
      const promql = `histogram_quantile(0.95, sum by (le, video_player_name) (rate(openqoe_video_startup_seconds_bucket[5m])))`;
      expect(names(promql, false)).to.have.members([
        'metric:openqoe_video_startup_seconds_bucket',
        'label:video_player_name',
      ]);
      const ottl = `set(attributes["openqoe.event.name"], event_name) where resource.attributes["service.name"] != nil`;
      expect(names(ottl, false)).to.deep.equal(['dotted:openqoe.event.name']);
      const traceql = `{ span.video.view.id = "abc" && name = "video.rebuffer" }`;
      expect(names(traceql, false)).to.have.members([
        'dotted:video.view.id',
        'dotted:video.rebuffer',
      ]);
    });

    it('does not take package or file names for telemetry names', () => {
      expect(
        names(`import videojs from 'video.js'; load('/lib/video.min.js')`, true),
      ).to.deep.equal([]);
    });

    it('does not read a recording rule name as a metric or label', () => {
      expect(names('record: openqoe:video_startup_seconds:p95', false)).to.deep.equal([]);
    });

    it('reports the line of each use', () => {
      const uses = findNameUses(`a: 1\nb: "video.view"\n`, 'f.yaml', false);
      expect(uses).to.deep.equal([{ file: 'f.yaml', line: 2, kind: 'dotted', name: 'video.view' }]);
    });

    it('flags names that are not in the contract', () => {
      const text = `attributes["video.buffering_ratio"] openqoe_startup_p95 video_cdn_name video.stall_start`;
      const unknown = unknownNameUses(findNameUses(text, 'config.alloy', false), known).map(
        (u) => u.name,
      );
      expect(unknown).to.have.members([
        'video.buffering_ratio',
        'openqoe_startup_p95',
        'video_cdn_name',
      ]);
    });

    it('exempts only files that say why they hold unknown names', () => {
      expect(
        EXEMPT_MARKER.test('// contract-scan: exempt (bad-input corpus: unknown names on purpose)'),
      ).to.equal(true);
      expect(EXEMPT_MARKER.test('// contract-scan: exempt ()')).to.equal(false);
      expect(EXEMPT_MARKER.test('// contract-scan: exempt')).to.equal(false);
    });

    it('knows metric series names and label names derived from the contract', () => {
      for (const name of [
        'openqoe_seek_latency_seconds_bucket',
        'openqoe_seeks_total',
        'openqoe_event_name',
      ]) {
        expect(known.metric.has(name), name).to.equal(true);
      }
      expect(known.label.has('video_error_severity')).to.equal(true);
      expect(known.label.has('video_view_id'), 'not a label-class attribute').to.equal(false);
    });
  });

  it(`are all in the contract (${CHECKED_FOLDERS.join(', ')})`, () => {
    const uses = scanNameUses(REPO_ROOT, CHECKED_FOLDERS);
    // The generated SDK constants alone use every sendable name: an empty scan means a broken scanner.
    expect(uses.length).to.be.greaterThan(100);
    const unknown = unknownNameUses(uses, known).map((u) => `${u.file}:${u.line} ${u.name}`);
    expect(unknown, 'names not in contract/telemetry.yaml').to.deep.equal([]);
  });
});
