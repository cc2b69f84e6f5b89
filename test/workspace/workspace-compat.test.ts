// The workspace over a compat server (no seq, no thread list): threads learned
// from messages, arrival order, counts without seqs, no read frame, and what a
// reconnect resends shown once, across a restart too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openWorkspace } from '../../src/main/workspace';
import type { Workspace } from '../../src/main/workspace';
import type { MessageItem } from '../../src/shared/ipc/workspace-schemas';
import { startCompatServer } from '../connection/support/compat-server';
import type { CompatServer } from '../connection/support/compat-server';
import { client, stopClients } from '../connection/support/setup';
import { waitFor } from '../connection/support/wait';
import { Lines, mutes, recordBatches } from './support/fakes';

const TOKEN = 'compat-token-0123456789';
let server: CompatServer;
let dir: string;
const workspaces: Workspace[] = [];

const chat = (conversationId: string, messageId: string, content: string, sender = 'u2') =>
  JSON.stringify({ type: 'chat_message', data: { conversationId, messageId, content, sender, timestamp: '2026-11-21T10:00:00Z' } });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'beacon-ws-compat-'));
  // Every connection gets the same pushes: a reconnect resends what was already shown.
  server = await startCompatServer({
    acceptToken: (t) => t === TOKEN,
    onConnection: (ws) => {
      ws.send(JSON.stringify({ type: 'connection_ack', data: { user_id: 'u1' } }));
      for (const f of [
        chat('c1', 'm1', 'first'),
        chat('c2', 'm2', 'elsewhere'),
        chat('c1', 'm3', 'mine', 'u1'),
        chat('c1', 'm4', 'second'),
        JSON.stringify({ type: 'system_announcement', data: { message: 'Maintenance at 22:00' } }),
        JSON.stringify({ type: 'user_presence', data: 'away', userId: 'u2' }),
      ])
        ws.send(f);
    },
  });
});
afterEach(async () => {
  await stopClients();
  await Promise.all(workspaces.splice(0).map((w) => w.close()));
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(): { ws: Workspace; engine: ReturnType<typeof client>['engine'] } {
  const ws = openWorkspace({ dir, log: new Lines().log, ...mutes() });
  workspaces.push(ws);
  recordBatches(ws);
  const { engine } = client({ url: server.url, token: TOKEN, transport: { kind: 'query', param: 'access_token' }, cursors: ws.storedCursors() });
  ws.attach(engine);
  engine.start();
  return { ws, engine };
}

const bodies = (ws: Workspace, id: string): (string | null)[] =>
  ws.snapshot().threads.some((t) => t.id === id)
    ? ws.messages({ threadId: id }).items.filter((i): i is MessageItem => i.kind === 'message').map((i) => i.body)
    : [];
const unread = (ws: Workspace, id: string): number | undefined => ws.snapshot().threads.find((t) => t.id === id)?.unread;

it('a compat server: arrival order, own ones never unread, reading clears without a read frame, nothing doubled after a reconnect or restart', async () => {
  const { ws, engine } = start();
  await waitFor(() => bodies(ws, 'c1').length === 3 && bodies(ws, 'c2').length === 1, 'the pushed messages');
  expect(bodies(ws, 'c1')).toEqual(['first', 'mine', 'second']);
  expect(unread(ws, 'c1')).toBe(2);
  expect(unread(ws, 'c2')).toBe(1);
  await waitFor(() => ws.snapshot().notices.length === 1, 'the announcement');
  expect(ws.snapshot().people).toContainEqual({ id: 'u2', status: 'away', self: false });
  expect(ws.snapshot().selfId).toBe('u1');

  ws.openThread('c1');
  expect(unread(ws, 'c1')).toBe(0);
  // A reconnect: the server pushes the same messages again.
  engine.networkChanged(false);
  engine.networkChanged(true);
  await waitFor(() => server.sockets.size === 1 && engine.state.state === 'connected', 'reconnected');
  await waitFor(() => ws.snapshot().notices.length === 2, 'the second push');
  expect(bodies(ws, 'c1')).toEqual(['first', 'mine', 'second']);
  expect(unread(ws, 'c1')).toBe(0);
  expect(server.received.some((f) => typeof f === 'object' && f !== null && (f as { type?: unknown }).type === 'read')).toBe(false);

  await stopClients();
  await ws.close();
  const again = start();
  expect(bodies(again.ws, 'c1')).toEqual(['first', 'mine', 'second']);
  expect(unread(again.ws, 'c1')).toBe(0);
  expect(unread(again.ws, 'c2')).toBe(1);
  await waitFor(() => again.ws.snapshot().notices.length === 1, 'the push after the restart');
  expect(bodies(again.ws, 'c1')).toEqual(['first', 'mine', 'second']);
  expect(unread(again.ws, 'c1')).toBe(0);
  expect(unread(again.ws, 'c2')).toBe(1);
});
