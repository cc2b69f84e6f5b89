import { describe, expect, it } from 'vitest';
import { Harness } from '../../../test/notify/policy-harness';
import { MAX_WAIT_MS, QUIET_MS, RATE_MS } from './policy';

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
      items: [{ kind: 'message', key: 'm:x', threadId: 'deploys', id: 'x', seq: 7, sender: 'alice', body: 'old', encrypted: false, ts: 1, own: false, delivery: 'received', failure: null }],
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
    h.ctx.scope = 'ws://other/';
    h.message('deploys', 'bob', 'elsewhere', { seq: 5 });
    h.clock.advance(RATE_MS);
    expect(h.shown().map((d) => d.body)).toEqual(['one', 'bob: elsewhere']);
  });

  it('messages without seq (compat servers) are told apart by time', () => {
    const h = new Harness();
    h.message('deploys', 'alice', 'a', { seq: null, ts: 100 });
    h.clock.advance(QUIET_MS);
    h.message('deploys', 'alice', 'a', { seq: null, ts: 100 });
    h.clock.advance(RATE_MS);
    expect(h.shown()).toHaveLength(1);
    expect(h.skips()).toEqual(['replayed']);
  });
});

describe('notification policy: coalescing', () => {
  it('gathers a thread\'s messages into one notification with the latest sender and text', () => {
    const h = new Harness();
    h.message('deploys', 'alice', 'one');
    h.clock.advance(100);
    h.message('deploys', 'bob', 'two');
    h.clock.advance(100);
    h.message('deploys', 'carol', 'three');
    h.clock.advance(QUIET_MS);
    expect(h.shown()).toEqual([
      { kind: 'show', key: 'thread:deploys', title: '3 new messages in Deploys', body: 'carol: three', threadId: 'deploys', silent: false, level: null },
    ]);
  });

  it('replaces the live notification at most once every 5 s, counting every message since it was read', () => {
    const h = new Harness();
    h.message('deploys', 'alice', 'one');
    h.clock.advance(QUIET_MS);
    const firstAt = h.clock.now();
    h.message('deploys', 'bob', 'two');
    h.clock.advance(1000);
    h.message('deploys', 'carol', 'three');
    h.clock.advance(RATE_MS);
    const shown = h.shown();
    expect(shown.map((d) => [d.kind, d.title, d.body])).toEqual([
      ['show', 'alice in Deploys', 'one'],
      ['replace', '3 new messages in Deploys', 'carol: three'],
    ]);
    expect(h.clock.now() - firstAt).toBeGreaterThanOrEqual(RATE_MS);
  });

  it('never holds a chatty thread longer than the rate allows', () => {
    const h = new Harness();
    const times: number[] = [];
    const start = h.clock.now();
    for (let i = 0; i < 100; i++) {
      h.message('deploys', 'alice', `m${i}`);
      h.clock.advance(200); // never quiet for QUIET_MS
      if (h.shown().length > times.length) times.push(h.clock.now() - start);
    }
    expect(times[0]).toBeLessThanOrEqual(MAX_WAIT_MS + 200);
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(RATE_MS);
    expect(times.length).toBeLessThanOrEqual(5);
  });

  it('closes the notification when the thread is read anywhere; the next one is new, counting from one', () => {
    const h = new Harness();
    h.message('deploys', 'alice', 'one');
    h.message('deploys', 'alice', 'two');
    h.clock.advance(QUIET_MS);
    h.read('deploys');
    h.clock.advance(RATE_MS);
    h.message('deploys', 'bob', 'three');
    h.clock.advance(QUIET_MS);
    expect(h.decisions.filter((d) => d.kind !== 'skip').map((d) => [d.kind, 'title' in d ? d.title : ''])).toEqual([
      ['show', '2 new messages in Deploys'],
      ['close', ''],
      ['show', 'bob in Deploys'],
    ]);
  });

  it('a notification the user dismissed is followed by a new one, not a replacement', () => {
    const h = new Harness();
    h.message('deploys', 'alice', 'one');
    h.clock.advance(QUIET_MS);
    h.policy.dismissed('thread:deploys');
    h.message('deploys', 'bob', 'two');
    h.clock.advance(RATE_MS);
    expect(h.shown().map((d) => d.kind)).toEqual(['show', 'show']);
  });

  it('turns a burst of 1 000 messages across 10 threads into at most a dozen notifications', () => {
    const h = new Harness();
    const threads = Array.from({ length: 10 }, (_, i) => `t${i}`);
    for (let i = 0; i < 1000; i++) {
      h.message(threads[i % 10] ?? 't0', `user${i % 7}`, `message ${i}`);
      h.clock.advance(2); // 1 000 messages in 2 s
    }
    h.clock.advance(60_000);
    const shown = h.shown();
    expect(shown.length).toBeLessThanOrEqual(12);
    // Every thread got one, saying how many and what came last.
    expect(new Set(shown.map((d) => d.key)).size).toBe(10);
    expect(shown.find((d) => d.key === 'thread:t9')).toMatchObject({ title: '100 new messages in T9', body: 'user5: message 999' });
  });
});

describe('notification policy: what a notification says', () => {
  it('says "New message" without content for encrypted messages', () => {
    const h = new Harness();
    h.message('deploys', 'alice', null, { encrypted: true });
    h.clock.advance(QUIET_MS);
    h.message('deploys', 'bob', null, { encrypted: true });
    h.clock.advance(RATE_MS);
    expect(h.shown().map((d) => [d.title, d.body])).toEqual([
      ['alice in Deploys', 'New message'],
      ['2 new messages in Deploys', 'Latest from bob'],
    ]);
  });

  it('shows only who and where with showMessageText off', () => {
    const h = new Harness();
    h.ctx.settings = { ...h.ctx.settings, showMessageText: false };
    h.message('deploys', 'alice', 'the secret plan');
    h.clock.advance(QUIET_MS);
    expect(JSON.stringify(h.shown())).not.toContain('secret');
    expect(h.shown()[0]).toMatchObject({ title: 'alice in Deploys', body: 'New message' });
  });

  it('is silent when sound is off', () => {
    const h = new Harness();
    h.ctx.settings = { ...h.ctx.settings, sound: false };
    h.message('deploys', 'alice', 'hi');
    h.clock.advance(QUIET_MS);
    expect(h.shown()[0]?.silent).toBe(true);
  });
});

describe('notification policy: server notifications and announcements', () => {
  it('shows a server notification with its title, message and level; info waits its turn, warning and error do not', () => {
    const h = new Harness();
    h.notice({ id: 'n:1', title: 'Deploy', message: 'Build 42 started', level: 'info' });
    h.clock.advance(0);
    h.notice({ id: 'n:2', title: 'Deploy', message: 'Build 42 is slow', level: 'info' });
    h.clock.advance(1000);
    h.notice({ id: 'n:3', title: 'Deploy', message: 'Build 42 failed', level: 'error' });
    expect(h.shown().map((d) => [d.kind, d.key, d.title, d.body, d.level])).toEqual([
      ['show', 'server', 'Deploy', 'Build 42 started', 'info'],
      ['replace', 'server', 'Deploy', 'Build 42 failed', 'error'],
    ]);
    h.clock.advance(RATE_MS);
    expect(h.shown()).toHaveLength(2); // the slow notice was overtaken by the failure
  });

  it('silences even warnings and errors while busy or paused', () => {
    for (const set of [(h: Harness) => (h.ctx.presence = 'busy'), (h: Harness) => (h.ctx.paused = true)]) {
      const h = new Harness();
      set(h);
      h.notice({ id: 'n:9', message: 'Disk full', level: 'error' });
      h.clock.advance(RATE_MS);
      expect(h.shown()).toEqual([]);
    }
  });

  it('does not show the same server notification id twice, even after a restart', () => {
    const h = new Harness();
    h.notice({ id: 'n:7', message: 'Maintenance', level: 'warning' });
    h.restart();
    h.notice({ id: 'n:7', message: 'Maintenance', level: 'warning' });
    expect(h.shown()).toHaveLength(1);
  });

  it('shows an announcement once', () => {
    const h = new Harness();
    h.notice({ id: 'a#1-1', kind: 'announcement', message: 'Maintenance at 22:00' });
    h.notice({ id: 'a#2-2', kind: 'announcement', message: 'Maintenance at 22:00' });
    h.restart();
    h.notice({ id: 'a#3-3', kind: 'announcement', message: 'Maintenance at 22:00' });
    expect(h.shown()).toEqual([{ kind: 'show', key: 'announcement', title: 'Announcement', body: 'Maintenance at 22:00', threadId: null, silent: false, level: 'info' }]);
  });
});
