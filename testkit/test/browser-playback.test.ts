import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../src/browser/launch.js';
import { openPage } from '../src/browser/page.js';
import {
  fatalErrors,
  findStalls,
  mediaEventsOfType,
  mediaTimeProgressed,
  playerEventsNamed,
  startupTime,
  toEpochMs,
} from '../src/ground-truth/analyze.js';
import type { GroundTruth, PlayerKind } from '../src/ground-truth/types.js';
import { openPlayerPage } from '../src/harness/player-page.js';
import type { PlayerPage } from '../src/harness/player-page.js';
import { ensureMediaFixtures } from '../src/media/fixtures.js';
import { segmentPathPattern } from '../src/media/layout.js';
import type { MediaFixtures } from '../src/media/layout.js';
import { startMediaServer } from '../src/media/server.js';
import type { MediaServer } from '../src/media/server.js';

/**
 * Node's and Chromium's epoch clocks (timeOrigin + now) were measured here to agree within about
 * 5 ms; comparisons between the page's ground truth and the server log allow this much.
 */
const CLOCK_TOLERANCE_MS = 20;
/** Seconds of media each smoke test plays: enough to cross a segment boundary and an ABR step. */
const SMOKE_SECONDS = 3;

interface SmokeCase {
  player: PlayerKind;
  format: string;
  src: (fixtures: MediaFixtures) => string;
  /** What only this player reports, proving its own event wiring works. */
  check: (truth: GroundTruth) => void;
}

const SMOKE_CASES: SmokeCase[] = [
  {
    player: 'html5',
    format: 'progressive MP4',
    src: (f) => f.progressive.path,
    check: (truth) => {
      const resize = mediaEventsOfType(truth, 'resize')[0];
      expect(resize?.videoHeight).to.equal(480);
    },
  },
  {
    player: 'hlsjs',
    format: 'HLS',
    src: (f) => f.hls.master,
    check: (truth) => {
      const changed = playerEventsNamed(truth, 'hlsFragChanged');
      expect(changed).to.not.be.empty;
      expect(changed[0]?.detail['sn']).to.equal(1);
      expect(changed[0]?.detail['height']).to.be.oneOf([240, 480, 720]);
    },
  },
  {
    player: 'dashjs',
    format: 'DASH',
    src: (f) => f.dash.manifest,
    check: (truth) => {
      const rendered = playerEventsNamed(truth, 'qualityChangeRendered');
      const video = rendered.filter((e) => e.detail['mediaType'] === 'video');
      expect(video).to.not.be.empty;
      expect(video[0]?.detail['height']).to.be.oneOf([240, 480, 720]);
    },
  },
  {
    player: 'shaka',
    format: 'DASH',
    src: (f) => f.dash.manifest,
    check: (truth) => {
      const adaptations = playerEventsNamed(truth, 'adaptation');
      expect(adaptations).to.not.be.empty;
      expect(adaptations[0]?.detail['height']).to.be.oneOf([240, 480, 720]);
    },
  },
  {
    player: 'videojs',
    format: 'HLS',
    src: (f) => f.hls.master,
    check: (truth) => {
      // Proves VHS (MSE) played it, not Chromium's native HLS.
      const metadata = playerEventsNamed(truth, 'loadedmetadata')[0];
      expect(metadata?.detail['usingVhs']).to.equal(true);
    },
  },
];

describe('players in real Chromium', function () {
  this.timeout(30_000);
  let browser: Browser;
  let fixtures: MediaFixtures;
  let server: MediaServer;
  let open: PlayerPage | undefined;

  before(async function () {
    // A first run on a fresh machine also encodes the fixtures.
    this.timeout(120_000);
    fixtures = await ensureMediaFixtures();
    server = await startMediaServer({ fixtures });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(() => {
    server.clearFaults();
    server.clearRequests();
  });

  afterEach(async () => {
    await open?.close();
    open = undefined;
  });

  it('page and media server clocks agree, so their timestamps can be compared', async () => {
    const page = await openPage(browser);
    try {
      await page.page.goto(server.url('/harness.html'));
      server.clearRequests();
      const [before, after] = (await page.page.evaluate(
        `(async () => {
          const before = performance.timeOrigin + performance.now();
          await fetch('/clock-probe');
          return [before, performance.timeOrigin + performance.now()];
        })()`,
      )) as [number, number];
      const [record] = server.requests('/clock-probe');
      expect(record!.startedAt).to.be.within(
        before - CLOCK_TOLERANCE_MS,
        after + CLOCK_TOLERANCE_MS,
      );
      expect(record!.endedAt).to.be.within(before - CLOCK_TOLERANCE_MS, after + CLOCK_TOLERANCE_MS);
    } finally {
      await page.close();
    }
  });

  for (const smoke of SMOKE_CASES) {
    it(`${smoke.player} plays ${smoke.format}: frames advance, no error, plausible startup`, async () => {
      open = await openPlayerPage(browser, {
        server,
        player: smoke.player,
        src: server.mediaUrl(smoke.src(fixtures)),
      });
      await open.waitForMetadata();
      await open.play();
      await open.waitForMediaProgress(SMOKE_SECONDS);
      const truth = await open.groundTruth();

      expect(mediaTimeProgressed(truth)).to.be.at.least(SMOKE_SECONDS);
      // 25 fps for 3 s is 75 frames; a frame callback may be skipped under load, not most.
      expect(truth.frames.length).to.be.at.least(50);
      const startup = startupTime(truth);
      expect(startup, 'a first frame after the play request').to.not.equal(undefined);
      expect(startup!.startupMs).to.be.within(0, 3000);
      expect(mediaEventsOfType(truth, 'play')).to.have.length(1);
      expect(mediaEventsOfType(truth, 'playing')).to.not.be.empty;
      const fatal = fatalErrors(truth);
      expect(fatal.player).to.deep.equal([]);
      expect(fatal.element).to.deep.equal([]);
      expect(open.problems).to.deep.equal([]);
      smoke.check(truth);
    });
  }

  it('hls.js: a delayed mid-stream segment is exactly one stall, after that request', async function () {
    this.timeout(45_000);
    // Segment 4 (6–8 s) of every rendition. With a 4 s buffer hls.js asks for it about 2 s into
    // playback and runs dry at 6 s. At that moment it abandons the slow request and asks the
    // 240p rendition, which must be slow too or the stall would end at once; measured here the
    // stall then lasts about the injected delay (6.5 s → 6.6 s). A 3 s delay gives no stall, and
    // 5 s a ~1.1 s one without the abandonment: too close to the 1 s threshold to assert on.
    const delayMs = 6500;
    const segment4 = segmentPathPattern(fixtures, 'hls', 4);
    server.addFault({ path: segment4, fault: { kind: 'delay', ms: delayMs }, label: 'seg4' });
    open = await openPlayerPage(browser, {
      server,
      player: 'hlsjs',
      src: server.mediaUrl(fixtures.hls.master),
      bufferSeconds: 4,
    });
    await open.waitForMetadata();
    await open.play();
    await open.waitForMediaTime(9, 30_000);
    const truth = await open.groundTruth();

    const stalls = findStalls(truth, { minGapMs: 1000 });
    expect(stalls, JSON.stringify(stalls)).to.have.length(1);
    const stall = stalls[0]!;
    // The buffer ran dry at the end of segment 3.
    expect(stall.mediaTime).to.be.closeTo(6, 0.25);

    const requests = server.requests(segment4);
    expect(requests).to.not.be.empty;
    expect(requests.every((r) => r.fault?.label === 'seg4')).to.be.true;
    const answered = requests.find((r) => r.status === 200 && r.outcome === 'complete');
    expect(answered, JSON.stringify(requests)).to.not.equal(undefined);
    // Cause before effect: requested, then stalled; data arrived, then frames resumed.
    expect(toEpochMs(truth, stall.start)).to.be.above(requests[0]!.startedAt);
    expect(toEpochMs(truth, stall.end)).to.be.at.least(answered!.firstByteAt! - CLOCK_TOLERANCE_MS);
    expect(toEpochMs(truth, stall.end) - answered!.firstByteAt!).to.be.below(1000);

    const waiting = mediaEventsOfType(truth, 'waiting').filter(
      (e) => e.t >= stall.start - 50 && e.t <= stall.end,
    );
    expect(waiting, 'waiting during the stall').to.not.be.empty;
    expect(fatalErrors(truth).player).to.deep.equal([]);
  });

  it('hls.js: a 404 master playlist with retries off is one fatal error', async () => {
    const master = server.mediaPath(fixtures.hls.master);
    server.addFault({ path: master, fault: { kind: 'status', status: 404 } });
    const noRetry = {
      maxTimeToFirstByteMs: 10_000,
      maxLoadTimeMs: 20_000,
      timeoutRetry: null,
      errorRetry: null,
    };
    open = await openPlayerPage(browser, {
      server,
      player: 'hlsjs',
      src: server.mediaUrl(fixtures.hls.master),
      playerConfig: { manifestLoadPolicy: { default: noRetry } },
    });
    const status = await open.waitForFatalError(10_000);
    expect(status.frames).to.equal(0);
    const truth = await open.groundTruth();
    const fatal = fatalErrors(truth).player;
    expect(fatal).to.have.length(1);
    expect(fatal[0]).to.deep.include({ player: 'hlsjs', name: 'hlsError', fatal: true });
    expect(fatal[0]?.detail).to.deep.include({
      type: 'networkError',
      details: 'manifestLoadError',
      responseCode: 404,
    });
    const requests = server.requests(master);
    expect(requests.map((r) => r.status)).to.deep.equal([404]);
    expect(requests[0]?.fault?.fault).to.deep.equal({ kind: 'status', status: 404 });
    expect(toEpochMs(truth, fatal[0]!.t)).to.be.at.least(
      requests[0]!.firstByteAt! - CLOCK_TOLERANCE_MS,
    );
  });
});
