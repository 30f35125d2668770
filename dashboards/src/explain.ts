// Panel descriptions: the panel's intent in words, then where its numbers come from. A metric's
// meaning is taken from the contract's brief, so the description changes with the contract.
import { contract } from './contract.js';

/** "<intent> Source: <metric> — <contract brief>" for each metric named. */
export function explain(intent: string, ...metrics: readonly string[]): string {
  const sources = metrics.map((name) => {
    const def = contract.metrics.get(name);
    if (!def) throw new Error(`${name} is not a metric in contract/telemetry.yaml`);
    return `${name}: ${def.brief.replace(/\.$/, '')}.`;
  });
  return sources.length === 0 ? intent : `${intent} Source: ${sources.join(' ')}`;
}
