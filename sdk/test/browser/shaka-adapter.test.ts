// Shaka Player adapter in real Chromium (S1–S8): see adapter-suite.ts for the scenarios.
import { describeAdapterSuite } from './adapter-suite.js';

const PLAYER = 'window.openqoeHarness.player';

describeAdapterSuite({
  adapter: 'shaka',
  player: 'shaka',
  format: 'dash',
  // ABR off and a low bandwidth guess: Shaka starts on the lowest variant and stays there until
  // the test selects another.
  baseConfig: {
    abr: { enabled: false, defaultBandwidthEstimate: 100_000 },
    streaming: { retryParameters: { baseDelay: 200, maxAttempts: 3 } },
  },
  cmcdConfig: { cmcd: { enabled: true, contentId: 'fixture' } },
  switchToTop: `(() => { const p = ${PLAYER};
    const top = p.getVariantTracks().slice().sort((a, b) => b.bandwidth - a.bandwidth)[0];
    p.selectVariantTrack(top, false); })()`,
  loadAndPlay: (url) =>
    `(() => { const p = ${PLAYER}; const v = document.querySelector('video');
      const go = () => { p.removeEventListener('loading', go); v.play().catch(() => {}); };
      p.addEventListener('loading', go);
      p.load(${url}).catch(() => {}); })()`,
  fatal: {
    code: '1001',
    type: 'manifest',
    config: { manifest: { retryParameters: { maxAttempts: 1 } } },
  },
  recovered: { code: '1001', type: 'network' },
  stall: { config: {}, bufferSeconds: 2, extraDelayMs: 2000 },
});
