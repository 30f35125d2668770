// The load scripts' traffic, built by the same code k6 runs: every name comes from the contract,
// every body validates against the receiver's generated schemas, and requests look like the SDK's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { generatedFiles } from '../../contract/src/generate.js';
import { loadContract } from '../../contract/src/load.js';
import { buildPayloads } from '../../bench/payloads.js';
import { compileContractSchemas } from '../../receiver/src/schemas.js';
import {
  BATCH_ID_HEADER,
  SENT_AT_HEADER,
  toUnixNanos,
} from '../../sdk/src/transport/http-sender.js';
import { badInputCases } from '../lib/bad-input.ts';
import { acceptedInFull, batchesOf, sdkHeaders, SDK_BATCH_POLICY } from '../lib/batches.ts';
import { legacyBatches, legacyEventsOf } from '../lib/legacy.ts';
import { encodeValue, unixNanos } from '../lib/otlp.ts';
import { buildPool, meanItemsPerView, withViewId } from '../lib/pool.ts';
import { seededRandom } from '../lib/random.ts';
import { simulateView, type SimulatedView } from '../lib/view.ts';
import { REPO_ROOT } from './support.ts';

const contract = loadContract();
const validators = compileContractSchemas();
const NOW = Date.UTC(2026, 10, 23, 12);

function views(count: number, maxWatchSeconds = 300): SimulatedView[] {
  return Array.from({ length: count }, (_, i) =>
    simulateView(seededRandom(1000 + i), { startMs: NOW - 3_600_000, maxWatchSeconds }),
  );
}

const sample = views(300);

describe('load traffic: the contract module of the k6 scripts', () => {
  it('is generated from the contract and up to date (make generate)', async () => {
    const expected = (await generatedFiles(contract)).get('load/generated/contract.ts');
    expect(expected, 'generate.ts writes load/generated/contract.ts').to.be.a('string');
    expect(readFileSync(join(REPO_ROOT, 'load/generated/contract.ts'), 'utf8')).to.equal(expected);
  });
});

describe('load traffic: simulated views', () => {
  it('use only contract names, with each span and event carrying what the contract requires', () => {
    const problems: string[] = [];
    for (const view of sample) {
      for (const key of Object.keys(view.resource)) {
        const allowed = [...contract.resource.required, ...contract.resource.optional];
        if (!allowed.includes(key)) problems.push(`resource attribute ${key}`);
      }
      for (const item of view.items) {
        const name = item.signal === 'traces' ? item.span.name : item.log.eventName;
        const def = item.signal === 'traces' ? contract.spans.get(name) : contract.events.get(name);
        if (def === undefined) {
          problems.push(`unknown ${item.signal === 'traces' ? 'span' : 'event'} ${name}`);
          continue;
        }
        const attributes = Object.keys(
          item.signal === 'traces' ? item.span.attributes : item.log.attributes,
        );
        const allowed = new Set([...def.required, ...def.optional, ...contract.common]);
        for (const key of attributes)
          if (!allowed.has(key)) problems.push(`${name} carries ${key}`);
        for (const key of def.required)
          if (!attributes.includes(key)) problems.push(`${name} lacks ${key}`);
      }
    }
    expect([...new Set(problems)]).to.deep.equal([]);
  });

  it('cover every span and every player event of the contract, and every end reason', () => {
    const spans = new Set<string>();
    const events = new Set<string>();
    const endReasons = new Set<unknown>();
    for (const view of sample) {
      for (const item of view.items) {
        if (item.signal === 'traces') {
          spans.add(item.span.name);
          if (item.span.name === 'video.view')
            endReasons.add(item.span.attributes['video.view.end_reason']);
        } else events.add(item.log.eventName);
      }
    }
    expect([...spans]).to.have.members([...contract.spans.keys()]);
    // The SDK's drop report is not playback: the generators do not send it.
    expect([...events]).to.have.members(
      [...contract.events.keys()].filter((e) => e !== 'openqoe.sdk.drop_report'),
    );
    expect([...endReasons]).to.have.members([
      ...(contract.attributes.get('video.view.end_reason')?.enum ?? []),
    ]);
  });

  it('number items 0..n in emission order with the root span last, all in the view trace', () => {
    for (const view of sample.slice(0, 50)) {
      const seqs = view.items.map((item) =>
        item.signal === 'traces'
          ? item.span.attributes['openqoe.record.seq']
          : item.log.attributes['openqoe.record.seq'],
      );
      expect(seqs).to.deep.equal(view.items.map((_, i) => i));
      const last = view.items[view.items.length - 1]!;
      expect(last.signal === 'traces' && last.span.name).to.equal('video.view');
      for (const item of view.items) {
        const traceId = item.signal === 'traces' ? item.span.traceId : item.log.traceId;
        expect(traceId).to.equal(view.viewId);
      }
    }
  });

  it('are reproducible from their seed', () => {
    expect(simulateView(seededRandom(7), { startMs: NOW })).to.deep.equal(
      simulateView(seededRandom(7), { startMs: NOW }),
    );
  });
});

describe('load traffic: request bodies', () => {
  it('validate against the receiver’s generated schemas (ajv), batch by batch', () => {
    let batches = 0;
    for (const view of sample) {
      for (const batch of batchesOf(view, SDK_BATCH_POLICY, seededRandom(1))) {
        const validate = validators[batch.signal];
        const valid = validate(JSON.parse(batch.body));
        expect(valid, `${batch.signal}: ${JSON.stringify(validate.errors)}`).to.equal(true);
        batches += 1;
      }
    }
    expect(batches).to.be.greaterThan(sample.length);
  });

  it('in the legacy /v2/events format validate against the legacy schema too', () => {
    for (const view of sample) {
      for (const events of legacyBatches(view, 50)) {
        const valid = validators.legacyEvents({ events });
        expect(valid, JSON.stringify(validators.legacyEvents.errors)).to.equal(true);
      }
    }
    // Every player event has a legacy name except the SDK's own drop report.
    const view = sample[0]!;
    expect(legacyEventsOf(view)).to.have.length(
      view.items.filter((i) => i.signal === 'logs').length,
    );
  });

  it('have the OpenTelemetry JS serialisers’ shape (what the SDK sends)', async () => {
    const otelTraces = JSON.parse((await buildPayloads('traces', 5, 1)).bodies[0]!) as {
      resourceSpans: { resource: object; scopeSpans: { scope: object; spans: object[] }[] }[];
    };
    const otelLogs = JSON.parse((await buildPayloads('logs', 2, 1)).bodies[0]!) as {
      resourceLogs: { resource: object; scopeLogs: { logRecords: object[] }[] }[];
    };
    const [first, second] = batchesOf(
      sample[5]!,
      { maxItems: 1000, maxAgeMs: Infinity },
      seededRandom(1),
    );
    const ours = [first!, second!].map((b) => JSON.parse(b.body) as Record<string, unknown>);
    const traces = ours.find((b) => 'resourceSpans' in b) as unknown as typeof otelTraces;
    const logs = ours.find((b) => 'resourceLogs' in b) as unknown as typeof otelLogs;
    const childSpan = (spans: object[]): object => spans.find((s) => 'parentSpanId' in s)!;
    expect(Object.keys(childSpan(traces.resourceSpans[0]!.scopeSpans[0]!.spans))).to.deep.equal(
      Object.keys(childSpan(otelTraces.resourceSpans[0]!.scopeSpans[0]!.spans)),
    );
    expect(Object.keys(logs.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!)).to.deep.equal(
      Object.keys(otelLogs.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!),
    );
    expect(Object.keys(traces.resourceSpans[0]!.resource)).to.deep.equal(
      Object.keys(otelTraces.resourceSpans[0]!.resource),
    );
    // Integral numbers travel as intValue, others as doubleValue, as OTel JS encodes them.
    expect(encodeValue(2_500_000)).to.deep.equal({ intValue: 2_500_000 });
    expect(encodeValue(0.25)).to.deep.equal({ doubleValue: 0.25 });
  });

  it('count as accepted in full only when nothing was rejected', () => {
    expect(acceptedInFull('{}')).to.equal(true);
    expect(acceptedInFull('{"partialSuccess":{}}')).to.equal(true);
    expect(acceptedInFull('{"partialSuccess":{"rejectedSpans":"0"}}')).to.equal(true);
    expect(acceptedInFull('{"partialSuccess":{"rejectedSpans":"2","errorMessage":"x"}}')).to.equal(
      false,
    );
    expect(acceptedInFull('{"partialSuccess":{"rejectedLogRecords":1}}')).to.equal(false);
    for (const bad of ['', 'null', '[]', '{"error":', undefined, null]) {
      expect(acceptedInFull(bad), String(bad)).to.equal(false);
    }
  });

  it('carry the SDK’s headers and time format', () => {
    const headers = sdkHeaders('k'.repeat(20), 'abc', 1_767_225_600_123.456);
    expect(headers[BATCH_ID_HEADER]).to.equal('abc');
    expect(headers[SENT_AT_HEADER]).to.equal(toUnixNanos(1_767_225_600_123.456));
    expect(headers.Authorization).to.equal(`Bearer ${'k'.repeat(20)}`);
    for (const ms of [1, 1_767_225_600_000, 1_767_225_600_999.25, 12.3456]) {
      expect(unixNanos(ms), String(ms)).to.equal(toUnixNanos(ms));
    }
    // A fraction that rounds up to 1000 µs must not add a digit (the SDK's toUnixNanos does:
    // reported to the lead); 19 digits until the year 2286.
    expect(unixNanos(1_767_225_600_999 + 0.9996)).to.match(/^\d{19}$/);
  });
});

describe('load traffic: batching as the SDK does it', () => {
  const view = sample.find((v) => v.items.length > 60)!;

  it('keeps every item once, in order, at most maxItems per flush', () => {
    const batches = batchesOf(view, SDK_BATCH_POLICY, seededRandom(3));
    expect(batches.reduce((sum, b) => sum + b.items, 0)).to.equal(view.items.length);
    for (const batch of batches) expect(batch.items).to.be.at.most(50);
    const seqs = batches.flatMap((b) => {
      const body = JSON.parse(b.body) as Record<
        string,
        { scopeSpans?: { spans: Item[] }[]; scopeLogs?: { logRecords: Item[] }[] }[]
      >;
      const entry = (body.resourceSpans ?? body.resourceLogs)![0]!;
      const items = entry.scopeSpans?.[0]?.spans ?? entry.scopeLogs?.[0]?.logRecords ?? [];
      return items.map(
        (item) => item.attributes.find((a) => a.key === 'openqoe.record.seq')!.value.intValue,
      );
    });
    expect([...seqs].sort((a, b) => a - b)).to.deep.equal(view.items.map((_, i) => i));
  });

  it('flushes when the oldest item is 5 s old, so playback sends small batches', () => {
    const timed = batchesOf(view, SDK_BATCH_POLICY, seededRandom(3));
    const countOnly = batchesOf(view, { maxItems: 50, maxAgeMs: Infinity }, seededRandom(3));
    expect(timed.length).to.be.greaterThan(countOnly.length);
    expect(countOnly.length).to.be.at.most(Math.ceil(view.items.length / 50) * 2);
  });

  type Item = { attributes: { key: string; value: { intValue: number } }[] };
});

describe('load traffic: the pool of the tier scripts', () => {
  it('replaces the view id everywhere, so each iteration is a new trace', () => {
    const pool = buildPool({ size: 4, seed: 1, policy: SDK_BATCH_POLICY, nowMs: NOW });
    const fresh = 'f'.repeat(32);
    for (const view of pool) {
      for (const batch of view.batches) {
        const body = withViewId(batch.parts, fresh);
        expect(body).to.not.include(view.viewId);
        expect(validators[batch.signal](JSON.parse(body))).to.equal(true);
      }
    }
    expect(meanItemsPerView(pool)).to.be.greaterThan(5);
  });

  it('builds views that end in the recent past', () => {
    const [view] = buildPool({ size: 1, seed: 2, policy: SDK_BATCH_POLICY, nowMs: NOW });
    const times = [
      ...withViewId(view!.batches[0]!.parts, view!.viewId).matchAll(
        /"startTimeUnixNano":"(\d+)"|"timeUnixNano":"(\d+)"/g,
      ),
    ].map((m) => Number((m[1] ?? m[2])!.slice(0, -6)));
    for (const ms of times) expect(ms).to.be.within(NOW - 4 * 3_600_000, NOW);
  });
});

describe('load traffic: bad input', () => {
  it('every case names the answer it expects, and 4xx cases a stable error code', () => {
    const cases = badInputCases(NOW);
    expect(cases.length).to.be.greaterThan(10);
    for (const c of cases) {
      if (c.expectStatus >= 400) expect(c.expectCode, c.name).to.match(/^[a-z_]+$/);
      else expect(c.expectCode, c.name).to.equal(undefined);
    }
    expect(new Set(cases.map((c) => c.name)).size).to.equal(cases.length);
  });
});
