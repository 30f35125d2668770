// hls.js adapter in real Chromium (S1–S8): see adapter-suite.ts for the scenarios.
import { describeAdapterSuite } from './adapter-suite.js';

const HLS = 'window.openqoeHarness.player';
const NO_RETRY = { maxNumRetry: 0, retryDelayMs: 0, maxRetryDelayMs: 0 };

describeAdapterSuite({
  adapter: 'hlsjs',
  player: 'hlsjs',
  format: 'hls',
  // Pinned to the lowest rendition: a bandwidth factor of 0 never lets ABR switch up by itself,
  // so every rendition change is the one the test asks for.
  baseConfig: { startLevel: 0, abrBandWidthUpFactor: 0, capLevelToPlayerSize: false },
  cmcdConfig: { cmcd: { contentId: 'fixture' } },
  cmcdSessionId: `${HLS}.sessionId`,
  switchToTop: `${HLS}.nextLevel = ${HLS}.levels.length - 1`,
  loadAndPlay: (url) =>
    `(() => { const hls = ${HLS};
      hls.once('hlsManifestLoading', () => document.querySelector('video').play().catch(() => {}));
      hls.loadSource(${url}); })()`,
  fatal: {
    code: 'manifestLoadError',
    type: 'manifest',
    config: {
      manifestLoadPolicy: {
        default: {
          maxTimeToFirstByteMs: 10_000,
          maxLoadTimeMs: 20_000,
          timeoutRetry: NO_RETRY,
          errorRetry: NO_RETRY,
        },
      },
    },
  },
  recovered: { code: 'fragLoadError', type: 'network' },
  stall: {
    config: { maxMaxBufferLength: 2, abrEwmaDefaultEstimate: 200_000 },
    bufferSeconds: 2,
    extraDelayMs: 2000,
  },
});
