// A connect costs what the user shares: their threads and the people in them,
// never a walk over every thread the relay holds. (How the cost grows with a
// thread's own size is measured by `npm run bench:relay`; see docs/relay.md.)
import { describe, expect, it, vi } from 'vitest';
import { RelayStore } from '../../src/relay/store';

function crowdedStore(): RelayStore {
  const store = new RelayStore(10, () => {});
  store.addThread({ id: 'team', title: 'Team', members: ['ann', 'ben'] });
  for (let i = 0; i < 10_000; i++) store.addThread({ id: `other-${i}`, title: 'Elsewhere', members: [`x${i}`, `y${i}`] });
  store.addThread({ id: 'pair', title: 'Pair', members: ['ann', 'cat'] });
  return store;
}

describe('connect cost', () => {
  it('lists a user\'s threads and peers without walking every thread', () => {
    const store = crowdedStore();
    const walks = [vi.spyOn(store.threads, 'values'), vi.spyOn(store.threads, 'entries'), vi.spyOn(store.threads, 'keys'), vi.spyOn(store.threads, 'forEach')];
    const iterate = vi.spyOn(store.threads, Symbol.iterator);
    expect(store.threadsOf('ann').map((t) => t.id)).toEqual(['team', 'pair']);
    expect([...store.peersOf('ann')].sort()).toEqual(['ann', 'ben', 'cat']);
    expect([...store.peersOf('ben')].sort()).toEqual(['ann', 'ben']);
    expect([...store.peersOf('nobody')]).toEqual(['nobody']);
    for (const spy of [...walks, iterate]) expect(spy).not.toHaveBeenCalled();
  });

  it('keeps the index right as members come and go', () => {
    const store = crowdedStore();
    store.addThread({ id: 'team', title: 'Team', members: ['ben', 'dan'] });
    expect(store.threadsOf('ann').map((t) => t.id)).toEqual(['pair']);
    expect(store.threadsOf('dan').map((t) => t.id)).toEqual(['team']);
    expect([...store.peersOf('ann')].sort()).toEqual(['ann', 'cat']);
    store.addThread({ id: 'team', title: 'Team', members: ['ann', 'ben', 'dan'] });
    expect(store.threadsOf('ann').map((t) => t.id)).toEqual(['team', 'pair']); // creation order, not re-join order
  });
});
