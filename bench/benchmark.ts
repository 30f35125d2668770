// What a benchmark module exports so `bench/run.ts` can run it and record it in BENCHMARKS.md.
// A module satisfies this with plain exports (`export const name = …; export async function
// run(…)`), so adding a benchmark is one module plus one line in run.ts's list.

/** Anything `JSON.stringify` writes back unchanged. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface RunOptions {
  /** A smoke run: short rounds, figures not meant to be published. */
  readonly quick: boolean;
}

export interface BenchmarkOutput {
  /** The section's body in Markdown: tables and notes; run.ts adds the heading, command, date, machine. */
  readonly markdown: string;
  /** The same figures for scripts (bench/results/<name>.json). */
  readonly results: JsonValue;
}

export interface Benchmark {
  /** Lower-case words joined by hyphens: the command-line argument and the section's marker. */
  readonly name: string;
  readonly title: string;
  /** How to re-run just this benchmark, as printed in its section. */
  readonly command: string;
  run(options: RunOptions): Promise<BenchmarkOutput>;
}
