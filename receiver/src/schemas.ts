// Compiles the JSON Schemas generated from the telemetry contract (contract/telemetry.yaml →
// src/generated/schemas) into ajv validators, once, at start-up.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

export type PayloadKind = 'traces' | 'logs' | 'legacyEvents';

const SCHEMA_FILES: Record<PayloadKind, string> = {
  traces: 'otlp-traces.schema.json',
  logs: 'otlp-logs.schema.json',
  legacyEvents: 'legacy-events.schema.json',
};

// The generated schemas sit beside the sources; the build copies them next to the compiled code.
const SCHEMA_DIR = new URL('./generated/schemas/', import.meta.url);

type JsonObject = Record<string, unknown>;

function readSchema(kind: PayloadKind): JsonObject {
  return JSON.parse(readFileSync(new URL(SCHEMA_FILES[kind], SCHEMA_DIR), 'utf8')) as JsonObject;
}

function newAjv(verbose = false): Ajv {
  // `discriminator` lets ajv pick an attribute's schema by its key; `verbose` puts the failing
  // schema on each error, so messages can name a missing required attribute. Verbose code is
  // larger and was measured 2.5× slower on valid requests too, so only explaining validators use it.
  return new Ajv({ discriminator: true, allowUnionTypes: true, allErrors: false, verbose });
}

export function compileContractSchemas(): Record<PayloadKind, ValidateFunction> {
  const ajv = newAjv();
  const compile = (kind: PayloadKind): ValidateFunction => ajv.compile(readSchema(kind));
  return {
    traces: compile('traces'),
    logs: compile('logs'),
    legacyEvents: compile('legacyEvents'),
  };
}

/**
 * Validators for one OTLP signal: the whole request (the fast path), and the pieces the receiver
 * validates one by one when the whole fails, so it can refuse single items and forward the rest
 * (OTLP partial success, R5).
 */
export interface SignalValidators {
  /** The fast path: no verbose errors (they make every check costlier, failing or not). */
  readonly request: ValidateFunction;
  /** The same schema with verbose errors, run only once `request` failed, to name the problem. */
  readonly explain: ValidateFunction;
  /** One resourceSpans / resourceLogs entry, its items only checked to be an array. */
  readonly resourceEntry: ValidateFunction;
  /** One span / log record. */
  readonly item: ValidateFunction;
}

export interface ContractValidators {
  readonly traces: SignalValidators;
  readonly logs: SignalValidators;
  readonly legacy: {
    readonly request: ValidateFunction;
    readonly explain: ValidateFunction;
    readonly event: ValidateFunction;
  };
}

function child(schema: JsonObject, ...path: string[]): JsonObject {
  let node: unknown = schema;
  for (const step of path) {
    node = (node as JsonObject | undefined)?.[step];
    if (typeof node !== 'object' || node === null) {
      throw new Error(`generated schema has no ${path.join('/')}: regenerate it from the contract`);
    }
  }
  return node as JsonObject;
}

/** Local references (`#/$defs/x`) made absolute, so a piece can be compiled on its own. */
function absoluteRefs(node: unknown, id: string): unknown {
  if (Array.isArray(node)) return node.map((entry) => absoluteRefs(entry, id));
  if (typeof node !== 'object' || node === null) return node;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `${id}${value}`
        : absoluteRefs(value, id);
  }
  return copy;
}

function signalValidators(
  fast: Ajv,
  ajv: Ajv,
  schema: JsonObject,
  names: { resources: string; scopes: string; items: string; itemDef: string },
): SignalValidators {
  const id = schema.$id as string;
  ajv.addSchema(schema);
  const entry = absoluteRefs(
    child(schema, 'properties', names.resources, 'items'),
    id,
  ) as JsonObject;
  // The entry without its items: they are validated one by one.
  const scopeItems = child(entry, 'properties', names.scopes, 'items', 'properties');
  const itemsSchema = child(scopeItems, names.items);
  scopeItems[names.items] = { type: 'array', maxItems: itemsSchema.maxItems };
  return {
    request: fast.compile(schema),
    explain: ajv.getSchema(id) as ValidateFunction,
    resourceEntry: ajv.compile(entry),
    item: ajv.compile({ $ref: `${id}#/$defs/${names.itemDef}` }),
  };
}

let cached: ContractValidators | undefined;

/**
 * The receiver's validators, compiled once per process (compiling takes a second or two): fast
 * ones for valid data, verbose ones for describing what is wrong with the rest.
 */
export function contractValidators(): ContractValidators {
  if (cached) return cached;
  const fast = newAjv(false);
  const ajv = newAjv(true);
  const legacy = readSchema('legacyEvents');
  cached = {
    traces: signalValidators(fast, ajv, readSchema('traces'), {
      resources: 'resourceSpans',
      scopes: 'scopeSpans',
      items: 'spans',
      itemDef: 'span',
    }),
    logs: signalValidators(fast, ajv, readSchema('logs'), {
      resources: 'resourceLogs',
      scopes: 'scopeLogs',
      items: 'logRecords',
      itemDef: 'logRecord',
    }),
    legacy: {
      request: fast.compile(legacy),
      explain: ajv.compile(legacy),
      event: ajv.compile(child(legacy, 'properties', 'events', 'items')),
    },
  };
  return cached;
}
