// One real-browser suite run for every library player adapter: the same scenarios, the same ground
// truth (the page's frame callbacks, the player's own events, the media server's request log),
// with each player's own configuration, API calls and error codes supplied by a spec.
import { expect } from 'chai';
import {
  findStalls,
  segmentPathPattern,
  startupTime,
  type FlatLogRecord,
  type FlatSpan,
  type GroundTruth,
  type JsonObject,
  type PlayerKind,
  type RequestRecord,
} from '@openqoe/testkit';
import type { AdapterName } from '../../scripts/bundle.js';
import { CMCD_ATTRIBUTES } from '../../src/cmcd/parse.js';
import {
  checkPauseAndResume,
  finishView,
  openSdkPage,
  startRig,
  viewLogs,
  viewSpans,
  type BrowserRig,
  type SdkPage,
} from './support.js';

// Gaps compared with the SDK's rebuffers: longer than its 250 ms threshold plus tick jitter.
const STALL_GAP_MS = 400;

export interface AdapterSpec {
  adapter: AdapterName;
  player: PlayerKind;
  format: 'hls' | 'dash';
  /** Player configuration of every scenario (deterministic ABR, no retries where unwanted). */
  baseConfig: JsonObject;
  /** Added for the clean play: CMCD in query mode, where the player sends CMCD. */
  cmcdConfig?: JsonObject;
  /** Page expression that makes the player render the top rendition from now on. */
  switchToTop: string;
  /** Page expression loading the (JSON-quoted) URL as the new source and requesting play. */
  loadAndPlay(url: string): string;
  /**
   * The manifest 404: the player's own code (`otherCodes`: others it may give for the same
   * failure, e.g. Video.js says 2 or 4 depending on timing) and the contract's error class.
   */
  fatal: { code: string; otherCodes?: string[]; type: string; config?: JsonObject };
  /**
   * Segment 3 is answered 500 once and retried by the player: a recovered error with these codes
   * where the player reports one ('silent' where it retries without telling), and a CMCD object
   * requested twice.
   */
  recovered: { code: string; type: string } | 'silent';
  /** Player configuration and buffer for the stall scenario. */
  stall: { config: JsonObject; bufferSeconds: number; extraDelayMs: number };
  /** Page expression returning the CMCD session id the player sends. */
  cmcdSessionId?: string;
  /** The adapter makes the player send the view's id as CMCD session id (S8). */
  sidIsViewId?: boolean;
}

interface CleanPlay {
  spans: FlatSpan[];
  logs: FlatLogRecord[];
  truth: GroundTruth;
  cmcdRequests: RequestRecord[];
  sessionId: string | undefined;
  retriedPaths: string[];
  viewId: string;
}

/**
 * Segment `n` of every video rendition and, for DASH, of the separate audio track too: a network
 * stall delays both. (Delaying video alone, Chromium keeps the clock running on audio for up to
 * ~3 s and drops the late video frames: the picture freezes while the playhead moves.)
 */
function segmentAllTracks(rig: BrowserRig, format: 'hls' | 'dash', n: number): (string | RegExp)[] {
  const video = segmentPathPattern(rig.fixtures, format, n);
  if (format === 'hls') return [video];
  const audio = rig.fixtures.dash.audio.segmentPattern.replace(
    '{number}',
    String(n).padStart(5, '0'),
  );
  return [video, rig.media.mediaPath(audio)];
}

/** `extra` deep-merged over `base` (player configs nest: dash.js settings, Shaka config). */
function deepMerge(base: JsonObject, extra: JsonObject): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    const isObject = (v: unknown): v is JsonObject =>
      typeof v === 'object' && v !== null && !Array.isArray(v);
    merged[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function events(logs: FlatLogRecord[], name: string): FlatLogRecord[] {
  return logs.filter((r) => r.eventName === name);
}

function rootOf(spans: FlatSpan[]): FlatSpan {
  const root = spans.find((s) => s.name === 'video.view');
  if (!root) throw new Error('no root span');
  return root;
}

/** The CMCD payload of a logged request, read independently of the SDK's parser. */
function cmcdPayload(record: RequestRecord): string | undefined {
  return new URLSearchParams(record.query).get('CMCD') ?? undefined;
}

/** The logged request's object: path plus its query without the CMCD parameter. */
function objectKey(record: RequestRecord): string {
  const params = new URLSearchParams(record.query);
  params.delete('CMCD');
  const rest = params.toString();
  return rest ? `${record.path}?${rest}` : record.path;
}

/** Sizes rendered one after another, from the page's own frame callbacks. */
function renderedSizes(truth: GroundTruth): string[] {
  const sizes: string[] = [];
  for (const frame of truth.frames) {
    const size = `${frame.width}x${frame.height}`;
    if (frame.width > 0 && sizes[sizes.length - 1] !== size) sizes.push(size);
  }
  return sizes;
}

export function describeAdapterSuite(spec: AdapterSpec): void {
  describe(`SDK in Chromium with the ${spec.adapter} adapter`, function () {
    this.timeout(120_000);
    let rig: BrowserRig;
    const src = (): string =>
      rig.media.mediaUrl(
        spec.format === 'hls' ? rig.fixtures.hls.master : rig.fixtures.dash.manifest,
      );
    /** The player with its default configuration on the VOD fixture, playing. */
    const playDefault = async (): Promise<SdkPage> => {
      const page = await openSdkPage(rig, {
        player: spec.player,
        adapter: spec.adapter,
        src: src(),
        playerConfig: spec.baseConfig,
      });
      await page.play();
      return page;
    };

    before(async () => {
      rig = await startRig();
    });
    after(async () => {
      await rig?.close();
    });
    afterEach(() => {
      rig.media.clearFaults();
    });

    describe('a play to the end with a rendition switch up and a retried segment', () => {
      let play: CleanPlay;

      before(async () => {
        rig.media.clearRequests();
        {
          // Segment 3 of every rendition fails once: the player retries the same URL.
          rig.media.addFault({
            path: segmentPathPattern(rig.fixtures, spec.format, 3),
            fault: { kind: 'status', status: 500 },
            times: 1,
          });
        }
        const page = await openSdkPage(rig, {
          player: spec.player,
          adapter: spec.adapter,
          src: src(),
          playerConfig: deepMerge(spec.baseConfig, spec.cmcdConfig ?? {}),
        });
        await page.play();
        await page.waitForMediaTime(4, 30_000);
        const playingViewId = await page.viewId();
        await page.run(spec.switchToTop);
        await page.waitForEnded(60_000);
        const truth = await page.groundTruth();
        const sessionId = spec.cmcdSessionId
          ? ((await page.run(spec.cmcdSessionId)) as string | undefined)
          : undefined;
        const viewId = await finishView(rig, page, false, playingViewId);
        await rig.capture.waitFor((c) =>
          c.logRecords().some((r) => r.traceId === viewId && r.eventName === 'video.ended'),
        );
        const requests = rig.media.requests();
        play = {
          spans: viewSpans(rig.capture, viewId),
          logs: viewLogs(rig.capture, viewId),
          truth,
          sessionId,
          cmcdRequests: requests.filter((r) => cmcdPayload(r) !== undefined),
          retriedPaths: requests.filter((r) => r.status === 500).map((r) => r.path),
          viewId,
        };
        await page.close();
      });

      it('measures startup within ±50 ms of the first frame of motion', () => {
        const startup = play.spans.find((s) => s.name === 'video.startup');
        const truth = startupTime(play.truth)?.startupMs;
        expect(startup, 'startup span').to.not.equal(undefined);
        expect(truth).to.be.a('number');
        expect(startup!.durationSeconds * 1000).to.be.closeTo(truth!, 50);
      });

      it('ends the view with reason ended, the player, format and VOD stream type', () => {
        const root = rootOf(play.spans);
        expect(root.attributes['video.view.end_reason']).to.equal('ended');
        expect(root.attributes['video.player.name']).to.equal(spec.adapter);
        expect(root.attributes['video.player.version']).to.be.a('string');
        expect(root.attributes['video.stream.format']).to.equal(spec.format);
        expect(root.attributes['video.stream.type']).to.equal('vod');
        expect(root.attributes['video.source.url']).to.match(/^http:\/\/127\.0\.0\.1:\d+\/media\//);
        expect(root.attributes['video.completion']).to.be.closeTo(1, 0.05);
        expect(root.attributes['video.frames.total']).to.be.greaterThan(0);
        expect(root.attributes['video.frames.dropped']).to.be.at.least(0);
      });

      it('reports the player events: ready, view start, playing, 4 quartiles, heartbeats, ended', () => {
        const names = play.logs.map((r) => r.eventName);
        for (const name of [
          'video.player_ready',
          'video.view_start',
          'video.playing',
          'video.ended',
        ])
          expect(names, name).to.include(name);
        expect(events(play.logs, 'video.quartile')).to.have.length(4);
        expect(events(play.logs, 'video.heartbeat').length).to.be.at.least(1);
      });

      it('reports only the stalls the frames show', () => {
        const truthStalls = findStalls(play.truth, { minGapMs: STALL_GAP_MS });
        const rebuffers = play.spans.filter(
          (s) => s.name === 'video.rebuffer' && s.durationSeconds * 1000 > STALL_GAP_MS,
        );
        expect(
          rebuffers.map((r) => Math.round(r.durationSeconds * 1000)),
          `frame gaps: ${JSON.stringify(truthStalls)}`,
        ).to.have.length(truthStalls.length);
      });

      it('reports each change of the rendered rendition, as the frames show it', () => {
        const changes = events(play.logs, 'video.quality_change');
        const sizes = renderedSizes(play.truth);
        expect(sizes.length, 'the page rendered a second size').to.be.at.least(2);
        // Heights exactly; widths within 2 px: the element rounds the display aspect ratio
        // (427x240) where frame metadata gives the coded width (426).
        const reported = changes.map((c) => [
          Number(c.attributes['video.quality.width']),
          Number(c.attributes['video.quality.height']),
        ]);
        const shown = sizes.slice(1).map((size) => size.split('x').map(Number));
        expect(
          reported.length,
          `player events: ${JSON.stringify(play.truth.playerEvents.slice(0, 12))}`,
        ).to.equal(shown.length);
        reported.forEach(([width, height], i) => {
          expect(height, `change ${i + 1}`).to.equal(shown[i]![1]);
          expect(width, `change ${i + 1}`).to.be.closeTo(shown[i]![0]!, 2);
        });
        // Each change says which way it went; the last one is the switch up the test asked for.
        for (const change of changes) {
          const bitrate = Number(change.attributes['video.quality.bitrate']);
          const previous = Number(change.attributes['video.quality.previous_bitrate']);
          expect(change.attributes['video.quality.direction']).to.equal(
            bitrate > previous ? 'up' : 'down',
          );
        }
        expect(changes.at(-1)!.attributes['video.quality.direction']).to.equal('up');
        const root = rootOf(play.spans);
        const ups = changes.filter((c) => c.attributes['video.quality.direction'] === 'up');
        expect(root.attributes['video.quality.up_switches']).to.equal(ups.length);
        expect(root.attributes['video.quality.down_switches']).to.equal(
          changes.length - ups.length,
        );
        expect(root.attributes['video.bitrate.rendered_avg']).to.be.greaterThan(0);
      });

      if (spec.recovered !== 'silent') {
        const recovered = spec.recovered;
        it('reports the retried segment as one recovered error with the player code', () => {
          expect(play.retriedPaths, 'the server failed a segment').to.have.length(1);
          const errors = events(play.logs, 'video.error');
          expect(errors).to.have.length(1);
          expect(errors[0]!.attributes).to.include({
            'video.error.severity': 'recovered',
            'video.error.code': recovered.code,
            'error.type': recovered.type,
          });
          expect(rootOf(play.spans).attributes['video.error.count']).to.equal(1);
        });
      }

      if (spec.cmcdConfig) {
        it('attaches the CMCD the player sent, de-duplicated per requested object', () => {
          const sent = play.cmcdRequests.filter((r) =>
            play.sessionId === undefined
              ? true
              : cmcdPayload(r)!.includes(`sid="${play.sessionId}"`),
          );
          expect(sent.length, 'requests carrying CMCD in the server log').to.be.greaterThan(3);
          const objects = new Set(sent.map(objectKey));
          // A retried segment makes the request count exceed the object count.
          expect(sent.length).to.be.greaterThan(objects.size);
          const root = rootOf(play.spans);
          expect(root.attributes['video.cmcd.objects']).to.equal(objects.size);
          const sid = root.attributes['video.cmcd.sid'] as string;
          expect(sid).to.be.a('string');
          if (play.sessionId !== undefined) expect(sid).to.equal(play.sessionId);
          expect(sent.some((r) => cmcdPayload(r)!.includes(`sid="${sid}"`))).to.equal(true);
          if (spec.sidIsViewId) {
            const sids = sent.map((r) => /sid="([^"]*)"/.exec(cmcdPayload(r)!)?.[1]);
            expect(sid, `sids in request order: ${JSON.stringify(sids)}`).to.equal(play.viewId);
          }
          // The heartbeat's values are those of one request the player really sent.
          const beat = events(play.logs, 'video.heartbeat').find(
            (r) => r.attributes['video.cmcd.br'] !== undefined,
          );
          expect(
            beat,
            `a heartbeat with CMCD: ${JSON.stringify(events(play.logs, 'video.heartbeat').map((r) => r.attributes))}`,
          ).to.not.equal(undefined);
          const keys = Object.entries(CMCD_ATTRIBUTES).filter(
            ([, name]) => beat!.attributes[name] !== undefined,
          );
          expect(keys.length).to.be.greaterThan(5);
          const matching = sent.filter((r) => {
            const payload = cmcdPayload(r)!;
            return keys.every(([short, name]) => {
              const value = beat!.attributes[name];
              if (short === 'sid' || short === 'cid')
                return payload.includes(`${short}="${String(value)}"`);
              if (value === true) return new RegExp(`(^|,)${short}(,|$)`).test(payload);
              return new RegExp(`(^|,)${short}=${String(value)}(,|$)`).test(payload);
            });
          });
          expect(
            matching.length,
            `a logged request with ${keys.map(([k]) => k).join(', ')}`,
          ).to.be.at.least(1);
        });
      }
    });

    it(`a ${1500} ms stall from a delayed segment: one rebuffer per frame gap, within ±100 ms`, async () => {
      for (const path of segmentAllTracks(rig, spec.format, 5)) {
        rig.media.addFault({
          path,
          fault: { kind: 'delay', ms: 1500 + spec.stall.extraDelayMs },
          times: 1,
        });
      }
      const page = await openSdkPage(rig, {
        player: spec.player,
        adapter: spec.adapter,
        src: src(),
        bufferSeconds: spec.stall.bufferSeconds,
        playerConfig: deepMerge(spec.baseConfig, spec.stall.config),
      });
      await page.play();
      await page.waitForMediaTime(13, 40_000);
      const truth = await page.groundTruth();
      const viewId = await finishView(rig, page, true);
      await page.close();
      const truthStalls = findStalls(truth, { minGapMs: STALL_GAP_MS });
      const rebuffers = viewSpans(rig.capture, viewId)
        .filter((s) => s.name === 'video.rebuffer' && s.durationSeconds * 1000 > STALL_GAP_MS)
        .sort((a, b) => Number(a.startTimeUnixNano - b.startTimeUnixNano));
      const longest = Math.max(0, ...truthStalls.map((s) => s.durationMs));
      expect(longest, 'the injected delay stalled playback').to.be.greaterThan(750);
      const allRebuffers = viewSpans(rig.capture, viewId).filter(
        (s) => s.name === 'video.rebuffer',
      );
      expect(
        rebuffers,
        `frame gaps ${JSON.stringify(truthStalls)}; SDK rebuffers ${JSON.stringify(allRebuffers.map((r) => [r.durationSeconds, r.attributes['video.playhead.position']]))}`,
      ).to.have.length(truthStalls.length);
      truthStalls.forEach((stall, i) => {
        expect(rebuffers[i]!.durationSeconds * 1000, `stall ${i + 1}`).to.be.closeTo(
          stall.durationMs,
          100,
        );
      });
      const logs = viewLogs(rig.capture, viewId);
      expect(events(logs, 'video.stall_start')).to.have.length(rebuffers.length);
      expect(events(logs, 'video.stall_end')).to.have.length(rebuffers.length);
    });

    it('a seek is one seek span ending when frames move past the target; not a rebuffer', async () => {
      const page = await playDefault();
      await page.waitForMediaTime(2, 30_000);
      await page.run('document.querySelector("video").currentTime = 12');
      await page.waitForMediaTime(14, 30_000);
      const truth = await page.groundTruth();
      const viewId = await finishView(rig, page, true);
      await page.close();
      const spans = viewSpans(rig.capture, viewId);
      // Players also seek by themselves over tiny gaps (hls.js jumps to the first buffered
      // frame at startup): those are seeks too, but only one goes to 12 s — the viewer's.
      const seeks = spans.filter((s) => s.name === 'video.seek');
      const viewerSeeks = seeks.filter(
        (s) => Math.abs(Number(s.attributes['video.seek.to']) - 12) < 0.01,
      );
      expect(
        viewerSeeks,
        JSON.stringify(
          seeks.map((x) => [x.attributes, x.durationSeconds, x.startTimeUnixNano.toString()]),
        ) +
          JSON.stringify(
            truth.mediaEvents.filter(
              (e) => e.type.startsWith('seek') || e.type === 'waiting' || e.type === 'playing',
            ),
          ) +
          truth.timeOrigin,
      ).to.have.length(1);
      for (const other of seeks.filter((s) => !viewerSeeks.includes(s))) {
        const from = Number(other.attributes['video.seek.from']);
        expect(Math.abs(Number(other.attributes['video.seek.to']) - from)).to.be.below(1);
      }
      const seeking = truth.mediaEvents.find(
        (e) => e.type === 'seeking' && e.currentTime >= 11.99,
      )!;
      const resumed = truth.frames.find((f) => f.now > seeking.t && f.mediaTime > 12.001)!;
      expect(viewerSeeks[0]!.durationSeconds * 1000).to.be.closeTo(resumed.now - seeking.t, 100);
      const rebuffers = spans.filter(
        (s) => s.name === 'video.rebuffer' && s.durationSeconds * 1000 > STALL_GAP_MS,
      );
      const stalls = findStalls(truth, { minGapMs: STALL_GAP_MS });
      expect(
        rebuffers.map((r) => [r.attributes, r.durationSeconds]),
        JSON.stringify(stalls),
      ).to.have.length(stalls.length);
      // A seek before the first frame is an event but part of the startup, not a seek span.
      const seekEvents = events(viewLogs(rig.capture, viewId), 'video.seek');
      expect(
        seekEvents.filter((e) => Math.abs(Number(e.attributes['video.seek.to']) - 12) < 0.01),
      ).to.have.length(1);
      expect(rootOf(spans).attributes['video.view.end_reason']).to.equal('detached');
    });

    it('a pause by the viewer: one pause event, playing again on resume, the pause not watched', async () => {
      const page = await playDefault();
      await checkPauseAndResume(rig, page);
      await page.close();
    });

    it(`a manifest 404 is a fatal ${spec.fatal.code} error, and the view ends with fatal_error`, async () => {
      const page = await openSdkPage(rig, {
        player: spec.player,
        adapter: spec.adapter,
        src: src(),
        playerConfig: deepMerge(spec.baseConfig, spec.fatal.config ?? {}),
      });
      const missing = rig.media.url(
        `/media/missing-${spec.adapter}.${spec.format === 'hls' ? 'm3u8' : 'mpd'}`,
      );
      await page.run(spec.loadAndPlay(JSON.stringify(missing)));
      const root = await rig.capture
        .waitFor(
          (c) =>
            c
              .spans()
              .find(
                (s) =>
                  s.name === 'video.view' &&
                  s.attributes['video.player.name'] === spec.adapter &&
                  s.attributes['video.view.end_reason'] === 'fatal_error',
              ),
          {
            timeoutMs: 15_000,
            description: 'a view ended by a fatal error',
          },
        )
        .catch((error: unknown) => {
          const seen = rig.capture
            .logRecords()
            .filter(
              (r) =>
                r.attributes['video.player.name'] === spec.adapter || r.eventName === 'video.error',
            )
            .map((r) => [r.eventName, r.traceId, r.attributes['video.error.code']]);
          throw new Error(
            `${String(error)}; events: ${JSON.stringify(seen)}; spans: ${JSON.stringify(rig.capture.spans().map((x) => [x.name, x.traceId, x.attributes['video.view.end_reason']]))}`,
          );
        });
      const error = await rig.capture.waitFor((c) =>
        c
          .logRecords()
          .find(
            (r) =>
              r.traceId === root.traceId &&
              r.eventName === 'video.error' &&
              r.attributes['video.error.severity'] === 'fatal',
          ),
      );
      await page.close();
      expect(rig.media.requests(new URL(missing).pathname).map((r) => r.status)).to.include(404);
      expect(error.attributes, JSON.stringify(error.attributes)).to.include({
        'video.error.severity': 'fatal',
        'video.error.before_start': true,
        'error.type': spec.fatal.type,
      });
      expect([spec.fatal.code, ...(spec.fatal.otherCodes ?? [])]).to.include(
        error.attributes['video.error.code'],
      );
      expect(root.attributes['video.source.url']).to.equal(missing);
    });
  });
}
