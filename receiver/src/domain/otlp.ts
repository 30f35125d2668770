// The parts of OTLP/HTTP JSON the receiver reads and rewrites. Bodies reach these types only after
// the contract's schema has accepted them, so the shapes can be trusted from there on; before
// that, everything is `unknown`.

export type Signal = 'traces' | 'logs';

/** An OTLP AnyValue as the contract allows it on attributes (scalars only). */
export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number | string;
}

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface Resource {
  attributes: KeyValue[];
  droppedAttributesCount?: number;
}

/** A span or a log record: what the receiver touches on either. */
export interface OtlpItem {
  attributes?: KeyValue[];
  [field: string]: unknown;
}

export interface Span extends OtlpItem {
  name: string;
  startTimeUnixNano: number | string;
  endTimeUnixNano: number | string;
}

export interface LogRecord extends OtlpItem {
  eventName?: string;
  timeUnixNano: number | string;
  observedTimeUnixNano?: number | string;
}

/** The field names that differ between the two signals. */
export interface SignalShape {
  readonly resources: 'resourceSpans' | 'resourceLogs';
  readonly scopes: 'scopeSpans' | 'scopeLogs';
  readonly items: 'spans' | 'logRecords';
  /** The partialSuccess field OTLP uses for this signal. */
  readonly rejectedField: 'rejectedSpans' | 'rejectedLogRecords';
}

export const SIGNAL_SHAPES: Readonly<Record<Signal, SignalShape>> = {
  traces: {
    resources: 'resourceSpans',
    scopes: 'scopeSpans',
    items: 'spans',
    rejectedField: 'rejectedSpans',
  },
  logs: {
    resources: 'resourceLogs',
    scopes: 'scopeLogs',
    items: 'logRecords',
    rejectedField: 'rejectedLogRecords',
  },
};

/** Where an item sits in its request: resource entry, scope entry and item indexes. */
export interface ItemPosition {
  readonly resource: number;
  readonly scope: number;
  readonly item: number;
}

/** The JSON pointer of an item, built only when needed (an error message): not per item. */
export function itemPath(signal: Signal, at: ItemPosition): string {
  const shape = SIGNAL_SHAPES[signal];
  return `/${shape.resources}/${at.resource}/${shape.scopes}/${at.scope}/${shape.items}/${at.item}`;
}

/** Calls `visit` for every span or log record of a validated body, with its position. */
export function forEachItem(
  signal: Signal,
  body: object,
  visit: (item: OtlpItem, at: ItemPosition, resource: Resource) => void,
): void {
  const shape = SIGNAL_SHAPES[signal];
  const resources = (body as Record<string, unknown>)[shape.resources] as Record<string, unknown>[];
  // One position object, updated in place: visitors read it synchronously and do not keep it.
  const at = { resource: 0, scope: 0, item: 0 };
  for (let r = 0; r < resources.length; r++) {
    const resourceEntry = resources[r] as Record<string, unknown>;
    const scopes = resourceEntry[shape.scopes] as Record<string, unknown>[];
    at.resource = r;
    for (let s = 0; s < scopes.length; s++) {
      const items = (scopes[s] as Record<string, unknown>)[shape.items] as OtlpItem[];
      at.scope = s;
      for (let i = 0; i < items.length; i++) {
        at.item = i;
        visit(items[i] as OtlpItem, at, resourceEntry.resource as Resource);
      }
    }
  }
}

/** Spans or log records in a validated body. */
export function countItems(signal: Signal, body: object): number {
  let count = 0;
  forEachItem(signal, body, () => {
    count++;
  });
  return count;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Removes the rejected values (items, or whole resource entries), then any scope or resource left
 * empty, in place. Returns how many items remain.
 */
export function removeItems(signal: Signal, body: object, rejected: ReadonlySet<unknown>): number {
  const shape = SIGNAL_SHAPES[signal];
  const root = body as Record<string, unknown>;
  let remaining = 0;
  const resources = (root[shape.resources] as unknown[]).filter((resourceEntry) => {
    if (!isObject(resourceEntry) || rejected.has(resourceEntry)) return false;
    const scopes = (resourceEntry[shape.scopes] as Record<string, unknown>[]).filter(
      (scopeEntry) => {
        const items = (scopeEntry[shape.items] as unknown[]).filter(
          (item) => isObject(item) && !rejected.has(item),
        );
        scopeEntry[shape.items] = items;
        remaining += items.length;
        return items.length > 0;
      },
    );
    resourceEntry[shape.scopes] = scopes;
    return scopes.length > 0;
  });
  root[shape.resources] = resources;
  return remaining;
}

export function stringAttribute(attributes: readonly KeyValue[], key: string): string | undefined {
  for (const attribute of attributes) {
    if (attribute.key === key) return attribute.value.stringValue;
  }
  return undefined;
}
