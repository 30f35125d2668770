import { expect } from 'chai';
import { attributeWarnings, captureConsoleWarnings } from './validation-ceiling.js';

describe('validation ceiling: schema warning check', () => {
  it('captures console.warn and console.error and restores both afterwards', () => {
    const { warn, error } = console;
    const { value, messages } = captureConsoleWarnings(() => {
      console.warn('strict mode:', 'one');
      console.error('two');
      return 42;
    });
    expect(value).to.equal(42);
    expect(messages).to.deep.equal(['strict mode: one', 'two']);
    expect(console.warn).to.equal(warn);
    expect(console.error).to.equal(error);
  });

  it('restores the console when the compilation throws', () => {
    const { warn } = console;
    expect(() =>
      captureConsoleWarnings(() => {
        throw new Error('schema is invalid');
      }),
    ).to.throw('schema is invalid');
    expect(console.warn).to.equal(warn);
  });

  it('files each message under the schema whose $id it names, and the rest apart', () => {
    const files = new Map([
      ['urn:openqoe:schema:otlp-traces', 'otlp-traces.schema.json'],
      ['urn:openqoe:schema:otlp-logs', 'otlp-logs.schema.json'],
    ]);
    const traces =
      'strict mode: missing type "object" for keyword "properties" at "urn:openqoe:schema:otlp-traces#/$defs/span" (strictTypes)';
    const report = attributeWarnings([traces, 'meta-schema not available'], files);
    expect(report.warningsBySchema).to.deep.equal({
      'otlp-traces.schema.json': [traces],
      'otlp-logs.schema.json': [],
    });
    expect(report.unattributedWarnings).to.deep.equal(['meta-schema not available']);
  });
});
