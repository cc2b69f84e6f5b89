import { describe, expect, it } from 'vitest';
import { Harness } from '../../../test/notify/policy-harness';
import { QUIET_MS, RATE_MS } from './policy';

describe('notification policy: which messages notify', () => {
  it('shows a message from someone else once its thread has been quiet for a moment', () => {
    const h = new Harness();
    h.message('deploys', 'alice', 'build 42 is green');
    h.clock.advance(QUIET_MS - 1);
    expect(h.shown()).toEqual([]);
    h.clock.advance(1);
    expect(h.shown()).toEqual([
      { kind: 'show', key: 'thread:deploys', title: 'alice in Deploys', body: 'build 42 is green', threadId: 'deploys', silent: false, level: null },
    ]);
  });

  it('reads the items of a reset batch too (a message that came in the same 16 ms as a reset is news)', () => {
    const h = new Harness();
    h.batch({ reset: true, threads: [h.view('deploys')], items: [] });
    const item = { kind: 'message', key: 'm:deploys-1', threadId: 'deploys', id: 'deploys-1', seq: 1, sender: 'alice', body: 'hi', encrypted: false, ts: h.clock.now(), own: false, delivery: 'received', failure: null } as const;
    h.batch({ reset: true, threads: [{ ...h.view('deploys'), unread: 1 }], items: [item] });
    h.clock.advance(QUIET_MS);
    expect(h.shown()).toEqual([expect.objectContaining({ kind: 'show', title: 'alice in Deploys', body: 'hi' })]);
  });

  it("never notifies the user's own messages", () => {
    const h = new Harness();
    h.message('deploys', 'you', 'on it', { own: true });
    h.clock.advance(10_000);
    expect(h.shown()).toEqual([]);
    expect(h.skips()).toEqual(['own']);
  });

  it('skips a muted thread, busy, switched off, paused and the thread open in a focused window', () => {
    const cases: [string, (h: Harness) => void][] = [
      ['muted', (h) => (h.ctx.settings = { ...h.ctx.settings, mutedThreads: ['deploys'] })],
      ['busy', (h) => (h.ctx.presence = 'busy')],
      ['disabled', (h) => (h.ctx.settings = { ...h.ctx.settings, enabled: false })],
      ['paused', (h) => (h.ctx.paused = true)],
      ['viewing', (h) => (h.ctx.viewing = 'deploys')],
    ];
    for (const [reason, set] of cases) {
      const h = new Harness();
      set(h);
      h.message('deploys', 'alice', 'hi');
      h.clock.advance(10_000);
      expect(h.shown(), reason).toEqual([]);
      expect(h.skips(), reason).toEqual([reason]);
    }
  });

  it('still notifies while away, appearing offline, or looking at another thread', () => {
    for (const presence of ['away', 'offline'] as const) {
      const h = new Harness();
      h.ctx.presence = presence;
      h.ctx.viewing = 'general';
      h.message('deploys', 'alice', 'hi');
      h.clock.advance(QUIET_MS);
      expect(h.shown()).toHaveLength(1);
    }
  });

  it('drops what was gathered when the user opens the thread, turns busy or pauses before it shows', () => {
    for (const set of [(h: Harness) => (h.ctx.viewing = 'deploys'), (h: Harness) => (h.ctx.presence = 'busy'), (h: Harness) => (h.ctx.paused = true)]) {
      const h = new Harness();
      h.message('deploys', 'alice', 'hi');
      set(h);
      h.clock.advance(10_000);
      expect(h.shown()).toEqual([]);
    }
  });

  it('keeps quiet hours, also across midnight', () => {
    const at = (minute: number): number => {
      const h = new Harness();
      h.ctx.settings = { ...h.ctx.settings, quietHours: { enabled: true, start: '22:00', end: '08:00' } };
      h.ctx.minute = minute;
      h.message('deploys', 'alice', 'hi');
      h.clock.advance(QUIET_MS);
      return h.shown().length;
    };
    expect([at(21 * 60 + 59), at(22 * 60), at(23 * 60 + 59), at(0), at(7 * 60 + 59), at(8 * 60)]).toEqual([1, 0, 0, 0, 0, 1]);
  });

  it('skips a message of a thread the workspace already counts as read (read on another device before it arrived)', () => {
    const h = new Harness();
    h.batch({
      threads: [{ ...h.view('deploys'), unread: 0 }],
      items: [{ kind: 'message', key: 'm:x', threadId: 'deploys', id: 'x', seq: 7, sender: 'alice', body: 'old', encrypted: false, ts: h.clock.now(), own: false, delivery: 'received', failure: null }],
    });
    h.clock.advance(10_000);
    expect(h.skips()).toEqual(['read']);
  });
});

describe('notification policy: replays never notify again', () => {
  it('skips a message replayed after a reconnect (same or older seq)', () => {
    const h = new Harness();
    h.message('deploys', 'alice', 'one', { seq: 5 });
    h.clock.advance(RATE_MS);
    h.message('deploys', 'alice', 'one', { seq: 5 });
    h.message('deploys', 'alice', 'older', { seq: 4 });
    h.clock.advance(RATE_MS);
    expect(h.shown()).toHaveLength(1);
    expect(h.skips()).toEqual(['replayed', 'replayed']);
  });

  it('remembers across a restart through the store, and notifies what is really new', () => {
    const h = new Harness();
    h.message('deploys', 'alice', 'one', { seq: 5 });
    h.clock.advance(QUIET_MS);
    h.restart();
    h.take();
    for (const seq of [3, 4, 5]) h.message('deploys', 'alice', `replay ${seq}`, { seq });
    h.clock.advance(RATE_MS);
    expect(h.shown()).toEqual([]);
    h.message('deploys', 'bob', 'new', { seq: 6 });
    h.clock.advance(RATE_MS);
    // The restart ended the live notification: this one is new and counts from one.
    expect(h.shown().map((d) => [d.kind, d.title, d.body])).toEqual([['show', 'bob in Deploys', 'new']]);
  });

  it('a message skipped once (busy) is not notified when it is replayed later', () => {
    const h = new Harness();
    h.ctx.presence = 'busy';
    h.message('deploys', 'alice', 'while busy', { seq: 9 });
    h.ctx.presence = 'online';
    h.restart();
    h.message('deploys', 'alice', 'while busy', { seq: 9 });
    h.clock.advance(RATE_MS);
    expect(h.shown()).toEqual([]);
  });

  it('starts over when the server restarts its numbering (another historyId)', () => {
    const h = new Harness();
    h.message('deploys', 'alice', 'old history', { seq: 50 });
    h.clock.advance(QUIET_MS);
    h.ctx.scope = 'ws://relay/#h2';
    h.read('deploys');
    h.message('deploys', 'alice', 'new history', { seq: 1 });
    h.clock.advance(RATE_MS);
    expect(h.shown().map((d) => d.body)).toEqual(['old history', 'new history']);
  });

  it('keeps the marks when the history of the same server becomes known, drops them for another server', () => {
    const h = new Harness();
    h.ctx.scope = 'ws://relay/';
    h.message('deploys', 'alice', 'one', { seq: 5 });
    h.clock.advance(QUIET_MS);
    h.ctx.scope = 'ws://relay/#h1';
    h.message('deploys', 'alice', 'one', { seq: 5 });
    h.clock.advance(RATE_MS);
    expect(h.skips()).toEqual(['replayed']);
    h.ctx.scope = 'ws://relay/'; // a restart that lost the store: history not known yet
    h.message('deploys', 'alice', 'one', { seq: 5 });
    h.clock.advance(RATE_MS);
    expect(h.skips()).toEqual(['replayed', 'replayed']);
    h.ctx.scope = 'ws://other/';
    h.message('deploys', 'bob', 'elsewhere', { seq: 5 });
    h.clock.advance(RATE_MS);
    expect(h.shown().map((d) => d.body)).toEqual(['one', 'bob: elsewhere']);
  });

  it('remembers threads whatever their id, "__proto__" and "constructor" included, without touching any prototype', () => {
    const h = new Harness();
    for (const id of ['__proto__', 'constructor', 'toString']) h.message(id, 'alice', 'hi', { seq: 3 });
    h.clock.advance(QUIET_MS);
    h.restart();
    for (const id of ['__proto__', 'constructor', 'toString']) h.message(id, 'alice', 'hi', { seq: 3 });
    h.clock.advance(RATE_MS);
    expect(h.shown()).toHaveLength(3);
    expect(h.skips()).toEqual(['replayed', 'replayed', 'replayed']);
    expect(h.store.state.threads.map(([id]) => id).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(({} as Record<string, unknown>)['seq']).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>)['seq']).toBeUndefined();
  });

  it('the history a first sign-in brings is not news: messages from before the server was first seen are skipped', () => {
    const h = new Harness();
    const signedInAt = h.clock.now();
    h.message('deploys', 'alice', 'last week', { seq: 1, ts: signedInAt - 7 * 86_400_000 });
    h.message('deploys', 'alice', 'two minutes ago', { seq: 2, ts: signedInAt - 120_000 });
    h.message('ops', 'bob', 'just before, by a server clock running behind', { seq: 1, ts: signedInAt - 30_000 });
    h.clock.advance(RATE_MS);
    expect(h.skips()).toEqual(['history', 'history']);
    expect(h.shown().map((d) => d.key)).toEqual(['thread:ops']);
    // Messages missed while offline later on are news, however late they arrive.
    h.clock.advance(3_600_000);
    h.message('deploys', 'carol', 'sent while we were offline', { seq: 3, ts: signedInAt + 60_000 });
    h.clock.advance(RATE_MS);
    expect(h.shown().map((d) => d.body)).toContain('sent while we were offline');
  });

  it('messages without seq (compat servers) are told apart by time', () => {
    const h = new Harness();
    const ts = h.clock.now();
    h.message('deploys', 'alice', 'a', { seq: null, ts });
    h.clock.advance(QUIET_MS);
    h.message('deploys', 'alice', 'a', { seq: null, ts });
    h.clock.advance(RATE_MS);
    expect(h.shown()).toHaveLength(1);
    expect(h.skips()).toEqual(['replayed']);
  });
});
