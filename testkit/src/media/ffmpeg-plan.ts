// The ffmpeg commands that realise a recipe: one encode to a mezzanine file, then stream-copy
// remuxes into HLS, DASH and a progressive MP4. Encoding once keeps every format bit-identical in
// its video and audio, and the remuxes cost well under a second. All paths are relative to the
// working directory the commands run in, so the plan (and its hash) does not depend on where the
// cache lives.
import {
  DASH_MANIFEST,
  FFMPEG_TEMPLATES,
  HLS_MASTER,
  MEZZANINE_FILE,
  PROGRESSIVE_FILE,
} from './layout.js';
import type { MediaRecipe } from './recipe.js';

export interface FfmpegStep {
  /** What the step makes, for error messages. */
  name: string;
  args: readonly string[];
}

const COMMON = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];

export function planFfmpegSteps(recipe: MediaRecipe): FfmpegStep[] {
  return [encodeStep(recipe), hlsStep(recipe), dashStep(recipe), progressiveStep(recipe)];
}

function encodeStep(recipe: MediaRecipe): FfmpegStep {
  const { durationSeconds: duration, frameRate, renditions, audio } = recipe;
  const largest = renditions.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  const gop = Math.round(frameRate * recipe.segmentSeconds);
  // One source, split per rendition; each branch is scaled (keeping the 16:9 display aspect, which
  // the DASH muxer requires to match across an adaptation set, hence a non-square pixel aspect at
  // 426x240) and then labelled, so the burnt-in
  // text (rendition, timecode, frame number) is legible at every size and a screenshot says which
  // rendition and frame was on screen.
  const branches = renditions.map((rendition, index) => {
    const fontSize = Math.max(12, Math.round(rendition.height / 12));
    const text = `${rendition.id} %{pts\\:hms} #%{n}`;
    return (
      `[s${index}]scale=${rendition.width}:${rendition.height},` +
      `drawtext=font=monospace:fontsize=${fontSize}:fontcolor=white:box=1:boxcolor=black@0.6:` +
      `x=${fontSize}:y=${fontSize}:text='${text}'[v${index}]`
    );
  });
  const split = `[0:v]split=${renditions.length}${renditions.map((_, i) => `[s${i}]`).join('')}`;
  const perRendition = renditions.flatMap((rendition, index) => {
    const kbps = rendition.videoBitrateKbps;
    return [
      `-b:v:${index}`,
      `${kbps}k`,
      `-maxrate:v:${index}`,
      `${Math.round(kbps * 1.1)}k`,
      `-bufsize:v:${index}`,
      `${kbps * 2}k`,
    ];
  });
  return {
    name: 'mezzanine encode',
    args: [
      ...COMMON,
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${largest.width}x${largest.height}:rate=${frameRate}:duration=${duration}`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${audio.toneHz}:sample_rate=${audio.sampleRate}:duration=${duration}`,
      '-filter_complex',
      [split, ...branches].join(';'),
      ...renditions.flatMap((_, index) => ['-map', `[v${index}]`]),
      '-map',
      '1:a',
      '-c:v',
      'libx264',
      '-preset',
      recipe.x264Preset,
      '-profile:v',
      'main',
      '-pix_fmt',
      'yuv420p',
      // A fixed GOP of exactly one segment and no scene-cut keyframes: segment boundaries are
      // then the only keyframes, and both muxers cut every segment at the same frame.
      '-g',
      String(gop),
      '-keyint_min',
      String(gop),
      '-sc_threshold',
      '0',
      ...perRendition,
      '-c:a',
      'aac',
      '-b:a',
      `${audio.bitrateKbps}k`,
      '-ac',
      String(audio.channels),
      MEZZANINE_FILE,
    ],
  };
}

function hlsStep(recipe: MediaRecipe): FfmpegStep {
  const { renditions } = recipe;
  // Every variant carries its own copy of the one audio stream (muxed TS), the most widely
  // supported HLS shape; mapping the audio once per variant is how ffmpeg allows that.
  const maps = renditions.flatMap((_, index) => ['-map', `0:v:${index}`, '-map', '0:a:0']);
  const streamMap = renditions
    .map((rendition, index) => `v:${index},a:${index},name:${rendition.id}`)
    .join(' ');
  return {
    name: 'HLS remux',
    args: [
      ...COMMON,
      '-i',
      MEZZANINE_FILE,
      ...maps,
      '-c',
      'copy',
      '-f',
      'hls',
      '-hls_time',
      String(recipe.segmentSeconds),
      '-hls_playlist_type',
      'vod',
      '-start_number',
      '1',
      '-hls_segment_filename',
      FFMPEG_TEMPLATES.hlsSegment,
      '-master_pl_name',
      HLS_MASTER.slice(HLS_MASTER.lastIndexOf('/') + 1),
      '-var_stream_map',
      streamMap,
      FFMPEG_TEMPLATES.hlsPlaylist,
    ],
  };
}

function dashStep(recipe: MediaRecipe): FfmpegStep {
  const maps = recipe.renditions.flatMap((_, index) => ['-map', `0:v:${index}`]);
  return {
    name: 'DASH remux',
    args: [
      ...COMMON,
      '-i',
      MEZZANINE_FILE,
      ...maps,
      '-map',
      '0:a:0',
      '-c',
      'copy',
      '-f',
      'dash',
      '-seg_duration',
      String(recipe.segmentSeconds),
      '-use_template',
      '1',
      '-use_timeline',
      '1',
      '-adaptation_sets',
      'id=0,streams=v id=1,streams=a',
      '-init_seg_name',
      FFMPEG_TEMPLATES.dashInit,
      '-media_seg_name',
      FFMPEG_TEMPLATES.dashSegment,
      DASH_MANIFEST,
    ],
  };
}

function progressiveStep(recipe: MediaRecipe): FfmpegStep {
  const index = recipe.renditions.findIndex((r) => r.id === recipe.progressiveRendition);
  return {
    name: 'progressive MP4 remux',
    args: [
      ...COMMON,
      '-i',
      MEZZANINE_FILE,
      '-map',
      `0:v:${index}`,
      '-map',
      '0:a:0',
      '-c',
      'copy',
      // moov first, so <video> can start before the whole file has arrived.
      '-movflags',
      '+faststart',
      PROGRESSIVE_FILE,
    ],
  };
}
