import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeEngine, Lines, msg } from '../../../test/workspace/support/fakes';
import { openAttached, openOn as open, settle, useTempDirs } from '../../../test/workspace/support/store-fixtures';
import type { Workspace } from './index';
import { MessageStore } from './store';
import type { StoreIo } from './store';
import { threadFileName } from './store-format';
import type { MessageEntry } from './timeline';

const tempDir = useTempDirs();

describe('the message store', () => {
  it('a restart shows the stored history, read marks and cursors at once', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    const { engine } = a;
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 1, lastSeq: 3 }, { id: 't2', title: 'Random', unread: 0, lastSeq: 0 }]);
    for (let s = 1; s <= 5; s++) engine.emit('message', msg('t1', s, s === 4 ? 'me' : 'ann'));
    engine.emit('gap', { threadId: 't2', from: 1, to: 4, source: 'server' });
    engine.emit('message', msg('t2', 5, 'ben', null, { encrypted: true }));
    engine.emit('read', { threadId: 't2', seq: 5 });
    a.ws.openThread('t2');
    const before = a.ws.snapshot();
    await settle(a.ws, a.sched);

    const b = open(dir);
    expect(b.ws.snapshot()).toEqual(before);
    expect(before.threads.find((t) => t.id === 't1')?.unread).toBe(2);
    expect(b.ws.messages({ threadId: 't1' }).items.map((i) => i.key)).toEqual(['m:t1-1', 'm:t1-2', 'm:t1-3', 'm:t1-4', 'm:t1-5']);
    expect(b.ws.messages({ threadId: 't2' }).items).toEqual([
      expect.objectContaining({ kind: 'gap', key: 'gap:1-4' }),
      expect.objectContaining({ key: 'm:t2-5', body: null, encrypted: true }),
    ]);
    expect(b.ws.storedCursors()).toEqual({ t1: 5, t2: 5 });
    expect(b.lines.lines).toEqual([]);
  });

  it('never uses a thread id as a file name', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    const { engine } = a;
    engine.emit('message', msg('../../etc/passwd', 1, 'ann'));
    engine.emit('message', msg('CON', 1, 'ann'));
    await settle(a.ws, a.sched);
    const names = readdirSync(dir).sort();
    expect(names).toEqual([threadFileName('../../etc/passwd'), threadFileName('CON'), 'workspace.json'].sort());
    expect(names.every((n) => /^(thread-[0-9a-f]{40}\.jsonl|workspace\.json)$/.test(n))).toBe(true);
    expect(open(dir).ws.snapshot().threads.map((t) => t.id).sort()).toEqual(['../../etc/passwd', 'CON']);
  });

  it('a torn or corrupt file loses only its bad lines, with one log line, and is rewritten clean', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    const { engine } = a;
    for (let s = 1; s <= 3; s++) engine.emit('message', msg('t1', s, 'ann'));
    await settle(a.ws, a.sched);
    const file = join(dir, threadFileName('t1'));
    const text = readFileSync(file, 'utf8').split('\n');
    text.splice(2, 0, '{"m":{"key":"broken"', 'not json at all', '{"m":{"key":"m:x","id":"x","seq":"7"}}');
    writeFileSync(file, `${text.join('\n')}{"m":{"key":"m:t1-9","id":"t1-9","se`); // and a torn last line

    const b = open(dir);
    expect(b.ws.messages({ threadId: 't1' }).items.map((i) => i.key)).toEqual(['m:t1-1', 'm:t1-2', 'm:t1-3']);
    expect(b.lines.lines).toEqual([`warn message store: ${threadFileName('t1')}: skipped 4 unreadable line(s)`]);
    const engine2 = new FakeEngine();
    b.ws.attach(engine2, 'me');
    engine2.emit('message', msg('t1', 4, 'ann'));
    await settle(b.ws, b.sched);
    const c = open(dir);
    expect(c.ws.messages({ threadId: 't1' }).items.map((i) => i.key)).toEqual(['m:t1-1', 'm:t1-2', 'm:t1-3', 'm:t1-4']);
    expect(c.lines.lines).toEqual([]);
  });

  it('an unreadable meta file costs the read marks, not the history', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    const { engine } = a;
    engine.emit('message', msg('t1', 1, 'ann'));
    await settle(a.ws, a.sched);
    writeFileSync(join(dir, 'workspace.json'), '{"v":1,');
    const b = open(dir);
    expect(b.ws.messages({ threadId: 't1' }).items).toHaveLength(1);
    expect(b.lines.lines).toEqual(['warn message store: workspace.json is unreadable; read marks start afresh']);
  });

  it('a meta file older than the messages (a crash between the writes) still counts the newer ones', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    const { engine } = a;
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 0, lastSeq: 0 }]);
    for (let s = 1; s <= 3; s++) engine.emit('message', msg('t1', s, 'ann'));
    await settle(a.ws, a.sched);
    const oldMeta = readFileSync(join(dir, 'workspace.json'), 'utf8');
    for (let s = 4; s <= 5; s++) engine.emit('message', msg('t1', s, 'ann'));
    await settle(a.ws, a.sched);
    writeFileSync(join(dir, 'workspace.json'), oldMeta);
    expect(open(dir).ws.snapshot().threads[0]?.unread).toBe(5);
  });

  it('stays bounded: compacted past twice the bound', async () => {
    const dir = tempDir();
    const a = openAttached(dir, 10);
    const { engine } = a;
    for (let s = 1; s <= 95; s++) {
      engine.emit('message', msg('t1', s, 'ann'));
      if (s % 3 === 0) {
        a.sched.run();
        await a.ws.close();
      }
    }
    await settle(a.ws, a.sched);
    const lines = readFileSync(join(dir, threadFileName('t1')), 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(1 + 2 * 10);
    const b = open(dir, 10);
    expect(b.ws.messages({ threadId: 't1' }).items.map((i) => (i.kind === 'message' ? i.seq : 0))).toEqual(Array.from({ length: 10 }, (_, i) => 86 + i));
  });

  it('stored history whose meta file is gone counts as read, not as a flood of unread', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    const { engine } = a;
    for (let s = 1; s <= 5; s++) engine.emit('message', msg('t1', s, 'ann'));
    await settle(a.ws, a.sched);
    rmSync(join(dir, 'workspace.json'));
    const b = open(dir);
    expect(b.ws.snapshot().threads).toEqual([expect.objectContaining({ id: 't1', unread: 0 })]);
    const engine2 = new FakeEngine();
    b.ws.attach(engine2, 'me');
    engine2.emit('message', msg('t1', 6, 'ann'));
    expect(b.ws.snapshot().threads[0]?.unread).toBe(1);
  });

  it('own messages are stored in every state; a restart shows them before any connection', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    const { engine } = a;
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 0, lastSeq: 0 }]);
    const sent = a.ws.send('t1', 'kept');
    const waiting = a.ws.send('t1', 'still pending');
    const refused = a.ws.send('t1', 'refused');
    engine.deliver(sent.clientId, 'srv-1', 1);
    engine.fail(refused.clientId, 'send rejected: no');
    await settle(a.ws, a.sched);

    const b = open(dir);
    const shown = (ws: Workspace) => ws.messages({ threadId: 't1' }).items.map((i) => (i.kind === 'message' ? [i.key, i.body, i.delivery, i.own] : []));
    expect(shown(b.ws)).toEqual([
      [`c:${sent.clientId}`, 'kept', 'delivered', true],
      [`c:${waiting.clientId}`, 'still pending', 'pending', true],
      [`c:${refused.clientId}`, 'refused', 'failed', true],
    ]);
    expect(b.ws.snapshot().threads[0]?.unread).toBe(0);
    // The engine still queues the pending one: it stays pending, and its ack settles it.
    const engine2 = new FakeEngine();
    engine2.outbox.push({ clientId: waiting.clientId, threadId: 't1', body: 'still pending', createdAt: 1 });
    b.ws.attach(engine2, 'me');
    expect(shown(b.ws).map((x) => x[2])).toEqual(['delivered', 'pending', 'failed']);
    engine2.deliver(waiting.clientId, 'srv-2', 2);
    const retried = b.ws.retry(refused.clientId);
    engine2.deliver(retried.clientId, 'srv-3', 3);
    await settle(b.ws, b.sched);

    const c = open(dir);
    expect(shown(c.ws)).toEqual([
      [`c:${sent.clientId}`, 'kept', 'delivered', true],
      [`c:${waiting.clientId}`, 'still pending', 'delivered', true],
      [`c:${refused.clientId}`, 'refused', 'delivered', true],
    ]);
  });

  it('a message its broadcast settled while the engine still queues it is not doubled after a restart', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    const { engine } = a;
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 0, lastSeq: 0 }]);
    const { clientId } = a.ws.send('t1', 'hi');
    // The ack was lost with the link; the replay brings the broadcast (no client id on it).
    engine.emit('message', msg('t1', 1, 'me', 'hi', { id: 'srv-1' }));
    await settle(a.ws, a.sched);
    const b = open(dir);
    const engine2 = new FakeEngine();
    engine2.outbox.push(...engine.pendingMessages());
    b.ws.attach(engine2, 'me');
    expect(b.ws.messages({ threadId: 't1' }).items).toEqual([expect.objectContaining({ key: `c:${clientId}`, seq: 1, delivery: 'delivered' })]);
    engine2.deliver(clientId, 'srv-1', 1); // the resend's ack: the original id and seq
    expect(b.ws.messages({ threadId: 't1' }).items).toEqual([expect.objectContaining({ key: `c:${clientId}`, seq: 1, delivery: 'delivered' })]);
  });

  it('a stored pending message the engine no longer queues shows as failed, never stuck pending', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    const { engine } = a;
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 0, lastSeq: 0 }]);
    const lost = a.ws.send('t1', 'lost with the outbox');
    await settle(a.ws, a.sched);
    const b = open(dir);
    b.ws.attach(new FakeEngine(), 'me');
    expect(b.ws.messages({ threadId: 't1' }).items).toEqual([expect.objectContaining({ key: `c:${lost.clientId}`, delivery: 'failed', failure: expect.stringMatching(/Retry/) })]);
  });
});

describe('MessageStore writes', () => {
  function entry(seq: number): MessageEntry {
    return { kind: 'message', key: `m:${seq}`, id: String(seq), seq, sender: 'ann', body: 'x', encrypted: false, ts: 1, clientId: null, local: false, state: 'received', failure: null, held: true };
  }

  it('at most one write per thread however often entries are queued before it runs', async () => {
    const dir = tempDir();
    const calls: string[] = [];
    const io: StoreIo = {
      appendFile: async (p, d) => {
        calls.push(`append ${p.slice(dir.length + 1)}`);
        appendFileSync(p, d);
      },
      writeFile: async (p, d) => {
        calls.push('write');
        writeFileSync(p, d);
      },
      rename: async (a, b) => {
        const { renameSync } = await import('node:fs');
        renameSync(a, b);
      },
      rm: async () => {},
      readdir: async () => [],
    };
    const held: MessageEntry[] = [entry(1)];
    const store = new MessageStore(dir, 1000, new Lines().log, () => held, io);
    store.append('t1', [entry(1)]);
    await store.drain();
    expect(calls).toEqual(['write']); // a new file: header and all
    for (let s = 2; s <= 50; s++) {
      const e = entry(s);
      held.push(e);
      store.append('t1', [e]);
    }
    await store.drain();
    expect(calls).toEqual(['write', `append ${threadFileName('t1')}`]);
    expect(readFileSync(join(dir, threadFileName('t1')), 'utf8').trim().split('\n')).toHaveLength(51);
  });
});
