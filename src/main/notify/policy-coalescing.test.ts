import { describe, expect, it } from 'vitest';
import { Harness } from '../../../test/notify/policy-harness';
import { BURST_BUDGET, MAX_WAIT_MS, QUIET_MS, RATE_MS } from './policy';

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

  it('on sign-out (a reset without the thread) drops what was gathered and closes what is shown', () => {
    const h = new Harness();
    h.message('deploys', 'alice', 'one');
    h.clock.advance(QUIET_MS);
    h.message('deploys', 'alice', 'two');
    h.message('ops', 'bob', 'gathered, not shown yet');
    h.policy.onBatch({ reset: true, threads: [], items: [], people: [], notices: [] });
    h.clock.advance(60_000);
    expect(h.decisions.filter((d) => d.kind !== 'skip').map((d) => [d.kind, d.key])).toEqual([
      ['show', 'thread:deploys'],
      ['close', 'thread:deploys'],
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

describe('notification policy: floods', () => {
  it('keeps a 1 000-message burst spread over 10 s to a dozen too, every thread shown at least once', () => {
    const h = new Harness();
    for (let i = 0; i < 1000; i++) {
      h.message(`t${i % 10}`, 'alice', `message ${i}`);
      h.clock.advance(10); // 100 messages a second
    }
    h.clock.advance(60_000);
    expect(h.shown().length).toBeLessThanOrEqual(12);
    expect(new Set(h.shown().map((d) => d.key)).size).toBe(10);
  });

  it('beyond the budget, an eleventh thread waits for its turn instead of being lost', () => {
    const h = new Harness();
    for (let t = 0; t < BURST_BUDGET; t++) h.message(`t${t}`, 'alice', 'hi');
    h.clock.advance(QUIET_MS);
    expect(h.shown()).toHaveLength(BURST_BUDGET);
    h.message('late', 'bob', 'me too');
    h.clock.advance(QUIET_MS);
    expect(h.shown()).toHaveLength(BURST_BUDGET);
    h.clock.advance(RATE_MS);
    expect(h.shown().at(-1)).toMatchObject({ kind: 'show', key: 'thread:late', body: 'me too' });
  });

  it('over budget, a thread already on screen keeps its notification; what came meanwhile counts in the next one', () => {
    const h = new Harness();
    for (let t = 0; t < BURST_BUDGET; t++) h.message(`t${t}`, 'alice', 'hi');
    h.clock.advance(RATE_MS);
    h.message('t0', 'bob', 'two'); // one token has come back: shown
    h.message('t1', 'bob', 'two'); // none left: t1 stays as it is
    h.clock.advance(QUIET_MS);
    expect(h.shown().slice(BURST_BUDGET).map((d) => [d.key, d.title])).toEqual([['thread:t0', '2 new messages in T0']]);
    h.clock.advance(2 * RATE_MS);
    h.message('t1', 'carol', 'three');
    h.clock.advance(QUIET_MS);
    expect(h.shown().at(-1)).toMatchObject({ kind: 'replace', key: 'thread:t1', title: '3 new messages in T1', body: 'carol: three' });
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
