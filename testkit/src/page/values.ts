// Small helpers for turning player data into the recorder's flat, JSON-safe details and for
// layering caller config over harness defaults.
import type { PlayerEventDetail } from '../ground-truth/types.js';
import type { JsonObject } from '../json.js';

/**
 * A flat detail from `source` by dotted paths: `pickDetail(data, { sn: 'frag.sn' })`. Anything
 * missing or not a primitive becomes null, so a library changing a payload shape shows up as
 * nulls in the ground truth instead of an exception inside its event dispatch.
 */
export function pickDetail(source: unknown, paths: Record<string, string>): PlayerEventDetail {
  const detail: PlayerEventDetail = {};
  for (const [key, path] of Object.entries(paths)) {
    let value: unknown = source;
    for (const part of path.split('.')) {
      value = isRecord(value) ? value[part] : undefined;
    }
    detail[key] =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? value
        : null;
  }
  return detail;
}

/** `extra` deep-merged over `base`: objects merge key by key, anything else replaces. */
export function mergeConfig(base: JsonObject, extra: JsonObject | undefined): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(extra ?? {})) {
    const current = merged[key];
    merged[key] =
      isPlainObject(current) && isPlainObject(value) ? mergeConfig(current, value) : value;
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isPlainObject(value: unknown): value is JsonObject {
  return isRecord(value) && !Array.isArray(value);
}
