import { expect } from 'chai';
import { KeyRing, keyDigest, newApiKey } from '../../src/domain/api-keys.js';
import { OriginPolicy, checkOriginPattern } from '../../src/domain/origins.js';

describe('API keys and origins (R2, R3)', () => {
  const ring = new KeyRing([
    newApiKey(
      keyDigest('key-one-0123456789'),
      'one',
      new OriginPolicy(['https://a.example']),
      undefined,
    ),
    newApiKey(keyDigest('key-two-0123456789'), 'two', new OriginPolicy(['*']), undefined),
  ]);

  it('find a key by its digest and keep only digests', () => {
    expect(ring.authenticate('key-one-0123456789')?.tenant).to.equal('one');
    expect(ring.authenticate('key-one-0123456788')).to.equal(undefined);
    expect(ring.authenticate('')).to.equal(undefined);
    for (const key of ring.keys) {
      expect(JSON.stringify(key)).not.to.contain('0123456789');
      expect(key.id).to.match(/^[0-9a-f]{12}$/);
    }
  });

  it('refuse the same key twice', () => {
    const digest = keyDigest('same-key-0123456789');
    expect(
      () =>
        new KeyRing([
          newApiKey(digest, 'a', new OriginPolicy(['*']), undefined),
          newApiKey(digest, 'b', new OriginPolicy(['*']), undefined),
        ]),
    ).to.throw(/twice/);
  });

  it('match exact origins, wildcard subdomains and "*"', () => {
    const policy = new OriginPolicy(['https://shop.example', 'https://*.acme.example']);
    expect(policy.allows('https://shop.example')).to.equal(true);
    expect(policy.allows('HTTPS://SHOP.EXAMPLE')).to.equal(true);
    expect(policy.allows('http://shop.example')).to.equal(false);
    expect(policy.allows('https://shop.example:8443')).to.equal(false);
    expect(policy.allows('https://www.acme.example')).to.equal(true);
    expect(policy.allows('https://a.b.acme.example')).to.equal(true);
    expect(policy.allows('https://acme.example')).to.equal(false);
    expect(policy.allows('https://evilacme.example')).to.equal(false);
    expect(policy.allows('https://x.acme.example.evil')).to.equal(false);
    expect(new OriginPolicy(['*']).allows('https://anything.example')).to.equal(true);
  });

  it('answer preflights for an origin any key admits', () => {
    expect(ring.anyAllows('https://elsewhere.example')).to.equal(true);
    const strict = new KeyRing([
      newApiKey(
        keyDigest('key-three-0123456789'),
        't',
        new OriginPolicy(['https://a.example']),
        undefined,
      ),
    ]);
    expect(strict.anyAllows('https://a.example')).to.equal(true);
    expect(strict.anyAllows('https://b.example')).to.equal(false);
  });

  it('name what is wrong with a bad origin pattern', () => {
    expect(checkOriginPattern('https://shop.example/path')).to.match(/is not an origin/);
    expect(checkOriginPattern('shop.example')).to.match(/is not an origin/);
    expect(checkOriginPattern('https://*.shop.example')).to.equal(undefined);
  });
});
