// Public entry of @openqoe/sdk. The SDK core lands with the [sdk-core] issue; until then the package
// publishes the contract's names and value types, generated from contract/telemetry.yaml.
export type {
  AttributeName,
  AttributeValues,
  EventAttributesByName,
  EventName,
  ResourceAttributes,
  SpanAttributesByName,
  SpanName,
} from './generated/contract.js';
export { LIMITS, ATTRIBUTE_MAX_LENGTH } from './generated/contract.js';
