// ffprobe, for tests that check what a fixture really contains rather than what it claims.
import { runProcess } from './process.js';

export interface ProbedStream {
  index: number;
  codecType: 'video' | 'audio' | string;
  codecName: string;
  width: number | null;
  height: number | null;
  /** Seconds, or null when the container does not say. */
  duration: number | null;
}

export interface ProbeResult {
  streams: ProbedStream[];
  /** Container duration in seconds, or null. */
  duration: number | null;
}

interface FfprobeJson {
  streams?: {
    index?: number;
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    duration?: string;
  }[];
  format?: { duration?: string };
}

export async function probeMedia(
  file: string,
  ffprobePath: string = process.env['FFPROBE_PATH'] ?? 'ffprobe',
): Promise<ProbeResult> {
  const { stdout } = await runProcess(
    ffprobePath,
    ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file],
    { step: `probe ${file}` },
  );
  const parsed = JSON.parse(stdout) as FfprobeJson;
  const seconds = (value: string | undefined): number | null =>
    value === undefined || Number.isNaN(Number(value)) ? null : Number(value);
  return {
    duration: seconds(parsed.format?.duration),
    streams: (parsed.streams ?? []).map((stream, position) => ({
      index: stream.index ?? position,
      codecType: stream.codec_type ?? 'unknown',
      codecName: stream.codec_name ?? 'unknown',
      width: stream.width ?? null,
      height: stream.height ?? null,
      duration: seconds(stream.duration),
    })),
  };
}

/** Key frame timestamps (seconds) of the first video stream. */
export async function probeKeyframeTimes(
  file: string,
  ffprobePath: string = process.env['FFPROBE_PATH'] ?? 'ffprobe',
): Promise<number[]> {
  const { stdout } = await runProcess(
    ffprobePath,
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-skip_frame',
      'nokey',
      '-show_entries',
      'frame=pts_time',
      '-of',
      'csv=p=0',
      file,
    ],
    { step: `keyframes of ${file}` },
  );
  return stdout
    .split('\n')
    .map((line) => line.split(',')[0]?.trim() ?? '')
    .filter((line) => line !== '')
    .map(Number);
}
