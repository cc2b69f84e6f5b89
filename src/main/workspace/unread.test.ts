import { describe, expect, it } from 'vitest';
import { memoryWorkspace as setup, msg } from '../../../test/workspace/support/fakes';

describe('unread: one rule on every path', () => {
  it('takes the server count at connect, and counts live messages from others on top', () => {
    const { engine, unread } = setup();
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 3, lastSeq: 10 }]);
    expect(unread('t1')).toBe(3);
    for (let s = 1; s <= 10; s++) engine.emit('message', msg('t1', s, 'ann'));
    expect(unread('t1')).toBe(3); // the replay is what the server already counted
    engine.emit('message', msg('t1', 11, 'ann'));
    expect(unread('t1')).toBe(4);
    engine.emit('message', msg('t1', 12, 'me')); // own: never unread
    expect(unread('t1')).toBe(4);
  });

  it('does not count own messages the server counted in its list', () => {
    const { engine, unread } = setup();
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 3, lastSeq: 10 }]);
    engine.emit('message', msg('t1', 8, 'ann'));
    engine.emit('message', msg('t1', 9, 'me'));
    engine.emit('message', msg('t1', 10, 'ann'));
    expect(unread('t1')).toBe(2);
  });

  it('a read echo lowers the count at once: past the list, or inside it', () => {
    const { engine, unread } = setup();
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 5, lastSeq: 10 }]);
    for (let s = 1; s <= 12; s++) engine.emit('message', msg('t1', s, 'ann'));
    expect(unread('t1')).toBe(7);
    engine.emit('read', { threadId: 't1', seq: 8 });
    expect(unread('t1')).toBe(4);
    engine.emit('read', { threadId: 't1', seq: 11 });
    expect(unread('t1')).toBe(1);
    engine.emit('read', { threadId: 't1', seq: 3 }); // stale device: read marks only move forward
    expect(unread('t1')).toBe(1);
    engine.emit('read', { threadId: 't1', seq: 12 });
    expect(unread('t1')).toBe(0);
  });

  it('opening a thread reads it to its last message and tells the server', () => {
    const { ws, engine, unread } = setup();
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 2, lastSeq: 4 }]);
    for (let s = 1; s <= 6; s++) engine.emit('message', msg('t1', s, 'ann'));
    const opened = ws.openThread('t1');
    expect(opened.thread?.unread).toBe(0);
    expect(opened.page?.items.map((i) => (i.kind === 'message' ? i.seq : null))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(unread('t1')).toBe(0);
    expect(engine.reads).toEqual([{ threadId: 't1', seq: 6 }]);
    expect(ws.snapshot().openThreadId).toBe('t1');
    engine.emit('message', msg('t1', 7, 'ann'));
    expect(unread('t1')).toBe(1);
  });

  it('counts messages the server listed but has not replayed yet, and evicted ones', () => {
    const { engine, unread } = setup({ max: 10 });
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 4, lastSeq: 100 }]);
    expect(unread('t1')).toBe(4);
    for (let s = 101; s <= 150; s++) engine.emit('message', msg('t1', s, s === 120 ? 'me' : 'ann'));
    expect(unread('t1')).toBe(4 + 49);
  });

  it('a gap is never unread', () => {
    const { engine, unread } = setup();
    engine.emit('threads', [{ id: 't1', title: null, unread: 0, lastSeq: 10 }]);
    engine.emit('gap', { threadId: 't1', from: 11, to: 20, source: 'server' });
    engine.emit('message', msg('t1', 21, 'ann'));
    expect(unread('t1')).toBe(1);
  });

  it('a replay after a reconnect, with a fresh list, counts nothing twice', () => {
    const { engine, unread, items } = setup();
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 0, lastSeq: 2 }]);
    for (let s = 1; s <= 5; s++) engine.emit('message', msg('t1', s, 'ann'));
    expect(unread('t1')).toBe(3);
    // Reconnect: the server (which saw no read) lists 3 unread, then replays everything again.
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 3, lastSeq: 5 }]);
    for (let s = 1; s <= 5; s++) engine.emit('message', msg('t1', s, 'ann'));
    expect(unread('t1')).toBe(3);
    expect(items('t1').map((i) => i.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a thread learned from a message (no list) counts from its first message', () => {
    const { engine, unread } = setup();
    engine.emit('message', msg('t9', 40, 'ann'));
    engine.emit('message', msg('t9', 41, 'me'));
    engine.emit('message', msg('t9', 42, 'ben'));
    expect(unread('t9')).toBe(2);
  });

  it('compat servers (no seq): arrival order counts, reading clears it, no read frame without a seq', () => {
    const { ws, engine, unread, items } = setup();
    engine.emit('message', msg('c1', null, 'ann', 'one'));
    engine.emit('message', msg('c1', null, 'me', 'two'));
    engine.emit('message', msg('c1', null, 'ben', 'three'));
    engine.emit('message', msg('c1', null, 'ben', 'three')); // same id: once
    expect(unread('c1')).toBe(2);
    expect(items('c1').map((i) => i.body)).toEqual(['one', 'two', 'three']);
    ws.markRead('c1');
    expect(unread('c1')).toBe(0);
    expect(engine.reads).toEqual([]);
  });

  it('own messages learned late (the connected user) stop counting', () => {
    const { ws, engine, unread } = setup({ self: null });
    engine.emit('message', msg('t1', 1, 'me'));
    engine.emit('message', msg('t1', 2, 'ann'));
    expect(unread('t1')).toBe(2);
    engine.connected('me');
    expect(unread('t1')).toBe(1);
    expect(ws.snapshot().selfId).toBe('me');
  });

  it('markRead on an unknown thread is a clear error', () => {
    const { ws } = setup();
    expect(() => ws.markRead('nope')).toThrow(/Unknown thread: nope/);
    expect(() => ws.openThread('nope')).toThrow(/Unknown thread/);
  });
});

describe('who the user is', () => {
  it('setSelf(null) (disconnected) keeps the user: own messages stay own', () => {
    const { ws, engine, unread, batches, sched } = setup();
    engine.emit('message', msg('t1', 1, 'me'));
    engine.emit('message', msg('t1', 2, 'ann'));
    sched.run();
    ws.setSelf(null);
    expect(unread('t1')).toBe(1);
    expect(ws.snapshot().selfId).toBe('me');
    sched.run();
    expect(batches.every((b) => !b.reset)).toBe(true);
  });

  it('another user on the same server folder never sees the previous one\'s workspace', () => {
    const { ws, engine, batches, sched, lines } = setup();
    engine.emit('threads', [{ id: 't1', title: 'Secret', unread: 1, lastSeq: 1 }]);
    engine.emit('message', msg('t1', 1, 'ann'));
    sched.run();
    engine.connected('other');
    sched.run();
    expect(ws.snapshot()).toMatchObject({ selfId: 'other', threads: [] });
    expect(batches.at(-1)).toMatchObject({ reset: true, threads: [] });
    expect(lines.lines).toEqual(['warn workspace: signed in as another user on this server; the previous workspace is cleared']);
  });
});

describe('read marks the server has not heard', () => {
  it('are sent when its list shows it behind', () => {
    const { ws, engine } = setup();
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 0, lastSeq: 0 }, { id: 't2', title: 'B', unread: 0, lastSeq: 3 }]);
    for (let s = 1; s <= 5; s++) engine.emit('message', msg('t1', s, 'ann'));
    ws.markRead('t1');
    expect(engine.reads).toEqual([{ threadId: 't1', seq: 5 }]);
    // Reconnect: the server missed it (it lists 5 unread); t2 it knows about.
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 5, lastSeq: 5 }, { id: 't2', title: 'B', unread: 0, lastSeq: 3 }]);
    expect(engine.reads).toEqual([{ threadId: 't1', seq: 5 }, { threadId: 't1', seq: 5 }]);
    expect(ws.snapshot().threads.find((t) => t.id === 't1')?.unread).toBe(0);
  });
});
