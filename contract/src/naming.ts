// How contract names appear in other systems. Pure functions; kept in one place so the generators,
// the name scanner and the tests translate names the same way Alloy and Mimir do.

/** An OpenTelemetry attribute as a Prometheus label: `video.player.name` → `video_player_name`. */
export function prometheusLabelName(attribute: string): string {
  return attribute.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** The series names a metric produces in Prometheus (histograms have three). */
export function prometheusSeriesNames(metric: { name: string; type: string }): string[] {
  if (metric.type !== 'histogram') return [metric.name];
  return [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`];
}

/** A contract name as a TypeScript constant name: `video.stall_start` → `VIDEO_STALL_START`. */
export function constantName(name: string): string {
  return name.replace(/[^a-zA-Z0-9]+/g, '_').toUpperCase();
}
