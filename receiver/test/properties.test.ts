// Property-based tests (fast-check): no input crashes the parser, the pre-scan, the validator or
// the rest of the pipeline — every outcome is a forwarded batch or a Rejection — and what is
// forwarded holds only items the contract accepts.
import { expect } from 'chai';
import fc from 'fast-check';
import { parseJson } from '../src/http/body.js';
import { CardinalityGovernor } from '../src/domain/cardinality.js';
import { forEachItem, type Signal } from '../src/domain/otlp.js';
import { Pipeline, type RequestFacts, type TenantContext } from '../src/domain/pipeline.js';
import { nestingDepth } from '../src/domain/prescan.js';
import { fullBucket, takeTokens } from '../src/domain/rate-limit.js';
import { Rejection } from '../src/domain/rejection.js';
import { UserAgentClassifier, classifyUserAgent } from '../src/domain/user-agent.js';
import { attributePolicy } from '../src/policy.js';
import { contractValidators } from '../src/schemas.js';
import { defaultConfig } from '../src/config/config.js';
import { heartbeats, logsBody, rebuffer, tracesBody, viewSpan } from './helpers.js';

const RUNS = 300;
const validators = contractValidators();
const policy = attributePolicy();
const config = defaultConfig();
const pipeline = new Pipeline(
  validators,
  {
    limits: { maxDepth: config.limits.maxDepth, maxItems: config.limits.maxItems },
    timestamps: config.timestamps,
    legacyServiceName: 'legacy',
  },
  policy.receiverSet,
  new UserAgentClassifier(),
);
const tenant: TenantContext = {
  id: 't',
  governor: new CardinalityGovernor(policy.labels, {
    overflowValue: policy.overflowValue,
    windowMs: 60_000,
    clock: Date.now,
  }),
  viewerHashSalt: 'property-test-salt-0001',
};
const facts = (): RequestFacts => ({
  batchId: 'b',
  sentAtNs: undefined,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0',
  country: undefined,
  nowMs: Date.now(),
});

/** Runs `step`; anything thrown other than a Rejection fails the property. */
function onlyRejections<T>(step: () => T): T | Rejection {
  try {
    return step();
  } catch (error) {
    if (error instanceof Rejection) return error;
    throw error;
  }
}

/** Replaces the value at a random path of `root` (a deep copy) with `replacement`. */
function mutate(root: unknown, pathSeed: number[], replacement: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as unknown;
  let node = copy as Record<string, unknown> | unknown[];
  for (let depth = 0; depth < pathSeed.length; depth++) {
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[(pathSeed[depth] as number) % keys.length] as string & number;
    const child = (node as Record<string, unknown>)[key];
    if (depth === pathSeed.length - 1 || typeof child !== 'object' || child === null) {
      (node as Record<string, unknown>)[key] = replacement;
      return copy;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

function checkForwarded(signal: Signal, body: object, expectedItems: number): void {
  let items = 0;
  forEachItem(signal, body, (item, path) => {
    items++;
    expect(
      validators[signal].item(item),
      `${path}: ${JSON.stringify(validators[signal].item.errors)}`,
    ).to.equal(true);
  });
  expect(items).to.equal(expectedItems);
}

const samples: [Signal, () => object][] = [
  ['traces', () => tracesBody([viewSpan(), rebuffer(), rebuffer(2)])],
  ['logs', () => logsBody(heartbeats(3))],
];

describe('properties: no input crashes the receiver pipeline (fast-check)', function () {
  this.timeout(60_000);

  it('arbitrary bytes: parse either yields a value or refuses with invalid_json', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const outcome = onlyRejections(() => parseJson(Buffer.from(bytes)));
        if (outcome instanceof Rejection) expect(outcome.code).to.equal('invalid_json');
      }),
      { numRuns: RUNS },
    );
  });

  for (const signal of ['traces', 'logs'] as const) {
    it(`arbitrary JSON documents sent as ${signal}: a Rejection or a valid batch, nothing else`, () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
          const outcome = onlyRejections(() =>
            pipeline.prepareOtlp(signal, value, tenant, facts()),
          );
          if (!(outcome instanceof Rejection))
            checkForwarded(signal, outcome.body, outcome.accepted);
        }),
        { numRuns: RUNS },
      );
    });
  }

  for (const [signal, sample] of samples) {
    it(`valid ${signal} with one part replaced by anything: partial success adds up`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.nat(), { minLength: 1, maxLength: 9 }),
          fc.oneof(
            fc.jsonValue({ maxDepth: 3 }),
            fc.string({ maxLength: 2000 }),
            fc.constant(undefined),
          ),
          (path, replacement) => {
            const body = mutate(sample(), path, replacement);
            const outcome = onlyRejections(() =>
              pipeline.prepareOtlp(signal, body, tenant, facts()),
            );
            if (outcome instanceof Rejection) {
              expect(outcome.status).to.be.within(400, 499);
              expect(outcome.message.length).to.be.below(400);
              return;
            }
            expect(outcome.accepted + outcome.rejected).to.equal(outcome.received);
            checkForwarded(signal, outcome.body, outcome.accepted);
          },
        ),
        { numRuns: RUNS },
      );
    });
  }

  it('arbitrary /v2/events batches: a Rejection or log records, never a raw viewer id', () => {
    const event = fc.record(
      {
        event_type: fc.oneof(
          fc.constantFrom('pause', 'error', 'quality_change', 'quartile', 'heartbeat'),
          fc.string(),
        ),
        event_time: fc.oneof(fc.constant(Date.now()), fc.double(), fc.string()),
        view_id: fc.string({ maxLength: 140 }),
        session_id: fc.string({ maxLength: 140 }),
        viewer_id: fc.constant('viewer-raw-id-7f3a'),
        data: fc.dictionary(
          fc.string({ maxLength: 20 }),
          fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.double(),
            fc.boolean(),
            fc.constant(null),
            fc.jsonValue({ maxDepth: 2 }),
          ),
        ),
      },
      { requiredKeys: ['event_type', 'event_time', 'view_id'] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ events: fc.array(event, { maxLength: 8 }) }),
          fc.jsonValue({ maxDepth: 4 }),
        ),
        (body) => {
          const outcome = onlyRejections(() => pipeline.prepareLegacy(body, tenant, facts()));
          if (outcome instanceof Rejection) return;
          expect(JSON.stringify(outcome.body)).not.to.contain('viewer-raw-id-7f3a');
          checkForwarded('logs', outcome.body, outcome.accepted);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the pre-scan depth matches a recursive reference on arbitrary JSON', () => {
    const reference = (value: unknown): number =>
      typeof value !== 'object' || value === null
        ? 0
        : 1 + Math.max(0, ...Object.values(value as object).map(reference));
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), (value) => {
        expect(nestingDepth(value, 1000)).to.equal(reference(value));
      }),
      { numRuns: RUNS },
    );
  });

  it('user-agent classification never throws and stays within the contract', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (ua) => {
        const result = classifyUserAgent(ua);
        expect(['desktop', 'mobile', 'tablet', 'tv', 'console', 'other']).to.include(
          result.deviceType,
        );
        expect((result.browserVersion ?? '').length).to.be.at.most(32);
        expect((result.osVersion ?? '').length).to.be.at.most(32);
      }),
      { numRuns: RUNS },
    );
  });

  it('a token bucket never allows more than burst + rate × elapsed', () => {
    const spec = { ratePerSecond: 5, burst: 10 };
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 2000 }), { maxLength: 200 }), (gaps) => {
        let bucket = fullBucket(spec, 0);
        let now = 0;
        let allowed = 0;
        for (const gap of gaps) {
          now += gap;
          const result = takeTokens(bucket, spec, now);
          bucket = result.bucket;
          if (result.allowed) allowed++;
        }
        expect(allowed).to.be.at.most(spec.burst + (spec.ratePerSecond * now) / 1000 + 1e-9);
      }),
      { numRuns: RUNS },
    );
  });
});
