import { expect } from 'chai';
import { SESSION_STORAGE_KEY, SessionManager, type KeyValueStore } from '../src/session/session.js';
import { FakeTime, MapStore } from './support/fakes.js';

const OPTIONS = { inactivityTimeoutMs: 30 * 60_000, maxLifetimeMs: 4 * 3600_000, sampleRate: 1 };

describe('SessionManager', () => {
  it('keeps the session while the viewer is active and across page loads (same store)', () => {
    const time = new FakeTime();
    const store = new MapStore();
    const first = new SessionManager(store, time, OPTIONS).touch();
    time.advance(10 * 60_000);
    const again = new SessionManager(store, time, OPTIONS).touch();
    expect(again.id).to.equal(first.id);
    expect(first.id).to.match(/^[0-9a-f]{32}$/);
  });

  it('records activity in storage at most once a second, reading it only once', () => {
    const time = new FakeTime();
    const store = new MapStore();
    let reads = 0;
    let writes = 0;
    const counting: KeyValueStore = {
      getItem: (key) => {
        reads += 1;
        return store.getItem(key);
      },
      setItem: (key, value) => {
        writes += 1;
        store.setItem(key, value);
      },
    };
    const sessions = new SessionManager(counting, time, OPTIONS);
    for (let i = 0; i < 50; i += 1) {
      sessions.touch();
      time.advance(10);
    }
    expect([reads, writes]).to.deep.equal([1, 1]);
    time.advance(1000);
    sessions.touch();
    expect(writes).to.equal(2);
    const stored = JSON.parse(store.getItem(SESSION_STORAGE_KEY)!) as { lastActivityAt: number };
    expect(stored.lastActivityAt).to.equal(time.now());
  });

  it('rotates after inactivity and after the maximum lifetime', () => {
    const time = new FakeTime();
    const sessions = new SessionManager(new MapStore(), time, OPTIONS);
    const first = sessions.touch();
    time.advance(31 * 60_000);
    const second = sessions.touch();
    expect(second.id).to.not.equal(first.id);
    for (let i = 0; i < 17; i += 1) {
      time.advance(15 * 60_000);
      sessions.touch();
    }
    expect(sessions.touch().id).to.not.equal(second.id);
  });

  it('decides sampling once per session and keeps it', () => {
    const time = new FakeTime();
    const draws = [0.7, 0.2];
    const sessions = new SessionManager(
      new MapStore(),
      time,
      { ...OPTIONS, sampleRate: 0.5 },
      () => draws.shift() ?? 0,
    );
    const first = sessions.touch();
    expect(first.sampled).to.equal(false);
    expect(sessions.touch().sampled).to.equal(false);
    time.advance(31 * 60_000);
    expect(sessions.touch().sampled).to.equal(true);
  });

  it('replaces a corrupt stored session and survives a throwing store', () => {
    const time = new FakeTime();
    const store = new MapStore();
    store.setItem(SESSION_STORAGE_KEY, '{not json');
    expect(new SessionManager(store, time, OPTIONS).touch().id).to.match(/^[0-9a-f]{32}$/);
    const throwing: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const sessions = new SessionManager(throwing, time, OPTIONS);
    expect(sessions.touch().id).to.equal(sessions.touch().id);
  });
});
