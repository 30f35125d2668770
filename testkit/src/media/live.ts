// A live HLS stream made from a VOD media playlist: a sliding window that advances in real time,
// one segment per segment duration, as an origin packaging a live encoder would publish it. The
// segments themselves are the VOD files, so faults aimed at them apply to the live stream too.
// Pure functions only; the media server calls them with the current time.

export interface PlaylistSegment {
  /** EXTINF duration in seconds. */
  duration: number;
  /** The segment URI as written in the playlist (relative or absolute). */
  uri: string;
  /** Tags written before this segment other than EXTINF (e.g. EXT-X-DISCONTINUITY). */
  tags: string[];
}

export interface MediaPlaylist {
  /** Header tags kept for the live copy (version, target duration, init map, ...). */
  headerTags: string[];
  segments: PlaylistSegment[];
}

export interface LiveWindowSpec {
  /** Segments listed in every playlist (the sliding window). */
  windowSegments: number;
  /** Segments already published when the stream starts. */
  initialSegments: number;
  /** Epoch ms at which the stream started (the initial segments were complete then). */
  startedAtMs: number;
  /** URL path of the directory the VOD playlist's relative URIs are resolved against. */
  baseDir: string;
}

// Tags the live copy recomputes or must not carry (a live playlist has no type and no end).
const DROPPED_HEADER_TAGS = ['#EXT-X-MEDIA-SEQUENCE', '#EXT-X-PLAYLIST-TYPE', '#EXT-X-ENDLIST'];

/** Parses a media playlist (not a master playlist). Throws on anything that is not one. */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines[0] !== '#EXTM3U') throw new Error('not an HLS playlist: no #EXTM3U first line');
  if (lines.some((line) => line.startsWith('#EXT-X-STREAM-INF'))) {
    throw new Error('a master playlist cannot be made live; give a media playlist');
  }
  const headerTags: string[] = [];
  const segments: PlaylistSegment[] = [];
  let pending: { duration: number | undefined; tags: string[] } = { duration: undefined, tags: [] };
  for (const line of lines.slice(1)) {
    if (line.startsWith('#EXTINF:')) {
      const duration = Number.parseFloat(line.slice('#EXTINF:'.length));
      if (!(duration > 0)) throw new Error(`bad EXTINF duration in "${line}"`);
      pending.duration = duration;
    } else if (!line.startsWith('#')) {
      if (pending.duration === undefined) throw new Error(`segment "${line}" has no EXTINF`);
      segments.push({ duration: pending.duration, uri: line, tags: pending.tags });
      pending = { duration: undefined, tags: [] };
    } else if (segments.length === 0 && pending.duration === undefined && isHeaderTag(line)) {
      if (!DROPPED_HEADER_TAGS.some((tag) => line.startsWith(tag))) headerTags.push(line);
    } else if (!line.startsWith('#EXT-X-ENDLIST') && line.startsWith('#EXT')) {
      pending.tags.push(line);
    }
  }
  if (segments.length === 0) throw new Error('the playlist lists no segments');
  return { headerTags, segments };
}

function isHeaderTag(line: string): boolean {
  return !line.startsWith('#EXT-X-DISCONTINUITY') && !line.startsWith('#EXT-X-PROGRAM-DATE-TIME');
}

/** How many segments are published `nowMs` into the stream (at least the initial ones). */
export function publishedSegments(
  playlist: MediaPlaylist,
  spec: LiveWindowSpec,
  nowMs: number,
): number {
  const total = playlist.segments.length;
  let published = Math.min(total, spec.initialSegments);
  let readyAt = spec.startedAtMs;
  while (published < total) {
    readyAt += (playlist.segments[published]?.duration ?? 0) * 1000;
    if (readyAt > nowMs) break;
    published += 1;
  }
  return published;
}

/**
 * The live playlist as published at `nowMs`: the last `windowSegments` published segments, with
 * EXT-X-MEDIA-SEQUENCE counting from 0 and EXT-X-PROGRAM-DATE-TIME on the first segment (the
 * last initial segment ends at `startedAtMs`), and EXT-X-ENDLIST once every segment is out.
 */
export function livePlaylistAt(playlist: MediaPlaylist, spec: LiveWindowSpec, nowMs: number) {
  validateLiveWindow(spec, playlist.segments.length);
  const published = publishedSegments(playlist, spec, nowMs);
  const first = Math.max(0, published - spec.windowSegments);
  const startOf = (index: number): number =>
    playlist.segments.slice(0, index).reduce((sum, segment) => sum + segment.duration * 1000, 0);
  const epochOfZero = spec.startedAtMs - startOf(spec.initialSegments);
  const lines = ['#EXTM3U', ...playlist.headerTags.map((tag) => absoluteMap(tag, spec.baseDir))];
  lines.push(`#EXT-X-MEDIA-SEQUENCE:${first}`);
  lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(epochOfZero + startOf(first)).toISOString()}`);
  for (const segment of playlist.segments.slice(first, published)) {
    lines.push(...segment.tags, `#EXTINF:${segment.duration.toFixed(6)},`);
    lines.push(resolveUri(segment.uri, spec.baseDir));
  }
  if (published === playlist.segments.length) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** Throws a RangeError naming the first bad field of a live window. */
export function validateLiveWindow(spec: LiveWindowSpec, segmentCount = Infinity): void {
  const fail = (field: string, why: string): never => {
    throw new RangeError(`live stream: ${field} ${why}`);
  };
  if (!(Number.isInteger(spec.windowSegments) && spec.windowSegments >= 1)) {
    fail('windowSegments', `must be an integer ≥ 1, got ${String(spec.windowSegments)}`);
  }
  const { initialSegments } = spec;
  if (!(Number.isInteger(initialSegments) && initialSegments >= 1)) {
    fail('initialSegments', `must be an integer ≥ 1, got ${String(initialSegments)}`);
  }
  if (initialSegments > segmentCount) {
    fail('initialSegments', `is ${initialSegments} but the playlist has ${segmentCount} segments`);
  }
  if (!Number.isFinite(spec.startedAtMs)) fail('startedAtMs', 'must be a finite epoch time');
  if (!spec.baseDir.startsWith('/')) fail('baseDir', 'must be an absolute URL path');
}

/** A relative URI made absolute against the VOD playlist's directory (the live path differs). */
function resolveUri(uri: string, baseDir: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/')) return uri;
  return `${baseDir.replace(/\/+$/, '')}/${uri}`;
}

function absoluteMap(tag: string, baseDir: string): string {
  if (!tag.startsWith('#EXT-X-MAP:')) return tag;
  return tag.replace(/URI="([^"]*)"/, (_match, uri: string) => `URI="${resolveUri(uri, baseDir)}"`);
}
