// The contract's name scanner (contract/src/name-scan.ts) accepts a `video_*` name in a config
// only for label-class attributes, the ones that may become Prometheus labels. LogQL panels read
// Loki structured metadata, where every attribute that leaves the browser appears under its
// underscored name, attribute-class ones included (`video_buffer_length`). A dashboard file that
// needs such a name carries the scanner's exemption marker with its reason, and dashboards/test
// scans it again with exactly those Loki names added, so every other name in it is still checked.
import {
  findNameUses,
  knownNames,
  prometheusLabelName,
  unknownNameUses,
  type Contract,
  type KnownNames,
} from './contract.js';

/** Top-level key of the dashboard JSON holding the marker (Grafana ignores unknown keys). */
export const EXEMPTION_KEY = 'x-openqoe-contract-scan';
export const EXEMPTION =
  'contract-scan: exempt (LogQL reads Loki structured metadata of attribute-class attributes; dashboards/test/names.test.ts scans this file with only those names added)';

/** The scanner's known names plus the Loki field name of every attribute that leaves the browser. */
export function namesWithLokiFields(contract: Contract): KnownNames {
  const known = knownNames(contract);
  const fields = [...contract.attributes.values()]
    .filter((a) => a.cardinality !== 'never')
    .map((a) => prometheusLabelName(a.name));
  return {
    ...known,
    label: new Set([...known.label, ...fields.filter((f) => f.startsWith('video_'))]),
  };
}

/** True when the scanner would reject the text only because of Loki field names. */
export function needsExemption(text: string, contract: Contract): boolean {
  const uses = findNameUses(text, 'dashboard.json', false);
  return unknownNameUses(uses, knownNames(contract)).length > 0;
}
