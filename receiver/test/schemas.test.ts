import { expect } from 'chai';
import { compileContractSchemas } from '../src/schemas.js';

describe('receiver contract schemas', () => {
  const validators = compileContractSchemas();

  it('compile from the generated files and validate an OTLP span', () => {
    const body = {
      resourceSpans: [
        {
          resource: {
            attributes: [
              ['service.name', 'shop'],
              ['telemetry.sdk.name', 'opentelemetry'],
              ['telemetry.sdk.language', 'webjs'],
              ['telemetry.sdk.version', '2.12.1'],
              ['telemetry.distro.name', 'openqoe'],
              ['telemetry.distro.version', '0.1.0'],
            ].map(([key, value]) => ({ key, value: { stringValue: value } })),
          },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  parentSpanId: '00f067aa0ba902b7',
                  name: 'video.rebuffer',
                  startTimeUnixNano: '1795000000000000000',
                  endTimeUnixNano: '1795000001500000000',
                  attributes: [{ key: 'video.rebuffer.index', value: { intValue: '1' } }],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(validators.traces(body), JSON.stringify(validators.traces.errors)).to.equal(true);
  });

  it('reject a rebuffer span without its index', () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [] },
          scopeSpans: [{ spans: [{ traceId: 'x', name: 'video.rebuffer' }] }],
        },
      ],
    };
    expect(validators.traces(body)).to.equal(false);
    expect(validators.traces.errors?.[0]?.instancePath).to.match(/^\/resourceSpans\/0/);
  });
});
