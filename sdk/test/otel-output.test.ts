// From playback signals to OTLP JSON bodies, through the real OpenTelemetry SDK and serialisers,
// checked against the receiver's contract schemas.
import { expect } from 'chai';
import { compileContractSchemas } from '../../receiver/src/schemas.js';
import { BatchingProcessor } from '../src/otel/batching-processor.js';
import { OtelViewSink } from '../src/otel/otel-sink.js';
import { buildResource, createProviders } from '../src/otel/providers.js';
import type { Batch } from '../src/transport/batch.js';
import { NULL_PROBE } from '../src/view/probe.js';
import { ViewTracker } from '../src/view/view-tracker.js';
import { FakeTime } from './support/fakes.js';

type Json = Record<string, unknown>;
interface KeyValue {
  key: string;
  value: Record<string, unknown>;
}

const validators = compileContractSchemas();

function attrs(list: unknown): Record<string, unknown> {
  return Object.fromEntries(
    (list as KeyValue[]).map(({ key, value }) => [key, Object.values(value)[0]]),
  );
}

function spansOf(batches: Batch[]): Json[] {
  return batches
    .filter((b) => b.signal === 'traces')
    .flatMap(
      (b) =>
        (JSON.parse(b.body) as { resourceSpans: { scopeSpans: { spans: Json[] }[] }[] })
          .resourceSpans,
    )
    .flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
}

function logsOf(batches: Batch[]): Json[] {
  return batches
    .filter((b) => b.signal === 'logs')
    .flatMap(
      (b) =>
        (JSON.parse(b.body) as { resourceLogs: { scopeLogs: { logRecords: Json[] }[] }[] })
          .resourceLogs,
    )
    .flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords));
}

function pipeline(options: { maxItems?: number; maxBatchBytes?: number; title?: string } = {}) {
  const time = new FakeTime(Date.parse('2026-11-23T10:00:00Z'));
  const batches: Batch[] = [];
  const resource = buildResource({
    'service.name': 'shop',
    'telemetry.distro.name': 'openqoe',
    'telemetry.distro.version': '0.1.0',
    'session.id': 'a'.repeat(32),
  });
  const processor = new BatchingProcessor(
    { enqueue: (batch) => batches.push(batch) },
    time,
    time,
    {
      maxItems: options.maxItems ?? 500,
      maxDelayMs: 5000,
      maxBatchBytes: options.maxBatchBytes ?? 48 * 1024,
    },
    () => resource,
  );
  const { tracer, logger } = createProviders(processor, '0.1.0');
  const tracker = new ViewTracker({
    sink: new OtelViewSink(tracer, logger),
    clock: time,
    scheduler: time,
    probe: NULL_PROBE,
    player: { name: 'hlsjs', version: '1.7.4', instanceId: 'p-1' },
    viewAttributes: {
      'video.content.id': 'clip-1',
      'video.content.title': options.title ?? 'A clip',
    },
  });
  let position = 0;
  const frames = (seconds: number) => {
    for (let i = 0; i < seconds * 25; i += 1) {
      time.advance(40);
      position += 0.04;
      tracker.handle({ kind: 'frame', at: time.now(), position });
    }
  };
  return { time, batches, processor, tracker, frames };
}

describe('OpenTelemetry output', () => {
  describe('a view with a stall, a seek and a recovered error', () => {
    const p = pipeline({ title: 'x'.repeat(300) });
    p.tracker.handle({
      kind: 'source',
      at: p.time.now(),
      source: { duration: 30, streamType: 'vod', format: 'hls' },
    });
    p.tracker.handle({ kind: 'ready', at: p.time.now() });
    p.tracker.handle({ kind: 'play_requested', at: p.time.now(), autoplay: true });
    p.time.advance(300);
    p.frames(3);
    p.time.advance(1200);
    p.frames(1);
    p.tracker.handle({ kind: 'seeking', at: p.time.now(), from: 4, to: 20 });
    p.time.advance(200);
    p.tracker.handle({ kind: 'seeked', at: p.time.now(), position: 20 });
    p.frames(1);
    p.tracker.handle({
      kind: 'error',
      at: p.time.now(),
      error: { type: 'network', code: 'fragLoadError', fatal: false },
    });
    p.frames(1);
    p.tracker.close('page_hidden');
    p.processor.flush();
    const spans = spansOf(p.batches);
    const logs = logsOf(p.batches);
    const root = spans.find((s) => s.name === 'video.view')!;

    it('produces bodies the receiver schemas accept', () => {
      for (const batch of p.batches) {
        const validate = batch.signal === 'traces' ? validators.traces : validators.logs;
        expect(validate(JSON.parse(batch.body)), JSON.stringify(validate.errors)).to.equal(true);
      }
    });

    it('puts the whole view in one trace: root video.view and its child spans', () => {
      expect(spans.map((s) => s.name).sort()).to.deep.equal([
        'video.rebuffer',
        'video.seek',
        'video.startup',
        'video.view',
      ]);
      expect(new Set(spans.map((s) => s.traceId)).size).to.equal(1);
      expect(root.parentSpanId ?? '').to.equal('');
      for (const child of spans.filter((s) => s !== root))
        expect(child.parentSpanId).to.equal(root.spanId);
      expect(attrs(root.attributes)['video.view.id']).to.equal(root.traceId);
    });

    it('emits each player event as a log record with EventName in the view context', () => {
      expect(logs.map((l) => l.eventName)).to.include.members([
        'video.player_ready',
        'video.view_start',
        'video.playing',
        'video.stall_start',
        'video.stall_end',
        'video.seek',
        'video.error',
      ]);
      for (const log of logs) {
        expect(log.traceId).to.equal(root.traceId);
        expect(log.spanId).to.equal(root.spanId);
      }
      const error = logs.find((l) => l.eventName === 'video.error')!;
      expect(error.severityNumber).to.equal(13); // WARN: recovered
    });

    it('numbers every item of the view, the root span last', () => {
      const seqs = [...spans, ...logs].map((item) =>
        Number(attrs(item.attributes)['openqoe.record.seq']),
      );
      expect([...seqs].sort((a, b) => a - b)).to.deep.equal(seqs.map((_, i) => i));
      expect(Number(attrs(root.attributes)['openqoe.record.seq'])).to.equal(seqs.length - 1);
    });

    it('carries the view totals and end reason on the root span, with measured durations', () => {
      const a = attrs(root.attributes);
      expect(a['video.view.end_reason']).to.equal('page_hidden');
      expect(a['video.rebuffer.count']).to.equal(1);
      expect(a['video.seek.count']).to.equal(1);
      expect(a['video.error.count']).to.equal(1);
      const rebuffer = spans.find((s) => s.name === 'video.rebuffer')!;
      const nanos =
        BigInt(rebuffer.endTimeUnixNano as string) - BigInt(rebuffer.startTimeUnixNano as string);
      expect(Number(nanos) / 1e6).to.be.closeTo(1240, 0.001);
    });

    it('truncates an over-long attribute to its contract limit and counts the cut', () => {
      const a = attrs(root.attributes);
      expect(a['video.content.title']).to.have.length(256);
      expect(a['openqoe.limits.truncated']).to.equal(1);
    });
  });

  describe('batching', () => {
    it('flushes when the item count is reached', () => {
      const p = pipeline({ maxItems: 5 });
      p.tracker.handle({ kind: 'play_requested', at: p.time.now(), autoplay: false });
      p.frames(1); // view_start + startup span + playing = 3 items
      expect(p.batches).to.have.length(0);
      p.tracker.handle({ kind: 'pause', at: p.time.now(), position: 1 });
      p.tracker.handle({ kind: 'play_requested', at: p.time.now(), autoplay: false });
      p.frames(1);
      p.tracker.handle({ kind: 'pause', at: p.time.now(), position: 2 });
      expect(p.batches.length).to.be.greaterThan(0);
      expect(p.batches.reduce((n, b) => n + b.items, 0)).to.equal(5);
    });

    it('flushes the first item after the maximum delay', () => {
      const p = pipeline();
      p.tracker.handle({ kind: 'play_requested', at: p.time.now(), autoplay: false });
      p.time.advance(4999);
      expect(p.batches).to.have.length(0);
      p.time.advance(1);
      expect(p.batches.map((b) => b.signal)).to.deep.equal(['logs']);
    });

    it('splits batches larger than the byte limit', () => {
      const p = pipeline({ maxBatchBytes: 2000 });
      p.tracker.handle({ kind: 'play_requested', at: p.time.now(), autoplay: false });
      p.frames(2);
      for (let i = 0; i < 10; i += 1) {
        p.tracker.handle({ kind: 'pause', at: p.time.now(), position: i });
        p.tracker.handle({ kind: 'play_requested', at: p.time.now(), autoplay: false });
        p.frames(0.2);
      }
      p.processor.flush();
      expect(p.batches.length).to.be.greaterThan(2);
      for (const batch of p.batches.filter((b) => b.items > 1))
        expect(batch.body.length).to.be.at.most(2000);
      expect(new Set(p.batches.map((b) => b.id)).size).to.equal(p.batches.length);
    });
  });
});
