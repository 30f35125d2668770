// Summary statistics for benchmark rounds. Pure, so the arithmetic behind every published figure
// is unit-tested. The median (not the mean) is the headline because one round slowed down by
// another process on a shared machine must not move it; min–max shows how noisy the run was.

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function requireFiniteValues(values: readonly number[], what: string): void {
  if (values.length === 0) throw new RangeError(`${what}: needs at least one value`);
  const bad = values.findIndex((value) => !Number.isFinite(value));
  if (bad !== -1)
    throw new RangeError(`${what}: value ${bad} is ${values[bad]}, not a finite number`);
}

export function median(values: readonly number[]): number {
  requireFiniteValues(values, 'median');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  // An even count has two middle values: their mean is the conventional median.
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

export function min(values: readonly number[]): number {
  requireFiniteValues(values, 'min');
  return Math.min(...values);
}

export function max(values: readonly number[]): number {
  requireFiniteValues(values, 'max');
  return Math.max(...values);
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: min(values), max: max(values) };
}

/** `count` events over `elapsedNanoseconds` (as `process.hrtime.bigint()` differences give it), per second. */
export function perSecond(count: number, elapsedNanoseconds: bigint): number {
  if (!Number.isFinite(count) || count < 0) {
    throw new RangeError(`perSecond: count is ${count}, not a finite number ≥ 0`);
  }
  if (elapsedNanoseconds <= 0n) {
    throw new RangeError(`perSecond: elapsed time is ${elapsedNanoseconds} ns, not > 0`);
  }
  return (count * 1e9) / Number(elapsedNanoseconds);
}

/**
 * Element-wise `numerators[i] / denominators[i]`. Used on measurements taken in the same round, so
 * a slow-down that hit both (another process on the machine) cancels out of the ratio.
 */
export function pairedRatios(
  numerators: readonly number[],
  denominators: readonly number[],
): number[] {
  if (numerators.length !== denominators.length) {
    throw new RangeError(
      `pairedRatios: ${numerators.length} numerators but ${denominators.length} denominators`,
    );
  }
  requireFiniteValues(numerators, 'pairedRatios numerators');
  requireFiniteValues(denominators, 'pairedRatios denominators');
  return numerators.map((numerator, i) => {
    const denominator = denominators[i] as number;
    if (denominator === 0) throw new RangeError(`pairedRatios: denominator ${i} is 0`);
    return numerator / denominator;
  });
}
