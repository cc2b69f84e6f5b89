import { describe, expect, it } from 'vitest';
import { OutboxFullError } from '../connection';
import { HeldWorkspaceSnapshotSchema } from '../../shared/ipc/workspace-schemas';
import type { WorkspaceBatch } from '../../shared/ipc/workspace-schemas';
import { FakeEngine, Lines, ManualSchedule, memoryWorkspace as setup, msg, mutes } from '../../../test/workspace/support/fakes';
import { openWorkspace } from './index';

describe('timeline', () => {
  it('shows each message once, in seq order, whatever is replayed', () => {
    const { engine, items } = setup();
    for (const s of [1, 2, 3, 5, 4, 3, 1]) engine.emit('message', msg('t1', s, 'ann'));
    engine.emit('message', msg('t1', 6, 'ann', 'dup id', { id: 't1-2' })); // same id, new seq
    engine.emit('message', msg('t1', 2, 'ann', 'dup seq', { id: 'other' })); // same seq, new id
    expect(items('t1').map((i) => i.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps encrypted messages and shows gaps as markers', () => {
    const { ws, engine } = setup();
    engine.emit('message', msg('t1', 1, 'ann', null, { encrypted: true, ciphertext: 'xx', iv: 'yy' }));
    engine.emit('gap', { threadId: 't1', from: 2, to: 9, source: 'server' });
    engine.emit('message', msg('t1', 10, 'ann'));
    const page = ws.messages({ threadId: 't1' });
    expect(page.items.map((i) => i.key)).toEqual(['m:t1-1', 'gap:2-9', 'm:t1-10']);
    expect(page.items[0]).toMatchObject({ kind: 'message', body: null, encrypted: true });
    expect(ws.snapshot().threads[0]?.preview).toBe('ann: m10');
  });

  it('keeps the most recent maxPerThread and pages back through them', () => {
    const { ws, engine, sched, items } = setup({ max: 50 });
    for (let s = 1; s <= 120; s++) engine.emit('message', msg('t1', s, 'ann'));
    sched.run();
    expect(items('t1').map((i) => i.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 71 + i));
    const newest = ws.messages({ threadId: 't1', limit: 20 });
    expect(newest.hasMore).toBe(true);
    const older = ws.messages({ threadId: 't1', limit: 20, beforeSeq: 101 });
    expect(older.items.map((i) => (i.kind === 'message' ? i.seq : -1))).toEqual(Array.from({ length: 20 }, (_, i) => 81 + i));
    engine.emit('message', msg('t1', 3, 'ann')); // older than a full timeline holds: not re-added
    sched.run();
    expect(items('t1')[0]?.seq).toBe(71);
  });
});

describe('own messages', () => {
  it('pending at once, then delivered under the same key, and the broadcast adds nothing', () => {
    const { ws, engine, sched, batches, items } = setup();
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 0, lastSeq: 0 }]);
    const { clientId } = ws.send('t1', 'hello');
    expect(items('t1')).toEqual([expect.objectContaining({ key: `c:${clientId}`, id: clientId, seq: null, own: true, delivery: 'pending', body: 'hello' })]);
    sched.run();
    engine.deliver(clientId, 'srv-1', 1);
    engine.emit('message', msg('t1', 1, 'me', 'hello', { id: 'srv-1' }));
    sched.run();
    expect(items('t1')).toEqual([expect.objectContaining({ key: `c:${clientId}`, id: 'srv-1', seq: 1, delivery: 'delivered' })]);
    const keys = batches.flatMap((b) => b.items.map((i) => `${i.key}:${i.kind === 'message' ? i.delivery : ''}`));
    expect(keys).toEqual([`c:${clientId}:pending`, `c:${clientId}:delivered`]);
    expect(ws.snapshot().threads[0]?.unread).toBe(0);
  });

  it('the broadcast arriving before the ack (a replay) settles the pending one', () => {
    const { ws, engine, items } = setup();
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 0, lastSeq: 3 }]);
    const { clientId } = ws.send('t1', 'again');
    engine.emit('message', msg('t1', 4, 'me', 'again', { id: 'srv-4' }));
    engine.deliver(clientId, 'srv-4', 4);
    expect(items('t1')).toEqual([expect.objectContaining({ key: `c:${clientId}`, seq: 4, delivery: 'delivered' })]);
  });

  it('a server that echoes the client id on the broadcast', () => {
    const { ws, engine, items } = setup();
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 0, lastSeq: 0 }]);
    const { clientId } = ws.send('t1', 'x');
    engine.emit('message', msg('t1', 7, 'me', 'x', { id: 'srv-7', clientId }));
    engine.deliver(clientId, 'srv-7', 7);
    expect(items('t1')).toEqual([expect.objectContaining({ key: `c:${clientId}`, seq: 7, delivery: 'delivered' })]);
  });

  it('failed with the reason; retry re-sends it in place', () => {
    const { ws, engine, items } = setup();
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 0, lastSeq: 0 }]);
    const first = ws.send('t1', 'too spicy');
    engine.fail(first.clientId, 'send rejected: nope');
    expect(items('t1')).toEqual([expect.objectContaining({ key: `c:${first.clientId}`, delivery: 'failed', failure: 'send rejected: nope' })]);
    const again = ws.retry(first.clientId);
    expect(again.clientId).not.toBe(first.clientId);
    expect(engine.sent.map((s) => s.body)).toEqual(['too spicy', 'too spicy']);
    expect(items('t1')).toEqual([expect.objectContaining({ key: `c:${first.clientId}`, id: again.clientId, delivery: 'pending', failure: null })]);
    engine.deliver(again.clientId, 'srv-1', 1);
    expect(items('t1')).toEqual([expect.objectContaining({ key: `c:${first.clientId}`, id: 'srv-1', delivery: 'delivered' })]);
    expect(() => ws.retry(again.clientId)).toThrow(/No failed message/);
  });

  it('a full outbox throws and shows nothing', () => {
    const { ws, engine, items } = setup();
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 0, lastSeq: 0 }]);
    engine.full = true;
    expect(() => ws.send('t1', 'x')).toThrow(OutboxFullError);
    expect(items('t1')).toEqual([]);
  });

  it("the engine's outbox shows as pending when attached (after a restart)", () => {
    const sched = new ManualSchedule();
    const ws = openWorkspace({ dir: null, log: new Lines().log, ...mutes(), schedule: sched.schedule });
    const engine = new FakeEngine();
    engine.outbox.push({ clientId: 'c-old', threadId: 't1', body: 'from before', createdAt: 7 });
    ws.attach(engine, 'me');
    const page = ws.messages({ threadId: 't1' });
    expect(page.items).toEqual([expect.objectContaining({ key: 'c:c-old', delivery: 'pending', own: true, ts: 7 })]);
    engine.deliver('c-old', 'srv-1', 1);
    expect(ws.messages({ threadId: 't1' }).items).toEqual([expect.objectContaining({ key: 'c:c-old', delivery: 'delivered', seq: 1 })]);
  });

  it('pending messages stay after messages from others that arrive later', () => {
    const { ws, engine, items } = setup();
    engine.emit('message', msg('t1', 1, 'ann'));
    const { clientId } = ws.send('t1', 'mine');
    engine.emit('message', msg('t1', 2, 'ann'));
    expect(items('t1').map((i) => i.key)).toEqual(['m:t1-1', 'm:t1-2', `c:${clientId}`]);
    engine.deliver(clientId, 'srv-3', 3);
    engine.emit('message', msg('t1', 4, 'ann'));
    expect(items('t1').map((i) => i.seq)).toEqual([1, 2, 3, 4]);
  });
});

describe('batches', () => {
  it('a burst of 10 000 messages is one batch, and it parses', () => {
    const { engine, sched, batches } = setup();
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 0, lastSeq: 0 }]);
    for (let s = 1; s <= 10_000; s++) engine.emit('message', msg('t1', s, 'ann'));
    expect(sched.armed).toBe(1);
    sched.run();
    expect(batches).toHaveLength(1);
    const [b] = batches as [WorkspaceBatch];
    expect(b.threads).toEqual([expect.objectContaining({ id: 't1', unread: 10_000 })]);
    expect(b.items).toHaveLength(1000); // only what the thread still holds
    expect(b.items[0]).toMatchObject({ seq: 9001 });
  });

  it('carries threads, items, people and notices that changed, nothing else', () => {
    const { engine, sched, batches } = setup();
    engine.emit('presenceSnapshot', [{ userId: 'ann', status: 'online' }, { userId: 'me', status: 'busy' }]);
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 0, lastSeq: 0 }, { id: 't2', title: 'Other', unread: 1, lastSeq: 9 }]);
    sched.run();
    engine.emit('message', msg('t1', 1, 'ann'));
    engine.emit('presence', { userId: 'ann', status: 'away' });
    engine.emit('notification', { id: 'n1', level: 'warning', title: 'Deploy', message: 'failed' });
    engine.emit('announcement', { message: 'maintenance' });
    sched.run();
    const last = batches.at(-1);
    expect(last?.threads.map((t) => t.id)).toEqual(['t1']);
    expect(last?.items.map((i) => i.key)).toEqual(['m:t1-1']);
    expect(last?.people).toEqual([{ id: 'ann', status: 'away', self: false }]);
    expect(last?.notices.map((n) => n.kind)).toEqual(['announcement', 'notification']);
    expect(batches[0]?.people).toContainEqual({ id: 'me', status: 'busy', self: true });
  });
});

describe('people and notices', () => {
  it('presence snapshot, updates and senders; the own user flagged', () => {
    const { ws, engine } = setup();
    engine.emit('presenceSnapshot', [{ userId: 'ann', status: 'online' }]);
    engine.emit('message', msg('t1', 1, 'zed'));
    engine.emit('presence', { userId: 'ann', status: 'busy' });
    expect(ws.snapshot().people).toEqual([
      { id: 'ann', status: 'busy', self: false },
      { id: 'me', status: 'offline', self: true },
      { id: 'zed', status: 'offline', self: false },
    ]);
  });

  it('notices newest first, at most 100', () => {
    const { ws, engine } = setup();
    for (let i = 0; i < 130; i++) engine.emit('notification', { id: `n${i}`, level: 'info', title: null, message: `#${i}` });
    const notices = ws.snapshot().notices;
    expect(notices).toHaveLength(100);
    expect(notices[0]?.message).toBe('#129');
    expect(HeldWorkspaceSnapshotSchema.safeParse(ws.snapshot()).success).toBe(true);
  });
});

describe('sign-out and threads left', () => {
  it('clear() empties everything and emits a reset', async () => {
    const { ws, engine, batches } = setup();
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 2, lastSeq: 2 }]);
    engine.emit('notification', { id: null, level: 'info', title: null, message: 'x' });
    await ws.clear();
    expect(batches.at(-1)).toMatchObject({ reset: true, threads: [], items: [] });
    expect(ws.snapshot()).toEqual({ selfId: null, threads: [], people: [], notices: [], openThreadId: null, activity: [] });
  });

  it('a thread missing from a later list goes, with a reset batch', () => {
    const { ws, engine, sched, batches } = setup();
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 0, lastSeq: 0 }, { id: 't2', title: 'B', unread: 0, lastSeq: 0 }]);
    ws.openThread('t2');
    sched.run();
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 0, lastSeq: 0 }]);
    sched.run();
    expect(batches.at(-1)).toMatchObject({ reset: true });
    expect(ws.snapshot().threads.map((t) => t.id)).toEqual(['t1']);
    expect(ws.snapshot().openThreadId).toBeNull();
  });

  it('detach stops following the engine', () => {
    const sched = new ManualSchedule();
    const ws = openWorkspace({ dir: null, log: new Lines().log, ...mutes(), schedule: sched.schedule });
    const engine = new FakeEngine();
    const detach = ws.attach(engine);
    detach();
    expect(engine.listenerCount()).toBe(0);
    expect(() => ws.send('t1', 'x')).toThrow(/Not signed in/);
  });

  it('mute goes through the settings and shows on the thread', () => {
    const { ws, engine, m } = setup();
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 0, lastSeq: 0 }]);
    expect(ws.setMuted('t1', true).muted).toBe(true);
    expect(m.set.has('t1')).toBe(true);
    expect(ws.snapshot().threads[0]?.muted).toBe(true);
  });
});


describe('the contract holds whatever the engine passes on', () => {
  it('over-long titles are shortened, never a batch the window would refuse', () => {
    const { ws, engine, sched } = setup();
    engine.emit('threads', [{ id: 't1', title: 'T'.repeat(20_000), unread: 0, lastSeq: 0 }]);
    engine.emit('notification', { id: 'x'.repeat(600), level: 'info', title: 'N'.repeat(20_000), message: 'm' });
    sched.run();
    const snap = HeldWorkspaceSnapshotSchema.parse(ws.snapshot());
    expect(snap.threads[0]?.title).toHaveLength(10_000);
    expect(snap.notices[0]?.title).toHaveLength(10_000);
  });
});
