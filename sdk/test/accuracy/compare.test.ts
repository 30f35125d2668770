import { expect } from 'chai';
import type { FlatLogRecord, FlatSpan, FrameRecord, GroundTruth } from '@openqoe/testkit';
import {
  compareMetrics,
  summarizeSdk,
  summarizeTruth,
  switchesOf,
  unmetExpectations,
} from './compare.js';
import { dashBitrateByHeight, hlsBitrateByHeight } from './manifests.js';
import type { SdkSummary, TruthSummary } from './model.js';

const ORIGIN = 1_700_000_000_000;

/** Frames at 25 fps from `from` ms, media time from `media` s, `count` of them, one height. */
function frames(from: number, media: number, count: number, height = 240): FrameRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    now: from + i * 40,
    expectedDisplayTime: from + i * 40,
    presentationTime: from + i * 40,
    mediaTime: media + i * 0.04,
    presentedFrames: i + 1,
    width: Math.round((height * 16) / 9),
    height,
  }));
}

function truth(partial: Partial<GroundTruth>): GroundTruth {
  return {
    timeOrigin: ORIGIN,
    playRequests: [{ t: 1000, currentTime: 0, readyState: 4, paused: true }],
    frames: [],
    mediaEvents: [
      {
        type: 'playing',
        t: 1001,
        currentTime: 0,
        readyState: 4,
        paused: false,
        seeking: false,
        playbackRate: 1,
        videoWidth: 426,
        videoHeight: 240,
        errorCode: null,
      },
    ],
    playerEvents: [],
    ...partial,
  };
}

const CONTEXT = {
  seeks: 0,
  bitrateByHeight: new Map<number, number>(),
  streamType: 'vod' as const,
};

function span(name: string, startMs: number, durationMs: number, attributes = {}): FlatSpan {
  return {
    name,
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    startTimeUnixNano: BigInt(startMs) * 1_000_000n,
    endTimeUnixNano: BigInt(startMs + durationMs) * 1_000_000n,
    durationSeconds: durationMs / 1000,
    attributes,
  } as unknown as FlatSpan;
}

function log(eventName: string, atMs: number, attributes = {}): FlatLogRecord {
  return {
    eventName,
    traceId: 'a'.repeat(32),
    timeUnixNano: BigInt(atMs) * 1_000_000n,
    attributes,
  } as unknown as FlatLogRecord;
}

const NO_SDK: SdkSummary = {
  startupMs: undefined,
  stallsMs: [],
  seeks: 0,
  upSwitches: 0,
  downSwitches: 0,
  renderedBitrates: [],
  fatalErrors: 0,
  endReason: undefined,
  exitBeforeStart: undefined,
  waitMs: undefined,
  streamType: undefined,
};

const NO_TRUTH: TruthSummary = {
  startupMs: undefined,
  stallsMs: [],
  seeks: 0,
  renderedHeights: [],
  renderedBitrates: [],
  fatal: false,
  exitWaitMs: undefined,
  streamType: 'vod',
};

describe('accuracy comparisons', () => {
  describe('summarizeTruth', () => {
    it('reads startup, a stall and the rendered heights with their advertised bitrates', () => {
      // A pre-rolled frame, then motion from 1200 ms; a 1 s gap; then 480p frames.
      const recorded = truth({
        frames: [...frames(900, 0, 1), ...frames(1200, 0.04, 10), ...frames(2560, 0.44, 5, 480)],
      });
      const summary = summarizeTruth(recorded, {
        ...CONTEXT,
        bitrateByHeight: new Map([
          [240, 400_000],
          [480, 1_000_000],
        ]),
      });
      expect(summary.startupMs).to.equal(200);
      expect(summary.stallsMs).to.have.length(1);
      expect(summary.stallsMs[0]).to.be.closeTo(1000, 1e-6);
      expect(summary.renderedHeights).to.deep.equal([240, 480]);
      expect(summary.renderedBitrates).to.deep.equal([400_000, 1_000_000]);
      expect(summary.fatal).to.equal(false);
      expect(summary.exitWaitMs).to.equal(undefined);
    });

    it('has no bitrates where the source advertises none, and flags a fatal player error', () => {
      const recorded = truth({
        frames: frames(1200, 0, 3),
        playerEvents: [{ t: 1300, player: 'hlsjs', name: 'hlsError', fatal: true, detail: {} }],
      });
      const summary = summarizeTruth(recorded, CONTEXT);
      expect(summary.renderedBitrates).to.deep.equal([]);
      expect(summary.fatal).to.equal(true);
    });

    it('measures the wait of a viewer who left before any frame, from the page clock', () => {
      const summary = summarizeTruth(truth({}), { ...CONTEXT, leftAtEpochMs: ORIGIN + 2100 });
      expect(summary.startupMs).to.equal(undefined);
      expect(summary.exitWaitMs).to.equal(1100);
    });
  });

  describe('summarizeSdk', () => {
    it("reads the view's spans and events: startup, long stalls only, seeks, switches, errors", () => {
      const spans = [
        span('video.view', 0, 9000, {
          'video.view.end_reason': 'fatal_error',
          'video.stream.type': 'vod',
          'video.view.exit_before_start': false,
        }),
        span('video.startup', 0, 180),
        span('video.rebuffer', 5000, 700),
        span('video.rebuffer', 3000, 1200),
        span('video.rebuffer', 4000, 300), // at or under the compared minimum
        span('video.seek', 6000, 200),
      ];
      const logs = [
        log('video.quality_change', 2000, {
          'video.quality.direction': 'down',
          'video.quality.previous_bitrate': 2_000_000,
          'video.quality.bitrate': 400_000,
        }),
        log('video.quality_change', 1000, {
          'video.quality.direction': 'up',
          'video.quality.previous_bitrate': 900_000,
          'video.quality.bitrate': 2_000_000,
        }),
        log('video.error', 8000, { 'video.error.severity': 'fatal' }),
        log('video.error', 7000, { 'video.error.severity': 'recovered' }),
      ];
      const sdk = summarizeSdk(spans, logs);
      expect(sdk.startupMs).to.equal(180);
      expect(sdk.stallsMs).to.deep.equal([1200, 700]);
      expect(sdk.seeks).to.equal(1);
      expect([sdk.upSwitches, sdk.downSwitches]).to.deep.equal([1, 1]);
      expect(sdk.renderedBitrates).to.deep.equal([900_000, 2_000_000, 400_000]);
      expect(sdk.fatalErrors).to.equal(1);
      expect(sdk.endReason).to.equal('fatal_error');
      expect(sdk.exitBeforeStart).to.equal(false);
      expect(sdk.streamType).to.equal('vod');
    });

    it('takes the rendered average as the one bitrate when nothing switched, and the wait', () => {
      const spans = [
        span('video.view', 0, 1000, {
          'video.bitrate.rendered_avg': 438_542,
          'video.view.wait_time': 1.25,
          'video.view.exit_before_start': true,
        }),
      ];
      const sdk = summarizeSdk(spans, []);
      expect(sdk.renderedBitrates).to.deep.equal([438_542]);
      expect(sdk.waitMs).to.equal(1250);
      expect(sdk.exitBeforeStart).to.equal(true);
      expect(sdk.startupMs).to.equal(undefined);
    });
  });

  describe('compareMetrics', () => {
    it('passes startup within ±50 ms and fails beyond, or when either side is missing', () => {
      const at = (t: number | undefined, s: number | undefined) =>
        compareMetrics(['startup'], { ...NO_TRUTH, startupMs: t }, { ...NO_SDK, startupMs: s })[0]!;
      expect(at(200, 249.9).pass).to.equal(true);
      expect(at(200, 150).pass).to.equal(true);
      expect(at(200, 250.1)).to.include({ pass: false, tolerance: '±50 ms' });
      expect(at(200, 250.1).error).to.be.closeTo(50.1, 1e-9);
      expect(at(200, undefined)).to.include({ pass: false, measured: '—' });
      expect(at(undefined, 200).pass).to.equal(false);
      // Playback never started (a fatal error first), and the SDK reports no startup either.
      expect(at(undefined, undefined)).to.include({ pass: true, truth: '—', measured: '—' });
    });

    it('compares stall counts exactly and each stall within ±100 ms, in order', () => {
      const rows = compareMetrics(
        ['stalls'],
        { ...NO_TRUTH, stallsMs: [1500, 3000] },
        { ...NO_SDK, stallsMs: [1450, 3101] },
      );
      expect(rows.map((r) => [r.metric, r.pass])).to.deep.equal([
        ['stall count', true],
        ['stall 1 duration', true],
        ['stall 2 duration', false],
      ]);
      const missing = compareMetrics(['stalls'], { ...NO_TRUTH, stallsMs: [1500] }, NO_SDK);
      expect(missing.map((r) => r.pass)).to.deep.equal([false, false]);
    });

    it('compares seeks, switches by direction and rendered bitrates exactly', () => {
      const rows = compareMetrics(
        ['seeks', 'switches', 'bitrate'],
        {
          ...NO_TRUTH,
          seeks: 2,
          renderedHeights: [720, 240, 480],
          renderedBitrates: [2_000_000, 400_000, 900_000],
        },
        {
          ...NO_SDK,
          seeks: 2,
          downSwitches: 1,
          upSwitches: 0,
          renderedBitrates: [2_000_000, 400_000, 900_000],
        },
      );
      expect(rows.map((r) => [r.metric, r.truth, r.measured, r.pass])).to.deep.equal([
        ['seek count', '2', '2', true],
        ['down-switches', '1', '1', true],
        ['up-switches', '1', '0', false],
        ['rendered bitrates', '2000000 → 400000 → 900000', '2000000 → 400000 → 900000', true],
      ]);
    });

    it('passes "no bitrate" only when the SDK invents none, and never with an unknown height', () => {
      const none = compareMetrics(['bitrate'], NO_TRUTH, NO_SDK)[0]!;
      expect(none).to.include({ truth: 'none', measured: 'none', pass: true });
      const invented = compareMetrics(['bitrate'], NO_TRUTH, {
        ...NO_SDK,
        renderedBitrates: [300_000],
      })[0]!;
      expect(invented.pass).to.equal(false);
      const unknown = compareMetrics(
        ['bitrate'],
        { ...NO_TRUTH, renderedBitrates: [undefined] },
        { ...NO_SDK, renderedBitrates: [undefined] },
      )[0]!;
      expect(unknown.pass).to.equal(false);
    });

    it('checks a fatal error with the end reason, and an exit before start with the wait', () => {
      const fatal = compareMetrics(
        ['errors'],
        { ...NO_TRUTH, fatal: true },
        { ...NO_SDK, fatalErrors: 1, endReason: 'detached' },
      );
      expect(fatal.map((r) => [r.metric, r.pass])).to.deep.equal([
        ['fatal errors', true],
        ['view end reason', false],
      ]);
      const clean = compareMetrics(['errors'], NO_TRUTH, NO_SDK);
      expect(clean.map((r) => [r.metric, r.pass])).to.deep.equal([['fatal errors', true]]);
      const exit = compareMetrics(
        ['exit', 'streamType'],
        { ...NO_TRUTH, exitWaitMs: 1000 },
        { ...NO_SDK, exitBeforeStart: true, waitMs: 1060, streamType: 'vod' },
      );
      expect(exit.map((r) => [r.metric, r.pass])).to.deep.equal([
        ['exit before start', true],
        ['time waited', false],
        ['stream type', true],
      ]);
    });
  });

  it('counts switches by direction from rendered heights', () => {
    expect(switchesOf([])).to.deep.equal({ up: 0, down: 0 });
    expect(switchesOf([240, 720, 240, 480])).to.deep.equal({ up: 2, down: 1 });
  });

  it('names unmet scenario preconditions, and none when the truth shows what was designed', () => {
    const truthOf = { ...NO_TRUTH, stallsMs: [1000], renderedHeights: [720, 240] };
    expect(unmetExpectations({ minStalls: 1, minDownSwitches: 1 }, truthOf)).to.deep.equal([]);
    expect(
      unmetExpectations(
        { minStalls: 2, maxStalls: 0, minUpSwitches: 1, fatal: true, exitBeforeStart: true },
        truthOf,
      ),
    ).to.have.length(5);
  });

  describe('advertised bitrates from the manifests', () => {
    it('reads BANDWIDTH by RESOLUTION height from an HLS master playlist', () => {
      const master =
        '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=438542,RESOLUTION=426x240\n240p/index.m3u8\n' +
        '#EXT-X-STREAM-INF:RESOLUTION=1280x720,AVERAGE-BANDWIDTH=2000000,BANDWIDTH=2324823\n720p.m3u8\n';
      expect([...hlsBitrateByHeight(master)]).to.deep.equal([
        [240, 438542],
        [720, 2324823],
      ]);
      expect(() => hlsBitrateByHeight('#EXTM3U\n')).to.throw(/STREAM-INF/);
      expect(() => hlsBitrateByHeight('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n')).to.throw(
        /RESOLUTION/,
      );
    });

    it('reads video representation bandwidth by height from an MPD, skipping audio', () => {
      const mpd =
        '<MPD><Representation id="0" bandwidth="302509" width="426" height="240"/>' +
        '<Representation id="3" bandwidth="96166" audioSamplingRate="48000"/></MPD>';
      expect([...dashBitrateByHeight(mpd)]).to.deep.equal([[240, 302509]]);
      expect(() => dashBitrateByHeight('<MPD/>')).to.throw(/Representation/);
      expect(() => dashBitrateByHeight('<Representation height="240"/>')).to.throw(/bandwidth/);
    });
  });
});
