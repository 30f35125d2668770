// S8: CMCD as the player sent it — parsed, normalised to the contract's attributes, and
// de-duplicated per requested object — and how the view tracker reports it.
import { expect } from 'chai';
import { CmcdLedger } from '../src/cmcd/ledger.js';
import { cmcdFromHeaders, cmcdFromUrl, parseCmcd } from '../src/cmcd/parse.js';
import { ATTR_VIDEO_CMCD_BR, ATTR_VIDEO_CMCD_OT } from '../src/generated/contract.js';
import { NULL_PROBE } from '../src/view/probe.js';
import { ViewTracker } from '../src/view/view-tracker.js';
import { FakeTime, RecordingSink } from './support/fakes.js';

describe('CMCD parsing (S8)', () => {
  it('reads every key the contract names, with its type', () => {
    expect(
      parseCmcd(
        'br=3200,bl=4100,bs,cid="movie-42",d=2002,dl=3900,mtp=25400,ot=v,pr=1.25,rtp=15000,sf=h,sid="6e2fb550-c457",st=v,su,tb=6000',
      ),
    ).to.deep.equal({
      'video.cmcd.br': 3200,
      'video.cmcd.bl': 4100,
      'video.cmcd.bs': true,
      'video.cmcd.cid': 'movie-42',
      'video.cmcd.d': 2002,
      'video.cmcd.dl': 3900,
      'video.cmcd.mtp': 25400,
      'video.cmcd.ot': 'v',
      'video.cmcd.pr': 1.25,
      'video.cmcd.rtp': 15000,
      'video.cmcd.sf': 'h',
      'video.cmcd.sid': '6e2fb550-c457',
      'video.cmcd.st': 'v',
      'video.cmcd.su': true,
      'video.cmcd.tb': 6000,
    });
    expect(ATTR_VIDEO_CMCD_BR).to.equal('video.cmcd.br');
    expect(ATTR_VIDEO_CMCD_OT).to.equal('video.cmcd.ot');
  });

  it('keeps commas and escaped quotes inside quoted strings', () => {
    expect(parseCmcd('cid="a,b \\"c\\"",br=10')).to.deep.equal({
      'video.cmcd.cid': 'a,b "c"',
      'video.cmcd.br': 10,
    });
  });

  it('drops unknown, custom and malformed keys instead of guessing', () => {
    expect(
      parseCmcd('com.example-x=1,nor="seg2.m4s",v=2,br=abc,ot=zz,sid=unquoted,bl=,pr=1.0e3,sf=h'),
    ).to.deep.equal({ 'video.cmcd.sf': 'h' });
  });

  it('reads structured-field booleans and rounds integers', () => {
    expect(parseCmcd('bs=?0,su=?1,d=2002.6')).to.deep.equal({
      'video.cmcd.bs': false,
      'video.cmcd.su': true,
      'video.cmcd.d': 2003,
    });
  });

  it('takes the first item of a CMCD v2 inner list', () => {
    expect(parseCmcd('br=(3200 1100),bl=(4000)')).to.deep.equal({
      'video.cmcd.br': 3200,
      'video.cmcd.bl': 4000,
    });
  });

  it('ignores empty input', () => {
    expect(parseCmcd('')).to.deep.equal({});
    expect(parseCmcd(' , ,')).to.deep.equal({});
  });
});

describe('CMCD from URLs and headers (S8)', () => {
  it('finds the CMCD query parameter and keeps the object URL without it', () => {
    const request = cmcdFromUrl(
      'https://cdn.example/v/seg_3.m4s?token=x&CMCD=br%3D3200%2Cot%3Dv%2Csid%3D%22s1%22&b=2#frag',
    );
    expect(request).to.deep.equal({
      object: 'https://cdn.example/v/seg_3.m4s?token=x&b=2',
      values: { 'video.cmcd.br': 3200, 'video.cmcd.ot': 'v', 'video.cmcd.sid': 's1' },
    });
    expect(cmcdFromUrl('https://cdn.example/a.m4s?CMCD=br%3D1')?.object).to.equal(
      'https://cdn.example/a.m4s',
    );
  });

  it('returns undefined without CMCD or with broken percent-encoding', () => {
    expect(cmcdFromUrl('https://cdn.example/a.m4s')).to.equal(undefined);
    expect(cmcdFromUrl('https://cdn.example/a.m4s?xCMCD=br%3D1')).to.equal(undefined);
    expect(cmcdFromUrl('https://cdn.example/a.m4s?CMCD=%E0%A4%A')).to.equal(undefined);
  });

  it('joins the four CMCD headers, whatever their case, and ignores the others', () => {
    expect(
      cmcdFromHeaders('https://cdn.example/a.m4s', {
        'CMCD-Object': 'br=3200,d=2000,ot=v',
        'cmcd-request': 'bl=4000,mtp=20000',
        'CMCD-Session': 'sid="s1",sf=d',
        'Cmcd-Status': 'rtp=12000',
        Accept: 'br=1',
      }),
    ).to.deep.equal({
      object: 'https://cdn.example/a.m4s',
      values: {
        'video.cmcd.br': 3200,
        'video.cmcd.d': 2000,
        'video.cmcd.ot': 'v',
        'video.cmcd.bl': 4000,
        'video.cmcd.mtp': 20000,
        'video.cmcd.sid': 's1',
        'video.cmcd.sf': 'd',
        'video.cmcd.rtp': 12000,
      },
    });
    expect(cmcdFromHeaders('https://cdn.example/a.m4s', { Accept: '*/*' })).to.equal(undefined);
  });
});

describe('CmcdLedger (S8)', () => {
  it('counts each object once however often it was requested, keeps the latest values', () => {
    const ledger = new CmcdLedger();
    expect(ledger.totals()).to.deep.equal({});
    ledger.record('/seg1', { 'video.cmcd.sid': 's1', 'video.cmcd.br': 300 });
    ledger.record('/seg2', { 'video.cmcd.br': 900 });
    ledger.record('/seg2', { 'video.cmcd.br': 900, 'video.cmcd.bs': true }); // a retry
    expect(ledger.totals()).to.deep.equal({ 'video.cmcd.sid': 's1', 'video.cmcd.objects': 2 });
    // Session ids from an earlier request stay with the latest values.
    expect(ledger.latestValues()).to.deep.equal({
      'video.cmcd.sid': 's1',
      'video.cmcd.br': 900,
      'video.cmcd.bs': true,
    });
    ledger.reset();
    expect(ledger.totals()).to.deep.equal({});
    expect(ledger.latestValues()).to.deep.equal({});
  });

  it('keeps counting past its memory bound on very long views', () => {
    const ledger = new CmcdLedger();
    for (let i = 0; i < 2500; i += 1) ledger.record(`/live/seg${i}`, { 'video.cmcd.br': 1 });
    expect(ledger.totals()['video.cmcd.objects']).to.equal(2500);
  });
});

describe('ViewTracker with CMCD signals (S8)', () => {
  function setup() {
    const time = new FakeTime();
    const sink = new RecordingSink();
    const tracker = new ViewTracker({
      sink,
      clock: time,
      scheduler: time,
      probe: NULL_PROBE,
      player: { name: 'hlsjs', instanceId: 'p1' },
      viewAttributes: {},
      options: { heartbeatIntervalMs: 1000 },
    });
    tracker.handle({ kind: 'source', at: time.now(), source: { duration: 60, streamType: 'vod' } });
    let position = 0;
    const play = (ms: number) => {
      for (let t = 0; t < ms; t += 40) {
        time.advance(40);
        position += 0.04;
        tracker.handle({ kind: 'frame', at: time.now(), position });
        tracker.handle({ kind: 'progress', at: time.now(), position });
      }
    };
    const cmcd = (object: string, br: number) =>
      tracker.handle({
        kind: 'cmcd',
        at: time.now(),
        object,
        values: { 'video.cmcd.br': br, 'video.cmcd.sid': 'sid-1', 'video.cmcd.ot': 'v' },
      });
    return { time, sink, tracker, play, cmcd };
  }

  it('heartbeats carry the latest values; the view carries sid and the distinct object count', () => {
    const h = setup();
    h.cmcd('/master.m3u8', 0); // before play: part of the view that follows
    h.tracker.handle({ kind: 'play_requested', at: h.time.now(), autoplay: false });
    h.play(500);
    h.cmcd('/seg1.ts', 300);
    h.cmcd('/seg1.ts', 300);
    h.cmcd('/seg2.ts', 900);
    h.play(1200);
    const beat = h.sink.eventsNamed('video.heartbeat').at(-1)!;
    expect(beat.attributes).to.include({
      'video.cmcd.br': 900,
      'video.cmcd.sid': 'sid-1',
      'video.cmcd.ot': 'v',
    });
    h.tracker.close('detached');
    expect(h.sink.views[0]!.attributes).to.include({
      'video.cmcd.objects': 3,
      'video.cmcd.sid': 'sid-1',
    });
  });

  it('starts the next view with a fresh count', () => {
    const h = setup();
    h.tracker.handle({ kind: 'play_requested', at: h.time.now(), autoplay: false });
    h.play(200);
    h.cmcd('/a/seg1.ts', 300);
    h.tracker.handle({ kind: 'source_change', at: h.time.now(), source: { url: '/b.m3u8' } });
    h.tracker.handle({ kind: 'play_requested', at: h.time.now(), autoplay: false });
    h.play(200);
    h.tracker.close('detached');
    expect(h.sink.views[0]!.attributes['video.cmcd.objects']).to.equal(1);
    expect(h.sink.views[1]!.attributes['video.cmcd.objects']).to.equal(undefined);
  });
});
