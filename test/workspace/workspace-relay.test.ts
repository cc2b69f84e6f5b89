// The workspace against the real relay: a real ConnectionEngine over a real
// socket, real files. History survives a restart without loss or doubles, a
// read on another device lowers the count, and a send shows pending then
// delivered exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageItem, WorkspaceBatch } from '../../src/shared/ipc/workspace-schemas';
import { openWorkspace } from '../../src/main/workspace';
import type { Workspace } from '../../src/main/workspace';
import type { Relay } from '../../src/relay';
import { connectWithToken } from '../relay/helpers';
import type { TestClient } from '../relay/helpers';
import { closedPort } from '../support/ports';
import { client, startConnRelay, stopClients } from '../connection/support/setup';
import type { Client } from '../connection/support/setup';
import { waitFor } from '../connection/support/wait';
import { Lines, mutes, recordBatches } from './support/fakes';

let relay: Relay;
let dir: string;
const open: Workspace[] = [];
const raw: TestClient[] = [];

beforeEach(async () => {
  relay = await startConnRelay();
  dir = mkdtempSync(join(tmpdir(), 'beacon-ws-it-'));
});
afterEach(async () => {
  await stopClients();
  await Promise.all(open.splice(0).map((w) => w.close()));
  for (const c of raw.splice(0)) c.ws.terminate();
  await relay.close();
  rmSync(dir, { recursive: true, force: true });
});

function workspace(lines = new Lines()): Workspace {
  const ws = openWorkspace({ dir, log: lines.log, ...mutes() });
  open.push(ws);
  return ws;
}

async function signIn(ws: Workspace, url = relay.url): Promise<Client> {
  const c = client({ url, token: await relay.mintToken('u1'), cursors: ws.storedCursors(), historyId: ws.storedHistoryId(), outboxPath: join(dir, 'outbox.json') });
  ws.attach(c.engine);
  c.engine.start();
  return c;
}

function messages(ws: Workspace, threadId: string): MessageItem[] {
  if (!ws.snapshot().threads.some((t) => t.id === threadId)) return [];
  return ws.messages({ threadId, limit: 1000 }).items.filter((i): i is MessageItem => i.kind === 'message');
}

const unread = (ws: Workspace, id: string): number | undefined => ws.snapshot().threads.find((t) => t.id === id)?.unread;
const seqs = (ws: Workspace, id: string): (number | null)[] => messages(ws, id).map((m) => m.seq);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('workspace with the real relay', () => {
  it('history is stored and restored across a restart, nothing lost or doubled', async () => {
    for (let i = 1; i <= 30; i++) await relay.postMessage('t1', 'u2', `before ${i}`);
    const ws1 = workspace();
    const c1 = await signIn(ws1);
    await waitFor(() => messages(ws1, 't1').length === 30, '30 replayed messages');
    for (let i = 31; i <= 40; i++) await relay.postMessage('t1', 'u2', `live ${i}`);
    await waitFor(() => messages(ws1, 't1').length === 40, '40 messages');
    expect(unread(ws1, 't1')).toBe(40);
    await c1.engine.stop();
    await ws1.close();

    for (let i = 41; i <= 45; i++) await relay.postMessage('t1', 'u2', `while away ${i}`);
    const lines = new Lines();
    const ws2 = workspace(lines);
    // At once, before any connection: the stored history and its cursors.
    expect(seqs(ws2, 't1')).toEqual(range(1, 40));
    expect(unread(ws2, 't1')).toBe(40);
    expect(ws2.storedCursors()).toEqual({ t1: 40 });
    const c2 = await signIn(ws2);
    await waitFor(() => messages(ws2, 't1').length >= 45, '45 messages');
    expect(seqs(ws2, 't1')).toEqual(range(1, 45));
    expect(messages(ws2, 't1').at(-1)?.body).toBe('while away 45');
    expect(unread(ws2, 't1')).toBe(45);
    // The engine resumed from the stored cursor: only the five missed messages came over the wire.
    expect(c2.rec.inThread('t1').map((m) => m.seq)).toEqual(range(41, 45));
    // A reconnect replays from the engine's cursor; still nothing doubled.
    c2.engine.networkChanged(false);
    await relay.postMessage('t1', 'u2', 'offline 46');
    c2.engine.networkChanged(true);
    await waitFor(() => messages(ws2, 't1').length >= 46, '46 messages');
    expect(seqs(ws2, 't1')).toEqual(range(1, 46));
    expect(unread(ws2, 't1')).toBe(46);
    expect(lines.lines).toEqual([]);
  });

  it('a read from another connection lowers the count; opening sends read to the server', async () => {
    for (let i = 1; i <= 6; i++) await relay.postMessage('t1', 'u2', `m${i}`);
    const ws = workspace();
    const batches = recordBatches(ws);
    await signIn(ws);
    await waitFor(() => unread(ws, 't1') === 6 && messages(ws, 't1').length === 6, 'six unread');
    const other = await connectWithToken(relay.url, await relay.mintToken('u1'));
    raw.push(other);
    await other.waitForType('presence_snapshot');
    other.send({ type: 'read', thread_id: 't1', seq: 4 });
    await waitFor(() => unread(ws, 't1') === 2, 'two unread after the read elsewhere');
    await waitFor(() => batches.some((b) => b.threads.some((t) => t.id === 't1' && t.unread === 2)), 'a batch saying so');

    await relay.postMessage('t1', 'u2', 'm7');
    await waitFor(() => unread(ws, 't1') === 3, 'three unread');
    const opened = ws.openThread('t1');
    expect(opened.thread?.unread).toBe(0);
    const echo = await other.waitFor((f) => f.type === 'read' && f.thread_id === 't1' && f.seq === 7, 'the read echo for seq 7');
    expect(echo).toBeTruthy();
    await waitFor(() => batches.at(-1)?.threads.some((t) => t.id === 't1' && t.unread === 0) === true, 'a batch with t1 read');

    // A restart keeps the read state; the server agrees on connect.
    await stopClients();
    await ws.close();
    const again = workspace();
    expect(unread(again, 't1')).toBe(0);
    const c = await signIn(again);
    await waitFor(() => c.rec.of('threads').length > 0, 'the thread list');
    await relay.postMessage('t1', 'u2', 'm8');
    await waitFor(() => messages(again, 't1').length === 8, 'eight messages');
    expect(unread(again, 't1')).toBe(1);
  });

  it('send: pending, then delivered, exactly once (also for the own broadcast)', async () => {
    const ws = workspace();
    const batches = recordBatches(ws);
    const c = await signIn(ws);
    await waitFor(() => c.engine.state.state === 'connected' && ws.snapshot().threads.length === 2, 'connected with two threads');
    const { clientId } = ws.send('t2', 'hello there');
    expect(messages(ws, 't2')).toEqual([expect.objectContaining({ key: `c:${clientId}`, delivery: 'pending', own: true })]);
    await waitFor(() => c.rec.inThread('t2').length === 1, 'the broadcast of our own message');
    await waitFor(() => batches.some((b) => b.items.some((i) => i.kind === 'message' && i.delivery === 'delivered')), 'a delivered batch');
    const mine = messages(ws, 't2');
    expect(mine).toEqual([expect.objectContaining({ key: `c:${clientId}`, delivery: 'delivered', seq: 1, body: 'hello there', sender: 'u1' })]);
    // Pending and delivered may share one batch (then it says delivered); never another item.
    const states = batches.flatMap((b: WorkspaceBatch) => b.items).map((i) => (i.kind === 'message' ? `${i.key} ${i.delivery}` : i.key));
    expect(states.filter((s) => s !== `c:${clientId} pending`)).toEqual([`c:${clientId} delivered`]);
    expect(unread(ws, 't2')).toBe(0);
  });

  it('a message queued offline shows pending after a restart and is delivered once', async () => {
    const deadUrl = `ws://127.0.0.1:${await closedPort()}`;
    const ws1 = workspace();
    const c1 = await signIn(ws1, deadUrl);
    // Known from an earlier session: the thread list is stored.
    ws1.attach(c1.engine, 'u1');
    expect(() => ws1.send('t1', 'x')).toThrow(/Unknown thread/);
    await c1.engine.stop();
    await ws1.close();

    const ws2 = workspace();
    const c2 = await signIn(ws2);
    await waitFor(() => ws2.snapshot().threads.length === 2, 'threads');
    const { clientId } = ws2.send('t1', 'sent while online');
    await c2.engine.stop();
    const queued = ws2.send('t1', 'queued while stopped');
    await ws2.close();

    const ws3 = workspace();
    const c3 = client({ url: relay.url, token: await relay.mintToken('u1'), cursors: ws3.storedCursors(), outboxPath: join(dir, 'outbox.json') });
    ws3.attach(c3.engine, 'u1');
    expect(messages(ws3, 't1').map((m) => [m.body, m.delivery])).toContainEqual(['queued while stopped', 'pending']);
    c3.engine.start();
    await waitFor(() => messages(ws3, 't1').every((m) => m.delivery === 'delivered') && messages(ws3, 't1').length === 2, 'both delivered');
    expect(messages(ws3, 't1').map((m) => m.body)).toEqual(['sent while online', 'queued while stopped']);
    expect(messages(ws3, 't1').map((m) => m.key)).toContain(`c:${queued.clientId}`);
    expect(clientId).not.toBe(queued.clientId);
  });

  it('a memory-only relay that restarted: its new messages show, none skipped as seen, none of the old', async () => {
    for (let i = 1; i <= 5; i++) await relay.postMessage('t1', 'u2', `first life ${i}`);
    const ws1 = workspace();
    const c1 = await signIn(ws1);
    await waitFor(() => messages(ws1, 't1').length === 5, 'five messages');
    await c1.engine.stop();
    await ws1.close();
    await relay.close();

    relay = await startConnRelay(); // memory only: a new historyId, seqs from 1 again
    for (let i = 1; i <= 7; i++) await relay.postMessage('t1', 'u2', `second life ${i}`);
    const ws2 = workspace();
    expect(ws2.storedCursors()).toEqual({ t1: 5 });
    await signIn(ws2);
    await waitFor(() => messages(ws2, 't1').length === 7 && messages(ws2, 't1')[0]?.body === 'second life 1', 'the new history');
    expect(messages(ws2, 't1').map((m) => m.body)).toEqual(range(1, 7).map((i) => `second life ${i}`));
    expect(unread(ws2, 't1')).toBe(7);
  });

  it('history the relay no longer keeps shows as a gap marker, and is not counted unread', async () => {
    await relay.close();
    relay = await startConnRelay({ historyLimit: 10 });
    for (let i = 1; i <= 30; i++) await relay.postMessage('t1', 'u2', `m${i}`);
    const ws = workspace();
    await signIn(ws);
    await waitFor(() => messages(ws, 't1').length === 10, 'the ten kept messages');
    const items = ws.messages({ threadId: 't1', limit: 1000 }).items;
    expect(items[0]).toMatchObject({ kind: 'gap', key: 'gap:1-20', from: 1, to: 20 });
    expect(seqs(ws, 't1')).toEqual(range(21, 30));
    expect(unread(ws, 't1')).toBe(10);
    expect(ws.storedCursors()).toEqual({ t1: 30 });
  });
});
