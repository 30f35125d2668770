// Where the load scripts may send traffic, and how a tier becomes a k6 plan with thresholds.
import { expect } from 'chai';
import { checkTarget, TargetRefused } from '../lib/target.ts';
import { planFor, settingsFrom, SettingsError, TIERS } from '../lib/tiers.ts';

describe('load targets: loopback only', () => {
  it('accepts loopback hosts and normalises the base URL', () => {
    expect(checkTarget('http://127.0.0.1:8788').baseUrl).to.equal('http://127.0.0.1:8788');
    expect(checkTarget('http://localhost:8788/').baseUrl).to.equal('http://localhost:8788');
    expect(checkTarget('https://127.10.0.3/qoe/').baseUrl).to.equal('https://127.10.0.3/qoe');
    expect(checkTarget('http://[::1]:8788').host).to.equal('[::1]');
    expect(checkTarget(' http://LOCALHOST:1 ').host).to.equal('LOCALHOST');
  });

  for (const refused of [
    'http://10.0.0.5:8788',
    'http://192.168.1.10:8788',
    'http://172.17.0.2:8788',
    'http://8.8.8.8',
    'http://example.com:8788',
    'http://receiver:8788',
    'http://127.0.0.1.example.com:8788',
    'http://localhost.example.com',
    'http://127.0.0.256',
    'http://[::2]:8788',
    'http://user@127.0.0.1:8788',
    'http://127.0.0.1:8788?x=1',
    'ftp://127.0.0.1',
    'http://127.0.0.1:99999',
    '127.0.0.1:8788',
    '',
  ]) {
    it(`refuses ${JSON.stringify(refused)}`, () => {
      expect(() => checkTarget(refused)).to.throw(TargetRefused, /refusing target/);
    });
  }

  it('lets the compose traffic generator name a compose service, and nothing else', () => {
    expect(checkTarget('http://receiver:8788', { allowServiceNames: true }).baseUrl).to.equal(
      'http://receiver:8788',
    );
    for (const refused of [
      'http://receiver.example.com',
      'http://10.0.0.1:8788',
      'http://Receiver_1',
    ]) {
      expect(() => checkTarget(refused, { allowServiceNames: true }), refused).to.throw(
        TargetRefused,
      );
    }
  });
});

describe('load tiers', () => {
  it('default to the original design’s rates, burst at twice the sustained rate', () => {
    expect(settingsFrom({}).eventsPerSecond).to.equal(TIERS.S.sustained);
    const m = settingsFrom({ TIER: 'm', SCENARIO: 'burst' });
    expect([m.tier, m.eventsPerSecond, m.burstEventsPerSecond]).to.deep.equal([
      'M',
      25_000,
      50_000,
    ]);
    expect(settingsFrom({ TIER: 'L' }).eventsPerSecond).to.equal(100_000);
    expect(settingsFrom({ TIER: 'S', SCENARIO: 'soak' }).durationSeconds).to.equal(1800);
    expect(
      settingsFrom({ EVENTS_PER_SECOND: '40', SCENARIO: 'burst' }).burstEventsPerSecond,
    ).to.equal(80);
  });

  it('refuse unknown tiers, scenarios and nonsense numbers, naming the variable', () => {
    expect(() => settingsFrom({ TIER: 'XL' })).to.throw(SettingsError, /TIER/);
    expect(() => settingsFrom({ SCENARIO: 'stress' })).to.throw(SettingsError, /SCENARIO/);
    expect(() => settingsFrom({ EVENTS_PER_SECOND: '-5' })).to.throw(
      SettingsError,
      /EVENTS_PER_SECOND/,
    );
    expect(() => settingsFrom({ DURATION: 'soon' })).to.throw(SettingsError, /DURATION/);
    expect(() => settingsFrom({ BATCH_ITEMS: '2.5' })).to.throw(SettingsError, /BATCH_ITEMS/);
    expect(() => settingsFrom({ BATCH_ITEMS: '5000' })).to.throw(SettingsError, /BATCH_ITEMS/);
  });

  it('turn events per second into views per second with error-rate, p99 and keep-up thresholds', () => {
    const plan = planFor(settingsFrom({ TIER: 'S' }), 25);
    expect(plan.viewsPerSecond).to.equal(200);
    expect(plan.scenarios.sustained).to.include({
      executor: 'constant-arrival-rate',
      rate: 200,
      timeUnit: '1s',
    });
    expect(plan.thresholds).to.deep.include({
      'http_req_failed{kind:good}': ['rate<0.001'],
      'http_req_duration{kind:good}': ['p(99)<50'],
      dropped_iterations: ['count<120'],
    });
    expect(plan.thresholds).to.not.have.property('unexpected_answers');
  });

  it('express slow rates per minute (k6 rates are whole numbers)', () => {
    const plan = planFor(settingsFrom({ EVENTS_PER_SECOND: '50' }), 25);
    expect(plan.scenarios.sustained).to.include({ rate: 120, timeUnit: '1m' });
  });

  it('add the bad-input scenario and its exact-answer threshold in mixed-bad-input', () => {
    const plan = planFor(
      settingsFrom({ SCENARIO: 'mixed-bad-input', BAD_REQUESTS_PER_SECOND: '20' }),
      25,
    );
    expect(plan.scenarios.bad_input).to.include({ exec: 'badInput', rate: 20 });
    expect(plan.thresholds.unexpected_answers).to.deep.equal(['rate==0']);
  });

  it('ramp a burst up to the peak and back', () => {
    const plan = planFor(settingsFrom({ SCENARIO: 'burst', DURATION: '30' }), 25);
    const stages = plan.scenarios.burst!.stages as { target: number }[];
    expect(stages.map((s) => s.target)).to.deep.equal([200, 400, 400, 200, 200]);
  });

  it('refuse an empty view model', () => {
    expect(() => planFor(settingsFrom({}), 0)).to.throw(SettingsError);
  });
});
