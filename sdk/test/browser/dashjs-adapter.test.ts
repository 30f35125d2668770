// dash.js adapter in real Chromium (S1–S8): see adapter-suite.ts for the scenarios.
import { describeAdapterSuite } from './adapter-suite.js';

const PLAYER = 'window.openqoeHarness.player';

describeAdapterSuite({
  adapter: 'dashjs',
  player: 'dashjs',
  format: 'dash',
  // Pinned to the lowest rendition with ABR off: every rendition change is the one asked for.
  baseConfig: {
    streaming: {
      abr: { initialBitrate: { video: 100 }, autoSwitchBitrate: { video: false } },
      retryIntervals: { MediaSegment: 200 },
    },
  },
  cmcdConfig: {
    streaming: { cmcd: { enabled: true, sid: 'dash-session-1', cid: 'fixture', mode: 'query' } },
  },
  cmcdSessionId: `${PLAYER}.getSettings().streaming.cmcd.sid`,
  switchToTop: `(() => { const p = ${PLAYER};
    const reps = p.getRepresentationsByType('video').slice().sort((a, b) => b.bandwidth - a.bandwidth);
    p.setRepresentationForTypeById('video', reps[0].id); })()`,
  loadAndPlay: (url) =>
    `(() => { const p = ${PLAYER}; const v = document.querySelector('video');
      const go = () => { p.off('manifestLoadingStarted', go); v.play().catch(() => {}); };
      p.on('manifestLoadingStarted', go);
      p.attachSource(${url}); })()`,
  fatal: {
    code: '25',
    type: 'manifest',
    config: { streaming: { retryAttempts: { MPD: 0 } } },
  },
  // dash.js retries a failed segment by itself and reports nothing until it gives up.
  recovered: 'silent',
  stall: { config: {}, bufferSeconds: 2, extraDelayMs: 2000 },
});
