// The shapes of the promtool unit-test cases, written once in TypeScript (test/rules/promtool-cases)
// and rendered into mimir/tests/*.test.yaml by generate.ts.
import type { InputSeries, Labels } from './series.js';

/** A recording rule's expected sample, compared after rounding to 4 decimals (see render.ts). */
export interface ExpectedSample {
  labels: Labels;
  value: number;
}

/** One input scenario and the values the recording rules must compute from it. */
export interface RecordingScenario {
  name: string;
  input: InputSeries[];
  evalTime: string;
  /** Recording rule name → every sample it must produce (an empty list: it must produce none). */
  expected: Readonly<Record<string, readonly ExpectedSample[]>>;
}

/** One firing alert instance: its series labels and the rendered `$value` of its annotations. */
export interface ExpectedAlert {
  labels: Labels;
  /** How `{{ $value | ... }}` renders in the annotations (e.g. "3.1s", "12%"). */
  value?: string;
}

/** One alert case: the input, the evaluation time and the alerts expected to be firing then. */
export interface AlertCase {
  alert: string;
  name: string;
  /** What the case proves: `fires` above the threshold, `silent` just below it or under a guard. */
  kind: 'fires' | 'silent' | 'guard';
  input: InputSeries[];
  evalTime: string;
  firing: readonly ExpectedAlert[];
}
