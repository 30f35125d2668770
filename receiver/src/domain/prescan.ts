// Structural pre-scan of a parsed body, before schema validation (R4): bounded nesting depth and a
// bounded number of items across the whole request. JSON.parse builds arbitrarily deep trees
// without recursion, so this walk keeps its own stack rather than recursing.
import { Rejection } from './rejection.js';
import { SIGNAL_SHAPES, type Signal } from './otlp.js';

export interface ShapeLimits {
  /** Nesting depth of objects and arrays; the body itself is depth 1. */
  readonly maxDepth: number;
  /** Spans, log records or legacy events in one request. */
  readonly maxItems: number;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** The depth of the deepest container, or maxDepth + 1 as soon as that is exceeded. */
export function nestingDepth(root: unknown, maxDepth: number): number {
  if (!isContainer(root)) return 0;
  const stack: object[] = [root];
  const depths: number[] = [1];
  let deepest = 1;
  while (stack.length > 0) {
    const node = stack.pop() as object;
    const depth = depths.pop() as number;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > maxDepth) return deepest;
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (isContainer(child)) {
          stack.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in node) {
        const child: unknown = (node as Record<string, unknown>)[key];
        if (isContainer(child)) {
          stack.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return deepest;
}

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** Items in an OTLP-looking body, counting only what is shaped like arrays. */
export function countOtlpItemsLoosely(signal: Signal, body: unknown): number {
  if (!isContainer(body)) return 0;
  const shape = SIGNAL_SHAPES[signal];
  const resources = (body as Record<string, unknown>)[shape.resources];
  if (!Array.isArray(resources)) return 0;
  let items = 0;
  for (const resource of resources) {
    if (!isContainer(resource)) continue;
    const scopes = (resource as Record<string, unknown>)[shape.scopes];
    if (!Array.isArray(scopes)) continue;
    for (const scope of scopes) {
      if (isContainer(scope)) items += lengthOf((scope as Record<string, unknown>)[shape.items]);
    }
  }
  return items;
}

function checkDepth(body: unknown, limits: ShapeLimits): void {
  const depth = nestingDepth(body, limits.maxDepth);
  if (depth > limits.maxDepth) {
    throw new Rejection(
      400,
      'nesting_too_deep',
      `JSON nesting is deeper than ${limits.maxDepth} levels`,
      'size',
    );
  }
}

function checkItems(items: number, what: string, limits: ShapeLimits): void {
  if (items > limits.maxItems) {
    throw new Rejection(
      413,
      'too_many_items',
      `the request holds ${items} ${what}; the limit is ${limits.maxItems} per request`,
      'size',
    );
  }
}

/** Checks an OTLP body's shape; returns how many items it holds. */
export function prescanOtlp(signal: Signal, body: unknown, limits: ShapeLimits): number {
  checkDepth(body, limits);
  const items = countOtlpItemsLoosely(signal, body);
  checkItems(items, signal === 'traces' ? 'spans' : 'log records', limits);
  return items;
}

/** Checks a /v2/events body's shape; returns how many events it holds. */
export function prescanLegacy(body: unknown, limits: ShapeLimits): number {
  checkDepth(body, limits);
  const items = isContainer(body) ? lengthOf((body as Record<string, unknown>).events) : 0;
  checkItems(items, 'events', limits);
  return items;
}
