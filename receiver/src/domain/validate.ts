// Schema validation against the contract (R5). A valid request costs one ajv call. An invalid one
// is taken apart: every resource entry and every item is validated on its own, so bad items are
// refused (OTLP partial success) and good ones still go through. Only a request whose envelope is
// broken, or whose every item is bad, is refused as a whole.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ContractValidators, SignalValidators } from '../schemas.js';
import { SIGNAL_SHAPES, type Signal } from './otlp.js';
import { countOtlpItemsLoosely } from './prescan.js';
import { ItemRejections, Rejection } from './rejection.js';

/** Longest piece of client input quoted back in an error message. */
const QUOTE_LIMIT = 64;

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
  return JSON.stringify(cut);
}

/** One ajv error in words, naming the offending key or value where ajv knows it. */
export function describeSchemaError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown field ${quote(params.additionalProperty)}`;
    case 'discriminator':
      return params.error === 'mapping'
        ? `attribute ${quote(params.tagValue)} is not in the contract`
        : 'attribute must have a string key';
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'contains':
    case 'not':
      return 'a required attribute is missing';
    default:
      return error.message ?? `fails the ${error.keyword} rule`;
  }
}

interface KeyTest {
  properties?: { key?: { const?: unknown } };
}

/**
 * The attribute a failed "must hold attribute X" rule asks for: the generated schemas say it as
 * `not: { items: { not: <key is X> } }` (older ones as `contains: <key is X>`); the (verbose)
 * error carries the keyword's schema.
 */
function missingAttribute(error: ErrorObject): string | undefined {
  const schema = error.schema as (KeyTest & { items?: { not?: KeyTest } }) | undefined;
  const test =
    error.keyword === 'not'
      ? schema?.items?.not
      : error.keyword === 'contains'
        ? schema
        : undefined;
  const name = test?.properties?.key?.const;
  return typeof name === 'string' ? name : undefined;
}

/** The first error of the last call of `validate`, as [JSON pointer, problem]. */
function firstError(validate: ValidateFunction, prefix: string): [string, string] {
  const error = validate.errors?.[0];
  if (!error) return [prefix || '/', 'does not match the contract'];
  const required = missingAttribute(error);
  const problem =
    required === undefined
      ? describeSchemaError(error)
      : `required attribute ${quote(required)} is missing`;
  return [`${prefix}${error.instancePath}` || '/', problem];
}

/** ajv's functions are type guards over `unknown`, which would narrow a failure to `never`. */
function passes(validate: ValidateFunction, data: unknown): boolean {
  return validate(data) === true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schemaRejection(path: string, problem: string): Rejection {
  return new Rejection(400, 'schema_violation', `${path}: ${problem}`, 'schema');
}

/**
 * Validates an OTLP export request. Returns normally when the request may go on (possibly with
 * `rejections` naming refused items); throws a Rejection when it may not.
 */
export function validateOtlp(
  signal: Signal,
  body: unknown,
  validators: SignalValidators,
  rejections: ItemRejections,
): asserts body is object {
  if (passes(validators.request, body)) return;
  passes(validators.explain, body);
  const [wholePath, wholeProblem] = firstError(validators.explain, '');
  const shape = SIGNAL_SHAPES[signal];
  const resources = isObject(body) ? body[shape.resources] : undefined;
  const envelopeSound =
    isObject(body) &&
    Object.keys(body).length === 1 &&
    Array.isArray(resources) &&
    resources.length > 0;
  if (!envelopeSound) throw schemaRejection(wholePath, wholeProblem);

  const before = rejections.count;
  let seen = 0;
  for (let r = 0; r < resources.length; r++) {
    const entry: unknown = resources[r];
    const entryPath = `/${shape.resources}/${r}`;
    if (!isObject(entry)) {
      rejections.reject(entry, 0, entryPath, 'must be an object', 'schema');
      continue;
    }
    if (!passes(validators.resourceEntry, entry)) {
      const [path, problem] = firstError(validators.resourceEntry, entryPath);
      const items = countOtlpItemsLoosely(signal, { [shape.resources]: [entry] });
      seen += items;
      rejections.reject(entry, items, path, problem, 'schema');
      continue;
    }
    const scopes = entry[shape.scopes] as Record<string, unknown>[];
    for (let s = 0; s < scopes.length; s++) {
      const items = (scopes[s] as Record<string, unknown>)[shape.items] as unknown[];
      for (let i = 0; i < items.length; i++) {
        seen++;
        const item = items[i];
        if (passes(validators.item, item)) continue;
        const itemPath = `${entryPath}/${shape.scopes}/${s}/${shape.items}/${i}`;
        const [path, problem] = isObject(item)
          ? firstError(validators.item, itemPath)
          : [itemPath, 'must be an object'];
        rejections.reject(item, 1, path, problem, 'schema');
      }
    }
  }
  // Whole-request rules no single piece breaks (e.g. too many resource entries): refuse it all.
  if (rejections.count === before) throw schemaRejection(wholePath, wholeProblem);
  if (rejections.count - before >= seen) {
    throw schemaRejection(rejections.first?.path ?? wholePath, rejections.first?.problem ?? '');
  }
}

/** The same for the original openqoe /v2/events batch: refuses single events where it can. */
export function validateLegacy(
  body: unknown,
  validators: ContractValidators['legacy'],
  rejections: ItemRejections,
): asserts body is { events: Record<string, unknown>[] } {
  if (passes(validators.request, body)) return;
  passes(validators.explain, body);
  const [wholePath, wholeProblem] = firstError(validators.explain, '');
  const events = isObject(body) ? body.events : undefined;
  if (!isObject(body) || Object.keys(body).length !== 1 || !Array.isArray(events)) {
    throw schemaRejection(wholePath, wholeProblem);
  }
  const before = rejections.count;
  for (let i = 0; i < events.length; i++) {
    const event: unknown = events[i];
    if (passes(validators.event, event)) continue;
    const [path, problem] = isObject(event)
      ? firstError(validators.event, `/events/${i}`)
      : [`/events/${i}`, 'must be an object'];
    rejections.reject(event, 1, path, problem, 'schema');
  }
  if (rejections.count === before) throw schemaRejection(wholePath, wholeProblem);
  if (rejections.count - before >= events.length) {
    throw schemaRejection(rejections.first?.path ?? wholePath, rejections.first?.problem ?? '');
  }
}
