// contract-scan: exempt (checks that names outside the contract are rejected, so it must contain some)
import { expect } from 'chai';
import { countItems, removeItems } from '../../src/domain/otlp.js';
import { nestingDepth, prescanLegacy, prescanOtlp } from '../../src/domain/prescan.js';
import { ItemRejections, Rejection } from '../../src/domain/rejection.js';
import { describeSchemaError, validateLegacy, validateOtlp } from '../../src/domain/validate.js';
import { contractValidators } from '../../src/schemas.js';
import {
  logRecord,
  logsBody,
  rebuffer,
  str,
  tracesBody,
  viewSpan,
  resourceAttributes,
} from '../helpers.js';

const LIMITS = { maxDepth: 16, maxItems: 1000 };

function deep(levels: number): unknown {
  let node: unknown = 1;
  for (let i = 0; i < levels; i++) node = [node];
  return node;
}

function thrown(run: () => unknown): Rejection {
  try {
    run();
  } catch (error) {
    if (error instanceof Rejection) return error;
    throw error;
  }
  throw new Error('expected a Rejection');
}

describe('structural pre-scan (R4)', () => {
  it('measures nesting without recursion, stopping past the limit', () => {
    expect(nestingDepth({}, 16)).to.equal(1);
    expect(nestingDepth({ a: [{ b: 1 }] }, 16)).to.equal(3);
    expect(nestingDepth(deep(100_000), 16)).to.equal(17);
    expect(nestingDepth('x', 16)).to.equal(0);
  });

  it('refuses deep nesting and too many items, and counts items', () => {
    expect(thrown(() => prescanOtlp('traces', { resourceSpans: deep(40) }, LIMITS)).code).to.equal(
      'nesting_too_deep',
    );
    const many = tracesBody(Array.from({ length: 1001 }, () => ({})));
    const tooMany = thrown(() => prescanOtlp('traces', many, LIMITS));
    expect([tooMany.status, tooMany.code]).to.deep.equal([413, 'too_many_items']);
    expect(prescanOtlp('traces', tracesBody([{}, {}]), LIMITS)).to.equal(2);
    expect(prescanOtlp('logs', 'not an object', LIMITS)).to.equal(0);
    expect(thrown(() => prescanLegacy({ events: new Array(1001).fill({}) }, LIMITS)).code).to.equal(
      'too_many_items',
    );
  });
});

describe('schema validation with partial success (R5)', () => {
  const validators = contractValidators();

  it('passes a valid request in one call', () => {
    const rejections = new ItemRejections();
    validateOtlp('traces', tracesBody([viewSpan(), rebuffer()]), validators.traces, rejections);
    expect(rejections.count).to.equal(0);
  });

  it('refuses single bad spans and names the first problem by its path', () => {
    const body = tracesBody([
      viewSpan(),
      { ...rebuffer(), name: 'video.unknown_span' },
      rebuffer(2, [str('app.custom_field', 'x')]),
    ]);
    const rejections = new ItemRejections();
    validateOtlp('traces', body, validators.traces, rejections);
    expect(rejections.count).to.equal(2);
    expect(rejections.firstProblem).to.match(
      /^\/resourceSpans\/0\/scopeSpans\/0\/spans\/1\/name: must be one of/,
    );
    expect(removeItems('traces', body, rejections.objects)).to.equal(1);
    expect(countItems('traces', body)).to.equal(1);
  });

  it('names an unknown attribute and a missing required one', () => {
    const unknown = new ItemRejections();
    validateOtlp(
      'traces',
      tracesBody([viewSpan(), rebuffer(1, [str('app.custom_field', 'x')])]),
      validators.traces,
      unknown,
    );
    expect(unknown.firstProblem).to.equal(
      '/resourceSpans/0/scopeSpans/0/spans/1/attributes/1: attribute "app.custom_field" is not in the contract',
    );
    const missing = new ItemRejections();
    const body = logsBody([
      logRecord('video.error', [str('error.type', 'network')]),
      logRecord('video.pause'),
    ]);
    validateOtlp('logs', body, validators.logs, missing);
    expect(missing.firstProblem).to.match(
      /logRecords\/0\/attributes: required attribute "video.error.severity" is missing/,
    );
  });

  it('refuses a whole resource entry (and counts its items) when its resource is bad', () => {
    const good = tracesBody([rebuffer()]).resourceSpans as object[];
    const bad = tracesBody([rebuffer(), rebuffer(2)], [str('service.name', 'only')])
      .resourceSpans as object[];
    const body = { resourceSpans: [...good, ...bad] };
    const rejections = new ItemRejections();
    validateOtlp('traces', body, validators.traces, rejections);
    expect(rejections.count).to.equal(2);
    expect(rejections.firstProblem).to.match(
      /^\/resourceSpans\/1\/resource\/attributes: required attribute/,
    );
  });

  it('refuses the whole request when the envelope is broken or every item is bad', () => {
    for (const body of [null, [], {}, { resourceSpans: [] }, { resourceSpans: [], extra: 1 }]) {
      const error = thrown(() =>
        validateOtlp('traces', body, validators.traces, new ItemRejections()),
      );
      expect(error.code, JSON.stringify(body)).to.equal('schema_violation');
    }
    const allBad = tracesBody([{ name: 'x' }, { name: 'y' }]);
    expect(
      thrown(() => validateOtlp('traces', allBad, validators.traces, new ItemRejections())).message,
    ).to.match(/^\/resourceSpans\/0\/scopeSpans\/0\/spans\/0: /);
  });

  it('handles junk where items should be', () => {
    const body = tracesBody([
      null as unknown as Record<string, unknown>,
      5 as unknown as Record<string, unknown>,
      rebuffer(),
    ]);
    const rejections = new ItemRejections();
    validateOtlp('traces', body, validators.traces, rejections);
    expect(rejections.count).to.equal(2);
    expect(removeItems('traces', body, rejections.objects)).to.equal(1);
  });

  it('validates legacy events one by one', () => {
    const body = {
      events: [
        { event_type: 'pause', event_time: Date.now(), view_id: 'v1' },
        { event_type: 'rewind', event_time: Date.now(), view_id: 'v1' },
      ],
    };
    const rejections = new ItemRejections();
    validateLegacy(body, validators.legacy, rejections);
    expect(rejections.count).to.equal(1);
    expect(rejections.firstProblem).to.match(/^\/events\/1\/event_type: must be one of/);
  });

  it('describes ajv errors in words', () => {
    expect(
      describeSchemaError({
        keyword: 'additionalProperties',
        instancePath: '',
        schemaPath: '',
        params: { additionalProperty: 'x'.repeat(200) },
      }),
    ).to.have.length.below(90);
  });

  it('accepts what the helpers build as a resource with the receiver-set attributes too', () => {
    const rejections = new ItemRejections();
    validateOtlp(
      'traces',
      tracesBody([rebuffer()], resourceAttributes([str('openqoe.tenant.id', 'spoof')])),
      validators.traces,
      rejections,
    );
    expect(rejections.count).to.equal(0);
  });
});
