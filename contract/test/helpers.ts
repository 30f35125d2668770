import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { CONTRACT_PATH, parseContract } from '../src/load.js';
import type { Contract } from '../src/model.js';

// A plain-object view of telemetry.yaml that tests can break on purpose.
export type RawContractObject = Record<string, Record<string, unknown>>;

export function rawContract(): RawContractObject {
  return parse(readFileSync(CONTRACT_PATH, 'utf8')) as RawContractObject;
}

/** Parses the repository's contract after `change` edited a copy of it. */
export function parseChanged(change: (raw: RawContractObject) => void): Contract {
  const raw = rawContract();
  change(raw);
  return parseContract(stringify(raw));
}

/** Renames an attribute everywhere the contract refers to it, as a careless edit would not. */
export function renameAttribute(raw: RawContractObject, from: string, to: string): void {
  const text = JSON.stringify(raw).replaceAll(JSON.stringify(from), JSON.stringify(to));
  Object.assign(raw, JSON.parse(text) as RawContractObject);
}
