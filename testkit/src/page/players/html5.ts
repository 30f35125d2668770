// Plain <video src>: no library, so the element's own events (recorded already) are all there is.
import type { PlayerLoader } from './types.js';

export const loadHtml5: PlayerLoader = async ({ video, request }) => {
  // Fetch ahead like a page that expects playback; the browser decides how far.
  video.preload = 'auto';
  video.src = request.src;
  return {
    instance: video,
    version: navigator.userAgent,
    play: () => video.play(),
  };
};
