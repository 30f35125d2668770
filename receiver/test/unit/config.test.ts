import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DEFAULT_OTEL_URL, DEFAULT_PORT } from '../../src/config/config.js';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { keyDigest } from '../../src/domain/api-keys.js';

const KEY = 'an-api-key-of-sufficient-length';
const dir = mkdtempSync(join(tmpdir(), 'receiver-config-'));
let fileCount = 0;

function file(text: string, extension = 'yaml'): string {
  const path = join(dir, `config-${fileCount++}.${extension}`);
  writeFileSync(path, text);
  return path;
}

function failure(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('uses the original names and defaults: PORT 8788, OTEL_URL, API_KEY for tenant default', () => {
    const config = loadConfig({ API_KEY: KEY });
    expect(config.port).to.equal(DEFAULT_PORT).and.to.equal(8788);
    expect(config.downstream.url).to.equal(DEFAULT_OTEL_URL);
    expect(config.keys).to.have.length(1);
    expect(config.keys[0]!.tenant).to.equal('default');
    expect(config.keys[0]!.digest.equals(keyDigest(KEY))).to.equal(true);
    expect(config.keys[0]!.origins).to.deep.equal(['*']);
    const custom = loadConfig({
      API_KEY: KEY,
      PORT: '9000',
      OTEL_URL: 'http://alloy:4318',
      ALLOWED_ORIGINS: 'https://a.example, https://*.b.example',
    });
    expect(custom.port).to.equal(9000);
    expect(custom.downstream.url).to.equal('http://alloy:4318');
    expect(custom.keys[0]!.origins).to.deep.equal(['https://a.example', 'https://*.b.example']);
  });

  it('names the variable that is wrong', () => {
    expect(failure({})).to.match(/no API key configured/);
    expect(failure({ API_KEY: 'short' })).to.match(/^API_KEY: must be at least 16/);
    expect(failure({ API_KEY: KEY, PORT: 'eighty' })).to.match(/^PORT: must be an integer/);
    expect(failure({ API_KEY: KEY, PORT: '70000' })).to.match(/^PORT:/);
    expect(failure({ API_KEY: KEY, OTEL_URL: 'alloy:4318' })).to.match(
      /^OTEL_URL: must be an http\(s\) URL/,
    );
    expect(failure({ API_KEY: KEY, ALLOWED_ORIGINS: 'shop.example' })).to.match(
      /^ALLOWED_ORIGINS:/,
    );
    expect(failure({ API_KEY: KEY, RECEIVER_CONFIG: join(dir, 'missing.yaml') })).to.match(
      /cannot read/,
    );
  });

  it('reads keys, tenants, limits and overrides from a YAML file', () => {
    const path = file(`
keys:
  - key: ${KEY}
    tenant: acme
    origins: [https://shop.example]
    rate_limit: { requests_per_second: 5, burst: 10 }
  - key_sha256: ${keyDigest('another-key-0123456789').toString('hex')}
    tenant: globex
tenants:
  acme:
    viewer_hash_salt: a-salt-of-enough-length
    cardinality:
      video.content.id: { policy: bucket, max_cardinality: 50 }
limits: { max_body_bytes: 2048, max_inflated_bytes: 4096 }
rate_limits: { per_ip: off, per_session: { requests_per_second: 1 } }
timestamps: { policy: reject, max_future_seconds: 60 }
cardinality: { overrides: { video.error.code: { policy: drop } } }
`);
    const config = loadConfig({ RECEIVER_CONFIG: path });
    expect(config.keys.map((k) => k.tenant)).to.deep.equal(['acme', 'globex']);
    expect(config.keys[0]!.rateLimit).to.deep.equal({ ratePerSecond: 5, burst: 10 });
    expect(config.keys[1]!.rateLimit, 'the per-key default').to.deep.equal({
      ratePerSecond: 2000,
      burst: 4000,
    });
    expect(config.tenants.get('acme')).to.deep.equal({
      viewerHashSalt: 'a-salt-of-enough-length',
      cardinality: { 'video.content.id': { policy: 'bucket', maxCardinality: 50 } },
    });
    expect(config.limits.maxBodyBytes).to.equal(2048);
    expect(config.rateLimits.perIp).to.equal(undefined);
    expect(config.rateLimits.perSession).to.deep.equal({ ratePerSecond: 1, burst: 1 });
    expect(config.timestamps).to.include({ mode: 'reject', maxFutureMs: 60_000 });
    expect(config.cardinality.overrides).to.deep.equal({
      'video.error.code': { policy: 'drop', maxCardinality: undefined },
    });
  });

  it('reads JSON files too, and adds their keys to API_KEY', () => {
    const path = file(
      JSON.stringify({ keys: [{ key: 'json-key-0123456789', tenant: 'j' }] }),
      'json',
    );
    const config = loadConfig({ API_KEY: KEY, RECEIVER_CONFIG: path });
    expect(config.keys.map((k) => k.tenant)).to.deep.equal(['default', 'j']);
  });

  const BAD_FILES: [string, RegExp][] = [
    ['keys: [{ tenant: acme }]', /keys\[0\]\.key: give exactly one of key or key_sha256/],
    [`keys: [{ key: ${KEY}, tenant: "bad tenant" }]`, /keys\[0\]\.tenant: must be 1-64 characters/],
    [
      `keys: [{ key: ${KEY}, tenant: a, origins: [ftp://x] }]`,
      /keys\[0\]\.origins\[0\]: "ftp:\/\/x" is not an origin/,
    ],
    [`keys: [{ key: ${KEY}, tenant: a, colour: blue }]`, /keys\[0\]\.colour: unknown field/],
    [
      `keys: [{ key: ${KEY}, tenant: a, rate_limit: { burst: 3 } }]`,
      /keys\[0\]\.rate_limit\.requests_per_second: is required/,
    ],
    [`keys: [{ key_sha256: abc, tenant: a }]`, /keys\[0\]\.key_sha256: must be 64 hex digits/],
    [
      `keys: [{ key: ${KEY}, tenant: a }]\nlimits: { max_body_bytes: -1 }`,
      /limits\.max_body_bytes: must be an integer/,
    ],
    [
      `keys: [{ key: ${KEY}, tenant: a }]\nlimits: { max_body_bytes: 4096, max_inflated_bytes: 2048 }`,
      /limits\.max_inflated_bytes: must be at least/,
    ],
    [
      `keys: [{ key: ${KEY}, tenant: a }]\ntimestamps: { policy: ignore }`,
      /timestamps\.policy: must be correct or reject/,
    ],
    [
      `keys: [{ key: ${KEY}, tenant: a }]\ncardinality: { overrides: { video.content.title: { policy: allow } } }`,
      /cardinality\.overrides\.video\.content\.title: unknown field/,
    ],
    [
      `keys: [{ key: ${KEY}, tenant: a }]\ncardinality: { overrides: { service.name: { policy: squash } } }`,
      /cardinality\.overrides\.service\.name\.policy: must be one of/,
    ],
    [
      `keys: [{ key: ${KEY}, tenant: a }]\ntenants: { a: { viewer_hash_salt: short } }`,
      /tenants\.a\.viewer_hash_salt: must be at least 16/,
    ],
    [`keys: [{ key: ${KEY}, tenant: a }]\nspeed: fast`, /speed: unknown field/],
    ['keys: {', /not valid YAML/],
    ['tenants: []', /tenants: must be a mapping/],
  ];
  for (const [text, expected] of BAD_FILES) {
    it(`refuses ${text.split('\n').pop()!.slice(0, 70)}`, () => {
      expect(failure({ RECEIVER_CONFIG: file(text) })).to.match(expected);
    });
  }
});
