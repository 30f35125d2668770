// QoE arithmetic, once, as pure functions. Adapters never compute metrics; the view tracker feeds
// these with what it observed. Definitions follow ../shared/notes/qoe-metrics.md and the contract.

/** Rebuffer ratio = rebuffer time / (watch time + rebuffer time); 0 when nothing was watched. */
export function rebufferRatio(rebufferSeconds: number, watchSeconds: number): number {
  const total = rebufferSeconds + watchSeconds;
  return total > 0 ? rebufferSeconds / total : 0;
}

/** Stalls per minute of watch time; 0 before any watch time (a stall during startup is not one). */
export function rebufferFrequency(stallCount: number, watchSeconds: number): number {
  return watchSeconds > 0 ? stallCount / (watchSeconds / 60) : 0;
}

/** Furthest position reached / duration, clamped to [0, 1]; undefined for live or unknown duration. */
export function completion(furthestPosition: number, durationSeconds: number): number | undefined {
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) return undefined;
  return Math.min(1, Math.max(0, furthestPosition / durationSeconds));
}

export const QUARTILES = [25, 50, 75, 100] as const;
export type Quartile = (typeof QUARTILES)[number];

// The last fraction of a second is often never rendered (the final frame lands a few ms short of
// the duration), so 100 % counts as reached within this margin of the end.
const END_TOLERANCE_SECONDS = 0.25;

/** Position from which quartile `q` of a clip counts as reached. */
function quartileMark(durationSeconds: number, q: Quartile): number {
  return (durationSeconds * q) / 100 - (q === 100 ? END_TOLERANCE_SECONDS : 0);
}

const hasLength = (durationSeconds: number): boolean =>
  Number.isFinite(durationSeconds) && durationSeconds > 0;

/** Position at which the next quartile not yet reached will be; Infinity when none is left. */
export function nextQuartileMark(
  durationSeconds: number,
  alreadyReached: readonly Quartile[],
): number {
  const next = QUARTILES.find((q) => !alreadyReached.includes(q));
  return next !== undefined && hasLength(durationSeconds)
    ? quartileMark(durationSeconds, next)
    : Infinity;
}

/** Quartiles newly reached when the furthest position moved to `position` (VOD only). */
export function quartilesReached(
  position: number,
  durationSeconds: number,
  alreadyReached: readonly Quartile[],
): Quartile[] {
  if (!hasLength(durationSeconds)) return [];
  return QUARTILES.filter(
    (q) => !alreadyReached.includes(q) && position >= quartileMark(durationSeconds, q),
  );
}

export type QualityDirection = 'up' | 'down' | 'lateral';

/** Direction of a rendition change, by bitrate; resolution breaks a bitrate tie. */
export function qualityDirection(
  previous: { bitrate?: number; height?: number },
  next: { bitrate?: number; height?: number },
): QualityDirection {
  const delta = (next.bitrate ?? 0) - (previous.bitrate ?? 0);
  if (delta > 0) return 'up';
  if (delta < 0) return 'down';
  const heightDelta = (next.height ?? 0) - (previous.height ?? 0);
  if (heightDelta > 0) return 'up';
  if (heightDelta < 0) return 'down';
  return 'lateral';
}

/**
 * Accumulates a time-weighted average of a value that holds between changes (e.g. the rendered
 * bitrate), counting only the time during which `counting` was true (watch time).
 */
export interface TimeWeighted {
  readonly weightedSum: number;
  readonly seconds: number;
}

export const EMPTY_TIME_WEIGHTED: TimeWeighted = { weightedSum: 0, seconds: 0 };

export function addTimeWeighted(acc: TimeWeighted, value: number, seconds: number): TimeWeighted {
  if (!(seconds > 0) || !Number.isFinite(value)) return acc;
  return { weightedSum: acc.weightedSum + value * seconds, seconds: acc.seconds + seconds };
}

export function timeWeightedAverage(acc: TimeWeighted): number | undefined {
  return acc.seconds > 0 ? acc.weightedSum / acc.seconds : undefined;
}

/**
 * A time-weighted average bitrate in whole bits per second. Summing bitrate × seconds in floating
 * point leaves remainders (302509.0000000002 for a view that only ever rendered 302509), and a
 * fraction of a bit per second means nothing.
 */
export function averageBitrate(acc: TimeWeighted): number | undefined {
  const average = timeWeightedAverage(acc);
  return average === undefined ? undefined : Math.round(average);
}

/**
 * Upscaling: the rendered frames are smaller than the element displays them (in device pixels).
 * Returns true when either dimension is stretched by more than `tolerance` (default 5 %, so a
 * 1-pixel letterbox rounding is not upscaling).
 */
export function isUpscaled(
  rendered: { width: number; height: number },
  displayed: { width: number; height: number },
  tolerance = 0.05,
): boolean {
  if (rendered.width <= 0 || rendered.height <= 0) return false;
  // The video keeps its aspect ratio inside the element: the displayed video size is the element
  // size scaled to fit, so compare along the limiting dimension.
  const scale = Math.min(displayed.width / rendered.width, displayed.height / rendered.height);
  return scale > 1 + tolerance;
}

/** Mux-style startup score in 0–100: 100 · k / (k + startup seconds), k = 8 s by default. */
export function startupScore(startupSeconds: number, halfScoreSeconds = 8): number {
  if (!(startupSeconds >= 0)) return 0;
  return (100 * halfScoreSeconds) / (halfScoreSeconds + startupSeconds);
}
