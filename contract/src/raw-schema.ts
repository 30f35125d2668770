// JSON Schema of telemetry.yaml itself: catches a misspelt key or a wrong type in the contract
// before anything is generated from it. Cross-references are checked in validate.ts.

const NAME = '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$';
const METRIC_NAME = '^openqoe_[a-z0-9_]+$';

const nameList = { type: 'array', items: { type: 'string', pattern: NAME }, uniqueItems: true };

const attributeSet = {
  required: nameList,
  optional: nameList,
};

export const rawContractSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'version',
    'overflow_value',
    'semconv_version',
    'limits',
    'attributes',
    'resource',
    'common',
    'spans',
    'events',
    'metrics',
  ],
  properties: {
    version: { const: 1 },
    overflow_value: { type: 'string', minLength: 1 },
    semconv_version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
    limits: {
      type: 'object',
      additionalProperties: false,
      required: ['attributes_per_item', 'items_per_request', 'array_length', 'string_length'],
      properties: {
        attributes_per_item: { type: 'integer', minimum: 1 },
        items_per_request: { type: 'integer', minimum: 1 },
        array_length: { type: 'integer', minimum: 1 },
        string_length: { type: 'integer', minimum: 1 },
      },
    },
    attributes: {
      type: 'object',
      propertyNames: { pattern: NAME },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['brief', 'type', 'cardinality', 'set_by'],
        properties: {
          brief: { type: 'string', minLength: 10 },
          type: { enum: ['string', 'int', 'double', 'boolean', 'string[]'] },
          cardinality: { enum: ['label', 'attribute', 'hashed', 'never'] },
          set_by: { enum: ['sdk', 'receiver', 'alloy'] },
          unit: { type: 'string', minLength: 1 },
          max_length: { type: 'integer', minimum: 1, maximum: 65536 },
          enum: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: ['string', 'integer'] },
          },
          max_cardinality: { type: 'integer', minimum: 1 },
          policy: { enum: ['allow', 'bucket', 'hash', 'drop'] },
          semconv: { type: 'boolean' },
          requirement: { type: 'string', pattern: '^[STRP]\\d+$' },
        },
      },
    },
    resource: {
      type: 'object',
      additionalProperties: false,
      required: ['required', 'optional'],
      properties: attributeSet,
    },
    common: nameList,
    spans: {
      type: 'object',
      propertyNames: { pattern: NAME },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['brief', 'parent', 'required', 'optional'],
        properties: {
          brief: { type: 'string', minLength: 10 },
          parent: { type: ['string', 'null'] },
          requirement: { type: 'string', pattern: '^[STRP]\\d+$' },
          ...attributeSet,
        },
      },
    },
    events: {
      type: 'object',
      propertyNames: { pattern: NAME },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['brief'],
        properties: {
          brief: { type: 'string', minLength: 10 },
          legacy: { type: 'string', pattern: '^[a-z_]+$' },
          ...attributeSet,
        },
      },
    },
    metrics: {
      type: 'object',
      propertyNames: { pattern: METRIC_NAME },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'unit', 'brief', 'from', 'labels'],
        properties: {
          type: { enum: ['counter', 'histogram', 'gauge'] },
          unit: { type: 'string', minLength: 1 },
          brief: { type: 'string', minLength: 10 },
          definition: { type: 'string' },
          from: {
            type: 'object',
            additionalProperties: false,
            required: ['signal', 'value'],
            properties: {
              signal: { enum: ['span', 'log'] },
              span: { type: 'string' },
              event: { type: 'string' },
              value: { type: 'string', minLength: 1 },
              where: {
                type: 'object',
                additionalProperties: { type: ['string', 'number', 'boolean'] },
              },
            },
          },
          labels: nameList,
          buckets: { type: 'array', minItems: 1, items: { type: 'number', exclusiveMinimum: 0 } },
        },
      },
    },
  },
} as const;
