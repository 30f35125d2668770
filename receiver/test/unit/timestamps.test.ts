import { expect } from 'chai';
import { ItemRejections } from '../../src/domain/rejection.js';
import {
  applyTimestampPolicy,
  checkTime,
  clockOffsetNs,
  endsBeforeStart,
  timestampMs,
  type TimestampPolicy,
} from '../../src/domain/timestamps.js';

const POLICY: TimestampPolicy = {
  mode: 'correct',
  skewToleranceMs: 60_000,
  maxFutureMs: 300_000,
  maxPastMs: 48 * 3_600_000,
};
const NOW = Date.UTC(2026, 10, 23, 12);
const ns = (ms: number): string => `${BigInt(ms) * 1_000_000n}`;

function logs(...times: string[]): { resourceLogs: object[] } {
  return {
    resourceLogs: [
      {
        resource: { attributes: [] },
        scopeLogs: [
          { logRecords: times.map((t) => ({ timeUnixNano: t, eventName: 'video.pause' })) },
        ],
      },
    ],
  };
}

function records(body: { resourceLogs: object[] }): { timeUnixNano: string }[] {
  return (body.resourceLogs[0] as { scopeLogs: { logRecords: { timeUnixNano: string }[] }[] })
    .scopeLogs[0]!.logRecords;
}

describe('timestamp policy (R9)', () => {
  it('reads OTLP nanosecond strings and numbers as milliseconds', () => {
    expect(timestampMs('1795000000000000000')).to.equal(1795000000000);
    expect(timestampMs(1_000_000)).to.equal(1);
    expect(timestampMs('')).to.be.NaN;
    expect(timestampMs(undefined)).to.be.NaN;
  });

  it('shifts only when the client clock is off by more than the tolerance', () => {
    expect(clockOffsetNs(NOW, ns(NOW - 30_000), POLICY)).to.equal(0n);
    expect(clockOffsetNs(NOW, ns(NOW - 3_600_000), POLICY)).to.equal(3_600_000_000_000n);
    expect(clockOffsetNs(NOW, ns(NOW + 86_400_000), POLICY)).to.equal(-86_400_000_000_000n);
    expect(clockOffsetNs(NOW, undefined, POLICY)).to.equal(0n);
    expect(clockOffsetNs(NOW, ns(NOW - 3_600_000), { ...POLICY, mode: 'reject' })).to.equal(0n);
  });

  it('classifies times against the window', () => {
    expect(checkTime(NOW, NOW, POLICY)).to.equal('ok');
    expect(checkTime(NOW + 300_001, NOW, POLICY)).to.equal('future');
    expect(checkTime(NOW - 48 * 3_600_000 - 1, NOW, POLICY)).to.equal('past');
    expect(checkTime(Number.NaN, NOW, POLICY)).to.equal('future');
  });

  it('corrects a batch from a clock one year behind, exactly, using the send time', () => {
    const year = 365 * 86_400_000;
    const body = logs(`${BigInt(NOW - year - 5000) * 1_000_000n + 123n}`);
    const rejections = new ItemRejections();
    const outcome = applyTimestampPolicy('logs', body, NOW, ns(NOW - year), POLICY, rejections);
    expect(outcome.corrected).to.equal(1);
    expect(rejections.count).to.equal(0);
    expect(records(body)[0]!.timeUnixNano).to.equal(`${BigInt(NOW - 5000) * 1_000_000n + 123n}`);
  });

  it('rejects what stays out of the window, naming the field', () => {
    const body = logs(ns(NOW + 3_600_000), ns(NOW - 1000), '0');
    const rejections = new ItemRejections();
    const outcome = applyTimestampPolicy('logs', body, NOW, undefined, POLICY, rejections);
    expect(outcome.rejected).to.equal(2);
    expect(rejections.firstProblem).to.equal(
      '/resourceLogs/0/scopeLogs/0/logRecords/0/timeUnixNano: is more than 300 s in the future',
    );
    expect(rejections.first?.reason).to.equal('timestamp');
  });

  it('in reject mode refuses a skewed batch instead of shifting it', () => {
    const body = logs(ns(NOW - 72 * 3_600_000));
    const rejections = new ItemRejections();
    applyTimestampPolicy(
      'logs',
      body,
      NOW,
      ns(NOW - 72 * 3_600_000),
      { ...POLICY, mode: 'reject' },
      rejections,
    );
    expect(rejections.count).to.equal(1);
  });

  it('refuses a span that ends before it starts', () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [] },
          scopeSpans: [
            { spans: [{ startTimeUnixNano: ns(NOW - 1000), endTimeUnixNano: ns(NOW - 2000) }] },
          ],
        },
      ],
    };
    const rejections = new ItemRejections();
    applyTimestampPolicy('traces', body, NOW, undefined, POLICY, rejections);
    expect(rejections.firstProblem).to.match(/endTimeUnixNano: is before startTimeUnixNano$/);
  });

  it('orders span start and end exactly, whatever their encoding', () => {
    const cases: [unknown, unknown, boolean][] = [
      ['1795000000000000000', '1795000000000000001', false],
      ['1795000000000000001', '1795000000000000000', true],
      ['1795000000000000000', '1795000000000000000', false],
      // Lengths differ: a shorter decimal string is a smaller number.
      ['999', '1000', false],
      ['1000', '999', true],
      // Leading zeros and 20-digit values beyond a double's precision.
      ['0999', '1000', false],
      ['1000', '0999', true],
      ['18446744073709551615', '18446744073709551614', true],
      ['0', '0', false],
      // Numbers, and a number against a string.
      [1000, 999, true],
      [999, '1000', false],
      ['1000', 999, true],
    ];
    for (const [start, end, expected] of cases) {
      expect(endsBeforeStart(start, end), `${String(start)} → ${String(end)}`).to.equal(expected);
    }
  });

  it('names the item by its position when refusing one of several', () => {
    const body = logs(ns(NOW), ns(NOW), ns(NOW + 3_600_000));
    const rejections = new ItemRejections();
    applyTimestampPolicy('logs', body, NOW, undefined, POLICY, rejections);
    expect(rejections.firstProblem).to.equal(
      '/resourceLogs/0/scopeLogs/0/logRecords/2/timeUnixNano: is more than 300 s in the future',
    );
  });
});
