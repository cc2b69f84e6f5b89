// A server that restarts its seq numbering (PROTOCOL.md: historyId, or a list
// whose lastSeq is below what we hold): its new messages are never dropped as
// already seen, and nothing of the old numbering lingers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageItem } from '../../shared/ipc/workspace-schemas';
import { FakeEngine, memoryWorkspace as setup, msg, recordBatches } from '../../../test/workspace/support/fakes';
import { openOn, settle, useTempDirs } from '../../../test/workspace/support/store-fixtures';
import type { Workspace } from './index';
import { threadFileName } from './store-format';

const tempDir = useTempDirs();
const shown = (ws: Workspace, id: string) =>
  ws.messages({ threadId: id, limit: 1000 }).items.filter((i): i is MessageItem => i.kind === 'message').map((i) => `${i.seq ?? '-'} ${i.body}`);

describe('a server whose seq numbering restarted', () => {
  it('another historyId: what was held goes (own unsent messages stay), the new history shows', () => {
    const { ws, engine, batches, sched, unread } = setup();
    engine.connected('me', 'h1');
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 0, lastSeq: 0 }]);
    for (let s = 1; s <= 5; s++) engine.emit('message', msg('t1', s, 'ann', `old ${s}`));
    const waiting = ws.send('t1', 'unsent');
    sched.run();
    expect(ws.storedHistoryId()).toBe('h1');
    engine.connected('me', 'h2');
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 2, lastSeq: 2 }]);
    engine.emit('message', msg('t1', 1, 'ben', 'new 1'));
    engine.emit('message', msg('t1', 2, 'ben', 'new 2'));
    expect(shown(ws, 't1')).toEqual(['1 new 1', '2 new 2', '- unsent']);
    expect(unread('t1')).toBe(2);
    sched.run();
    expect(batches.at(-1)).toMatchObject({ reset: true });
    expect(ws.storedHistoryId()).toBe('h2');
    engine.deliver(waiting.clientId, 'n3', 3);
    expect(shown(ws, 't1')).toEqual(['1 new 1', '2 new 2', '3 unsent']);
  });

  it("the reset batch still carries the new history's messages (the notification policy reads them)", () => {
    const { engine, batches, sched } = setup();
    engine.connected('me', 'h1');
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 0, lastSeq: 1 }]);
    engine.emit('message', msg('t1', 1, 'ann', 'old 1'));
    sched.run();
    engine.connected('me', 'h2');
    engine.emit('message', msg('t1', 1, 'ben', 'after the restart'));
    sched.run();
    const reset = batches.at(-1);
    expect(reset).toMatchObject({ reset: true });
    expect(reset?.items).toEqual([expect.objectContaining({ seq: 1, sender: 'ben', body: 'after the restart', own: false })]);
  });

  it('the first historyId learned keeps what is held', () => {
    const { ws, engine } = setup();
    engine.emit('message', msg('t1', 1, 'ann', 'kept'));
    engine.connected('me', 'h1');
    expect(shown(ws, 't1')).toEqual(['1 kept']);
  });

  it('without historyId: a list whose lastSeq is below what we hold restarts that thread only', () => {
    const { ws, engine, sched } = setup();
    const batches = recordBatches(ws);
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 0, lastSeq: 3 }, { id: 't2', title: 'B', unread: 0, lastSeq: 1 }]);
    for (let s = 1; s <= 3; s++) engine.emit('message', msg('t1', s, 'ann', `old ${s}`));
    engine.emit('message', msg('t2', 1, 'ann', 'stays'));
    sched.run();
    engine.emit('threads', [{ id: 't1', title: 'A', unread: 1, lastSeq: 1 }, { id: 't2', title: 'B', unread: 0, lastSeq: 1 }]);
    engine.emit('message', msg('t1', 1, 'ben', 'new 1', { id: 'fresh-1' }));
    expect(shown(ws, 't1')).toEqual(['1 new 1']);
    expect(shown(ws, 't2')).toEqual(['1 stays']);
    expect(ws.snapshot().threads.find((t) => t.id === 't1')?.unread).toBe(1);
    sched.run();
    expect(batches.at(-1)).toMatchObject({ reset: true });
  });

  it('the store keeps the historyId, and rewrites a restarted thread\'s file', async () => {
    const dir = tempDir();
    const a = openOn(dir);
    const engine = new FakeEngine();
    a.ws.attach(engine, 'me');
    engine.connected('me', 'h1');
    for (let s = 1; s <= 3; s++) engine.emit('message', msg('t1', s, 'ann', `old ${s}`));
    await settle(a.ws, a.sched);
    const b = openOn(dir);
    expect(b.ws.storedHistoryId()).toBe('h1');
    expect(b.ws.storedCursors()).toEqual({ t1: 3 });
    const engine2 = new FakeEngine();
    b.ws.attach(engine2, 'me');
    engine2.connected('me', 'h2');
    await settle(b.ws, b.sched);
    expect(readFileSync(join(dir, threadFileName('t1')), 'utf8')).not.toContain('old 1');
    const c = openOn(dir);
    expect(c.ws.storedHistoryId()).toBe('h2');
    expect(c.ws.storedCursors()).toEqual({});
    expect(shown(c.ws, 't1')).toEqual([]);
  });
});
