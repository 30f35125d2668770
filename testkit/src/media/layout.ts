// Where every fixture file lives inside a fixture directory, and the typed description handed to
// tests. One place owns the naming so the ffmpeg commands, the description and the helpers that
// target "segment N of rendition X" cannot disagree.
import type { MediaRecipe } from './recipe.js';

/** Segment numbers start here in both HLS and DASH, so "segment 4" is the 4th in both. */
export const FIRST_SEGMENT_NUMBER = 1;
/** Digits of the zero-padded segment number in file names. */
const NUMBER_DIGITS = 5;
const NUMBER_PLACEHOLDER = '{number}';

export const MEZZANINE_FILE = 'mezzanine.mp4';
export const DESCRIPTION_FILE = 'fixture.json';
export const HLS_DIR = 'hls';
export const HLS_MASTER = `${HLS_DIR}/master.m3u8`;
export const DASH_DIR = 'dash';
export const DASH_MANIFEST = `${DASH_DIR}/manifest.mpd`;
export const PROGRESSIVE_FILE = 'progressive.mp4';

export type StreamingFormat = 'hls' | 'dash';

export interface SegmentedTrack {
  /** File path with `{number}` where the zero-padded segment number goes. */
  segmentPattern: string;
}

export interface RenditionFixture {
  id: string;
  width: number;
  height: number;
  /** Encoder target video bitrate in bit/s (manifests advertise measured, higher, peaks). */
  bandwidth: number;
  frameRate: number;
  hls: SegmentedTrack & { playlist: string };
  dash: SegmentedTrack & { representationId: string; init: string };
}

/**
 * The fixture set. Every path is relative to `dir`; the media server serves `dir` as its media
 * root, so a path here is also the URL path after the media prefix.
 */
export interface MediaFixtures {
  /** Absolute path of the fixture directory. */
  dir: string;
  /** Cache key: a hash of the recipe and the commands that realise it. */
  hash: string;
  /** False when this call ran ffmpeg, true when the cached directory was reused. */
  fromCache: boolean;
  recipe: MediaRecipe;
  contentDurationSeconds: number;
  segmentDurationSeconds: number;
  /** Video segments per rendition. */
  segmentCount: number;
  firstSegmentNumber: number;
  /** Lowest bandwidth first, as in the recipe. */
  renditions: readonly RenditionFixture[];
  hls: { master: string };
  dash: {
    manifest: string;
    audio: SegmentedTrack & { representationId: string; init: string };
  };
  progressive: { path: string; renditionId: string; width: number; height: number };
}

export function hlsVariantDir(renditionId: string): string {
  return `${HLS_DIR}/${renditionId}`;
}

/** DASH representation ids as ffmpeg assigns them: stream order, videos first, then audio. */
export function dashRepresentationId(streamIndex: number): string {
  return String(streamIndex);
}

function dashTrack(representationId: string): SegmentedTrack & {
  representationId: string;
  init: string;
} {
  return {
    representationId,
    init: `${DASH_DIR}/init_${representationId}.m4s`,
    segmentPattern: `${DASH_DIR}/seg_${representationId}_${NUMBER_PLACEHOLDER}.m4s`,
  };
}

/** The description of a fixture directory built from `recipe`; a pure function of its inputs. */
export function describeFixtures(
  recipe: MediaRecipe,
  hash: string,
  dir: string,
  fromCache: boolean,
): MediaFixtures {
  const renditions = recipe.renditions.map((rendition, index): RenditionFixture => ({
    id: rendition.id,
    width: rendition.width,
    height: rendition.height,
    bandwidth: rendition.videoBitrateKbps * 1000,
    frameRate: recipe.frameRate,
    hls: {
      playlist: `${hlsVariantDir(rendition.id)}/index.m3u8`,
      segmentPattern: `${hlsVariantDir(rendition.id)}/seg_${NUMBER_PLACEHOLDER}.ts`,
    },
    dash: dashTrack(dashRepresentationId(index)),
  }));
  const progressive = renditions.find((r) => r.id === recipe.progressiveRendition);
  if (progressive === undefined) {
    throw new RangeError(`media recipe: progressiveRendition "${recipe.progressiveRendition}"`);
  }
  return {
    dir,
    hash,
    fromCache,
    recipe,
    contentDurationSeconds: recipe.durationSeconds,
    segmentDurationSeconds: recipe.segmentSeconds,
    segmentCount: Math.ceil(recipe.durationSeconds / recipe.segmentSeconds - 1e-9),
    firstSegmentNumber: FIRST_SEGMENT_NUMBER,
    renditions,
    hls: { master: HLS_MASTER },
    dash: {
      manifest: DASH_MANIFEST,
      audio: dashTrack(dashRepresentationId(renditions.length)),
    },
    progressive: {
      path: PROGRESSIVE_FILE,
      renditionId: progressive.id,
      width: progressive.width,
      height: progressive.height,
    },
  };
}

/** The file of video segment `number` (1-based, see firstSegmentNumber) of one rendition. */
export function segmentPath(
  fixtures: MediaFixtures,
  format: StreamingFormat,
  renditionId: string,
  number: number,
): string {
  const rendition = fixtures.renditions.find((r) => r.id === renditionId);
  if (rendition === undefined) {
    throw new RangeError(
      `no rendition "${renditionId}"; have ${fixtures.renditions.map((r) => r.id).join(', ')}`,
    );
  }
  return fillSegmentPattern(rendition[format].segmentPattern, fixtures, number);
}

/** The file of DASH audio segment `number` (1-based; the audio track is separate in DASH). */
export function dashAudioSegmentPath(fixtures: MediaFixtures, number: number): string {
  return fillSegmentPattern(fixtures.dash.audio.segmentPattern, fixtures, number);
}

/**
 * Matches the URL path of video segment `number` of every rendition: what a fault needs when the
 * player may fetch that segment from whichever rendition ABR picked.
 */
export function segmentPathPattern(
  fixtures: MediaFixtures,
  format: StreamingFormat,
  number: number,
): RegExp {
  const alternatives = fixtures.renditions.map((rendition) =>
    escapeRegExp(fillSegmentPattern(rendition[format].segmentPattern, fixtures, number)),
  );
  return new RegExp(`/(?:${alternatives.join('|')})$`);
}

function fillSegmentPattern(pattern: string, fixtures: MediaFixtures, number: number): string {
  const last = fixtures.firstSegmentNumber + fixtures.segmentCount - 1;
  if (!Number.isInteger(number) || number < fixtures.firstSegmentNumber || number > last) {
    throw new RangeError(
      `segment number ${number} is outside ${fixtures.firstSegmentNumber}..${last}`,
    );
  }
  return pattern.replace(NUMBER_PLACEHOLDER, String(number).padStart(NUMBER_DIGITS, '0'));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** printf-style segment name templates for the ffmpeg muxers, matching the patterns above. */
export const FFMPEG_TEMPLATES = {
  hlsSegment: `${HLS_DIR}/%v/seg_%0${NUMBER_DIGITS}d.ts`,
  hlsPlaylist: `${HLS_DIR}/%v/index.m3u8`,
  dashInit: 'init_$RepresentationID$.m4s',
  dashSegment: `seg_$RepresentationID$_$Number%0${NUMBER_DIGITS}d$.m4s`,
} as const;
