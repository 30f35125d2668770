import { expect } from 'chai';
import {
  CardinalityGovernor,
  bucketLabel,
  fnv1a,
  hashLabel,
  type DimensionPolicy,
} from '../../src/domain/cardinality.js';
import { mergePolicies } from '../../src/domain/tenants.js';

const OVERFLOW = '__other__';

function governor(
  policies: DimensionPolicy[],
  clock = () => 0,
  windowMs = 1000,
): CardinalityGovernor {
  return new CardinalityGovernor(policies, { overflowValue: OVERFLOW, windowMs, clock });
}

describe('cardinality governance (R7)', () => {
  it('allow: passes max_cardinality distinct values, then the overflow value', () => {
    const g = governor([{ attribute: 'service.name', policy: 'allow', maxCardinality: 2 }]);
    expect(g.govern('service.name', 'a')).to.equal('a');
    expect(g.govern('service.name', 'b')).to.equal('b');
    expect(g.govern('service.name', 'c')).to.equal(OVERFLOW);
    expect(g.govern('service.name', 'a'), 'a value already seen still passes').to.equal('a');
    expect(g.stats()['service.name']).to.deep.include({
      distinct: 2,
      overflowed: 1,
      maxCardinality: 2,
    });
  });

  it('allow with an enum: values outside it overflow', () => {
    const g = governor([
      { attribute: 'video.stream.type', policy: 'allow', values: ['vod', 'live'] },
    ]);
    expect(g.govern('video.stream.type', 'live')).to.equal('live');
    expect(g.govern('video.stream.type', 'radio')).to.equal(OVERFLOW);
  });

  it('hash: replaces values by a stable short hash, bounded like allow', () => {
    const g = governor([{ attribute: 'video.content.id', policy: 'hash', maxCardinality: 3 }]);
    const first = g.govern('video.content.id', 'movie-1');
    expect(first)
      .to.equal(hashLabel('movie-1'))
      .and.to.match(/^[0-9a-f]{16}$/);
    expect(first).not.to.equal('movie-1');
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 1000; i++) seen.add(g.govern('video.content.id', `movie-${i}`));
    expect(seen.size).to.equal(4); // 3 hashes + the overflow value
    expect(seen.has(OVERFLOW)).to.equal(true);
  });

  it('bucket: spreads values over max_cardinality buckets and never overflows', () => {
    const g = governor([{ attribute: 'video.content.id', policy: 'bucket', maxCardinality: 10 }]);
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 5000; i++) seen.add(g.govern('video.content.id', `id-${i}`));
    expect(seen.size).to.equal(10);
    expect(seen.has(OVERFLOW)).to.equal(false);
    expect(g.govern('video.content.id', 'id-7')).to.equal(bucketLabel('id-7', 10));
  });

  it('drop: removes the attribute from lists', () => {
    const g = governor([{ attribute: 'video.error.code', policy: 'drop' }]);
    const attributes = [
      { key: 'video.error.code', value: { stringValue: 'E1' } },
      { key: 'error.type', value: { stringValue: 'network' } },
    ];
    const kept = g.governAttributes(attributes);
    expect(kept.map((a) => a.key)).to.deep.equal(['error.type']);
    expect(g.stats()['video.error.code']?.dropped).to.equal(1);
  });

  it('governs lists in place and leaves non-label and non-string attributes alone', () => {
    const g = governor([{ attribute: 'service.name', policy: 'allow', maxCardinality: 1 }]);
    const attributes = [
      { key: 'service.name', value: { stringValue: 'a' } },
      { key: 'session.id', value: { stringValue: 'x' } },
    ];
    g.governAttributes(attributes);
    const second = [{ key: 'service.name', value: { stringValue: 'b' } }];
    g.governAttributes(second);
    expect(second[0]?.value.stringValue).to.equal(OVERFLOW);
    expect(attributes[1]?.value.stringValue).to.equal('x');
  });

  it('forgets values when the window runs out (injected clock)', () => {
    let now = 0;
    const g = governor(
      [{ attribute: 'service.name', policy: 'allow', maxCardinality: 1 }],
      () => now,
      1000,
    );
    g.tick();
    expect(g.govern('service.name', 'a')).to.equal('a');
    expect(g.govern('service.name', 'b')).to.equal(OVERFLOW);
    now = 999;
    g.tick();
    expect(g.govern('service.name', 'b')).to.equal(OVERFLOW);
    now = 1000;
    g.tick();
    expect(g.govern('service.name', 'b')).to.equal('b');
  });

  it('refuses bucket or hash without max_cardinality', () => {
    expect(() => governor([{ attribute: 'service.name', policy: 'bucket' }])).to.throw(
      /max_cardinality/,
    );
  });

  it('merges overrides over the contract policy, later ones winning', () => {
    const merged = mergePolicies(
      [{ attribute: 'video.content.id', policy: 'hash', maxCardinality: 1000 }],
      { 'video.content.id': { policy: 'bucket', maxCardinality: undefined } },
      { 'video.content.id': { policy: 'allow', maxCardinality: 5 } },
    );
    expect(merged).to.deep.equal([
      { attribute: 'video.content.id', policy: 'allow', maxCardinality: 5 },
    ]);
  });

  it('fnv1a is the standard 32-bit FNV-1a', () => {
    expect(fnv1a('')).to.equal(0x811c9dc5);
    expect(fnv1a('a')).to.equal(0xe40c292c);
  });
});
