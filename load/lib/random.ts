// Seeded randomness for the traffic generators. k6 (and the Node tests that check the generated
// payloads) run the same code, so only plain JavaScript is used here: no node:crypto, no k6 module.

/** A source of numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: small, fast and seedable, so a test can rebuild the exact traffic of a run. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef';

/** `bytes` random bytes as lowercase hex; never all zeros (an invalid OTLP trace or span id). */
export function hexId(random: Random, bytes: number): string {
  let id = '';
  for (let i = 0; i < bytes * 2; i++) id += HEX.charAt(Math.floor(random() * 16));
  return /^0+$/.test(id) ? `1${id.slice(1)}` : id;
}

/** A uniform number in [low, high), rounded to `decimals` places. */
export function between(random: Random, low: number, high: number, decimals = 3): number {
  return Number((low + random() * (high - low)).toFixed(decimals));
}

/** A uniform integer in [low, high]. */
export function integerBetween(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** True with probability `p`. */
export function chance(random: Random, p: number): boolean {
  return random() < p;
}

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick: no items to pick from');
  return items[Math.floor(random() * items.length)] as T;
}
