// Generates the receiver's JSON Schemas (draft 2020-12 subset that ajv compiles) from the contract:
// OTLP/HTTP JSON traces and logs restricted to the contract's names and value types, and the
// original openqoe /v2/events batch format.
//
// Attribute key/value pairs are validated with ajv's `discriminator` keyword on `key`, so checking
// one attribute is a single lookup rather than a scan over every attribute the contract defines.
//
// The shapes are chosen for what ajv makes of them on the hot path (a valid request): `anyOf`,
// `oneOf` and `contains` build an error object for every branch or item that does not match, even
// when the whole passes, so they are avoided where an equivalent form exists — union types with
// type-specific keywords instead of `anyOf`, `minProperties`/`maxProperties` instead of `oneOf`,
// and "not every item lacks it" (`not`/`items`/`not`, which ajv checks without building errors)
// instead of `contains`.
import type { AttributeDef, AttributeSet, Contract } from '../model.js';

export const SCHEMA_DIR = 'receiver/src/generated/schemas';
export const SCHEMA_ID_BASE = 'urn:openqoe:schema';

type Schema = Record<string, unknown>;

// int64 in OTLP JSON may be a JSON number or a decimal string (protobuf JSON mapping). `pattern`
// constrains only strings and `minimum` only numbers, so one union type says the same as an
// `anyOf` of the two.
const INT64: Schema = { type: ['integer', 'string'], pattern: '^-?[0-9]{1,19}$' };
const UNIX_NANOS: Schema = { type: ['integer', 'string'], minimum: 0, pattern: '^[0-9]{1,20}$' };
const TRACE_ID: Schema = { type: 'string', pattern: '^[0-9a-f]{32}$' };
const SPAN_ID: Schema = { type: 'string', pattern: '^[0-9a-f]{16}$' };
/** An id, or the empty string OTLP JSON uses for "none". */
const TRACE_ID_OR_EMPTY: Schema = { type: 'string', pattern: '^(?:[0-9a-f]{32})?$' };
const SPAN_ID_OR_EMPTY: Schema = { type: 'string', pattern: '^(?:[0-9a-f]{16})?$' };

function typedValue(a: AttributeDef, limits: Contract['limits']): Schema {
  const only = (field: string, schema: Schema): Schema => ({
    type: 'object',
    required: [field],
    additionalProperties: false,
    properties: { [field]: schema },
  });
  switch (a.type) {
    case 'string': {
      const s: Schema = a.enum
        ? { type: 'string', enum: a.enum }
        : { type: 'string', maxLength: a.maxLength ?? limits.stringLength };
      return only('stringValue', s);
    }
    case 'int': {
      if (a.enum) return only('intValue', { enum: [...a.enum, ...a.enum.map(String)] });
      return only('intValue', INT64);
    }
    case 'double':
      // OpenTelemetry JS serialises a whole-number double as intValue: accept either, not both.
      return {
        type: 'object',
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
        properties: { doubleValue: { type: 'number' }, intValue: INT64 },
      };
    case 'boolean':
      return only('boolValue', { type: 'boolean' });
    case 'string[]':
      return only('arrayValue', {
        type: 'object',
        additionalProperties: false,
        properties: {
          values: {
            type: 'array',
            maxItems: limits.arrayLength,
            items: only('stringValue', {
              type: 'string',
              maxLength: a.maxLength ?? limits.stringLength,
            }),
          },
        },
      });
  }
}

/** The `$defs` name of an attribute's value shape; attributes of the same shape share one. */
function valueDefName(a: AttributeDef, limits: Contract['limits']): string {
  const maxLength = a.maxLength ?? limits.stringLength;
  switch (a.type) {
    case 'string':
      return a.enum ? `value-enum-${a.name}` : `value-string-${maxLength}`;
    case 'int':
      return a.enum ? `value-enum-${a.name}` : 'value-int';
    case 'double':
      return 'value-double';
    case 'boolean':
      return 'value-boolean';
    case 'string[]':
      return `value-strings-${maxLength}`;
  }
}

function attributeDef(contract: Contract, name: string): AttributeDef {
  const attribute = contract.attributes.get(name);
  if (!attribute) throw new Error(`unknown attribute ${name}`);
  return attribute;
}

/** The value shapes of these attributes, by `$defs` name. */
function valueDefs(contract: Contract, names: Iterable<string>): Record<string, Schema> {
  const defs: Record<string, Schema> = {};
  for (const name of [...new Set(names)].sort()) {
    const attribute = attributeDef(contract, name);
    defs[valueDefName(attribute, contract.limits)] ??= typedValue(attribute, contract.limits);
  }
  return defs;
}

/**
 * A schema for one OTLP KeyValue restricted to the given attribute names. Each value shape is a
 * `$ref` into `$defs`: that keeps the compiled KeyValue function small (one `key` test and one
 * call per branch). With the shapes written in place, ajv's function for it, and for the request
 * around it, outgrow what V8 optimises (about 60 KB of bytecode) and run interpreted, several
 * times slower.
 */
function keyValueSchema(contract: Contract, names: readonly string[]): Schema {
  return {
    type: 'object',
    required: ['key', 'value'],
    // Checked once here rather than in every branch: a branch per attribute name, each with its
    // own loop over the object's fields, makes the compiled function several times slower.
    additionalProperties: false,
    properties: { key: { type: 'string' }, value: { type: 'object' } },
    discriminator: { propertyName: 'key' },
    oneOf: [...new Set(names)].sort().map((name) => ({
      properties: {
        key: { const: name },
        value: { $ref: `#/$defs/${valueDefName(attributeDef(contract, name), contract.limits)}` },
      },
    })),
  };
}

function attributeArray(ref: string, maxItems: number, required: readonly string[] = []): Schema {
  return { type: 'array', maxItems, items: { $ref: ref }, ...containsAll(required) };
}

/**
 * `attributes` must hold a KeyValue for each of these names: for each, "not every item is something
 * other than it" — what `contains` says, in a form ajv checks without an error object per item.
 */
function containsAll(required: readonly string[]): Schema {
  if (required.length === 0) return {};
  return {
    type: 'array',
    allOf: required.map((name) => ({
      not: {
        items: {
          not: { type: 'object', properties: { key: { const: name } }, required: ['key'] },
        },
      },
    })),
  };
}

function setNames(set: AttributeSet): string[] {
  return [...set.required, ...set.optional];
}

function resourceSchema(contract: Contract): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['attributes'],
    properties: {
      attributes: attributeArray(
        '#/$defs/resourceAttribute',
        contract.limits.attributesPerItem,
        contract.resource.required,
      ),
      droppedAttributesCount: { type: 'integer', minimum: 0 },
    },
  };
}

const SCOPE: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 256 },
    version: { type: 'string', maxLength: 64 },
    attributes: { type: 'array', maxItems: 0 },
    droppedAttributesCount: { type: 'integer', minimum: 0 },
  },
};

/** Per-name required attributes: `if name == X then attributes contain X's required ones`. */
function requiredByName(
  field: string,
  items: Iterable<{ name: string; required: readonly string[] }>,
): Schema[] {
  return [...items]
    .filter((item) => item.required.length > 0)
    .map((item) => ({
      if: { properties: { [field]: { const: item.name } }, required: [field] },
      then: { properties: { attributes: containsAll(item.required) } },
    }));
}

export function tracesSchema(contract: Contract): Schema {
  const spanAttributeNames = [...contract.spans.values()].flatMap(setNames).concat(contract.common);
  const perItem = contract.limits.attributesPerItem;
  return {
    $id: `${SCHEMA_ID_BASE}:otlp-traces`,
    title: 'OTLP/HTTP JSON ExportTraceServiceRequest, restricted to the OpenQoE contract',
    type: 'object',
    additionalProperties: false,
    required: ['resourceSpans'],
    properties: {
      resourceSpans: {
        type: 'array',
        minItems: 1,
        maxItems: contract.limits.itemsPerRequest,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['resource', 'scopeSpans'],
          properties: {
            resource: resourceSchema(contract),
            schemaUrl: { type: 'string', maxLength: 256 },
            scopeSpans: {
              type: 'array',
              maxItems: contract.limits.itemsPerRequest,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['spans'],
                properties: {
                  scope: SCOPE,
                  schemaUrl: { type: 'string', maxLength: 256 },
                  spans: {
                    type: 'array',
                    maxItems: contract.limits.itemsPerRequest,
                    items: { $ref: '#/$defs/span' },
                  },
                },
              },
            },
          },
        },
      },
    },
    $defs: {
      resourceAttribute: keyValueSchema(contract, setNames(contract.resource)),
      spanAttribute: keyValueSchema(contract, spanAttributeNames),
      ...valueDefs(contract, [...setNames(contract.resource), ...spanAttributeNames]),
      span: {
        type: 'object',
        additionalProperties: false,
        required: ['traceId', 'spanId', 'name', 'startTimeUnixNano', 'endTimeUnixNano'],
        properties: {
          traceId: TRACE_ID,
          spanId: SPAN_ID,
          parentSpanId: SPAN_ID_OR_EMPTY,
          traceState: { type: 'string', maxLength: 512 },
          flags: { type: 'integer', minimum: 0 },
          name: { enum: [...contract.spans.keys()] },
          kind: { type: 'integer', minimum: 0, maximum: 5 },
          startTimeUnixNano: UNIX_NANOS,
          endTimeUnixNano: UNIX_NANOS,
          attributes: attributeArray('#/$defs/spanAttribute', perItem),
          droppedAttributesCount: { type: 'integer', minimum: 0 },
          // The contract models player events as log records, never as span events or links.
          events: { type: 'array', maxItems: 0 },
          droppedEventsCount: { type: 'integer', minimum: 0 },
          links: { type: 'array', maxItems: 0 },
          droppedLinksCount: { type: 'integer', minimum: 0 },
          status: {
            type: 'object',
            additionalProperties: false,
            properties: {
              code: { type: 'integer', minimum: 0, maximum: 2 },
              message: { type: 'string', maxLength: 512 },
            },
          },
        },
        allOf: requiredByName('name', contract.spans.values()),
      },
    },
  };
}

export function logsSchema(contract: Contract): Schema {
  const eventAttributeNames = [...contract.events.values()]
    .flatMap(setNames)
    .concat(contract.common);
  const perItem = contract.limits.attributesPerItem;
  return {
    $id: `${SCHEMA_ID_BASE}:otlp-logs`,
    title: 'OTLP/HTTP JSON ExportLogsServiceRequest, restricted to the OpenQoE contract',
    type: 'object',
    additionalProperties: false,
    required: ['resourceLogs'],
    properties: {
      resourceLogs: {
        type: 'array',
        minItems: 1,
        maxItems: contract.limits.itemsPerRequest,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['resource', 'scopeLogs'],
          properties: {
            resource: resourceSchema(contract),
            schemaUrl: { type: 'string', maxLength: 256 },
            scopeLogs: {
              type: 'array',
              maxItems: contract.limits.itemsPerRequest,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['logRecords'],
                properties: {
                  scope: SCOPE,
                  schemaUrl: { type: 'string', maxLength: 256 },
                  logRecords: {
                    type: 'array',
                    maxItems: contract.limits.itemsPerRequest,
                    items: { $ref: '#/$defs/logRecord' },
                  },
                },
              },
            },
          },
        },
      },
    },
    $defs: {
      resourceAttribute: keyValueSchema(contract, setNames(contract.resource)),
      eventAttribute: keyValueSchema(contract, eventAttributeNames),
      ...valueDefs(contract, [...setNames(contract.resource), ...eventAttributeNames]),
      logRecord: {
        type: 'object',
        additionalProperties: false,
        required: ['eventName', 'timeUnixNano'],
        properties: {
          eventName: { enum: [...contract.events.keys()] },
          timeUnixNano: UNIX_NANOS,
          observedTimeUnixNano: UNIX_NANOS,
          severityNumber: { type: 'integer', minimum: 0, maximum: 24 },
          severityText: { type: 'string', maxLength: 16 },
          // Player events carry their data in attributes; a body is allowed only as short text.
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              stringValue: { type: 'string', maxLength: contract.limits.stringLength },
            },
          },
          attributes: attributeArray('#/$defs/eventAttribute', perItem),
          droppedAttributesCount: { type: 'integer', minimum: 0 },
          flags: { type: 'integer', minimum: 0 },
          traceId: TRACE_ID_OR_EMPTY,
          spanId: SPAN_ID_OR_EMPTY,
        },
        allOf: requiredByName('eventName', contract.events.values()),
      },
    },
  };
}

/** The original openqoe batch format accepted on POST /v2/events. */
export function legacyEventsSchema(contract: Contract): Schema {
  const legacyNames = [...contract.events.values()].flatMap((e) => (e.legacy ? [e.legacy] : []));
  const id = { type: 'string', minLength: 1, maxLength: 128 };
  return {
    $id: `${SCHEMA_ID_BASE}:legacy-events`,
    title: 'The original openqoe /v2/events batch',
    type: 'object',
    additionalProperties: false,
    required: ['events'],
    properties: {
      events: {
        type: 'array',
        minItems: 1,
        maxItems: contract.limits.itemsPerRequest,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['event_type', 'event_time', 'view_id'],
          properties: {
            event_type: { enum: legacyNames },
            // Milliseconds since the Unix epoch.
            event_time: { type: 'number', minimum: 0 },
            // Milliseconds since the player was attached (viewer-side monotonic clock).
            viewer_time: { type: 'number', minimum: 0 },
            org_id: id,
            player_id: id,
            view_id: id,
            session_id: id,
            viewer_id: id,
            data: {
              type: 'object',
              maxProperties: contract.limits.attributesPerItem,
              additionalProperties: {
                type: ['string', 'number', 'boolean', 'null'],
                maxLength: contract.limits.stringLength,
              },
            },
          },
        },
      },
    },
  };
}

export function generateSchemas(contract: Contract): Record<string, Schema> {
  return {
    'otlp-traces.schema.json': tracesSchema(contract),
    'otlp-logs.schema.json': logsSchema(contract),
    'legacy-events.schema.json': legacyEventsSchema(contract),
  };
}
