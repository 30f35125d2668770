// The dashboard filters (template variables) and which Prometheus label each one narrows. A filter
// is applied to a metric only when the contract gives that metric the label, so a panel never
// filters on a label its metric does not carry (which would silently match nothing).
export const FILTERS = {
  player: { variable: 'player', label: 'video_player_name', attribute: 'video.player.name' },
  device: { variable: 'device', label: 'video_device_type', attribute: 'video.device.type' },
  stream: { variable: 'stream', label: 'video_stream_type', attribute: 'video.stream.type' },
  content: { variable: 'content', label: 'video_content_id', attribute: 'video.content.id' },
} as const;

export type FilterName = keyof typeof FILTERS;

/** What a dashboard filters on, and labels it pins to one value (e.g. stream type = live). */
export interface Scope {
  readonly filters: readonly FilterName[];
  readonly fixed?: Readonly<Record<string, string>>;
}
