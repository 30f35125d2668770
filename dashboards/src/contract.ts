// The dashboards' one way into the telemetry contract, loaded once. It imports the contract's
// modules directly rather than the package index, which also loads the contract's generators
// (top-level await, prettier) that the dashboards do not need.
import { loadContract } from '../../contract/src/load.js';

export type { Contract, MetricDef } from '../../contract/src/model.js';
export { prometheusLabelName, prometheusSeriesNames } from '../../contract/src/naming.js';
export {
  EXEMPT_MARKER,
  findNameUses,
  knownNames,
  unknownNameUses,
  type KnownNames,
} from '../../contract/src/name-scan.js';

export const contract = loadContract();
