import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeEngine, Lines, ManualSchedule, msg, mutes, recordBatches } from '../../../test/workspace/support/fakes';
import { openWorkspace } from './index';
import type { Workspace } from './index';
import { MessageStore } from './store';
import type { StoreIo } from './store';
import { threadFileName } from './store-format';
import type { MessageEntry } from './timeline';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'beacon-ws-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(dir: string, max?: number) {
  const sched = new ManualSchedule();
  const lines = new Lines();
  const ws = openWorkspace({ dir, log: lines.log, ...mutes(), schedule: sched.schedule, maxPerThread: max });
  return { ws, sched, lines };
}

async function settle(ws: Workspace, sched: ManualSchedule): Promise<void> {
  sched.run();
  await ws.close();
}

describe('the message store', () => {
  it('a restart shows the stored history, read marks and cursors at once', async () => {
    const dir = tempDir();
    const a = open(dir);
    const engine = new FakeEngine();
    a.ws.attach(engine, 'me');
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
    const a = open(dir);
    const engine = new FakeEngine();
    a.ws.attach(engine, 'me');
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
    const a = open(dir);
    const engine = new FakeEngine();
    a.ws.attach(engine, 'me');
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
    const a = open(dir);
    const engine = new FakeEngine();
    a.ws.attach(engine, 'me');
    engine.emit('message', msg('t1', 1, 'ann'));
    await settle(a.ws, a.sched);
    writeFileSync(join(dir, 'workspace.json'), '{"v":1,');
    const b = open(dir);
    expect(b.ws.messages({ threadId: 't1' }).items).toHaveLength(1);
    expect(b.lines.lines).toEqual(['warn message store: workspace.json is unreadable; read marks start afresh']);
  });

  it('stays bounded: compacted past twice the bound', async () => {
    const dir = tempDir();
    const a = open(dir, 10);
    const engine = new FakeEngine();
    a.ws.attach(engine, 'me');
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

  it('sign-out removes its files (and only its files); nothing comes back', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'outbox.json'), '{}');
    const a = open(dir);
    const engine = new FakeEngine();
    a.ws.attach(engine, 'me');
    const batches = recordBatches(a.ws);
    engine.emit('message', msg('t1', 1, 'ann'));
    a.sched.run();
    await a.ws.close();
    engine.emit('message', msg('t1', 2, 'ann')); // still waiting for its batch when sign-out comes
    await a.ws.clear();
    a.sched.run();
    await a.ws.close();
    expect(readdirSync(dir)).toEqual(['outbox.json']);
    expect(batches.at(-1)).toMatchObject({ reset: true });
    expect(open(dir).ws.snapshot().threads).toEqual([]);
  });

  it('another folder is another workspace', async () => {
    const one = tempDir();
    const two = tempDir();
    const a = open(one);
    const engine = new FakeEngine();
    a.ws.attach(engine, 'me');
    engine.emit('message', msg('t1', 1, 'ann'));
    await settle(a.ws, a.sched);
    expect(open(two).ws.snapshot()).toEqual({ selfId: null, threads: [], people: [], notices: [], openThreadId: null });
    expect(existsSync(join(two, 'workspace.json'))).toBe(false);
  });

  it('pending messages are not stored (the outbox holds them); delivered ones are, as own', async () => {
    const dir = tempDir();
    const a = open(dir);
    const engine = new FakeEngine();
    a.ws.attach(engine, 'me');
    engine.emit('threads', [{ id: 't1', title: 'General', unread: 0, lastSeq: 0 }]);
    const sent = a.ws.send('t1', 'kept');
    a.ws.send('t1', 'still pending');
    engine.deliver(sent.clientId, 'srv-1', 1);
    await settle(a.ws, a.sched);
    const b = open(dir);
    expect(b.ws.messages({ threadId: 't1' }).items).toEqual([expect.objectContaining({ key: `c:${sent.clientId}`, own: true, delivery: 'delivered', body: 'kept' })]);
    expect(b.ws.snapshot().threads[0]?.unread).toBe(0);
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
