// The media fixture recipe: everything that decides what the encoded files look like. The cache
// key is a hash of this plus the ffmpeg commands derived from it, so any change rebuilds.

export interface RenditionRecipe {
  /** Used in paths and HLS variant names: letters, digits, '-' and '_' only. */
  id: string;
  width: number;
  height: number;
  /** Encoder target; x264 gets maxrate 1.1× and a 2× buffer around it. */
  videoBitrateKbps: number;
}

export interface AudioRecipe {
  sampleRate: number;
  channels: 1 | 2;
  bitrateKbps: number;
  /** Frequency of the sine tone. */
  toneHz: number;
}

export interface MediaRecipe {
  /** Length of the clip. A multiple of segmentSeconds keeps every segment full. */
  durationSeconds: number;
  frameRate: number;
  /** Segment length; also the GOP length, so every segment starts with a keyframe. */
  segmentSeconds: number;
  /** x264 preset: speed of the one-time encode, not quality of interest to tests. */
  x264Preset: string;
  audio: AudioRecipe;
  /** Lowest first; every one is in the HLS master playlist and the DASH video adaptation set. */
  renditions: readonly RenditionRecipe[];
  /** Id of the rendition remuxed (with audio) into the progressive MP4. */
  progressiveRendition: string;
}

export const DEFAULT_MEDIA_RECIPE: MediaRecipe = {
  durationSeconds: 20,
  frameRate: 25,
  segmentSeconds: 2,
  x264Preset: 'veryfast',
  audio: { sampleRate: 48000, channels: 2, bitrateKbps: 96, toneHz: 440 },
  renditions: [
    { id: '240p', width: 426, height: 240, videoBitrateKbps: 300 },
    { id: '480p', width: 854, height: 480, videoBitrateKbps: 900 },
    { id: '720p', width: 1280, height: 720, videoBitrateKbps: 2000 },
  ],
  progressiveRendition: '480p',
};

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Throws a RangeError naming the first bad field. */
export function validateRecipe(recipe: MediaRecipe): void {
  const fail = (field: string, why: string): never => {
    throw new RangeError(`media recipe: ${field} ${why}`);
  };
  const positive = (field: string, value: number): void => {
    if (!(Number.isFinite(value) && value > 0)) fail(field, `must be a positive number`);
  };
  positive('durationSeconds', recipe.durationSeconds);
  positive('frameRate', recipe.frameRate);
  positive('segmentSeconds', recipe.segmentSeconds);
  if (!Number.isInteger(recipe.frameRate * recipe.segmentSeconds)) {
    fail('segmentSeconds', '× frameRate must be a whole number of frames (one GOP per segment)');
  }
  if (!/^[a-z]+$/.test(recipe.x264Preset)) fail('x264Preset', 'must be an x264 preset name');
  positive('audio.sampleRate', recipe.audio.sampleRate);
  positive('audio.bitrateKbps', recipe.audio.bitrateKbps);
  positive('audio.toneHz', recipe.audio.toneHz);
  if (recipe.audio.channels !== 1 && recipe.audio.channels !== 2) {
    fail('audio.channels', 'must be 1 or 2');
  }
  if (recipe.renditions.length === 0) fail('renditions', 'must not be empty');
  const seen = new Set<string>();
  recipe.renditions.forEach((rendition, index) => {
    const field = `renditions[${index}]`;
    if (!ID_PATTERN.test(rendition.id)) fail(`${field}.id`, `must match ${String(ID_PATTERN)}`);
    if (seen.has(rendition.id)) fail(`${field}.id`, `duplicates "${rendition.id}"`);
    seen.add(rendition.id);
    for (const key of ['width', 'height'] as const) {
      // yuv420p needs even dimensions.
      const value = rendition[key];
      if (!(Number.isInteger(value) && value > 0 && value % 2 === 0)) {
        fail(`${field}.${key}`, 'must be a positive even integer');
      }
    }
    positive(`${field}.videoBitrateKbps`, rendition.videoBitrateKbps);
  });
  if (!seen.has(recipe.progressiveRendition)) {
    fail('progressiveRendition', `"${recipe.progressiveRendition}" is not a rendition id`);
  }
}
