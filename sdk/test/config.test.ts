// Config validation as the main entry (@openqoe/sdk) does it: the core's options and those of the
// SDK's own pipeline. The core entry's own checks are in core-entry.test.ts.
import { expect } from 'chai';
import {
  OWN_PIPELINE_FIELDS,
  OpenQoEConfigError,
  resolveConfig,
  resolveOwnPipelineConfig,
  type OpenQoEConfig,
} from '../src/config.js';
import { OpenQoE } from '../src/index.js';

describe('config validation', () => {
  it('fills defaults for a minimal config', () => {
    const input = { endpoint: '/qoe' };
    expect(resolveConfig(input, OWN_PIPELINE_FIELDS)).to.include({
      sampleRate: 1,
      requireConsent: false,
      sessionTimeoutMs: 30 * 60_000,
      heartbeatIntervalMs: 10_000,
    });
    expect(resolveOwnPipelineConfig(input, false)).to.include({
      endpoint: '/qoe',
      serviceName: 'web',
      maxBatchItems: 50,
      maxBatchDelayMs: 5000,
      maxQueuedBatches: 50,
      maxQueuedBytes: 512 * 1024,
      queueTtlMs: 24 * 3600_000,
      requestTimeoutMs: 10_000,
    });
  });

  it('accepts own providers instead of an endpoint', () => {
    const provider = { getTracer: () => ({}), getLogger: () => ({}) };
    const input = { tracerProvider: provider, loggerProvider: provider };
    expect(resolveConfig(input, OWN_PIPELINE_FIELDS).tracerProvider).to.equal(provider);
    expect(resolveOwnPipelineConfig(input, true).endpoint).to.equal(undefined);
  });

  it('knows every option of OpenQoEConfig, each validated by one side', () => {
    // A field missing from both lists would be refused as unknown on the main entry.
    const sample = {
      endpoint: '/q',
      apiKey: 'k',
      serviceName: 's',
      serviceVersion: '1',
      environment: 'prod',
      viewerId: 'v',
      viewerIdSalt: 'salt',
      sampleRate: 0.5,
      requireConsent: true,
      allowedQueryParams: ['a'],
      maxBatchItems: 10,
      maxBatchDelayMs: 1000,
      maxQueuedBatches: 10,
      maxQueuedBytes: 1000,
      queueTtlMs: 1000,
      sessionTimeoutMs: 60_000,
      heartbeatIntervalMs: 5000,
      requestTimeoutMs: 1000,
    } satisfies Required<Omit<OpenQoEConfig, 'tracerProvider' | 'loggerProvider'>>;
    expect(() => resolveConfig(sample, OWN_PIPELINE_FIELDS)).to.not.throw();
    expect(resolveOwnPipelineConfig(sample, false)).to.include({
      apiKey: 'k',
      maxBatchItems: 10,
    });
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
        new OpenQoE(input as never); // throws before it builds anything
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
