// Series recorded by the Mimir ruler (mimir/rules/**, names openqoe:<quantity>:<aggregation>).
// Reading a recording rule is cheaper than recomputing it over long ranges; a dashboard names one
// through here so a rule renamed or removed breaks generation, not a panel in production.
import { readRecordingRules } from './check/recording-rules.js';
import { RULES_DIR } from './paths.js';

const recorded = new Set(readRecordingRules(RULES_DIR).map((rule) => rule.record));

export function recordedSeries(name: string): string {
  if (!recorded.has(name)) throw new Error(`${name} is not a recording rule in mimir/rules/`);
  return name;
}
