// Threshold presets: where a QoE figure turns from good (green) to worrying (orange) to bad (red).
// Figures are common industry targets (startup under 2 s, rebuffering under 1 % of watch time, ...);
// change them here and every panel follows.
import { ThresholdsConfigBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';

type Step = readonly [value: number, color: string];

function absolute(base: string, steps: readonly Step[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map(([value, color]) => ({ value, color }))]);
}

/** Lower is better: green below `warn`, orange from `warn`, red from `bad`. */
export function lowerIsBetter(warn: number, bad: number): ThresholdsConfigBuilder {
  return absolute('green', [
    [warn, 'orange'],
    [bad, 'red'],
  ]);
}

/** Higher is better: red below `bad`, orange from `bad`, green from `good`. */
export function higherIsBetter(bad: number, good: number): ThresholdsConfigBuilder {
  return absolute('red', [
    [bad, 'orange'],
    [good, 'green'],
  ]);
}

/** For figures that are neither good nor bad (counts of views): one neutral colour. */
export function neutral(): ThresholdsConfigBuilder {
  return absolute('blue', []);
}

export const THRESHOLDS = {
  /** Video startup / join time, seconds. */
  startupSeconds: () => lowerIsBetter(2, 4),
  /** Player startup time, seconds. */
  playerStartupSeconds: () => lowerIsBetter(1, 3),
  seekSeconds: () => lowerIsBetter(1, 3),
  stallSeconds: () => lowerIsBetter(2, 5),
  /** Rebuffer time / (watch time + rebuffer time). */
  rebufferRatio: () => lowerIsBetter(0.01, 0.03),
  /** Stalls per minute of watch time. */
  rebufferFrequency: () => lowerIsBetter(0.1, 0.5),
  /** Failed views / views, exits before start / views. */
  failureRatio: () => lowerIsBetter(0.01, 0.05),
  completionRatio: () => higherIsBetter(0.3, 0.6),
  /** Live latency, seconds behind the live edge. */
  liveLatencySeconds: () => lowerIsBetter(10, 30),
  droppedFramesPerMinute: () => lowerIsBetter(10, 60),
  /** Rendered bitrate: low bitrates mean a poor picture. */
  bitrate: () => higherIsBetter(1_000_000, 2_500_000),
  /** Receiver accepted / all requests. */
  acceptanceRatio: () => higherIsBetter(0.95, 0.99),
  /** Request latency of the receiver, seconds. */
  requestSeconds: () => lowerIsBetter(0.1, 0.5),
  /** Exporter queue used / capacity. */
  queueUtilisation: () => lowerIsBetter(0.5, 0.8),
  /** Seconds since the newest QoE sample. */
  freshnessSeconds: () => lowerIsBetter(120, 300),
  neutral,
} as const;
