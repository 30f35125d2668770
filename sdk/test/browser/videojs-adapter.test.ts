// Video.js (VHS) adapter in real Chromium (S1–S7): see adapter-suite.ts for the scenarios.
// Video.js sends no CMCD, so the suite's CMCD check does not apply to it.
import { describeAdapterSuite } from './adapter-suite.js';

const PLAYER = 'window.openqoeHarness.player';

describeAdapterSuite({
  adapter: 'videojs',
  player: 'videojs',
  format: 'hls',
  // VHS starts on a bandwidth guess; a low one starts it on the lowest rendition, and
  // limiting renditions to the player size is off so the switch up is possible.
  baseConfig: { html5: { vhs: { bandwidth: 100_000, limitRenditionByPlayerDimensions: false } } },
  switchToTop: `(() => { const levels = ${PLAYER}.qualityLevels();
    let top = 0;
    for (let i = 0; i < levels.length; i += 1) if (levels[i].bitrate > levels[top].bitrate) top = i;
    for (let i = 0; i < levels.length; i += 1) levels[i].enabled = i === top; })()`,
  loadAndPlay: (url) =>
    `(() => { const p = ${PLAYER};
      p.src({ src: ${url}, type: 'application/x-mpegURL' });
      Promise.resolve(p.play()).catch(() => {}); })()`,
  // MediaError 4 (SRC_NOT_SUPPORTED) or 2 (NETWORK): Video.js gives either for a missing
  // playlist; VHS's failed playlist request makes it a manifest error either way.
  fatal: { code: '4', otherCodes: ['2'], type: 'manifest' },
  // VHS retries a failed segment by itself and raises no error (see the browser-testing notes).
  recovered: 'silent',
  // Video.js aborts a segment after a few seconds: the delay stays below ~3 s.
  stall: { config: {}, bufferSeconds: 2, extraDelayMs: 1200 },
});
