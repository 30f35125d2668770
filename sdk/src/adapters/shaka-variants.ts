// Which Shaka variant a picture size is, and the bitrate it stands for. A variant track is video
// and audio together: its `bandwidth` adds the audio stream's to the video's (DASH), while the
// contract's `video.quality.bitrate` is the video rendition's own advertised bitrate, as dash.js
// and hls.js report it. For a muxed stream (HLS TS) Shaka has no separate video figure and the
// variant's is all there is.

export interface VariantLike {
  bandwidth: number;
  videoBandwidth?: number | null;
  width?: number | null;
  height?: number | null;
}

/** The video stream's advertised bitrate, or the variant's when Shaka knows no separate one. */
export function videoBitrateOf(track: VariantLike): number {
  return track.videoBandwidth || track.bandwidth;
}

/**
 * The variant whose video has this picture size. Variants sharing that video (other audio) stand
 * for the same video bitrate, so the first will do. The element rounds the display aspect ratio
 * (427x240 for a 426x240 rendition), so widths within 2 pixels match.
 */
export function variantOfSize<T extends VariantLike>(
  tracks: readonly T[],
  width: number,
  height: number,
): T | undefined {
  return tracks.find((t) => t.height === height && Math.abs((t.width ?? 0) - width) <= 2);
}
