import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  livePlaylistAt,
  parseMediaPlaylist,
  publishedSegments,
  validateLiveWindow,
} from '../src/media/live.js';
import type { LiveWindowSpec } from '../src/media/live.js';
import { startMediaServer } from '../src/media/server.js';
import type { MediaServer } from '../src/media/server.js';

const VOD = [
  '#EXTM3U',
  '#EXT-X-VERSION:3',
  '#EXT-X-TARGETDURATION:2',
  '#EXT-X-MEDIA-SEQUENCE:1',
  '#EXT-X-PLAYLIST-TYPE:VOD',
  ...[1, 2, 3, 4, 5, 6].flatMap((n) => ['#EXTINF:2.000000,', `seg_0000${n}.ts`]),
  '#EXT-X-ENDLIST',
  '',
].join('\n');

const START = Date.UTC(2026, 10, 23, 12, 0, 0);
const SPEC: LiveWindowSpec = {
  windowSegments: 3,
  initialSegments: 3,
  startedAtMs: START,
  baseDir: '/media/hls/240p',
};

function segmentUris(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

function tagValue(text: string, tag: string): string | undefined {
  return text
    .split('\n')
    .find((line) => line.startsWith(`${tag}:`))
    ?.slice(tag.length + 1);
}

describe('live HLS from a VOD playlist', () => {
  describe('parseMediaPlaylist', () => {
    it('keeps version and target duration, drops VOD-only tags, lists segments', () => {
      const playlist = parseMediaPlaylist(VOD);
      expect(playlist.headerTags).to.deep.equal(['#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2']);
      expect(playlist.segments).to.have.length(6);
      expect(playlist.segments[0]).to.deep.equal({ duration: 2, uri: 'seg_00001.ts', tags: [] });
    });

    it('keeps per-segment tags such as a discontinuity with their segment', () => {
      const text = VOD.replace('#EXTINF:2.000000,\nseg_00003.ts', '#EXT-X-DISCONTINUITY\n$&');
      expect(parseMediaPlaylist(text).segments[2]?.tags).to.deep.equal(['#EXT-X-DISCONTINUITY']);
    });

    it('rejects a master playlist, a non-playlist and segments without EXTINF', () => {
      expect(() => parseMediaPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n')).to.throw(
        /master playlist/,
      );
      expect(() => parseMediaPlaylist('<MPD/>')).to.throw(/#EXTM3U/);
      expect(() => parseMediaPlaylist('#EXTM3U\nseg.ts\n')).to.throw(/no EXTINF/);
      expect(() => parseMediaPlaylist('#EXTM3U\n#EXT-X-VERSION:3\n')).to.throw(/no segments/);
      expect(() => parseMediaPlaylist('#EXTM3U\n#EXTINF:abc,\nseg.ts\n')).to.throw(/EXTINF/);
    });
  });

  describe('livePlaylistAt', () => {
    const playlist = parseMediaPlaylist(VOD);

    it('publishes the initial window at the start, with absolute URIs and no end', () => {
      const text = livePlaylistAt(playlist, SPEC, START);
      expect(segmentUris(text)).to.deep.equal([
        '/media/hls/240p/seg_00001.ts',
        '/media/hls/240p/seg_00002.ts',
        '/media/hls/240p/seg_00003.ts',
      ]);
      expect(tagValue(text, '#EXT-X-MEDIA-SEQUENCE')).to.equal('0');
      expect(text).to.not.include('#EXT-X-ENDLIST');
      expect(text).to.not.include('PLAYLIST-TYPE');
      // The third segment ends at the start: the first began 6 s before.
      expect(tagValue(text, '#EXT-X-PROGRAM-DATE-TIME')).to.equal(
        new Date(START - 6000).toISOString(),
      );
    });

    it('slides one segment per segment duration, advancing the media sequence and the date', () => {
      expect(publishedSegments(playlist, SPEC, START + 1999)).to.equal(3);
      expect(publishedSegments(playlist, SPEC, START + 2000)).to.equal(4);
      const text = livePlaylistAt(playlist, SPEC, START + 4500);
      expect(segmentUris(text).map((uri) => uri.slice(-12))).to.deep.equal([
        'seg_00003.ts',
        'seg_00004.ts',
        'seg_00005.ts',
      ]);
      expect(tagValue(text, '#EXT-X-MEDIA-SEQUENCE')).to.equal('2');
      expect(tagValue(text, '#EXT-X-PROGRAM-DATE-TIME')).to.equal(
        new Date(START - 2000).toISOString(),
      );
    });

    it('ends the stream with EXT-X-ENDLIST once every segment is published', () => {
      const text = livePlaylistAt(playlist, SPEC, START + 60_000);
      expect(segmentUris(text).map((uri) => uri.slice(-12))).to.deep.equal([
        'seg_00004.ts',
        'seg_00005.ts',
        'seg_00006.ts',
      ]);
      expect(text.trimEnd().endsWith('#EXT-X-ENDLIST')).to.equal(true);
    });

    it('makes an fMP4 init map absolute too, and leaves absolute URIs alone', () => {
      const fmp4 = parseMediaPlaylist(
        VOD.replace('#EXT-X-TARGETDURATION:2', '#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI="init.mp4"')
          .replace('seg_00001.ts', 'http://cdn.example/seg_00001.ts')
          .replace('seg_00002.ts', '/abs/seg_00002.ts'),
      );
      const text = livePlaylistAt(fmp4, SPEC, START);
      expect(text).to.include('#EXT-X-MAP:URI="/media/hls/240p/init.mp4"');
      expect(segmentUris(text).slice(0, 2)).to.deep.equal([
        'http://cdn.example/seg_00001.ts',
        '/abs/seg_00002.ts',
      ]);
    });

    it('rejects a bad window, naming the field', () => {
      expect(() => validateLiveWindow({ ...SPEC, windowSegments: 0 })).to.throw(/windowSegments/);
      expect(() => validateLiveWindow({ ...SPEC, initialSegments: 1.5 })).to.throw(
        /initialSegments/,
      );
      expect(() => livePlaylistAt(playlist, { ...SPEC, initialSegments: 7 }, START)).to.throw(
        /initialSegments is 7 but the playlist has 6/,
      );
      expect(() => validateLiveWindow({ ...SPEC, startedAtMs: Number.NaN })).to.throw(
        /startedAtMs/,
      );
      expect(() => validateLiveWindow({ ...SPEC, baseDir: 'media' })).to.throw(/baseDir/);
    });
  });

  describe('served by the media server', () => {
    let dir: string;
    let server: MediaServer;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'openqoe-live-'));
      await mkdir(join(dir, 'hls', '240p'), { recursive: true });
      await writeFile(join(dir, 'hls', '240p', 'index.m3u8'), VOD);
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    beforeEach(async () => {
      server = await startMediaServer({ fixtures: { dir } });
    });
    afterEach(async () => {
      await server.close();
    });

    it('serves the window for the current time under /live/, logged like any request', async () => {
      // Started 4.5 s ago: segments 4 and 5 have been published since.
      const live = server.addLiveHls({
        fixturePath: 'hls/240p/index.m3u8',
        startedAtMs: Date.now() - 4500,
      });
      expect(live.path).to.equal('/live/hls/240p/index.m3u8');
      const response = await fetch(live.url);
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('application/vnd.apple.mpegurl');
      const text = await response.text();
      expect(tagValue(text, '#EXT-X-MEDIA-SEQUENCE')).to.equal('2');
      expect(segmentUris(text)[2]).to.equal('/media/hls/240p/seg_00005.ts');
      expect(server.requests(live.path).map((r) => r.status)).to.deep.equal([200]);
    });

    it('sends the live playlist whole even when a byte range is asked for', async () => {
      const live = server.addLiveHls({ fixturePath: 'hls/240p/index.m3u8' });
      const response = await fetch(live.url, { headers: { range: 'bytes=0-9' } });
      expect(response.status).to.equal(200);
      expect(segmentUris(await response.text())).to.have.length(3);
    });

    it('applies faults to the live playlist, and 404s once removed', async () => {
      const live = server.addLiveHls({ fixturePath: 'hls/240p/index.m3u8' });
      server.addFault({ path: live.path, fault: { kind: 'status', status: 500 }, times: 1 });
      expect((await fetch(live.url)).status).to.equal(500);
      expect((await fetch(live.url)).status).to.equal(200);
      live.remove();
      expect((await fetch(live.url)).status).to.equal(404);
    });

    it('refuses a live stream of anything but a playlist, or with a bad window', () => {
      expect(() => server.addLiveHls({ fixturePath: 'progressive.mp4' })).to.throw(/\.m3u8/);
      expect(() =>
        server.addLiveHls({ fixturePath: 'hls/240p/index.m3u8', windowSegments: -1 }),
      ).to.throw(/windowSegments/);
    });
  });
});
