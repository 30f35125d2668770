// Grafana unit ids used by the dashboards, named for what they measure.
export const UNIT = {
  seconds: 's',
  /** A ratio 0–1 shown as a percentage. */
  ratio: 'percentunit',
  bitsPerSecond: 'bps',
  /** CMCD reports throughput and bitrates in kbit/s. */
  kilobitsPerSecond: 'Kbits',
  count: 'short',
  perSecond: 'cps',
  perMinute: 'cpm',
  /** A plain number with no unit (a ratio of two rates, a pixel height). */
  none: 'none',
  currency: 'currencyUSD',
  /** CMCD buffer lengths are in milliseconds. */
  milliseconds: 'ms',
} as const;

export type Unit = (typeof UNIT)[keyof typeof UNIT];
