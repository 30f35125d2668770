// The generated schemas are written for speed (see contract/src/gen/json-schema.ts): union types
// instead of `anyOf`, one `additionalProperties` per KeyValue instead of one per attribute branch,
// "not every item lacks it" instead of `contains`, min/maxProperties instead of `oneOf`. This
// checks that none of that weakened them: each generated schema is rewritten here into the plain
// formulation (`anyOf` over complete KeyValue shapes, `contains`, `anyOf`/`oneOf`), compiled
// without the discriminator, and both must give the same verdict on valid requests and on
// thousands of mutated ones (fast-check).
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { contractValidators } from '../src/schemas.js';
import {
  bool,
  dbl,
  heartbeats,
  int,
  logRecord,
  logsBody,
  rebuffer,
  str,
  tracesBody,
  viewSpan,
} from './helpers.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The plain formulation of one schema node (children rewritten first). */
function plain(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plain);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) out[key] = plain(value);

  if (out.discriminator !== undefined) {
    const branches = out.oneOf as { properties: Json }[];
    return {
      anyOf: branches.map((branch) => ({
        type: 'object',
        required: ['key', 'value'],
        additionalProperties: false,
        properties: branch.properties,
      })),
    };
  }
  const not = out.not as { items?: { not?: unknown } } | undefined;
  if (not?.items?.not !== undefined && Object.keys(out).length === 1) {
    return { contains: not.items.not };
  }
  if (Array.isArray(out.type) && out.type.includes('integer') && out.type.includes('string')) {
    const { type: _type, pattern, minimum, ...rest } = out;
    return {
      ...rest,
      anyOf: [
        { type: 'integer', ...(minimum === undefined ? {} : { minimum }) },
        { type: 'string', pattern },
      ],
    };
  }
  if (out.minProperties === 1 && out.maxProperties === 1 && isObject(out.properties)) {
    return {
      oneOf: Object.entries(out.properties).map(([field, schema]) => ({
        type: 'object',
        required: [field],
        additionalProperties: false,
        properties: { [field]: schema },
      })),
    };
  }
  const optional = typeof out.pattern === 'string' && /^\^\(\?:(.*)\)\?\$$/.exec(out.pattern);
  if (optional) {
    return { anyOf: [{ ...out, pattern: `^${optional[1]}$` }, { const: '' }] };
  }
  return out;
}

function schemaFile(name: string): Json {
  return JSON.parse(
    readFileSync(new URL(`../src/generated/schemas/${name}`, import.meta.url), 'utf8'),
  ) as Json;
}

const reference = new Ajv({ allowUnionTypes: true, allErrors: false, strict: false });
const plainValidators: Record<'traces' | 'logs', ValidateFunction> = {
  traces: reference.compile(plain(schemaFile('otlp-traces.schema.json')) as Json),
  logs: reference.compile(plain(schemaFile('otlp-logs.schema.json')) as Json),
};
const fast = contractValidators();

const seeds: Record<'traces' | 'logs', Json[]> = {
  traces: [
    tracesBody([viewSpan([bool('video.view.exit_before_start', false)]), rebuffer()]) as Json,
    tracesBody([rebuffer(1, [str('video.content.id', 'c-1')]), rebuffer(2)]) as Json,
  ],
  logs: [
    logsBody(heartbeats(3)) as Json,
    logsBody([
      logRecord('video.quality_change', [
        str('video.quality.direction', 'up'),
        int('video.quality.bitrate', 2_500_000),
        dbl('video.playhead.position', 12.5),
      ]),
    ]) as Json,
  ],
};

/** Paths to every value in a JSON tree. */
function paths(node: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(node)) return here.concat(...node.map((v, i) => paths(v, [...prefix, i])));
  if (isObject(node)) {
    return here.concat(...Object.entries(node).map(([k, v]) => paths(v, [...prefix, k])));
  }
  return here;
}

function replaced(root: Json, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value === REMOVE ? root : value;
  const copy = structuredClone(root);
  let parent: unknown = copy;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step];
  const last = path.at(-1) as string | number;
  if (value === REMOVE) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else Reflect.deleteProperty(parent as Json, last);
  } else {
    (parent as Record<string | number, unknown>)[last] = value;
  }
  return copy;
}

const REMOVE = Symbol('remove');
const attributeNames = [
  'video.player.name',
  'video.stream.type',
  'video.quality.direction',
  'video.quality.bitrate',
  'video.watch_time',
  'video.playhead.position',
  'video.content.id',
  'video.view.exit_before_start',
  'video.view.end_reason',
  'video.rebuffer.count',
  'service.name',
  'session.id',
  'not.in.contract',
];
// Values shaped like what OTLP attributes and timestamps hold, so mutations probe the schema's
// edges (types, enums, lengths, id patterns) rather than failing on the first field.
const nearMiss = fc.oneof(
  fc.constantFrom(...attributeNames),
  fc.constantFrom('', '0', '-1', '00ff', 'ABCDEF0123456789', '0123456789abcdef', 'up', 'vod'),
  fc.record({ stringValue: fc.oneof(fc.string(), fc.constantFrom('up', 'down', 'vod', 'live')) }),
  fc.record({ intValue: fc.oneof(fc.integer(), fc.constantFrom('12', '-3', '1.5', 'x', '')) }),
  fc.record({ doubleValue: fc.oneof(fc.double(), fc.constant('1.5')) }),
  fc.record({ doubleValue: fc.double({ noNaN: true }), intValue: fc.integer() }),
  fc.record({ boolValue: fc.oneof(fc.boolean(), fc.constant('true')) }),
  fc.record({
    arrayValue: fc.record({ values: fc.array(fc.record({ stringValue: fc.string() })) }),
  }),
  fc.record({
    key: fc.constantFrom(...attributeNames),
    value: fc.record({ stringValue: fc.string() }),
  }),
  fc.record({
    key: fc.constantFrom(...attributeNames),
    value: fc.record({ intValue: fc.integer() }),
    extra: fc.integer(),
  }),
  fc.constant({}),
  fc.constant([]),
  fc.constant(REMOVE),
  fc.anything(),
);

describe('generated schemas: the fast formulation accepts exactly what the plain one does (R5)', () => {
  for (const signal of ['traces', 'logs'] as const) {
    it(`${signal}: the seeds are valid under both`, () => {
      for (const seed of seeds[signal]) {
        expect(fast[signal].request(seed), JSON.stringify(fast[signal].explain.errors)).to.equal(
          true,
        );
        expect(plainValidators[signal](seed)).to.equal(true);
      }
    });

    it(`${signal}: same verdict on up to three mutations of a valid request`, () => {
      const arbitrary = fc
        .tuple(
          fc.constantFrom(...seeds[signal]),
          fc.array(fc.tuple(fc.nat(), nearMiss), { minLength: 1, maxLength: 3 }),
        )
        .map(([seed, mutations]) => {
          let body: unknown = seed;
          for (const [pick, value] of mutations) {
            const all = paths(body);
            body = replaced(body as Json, all[pick % all.length] as (string | number)[], value);
          }
          // What the receiver validates always comes out of JSON.parse: a mutation that left an
          // `undefined` (e.g. { doubleValue: undefined }) becomes what it would be on the wire.
          const wire = JSON.stringify(body) as string | undefined;
          return wire === undefined ? body : (JSON.parse(wire) as unknown);
        });
      let rejected = 0;
      fc.assert(
        fc.property(arbitrary, (body) => {
          const verdict = fast[signal].request(body);
          if (!verdict) rejected++;
          expect(verdict, String(JSON.stringify(body)).slice(0, 2000)).to.equal(
            plainValidators[signal](body),
          );
          expect(fast[signal].explain(body)).to.equal(verdict);
        }),
        { numRuns: 3000 },
      );
      // Most mutations break something: the comparison is not between two always-true answers.
      expect(rejected).to.be.greaterThan(1000);
    });
  }
});
