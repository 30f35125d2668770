import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureMediaFixtures } from '../src/media/fixtures.js';
import { segmentPath } from '../src/media/layout.js';
import type { MediaFixtures } from '../src/media/layout.js';
import { probeKeyframeTimes, probeMedia } from '../src/media/probe.js';
import type { MediaRecipe } from '../src/media/recipe.js';
import { findRepoRoot } from '../src/repo-root.js';

/** Small enough to encode in about a second, so cache behaviour can be tested from scratch. */
const TINY_RECIPE: MediaRecipe = {
  durationSeconds: 4,
  frameRate: 25,
  segmentSeconds: 2,
  x264Preset: 'ultrafast',
  audio: { sampleRate: 48000, channels: 1, bitrateKbps: 64, toneHz: 440 },
  renditions: [{ id: 'tiny', width: 192, height: 108, videoBitrateKbps: 100 }],
  progressiveRendition: 'tiny',
};

describe('media fixtures', function () {
  // The first run on a machine encodes the default set (about 10 s on 2 cores).
  this.timeout(120_000);
  let fixtures: MediaFixtures;

  before(async () => {
    fixtures = await ensureMediaFixtures();
  });

  it('caches under <repo>/.cache/media/<hash>/ with a description file', () => {
    expect(fixtures.dir).to.equal(join(findRepoRoot(), '.cache', 'media', fixtures.hash));
    const described = JSON.parse(readFileSync(join(fixtures.dir, 'fixture.json'), 'utf8')) as {
      hash: string;
    };
    expect(described.hash).to.equal(fixtures.hash);
    // The mezzanine is an intermediate, not part of the fixture.
    expect(existsSync(join(fixtures.dir, 'mezzanine.mp4'))).to.be.false;
  });

  it('has an HLS master playlist listing the three renditions with their resolutions', () => {
    const master = readFileSync(join(fixtures.dir, fixtures.hls.master), 'utf8');
    for (const rendition of fixtures.renditions) {
      expect(master).to.include(`RESOLUTION=${rendition.width}x${rendition.height}`);
      expect(master).to.include(`${rendition.id}/index.m3u8`);
      const playlist = readFileSync(join(fixtures.dir, rendition.hls.playlist), 'utf8');
      expect(playlist).to.include('#EXT-X-PLAYLIST-TYPE:VOD');
      expect(playlist).to.include('#EXT-X-ENDLIST');
      expect(playlist.match(/^#EXTINF:2\.0+,$/gm)).to.have.length(fixtures.segmentCount);
    }
  });

  it('encodes every HLS rendition at its resolution in H.264 + AAC', async () => {
    for (const rendition of fixtures.renditions) {
      const file = join(fixtures.dir, segmentPath(fixtures, 'hls', rendition.id, 4));
      const { streams } = await probeMedia(file);
      const video = streams.find((s) => s.codecType === 'video');
      expect(video?.codecName).to.equal('h264');
      expect([video?.width, video?.height]).to.deep.equal([rendition.width, rendition.height]);
      expect(streams.find((s) => s.codecType === 'audio')?.codecName).to.equal('aac');
    }
  });

  it('has a DASH manifest with the three video representations and audio', async () => {
    const mpd = readFileSync(join(fixtures.dir, fixtures.dash.manifest), 'utf8');
    for (const rendition of fixtures.renditions) {
      expect(mpd).to.match(
        new RegExp(
          `<Representation id="${rendition.dash.representationId}"[^>]*` +
            `width="${rendition.width}" height="${rendition.height}"`,
        ),
      );
      const init = await probeMedia(join(fixtures.dir, rendition.dash.init));
      expect(init.streams[0]?.width).to.equal(rendition.width);
      expect(init.streams[0]?.height).to.equal(rendition.height);
      const last = segmentPath(fixtures, 'dash', rendition.id, fixtures.segmentCount);
      expect(existsSync(join(fixtures.dir, last))).to.be.true;
    }
    expect(mpd).to.include('contentType="audio"');
    expect(existsSync(join(fixtures.dir, fixtures.dash.audio.init))).to.be.true;
  });

  it('has a progressive MP4 of the full length with the moov box first', async () => {
    const file = join(fixtures.dir, fixtures.progressive.path);
    const probed = await probeMedia(file);
    expect(probed.duration).to.be.closeTo(fixtures.contentDurationSeconds, 0.2);
    const video = probed.streams.find((s) => s.codecType === 'video');
    expect([video?.width, video?.height]).to.deep.equal([
      fixtures.progressive.width,
      fixtures.progressive.height,
    ]);
    // faststart: the first top-level box after ftyp is moov, so playback can begin early.
    const head = readFileSync(file).subarray(0, 64);
    const ftypSize = head.readUInt32BE(0);
    expect(head.subarray(ftypSize + 4, ftypSize + 8).toString('latin1')).to.equal('moov');
  });

  it('puts exactly one key frame at the start of every segment (GOP = segment)', async () => {
    const keyframes = await probeKeyframeTimes(join(fixtures.dir, fixtures.progressive.path));
    const expected = Array.from({ length: fixtures.segmentCount }, (_, i) => i * 2);
    expect(keyframes).to.have.length(expected.length);
    keyframes.forEach((time, i) => expect(time).to.be.closeTo(expected[i]!, 0.001));
  });

  it('answers a second call from the cache, instantly and without ffmpeg', async () => {
    const before = statSync(join(fixtures.dir, fixtures.progressive.path)).mtimeMs;
    const started = performance.now();
    // A broken ffmpeg path proves nothing is encoded: any attempt would fail.
    const again = await ensureMediaFixtures({ ffmpegPath: '/nonexistent/ffmpeg' });
    const elapsed = performance.now() - started;
    expect(again.fromCache).to.be.true;
    expect(again.dir).to.equal(fixtures.dir);
    expect(elapsed).to.be.below(100);
    expect(statSync(join(fixtures.dir, fixtures.progressive.path)).mtimeMs).to.equal(before);
  });

  describe('in a scratch cache', () => {
    let cacheDir: string;

    beforeEach(async () => {
      cacheDir = await mkdtemp(join(tmpdir(), 'openqoe-media-'));
    });

    afterEach(async () => {
      await rm(cacheDir, { recursive: true, force: true });
    });

    it('builds a changed recipe into a new directory and keeps the old one', async () => {
      const first = await ensureMediaFixtures({ recipe: TINY_RECIPE, cacheDir });
      expect(first.fromCache).to.be.false;
      const changed = { ...TINY_RECIPE, audio: { ...TINY_RECIPE.audio, toneHz: 880 } };
      const second = await ensureMediaFixtures({ recipe: changed, cacheDir });
      expect(second.fromCache).to.be.false;
      expect(second.hash).to.not.equal(first.hash);
      expect(readdirSync(cacheDir).sort()).to.deep.equal([first.hash, second.hash].sort());
      const again = await ensureMediaFixtures({ recipe: TINY_RECIPE, cacheDir });
      expect(again.fromCache).to.be.true;
      const { streams } = await probeMedia(join(second.dir, second.progressive.path));
      expect(streams.map((s) => s.codecType)).to.deep.equal(['video', 'audio']);
    });

    it('gives concurrent callers one complete directory', async () => {
      const [a, b] = await Promise.all([
        ensureMediaFixtures({ recipe: TINY_RECIPE, cacheDir }),
        ensureMediaFixtures({ recipe: TINY_RECIPE, cacheDir }),
      ]);
      expect(a.dir).to.equal(b.dir);
      expect(readdirSync(cacheDir)).to.deep.equal([a.hash]);
    });

    it('leaves neither a fixture nor a temporary directory when ffmpeg fails', async () => {
      let failure: unknown;
      try {
        await ensureMediaFixtures({ recipe: TINY_RECIPE, cacheDir, ffmpegPath: '/bin/false' });
      } catch (error) {
        failure = error;
      }
      expect(String(failure)).to.match(/mezzanine encode/);
      expect(readdirSync(cacheDir)).to.deep.equal([]);
    });

    it('says how to get ffmpeg when it is missing', async () => {
      let failure: unknown;
      try {
        await ensureMediaFixtures({ recipe: TINY_RECIPE, cacheDir, ffmpegPath: '/nope/ffmpeg' });
      } catch (error) {
        failure = error;
      }
      expect(String(failure)).to.match(/not found.*apt-get install ffmpeg/);
    });
  });
});
