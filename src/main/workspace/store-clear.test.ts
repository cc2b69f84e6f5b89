import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { msg, recordBatches } from '../../../test/workspace/support/fakes';
import { openAttached, openOn as open, settle, useTempDirs } from '../../../test/workspace/support/store-fixtures';
import { threadFileName } from './store-format';

const tempDir = useTempDirs();

describe('what leaves the store', () => {
  it('sign-out removes its files (and only its files); nothing comes back', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'outbox.json'), '{}');
    const a = openAttached(dir);
    const { engine } = a;
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

  it('writes made while sign-out removes the files land after it, and stay', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    const { engine } = a;
    for (let s = 1; s <= 20; s++) engine.emit('message', msg(`old${s}`, 1, 'ann'));
    a.sched.run();
    const clearing = a.ws.clear();
    engine.emit('message', msg('fresh', 1, 'ann')); // the next session's first message, mid-clear
    a.sched.run();
    await clearing;
    await a.ws.close();
    expect(readdirSync(dir).sort()).toEqual([threadFileName('fresh'), 'workspace.json'].sort());
    expect(open(dir).ws.snapshot().threads.map((t) => t.id)).toEqual(['fresh']);
  });

  it('another folder is another workspace', async () => {
    const one = tempDir();
    const two = tempDir();
    const a = openAttached(one);
    const { engine } = a;
    engine.emit('message', msg('t1', 1, 'ann'));
    await settle(a.ws, a.sched);
    expect(open(two).ws.snapshot()).toEqual({ selfId: null, threads: [], people: [], notices: [], openThreadId: null, activity: [] });
    expect(existsSync(join(two, 'workspace.json'))).toBe(false);
  });

  it('a thread the user left loses its file, and stays gone after a restart', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    const { engine } = a;
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 0, lastSeq: 0 }, { id: 't2', title: 'B', unread: 0, lastSeq: 0 }]);
    engine.emit('message', msg('t1', 1, 'ann'));
    engine.emit('message', msg('t2', 1, 'ann'));
    a.sched.run();
    engine.emit('message', msg('t2', 2, 'ann')); // its write may still be queued when the list drops it
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 0, lastSeq: 1 }]);
    await settle(a.ws, a.sched);
    expect(readdirSync(dir).sort()).toEqual([threadFileName('t1'), 'workspace.json'].sort());
    expect(open(dir).ws.snapshot().threads.map((t) => t.id)).toEqual(['t1']);
  });

  it('temp files a crash left are removed at the next open', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    const { engine } = a;
    engine.emit('message', msg('t1', 1, 'ann'));
    await settle(a.ws, a.sched);
    writeFileSync(join(dir, `${threadFileName('t1')}.tmp-999`), 'half');
    writeFileSync(join(dir, 'workspace.json.tmp-999'), 'half');
    const b = open(dir);
    expect(readdirSync(dir).sort()).toEqual([threadFileName('t1'), 'workspace.json'].sort());
    expect(b.ws.messages({ threadId: 't1' }).items).toHaveLength(1);
  });
});
