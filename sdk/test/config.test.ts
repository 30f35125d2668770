import { expect } from 'chai';
import { OpenQoEConfigError, resolveConfig } from '../src/config.js';

describe('config validation', () => {
  it('fills defaults for a minimal config', () => {
    const config = resolveConfig({ endpoint: '/qoe' });
    expect(config).to.include({
      endpoint: '/qoe',
      serviceName: 'web',
      sampleRate: 1,
      requireConsent: false,
      maxBatchItems: 50,
      maxBatchDelayMs: 5000,
      maxQueuedBatches: 50,
      maxQueuedBytes: 512 * 1024,
      queueTtlMs: 24 * 3600_000,
      heartbeatIntervalMs: 10_000,
    });
  });

  it('accepts own providers instead of an endpoint', () => {
    const provider = { getTracer: () => ({}), getLogger: () => ({}) };
    const config = resolveConfig({ tracerProvider: provider, loggerProvider: provider });
    expect(config.endpoint).to.equal(undefined);
  });

  const invalid: [string, unknown, string, RegExp][] = [
    ['a non-object config', 'https://x', '(root)', /must be an object \(got "https:\/\/x"\)/],
    ['no endpoint and no providers', {}, 'endpoint', /is required/],
    ['an empty endpoint', { endpoint: '' }, 'endpoint', /non-empty string/],
    ['a misspelt option', { endpoint: '/q', sampleRat: 0.5 }, 'sampleRat', /is not a known option/],
    [
      'a sample rate above 1',
      { endpoint: '/q', sampleRate: 2 },
      'sampleRate',
      /from 0 to 1 \(got 2\)/,
    ],
    [
      'a sample rate that is a string',
      { endpoint: '/q', sampleRate: '0.5' },
      'sampleRate',
      /got "0.5"/,
    ],
    [
      'a fractional batch size',
      { endpoint: '/q', maxBatchItems: 2.5 },
      'maxBatchItems',
      /an integer/,
    ],
    [
      'a viewer id without a salt',
      { endpoint: '/q', viewerId: 'v-1' },
      'viewerIdSalt',
      /keyed hash/,
    ],
    [
      'a non-boolean consent flag',
      { endpoint: '/q', requireConsent: 'yes' },
      'requireConsent',
      /boolean/,
    ],
    [
      'query params that are not strings',
      { endpoint: '/q', allowedQueryParams: [1] },
      'allowedQueryParams',
      /array of strings/,
    ],
    [
      'only one provider',
      { tracerProvider: { getTracer: () => ({}) } },
      'loggerProvider',
      /together/,
    ],
    [
      'a provider without its method',
      { tracerProvider: {}, loggerProvider: {} },
      'tracerProvider',
      /getTracer/,
    ],
    ['a NaN delay', { endpoint: '/q', maxBatchDelayMs: NaN }, 'maxBatchDelayMs', /got NaN/],
  ];
  for (const [what, input, field, message] of invalid) {
    it(`rejects ${what}, naming the field`, () => {
      try {
        resolveConfig(input);
        expect.fail('expected a config error');
      } catch (error) {
        expect(error).to.be.instanceOf(OpenQoEConfigError);
        expect((error as OpenQoEConfigError).field).to.equal(field);
        expect((error as Error).message).to.match(message);
        expect((error as Error).message).to.include(`config.${field}`);
      }
    });
  }
});
