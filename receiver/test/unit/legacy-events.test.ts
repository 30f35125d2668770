import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import {
  LEGACY_EVENT_NAMES,
  millisecondsToUnixNanos,
  traceIdForView,
  translateLegacyEvents,
  viewerHash,
  type LegacyEvent,
} from '../../src/domain/legacy-events.js';
import { ItemRejections } from '../../src/domain/rejection.js';
import { validateOtlp } from '../../src/domain/validate.js';
import { contractValidators } from '../../src/schemas.js';
import { loadContract } from '../../../contract/src/load.js';

const SALT = 'a-salt-of-sixteen-or-more';
const T = Date.UTC(2026, 10, 23, 12);

function translate(events: LegacyEvent[], salt: { salt: string | undefined } = { salt: SALT }) {
  return translateLegacyEvents(events, {
    viewerHashSalt: salt.salt,
    serviceName: 'legacy',
    skip: new Set(),
  });
}

type Flat = { key: string; value: Record<string, unknown> }[];
function attrs(list: unknown): Record<string, unknown> {
  return Object.fromEntries((list as Flat).map((a) => [a.key, Object.values(a.value)[0]]));
}

describe('/v2/events translation', () => {
  it('maps every original event_type to the contract event whose legacy name it is', () => {
    const contract = loadContract();
    const expected: Record<string, string> = {};
    for (const event of contract.events.values())
      if (event.legacy) expected[event.legacy] = event.name;
    expect(LEGACY_EVENT_NAMES).to.deep.equal(expected);
  });

  it('hashes the viewer id with the tenant salt and never forwards it raw', () => {
    const { body } = translate([
      {
        event_type: 'viewstart',
        event_time: T,
        view_id: 'view-1',
        session_id: 's1',
        viewer_id: 'alice@example.com',
      },
    ]);
    const text = JSON.stringify(body);
    expect(text).not.to.contain('alice@example.com');
    const resource = attrs(
      (body.resourceLogs[0] as { resource: { attributes: unknown } }).resource.attributes,
    );
    expect(resource['user.hash']).to.equal(
      createHmac('sha256', SALT).update('alice@example.com').digest('hex'),
    );
    expect(resource['user.hash']).to.equal(viewerHash('alice@example.com', SALT));
    expect(resource['session.id']).to.equal('s1');
  });

  it('counts data fields named after Object.prototype members as unmapped, without crashing', () => {
    // Found by the property test: `data: { toString: null }` reached Object.prototype.toString.
    const { body, unmappedFields } = translate([
      {
        event_type: 'pause',
        event_time: T,
        view_id: 'view-1',
        data: JSON.parse(
          '{"toString": null, "constructor": 1, "__proto__": "x"}',
        ) as LegacyEvent['data'],
      },
      {
        event_type: 'playerready',
        event_time: T,
        view_id: 'view-1',
        data: { player_name: 'constructor' },
      },
    ]);
    expect(unmappedFields).to.equal(3);
    const records = (
      body.resourceLogs[0] as { scopeLogs: { logRecords: { attributes: unknown }[] }[] }
    ).scopeLogs[0]!.logRecords;
    expect(records).to.have.length(2);
    // An unknown player name is "other", never a prototype member.
    expect(attrs(records[1]!.attributes)['video.player.name']).to.equal('other');
  });

  it('drops the viewer id when the tenant has no salt', () => {
    const { body } = translate(
      [{ event_type: 'pause', event_time: T, view_id: 'v', viewer_id: 'bob' }],
      { salt: undefined },
    );
    expect(JSON.stringify(body)).not.to.contain('bob');
    expect(JSON.stringify(body)).not.to.contain('user.hash');
  });

  it('converts milliseconds to seconds and nanoseconds, and fills required attributes', () => {
    const { body, unmappedFields } = translate([
      {
        event_type: 'stall_end',
        event_time: T + 0.5,
        view_id: 'v',
        data: { stall_duration: 1500, playback_time: 12_000, mystery: 1 },
      },
      {
        event_type: 'error',
        event_time: T,
        view_id: 'v',
        data: { error_family: 'network', error_code: 3, fatal: false },
      },
      {
        event_type: 'quality_change',
        event_time: T,
        view_id: 'v',
        data: { new_bitrate: 3_000_000, old_bitrate: 1_500_000 },
      },
    ]);
    const records = (
      body.resourceLogs[0] as { scopeLogs: { logRecords: Record<string, unknown>[] }[] }
    ).scopeLogs[0]!.logRecords;
    expect(records[0]!.timeUnixNano).to.equal(`${BigInt(T) * 1_000_000n + 500_000n}`);
    expect(attrs(records[0]!.attributes)).to.include({
      'video.rebuffer.duration': 1.5,
      'video.playhead.position': 12,
    });
    expect(attrs(records[1]!.attributes)).to.include({
      'error.type': 'network',
      'video.error.severity': 'recovered',
      'video.error.code': '3',
    });
    expect(attrs(records[2]!.attributes)).to.include({ 'video.quality.direction': 'up' });
    expect(unmappedFields).to.equal(1);
    const rejections = new ItemRejections();
    validateOtlp('logs', body, contractValidators().logs, rejections);
    expect(rejections.count, rejections.firstProblem).to.equal(0);
  });

  it('uses a 32-hex view id as the trace id, else derives a stable one', () => {
    expect(traceIdForView('0AF7651916CD43DD8448EB211C80319C')).to.equal(
      '0af7651916cd43dd8448eb211c80319c',
    );
    expect(traceIdForView('view-1'))
      .to.match(/^[0-9a-f]{32}$/)
      .and.to.equal(traceIdForView('view-1'));
    expect(millisecondsToUnixNanos(-5)).to.equal('0');
  });

  it('groups events by session and viewer into resources', () => {
    const { body } = translate([
      { event_type: 'pause', event_time: T, view_id: 'v', session_id: 'a' },
      { event_type: 'pause', event_time: T, view_id: 'v', session_id: 'b' },
      { event_type: 'playing', event_time: T, view_id: 'v', session_id: 'a' },
    ]);
    expect(body.resourceLogs).to.have.length(2);
  });
});
