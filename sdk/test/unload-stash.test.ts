import { expect } from 'chai';
import { StorageUnloadStash, UNLOAD_STASH_KEY } from '../src/transport/unload-stash.js';
import type { Batch } from '../src/transport/batch.js';
import type { KeyValueStore } from '../src/session/session.js';
import { MapStore } from './support/fakes.js';

const batch = (id: string, bytes = 10): Batch => ({
  id,
  signal: 'logs',
  items: 1,
  createdAt: 1,
  body: 'x'.repeat(bytes),
});

describe('StorageUnloadStash', () => {
  it('keeps batches synchronously across instances (page loads) until taken, in order', () => {
    const store = new MapStore();
    expect(new StorageUnloadStash(store).save([batch('a'), batch('b')])).to.deep.equal([]);
    new StorageUnloadStash(store).save([batch('c')]);
    const next = new StorageUnloadStash(store);
    expect(next.take().map((b) => b.id)).to.deep.equal(['a', 'b', 'c']);
    expect(next.take()).to.deep.equal([]);
  });

  it('returns what does not fit its byte budget', () => {
    const stash = new StorageUnloadStash(new MapStore(), 25);
    const overflow = stash.save([batch('a'), batch('b'), batch('c')]);
    expect(overflow.map((b) => b.id)).to.deep.equal(['c']);
    expect(stash.take().map((b) => b.id)).to.deep.equal(['a', 'b']);
  });

  it('returns everything when storage refuses the write', () => {
    const full: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(new StorageUnloadStash(full).save([batch('a')]).map((b) => b.id)).to.deep.equal(['a']);
  });

  it('ignores corrupt or foreign content', () => {
    const store = new MapStore();
    store.setItem(UNLOAD_STASH_KEY, '{nope');
    expect(new StorageUnloadStash(store).take()).to.deep.equal([]);
    store.setItem(UNLOAD_STASH_KEY, JSON.stringify([{ id: 1 }, batch('ok')]));
    expect(new StorageUnloadStash(store).take().map((b) => b.id)).to.deep.equal(['ok']);
  });
});
