// Public entry of the contract package: loading, naming rules, generators and the name scanner.
export { loadContract, parseContract, ContractError, CONTRACT_PATH } from './load.js';
export type {
  AttributeDef,
  AttributeSet,
  AttributeType,
  CardinalityClass,
  Contract,
  EventDef,
  LabelPolicy,
  Limits,
  MetricDef,
  MetricSource,
  MetricType,
  Setter,
  SpanDef,
} from './model.js';
export { prometheusLabelName, prometheusSeriesNames, constantName } from './naming.js';
export { generatedFiles, staleFiles, REPO_ROOT } from './generate.js';
export { findNameUses, knownNames, scanNameUses, unknownNameUses } from './name-scan.js';
export type { KnownNames, NameKind, NameUse } from './name-scan.js';
