// A list too long for one frame comes in pages (docs/relay.md, "Long lists come
// in pages"). The engine must collect them and hand on ONE complete list: each
// page taken as the whole list would forget (and stop resubscribing) the threads
// of the pages before it, and mark their people offline.
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { BOUNDS } from '../../src/main/connection';
import type { Relay } from '../../src/relay';
import type { CompatServer } from './support/compat-server';
import { startCompatServer } from './support/compat-server';
import { TcpProxy } from './support/tcp-proxy';
import type { Client } from './support/setup';
import { client, startConnRelay, stopClients } from './support/setup';
import { waitFor } from './support/wait';
import { bigWorkspace } from './support/big-workspace';

let relay: Relay | null = null;
let proxy: TcpProxy | null = null;
let server: CompatServer | null = null;
afterEach(async () => {
  await stopClients();
  await proxy?.close();
  await relay?.close();
  await server?.close();
  relay = null;
  proxy = null;
  server = null;
});

describe('paged threads and presence_snapshot against the real relay', () => {
  it('the engine hands on one complete list of each, subscribes to every thread, and does so again after a reconnect', async () => {
    relay = await startConnRelay();
    const big = bigWorkspace(relay);
    proxy = await new TcpProxy(relay.port).start();
    const c = client({ url: proxy.url, token: await relay.mintToken('u1') });
    c.engine.start();
    await waitFor(() => c.rec.of('presenceSnapshot').length > 0 && c.rec.of('threads').length > 0, 'the lists', 20_000);
    // A barrier: a message in the first-created thread arrives after both lists (one socket, in order).
    await relay.postMessage(big.firstThread, 'u2', 'after the lists');
    await waitFor(() => c.rec.inThread(big.firstThread).length === 1, 'the message in the first thread', 20_000);

    expect(c.rec.of('threads').map((l) => l.length)).toEqual([big.threadIds.length]);
    expect(new Set(c.rec.of('threads')[0]?.map((t) => t.id))).toEqual(new Set(big.threadIds));
    const snapshots = c.rec.of('presenceSnapshot');
    expect(snapshots.map((s) => s.length)).toEqual([big.people.size]);
    expect(new Map(snapshots[0]?.map((e) => [e.userId, e.status]))).toEqual(big.people);

    // Every thread is followed, the first page's as well as the last's.
    await relay.postMessage(big.lastThread, 'u2', 'in the last thread');
    await waitFor(() => c.rec.inThread(big.lastThread).length === 1, 'the message in the last thread');

    // After a reconnect: again one complete list each, and the first page's threads are resubscribed.
    proxy.cut('fin');
    await waitFor(() => c.rec.of('threads').length === 2 && c.rec.of('presenceSnapshot').length === 2, 'the lists again', 20_000);
    await relay.postMessage(big.firstThread, 'u2', 'after the reconnect');
    await waitFor(() => c.rec.inThread(big.firstThread).length === 2, 'the second message in the first thread', 20_000);
    expect(c.rec.of('threads').map((l) => l.length)).toEqual([big.threadIds.length, big.threadIds.length]);
    expect(c.rec.of('presenceSnapshot').map((s) => s.length)).toEqual([big.people.size, big.people.size]);
    expect(c.engine.diagnostics().boundsHit).toBe(0);
  }, 60_000);
});

const AUTH = JSON.stringify({ type: 'auth', data: { success: true, userId: 'u1' } });
const threadsPage = (ids: string[], page?: number, pages?: number) =>
  JSON.stringify({ type: 'threads', data: ids.map((id) => ({ id, title: id, unread: 0, lastSeq: 0 })), page, pages });
const presencePage = (users: string[], page?: number, pages?: number) =>
  JSON.stringify({ type: 'presence_snapshot', data: users.map((userId) => ({ userId, status: 'online' })), page, pages });

/** A scripted server over a real socket: connection n (from 1) runs script(n, ws). */
async function scripted(script: (n: number, ws: WebSocket) => void): Promise<Client> {
  let n = 0;
  server = await startCompatServer({
    acceptToken: () => true,
    onConnection: (ws) => {
      ws.on('message', (d) => {
        if (String(d) === '{"type":"ping"}') ws.send('{"type":"pong"}');
      });
      script(++n, ws);
    },
  });
  return client({ url: server.url, token: 'paging-token-0123', transport: { kind: 'query', param: 'access_token' }, heartbeatMs: 5_000, pongTimeoutMs: 5_000 });
}

const subscribed = (): string[] =>
  (server?.received ?? []).flatMap((f) => ((f as { type?: string }).type === 'subscribe' ? [String((f as { thread_id?: unknown }).thread_id)] : []));

describe('paged lists from a scripted server', () => {
  it('a page sequence cut by a reconnect is discarded, never stitched to pages of the next connection', async () => {
    const c = await scripted((n, ws) => {
      ws.send(AUTH);
      if (n === 1) {
        ws.send(threadsPage(['old'], 1, 2));
        ws.send(presencePage(['old-peer'], 1, 2));
        setTimeout(() => ws.terminate(), 50);
        return;
      }
      // A broken server that goes on where the last connection stopped, then sends the whole list.
      ws.send(threadsPage(['stray'], 2, 2));
      ws.send(presencePage(['stray-peer'], 2, 2));
      ws.send(threadsPage(['a'], 1, 2));
      ws.send(threadsPage(['b'], 2, 2));
      ws.send(presencePage(['pa'], 1, 2));
      ws.send(presencePage(['pb'], 2, 2));
      ws.send(JSON.stringify({ type: 'message', thread_id: 'b', id: 'm1', seq: 1, sender: 'u2', body: 'done' }));
    });
    c.engine.start();
    await waitFor(() => c.rec.inThread('b').length === 1, 'the message after the lists');
    expect(c.rec.of('threads').map((l) => l.map((t) => t.id))).toEqual([['a', 'b']]);
    expect(c.rec.of('presenceSnapshot').map((l) => l.map((e) => e.userId))).toEqual([['pa', 'pb']]);
    // The subscribes left before the message arrived, but the server may read them a turn later.
    await waitFor(() => subscribed().length >= 2, 'the subscribes to reach the server');
    expect(subscribed().sort()).toEqual(['a', 'b']);
  });

  it('a page out of order drops what was collected; a whole list after it is taken as it is', async () => {
    const c = await scripted((_n, ws) => {
      ws.send(AUTH);
      ws.send(threadsPage(['x1'], 1, 3));
      ws.send(threadsPage(['x3'], 3, 3)); // page 2 never came
      ws.send(threadsPage(['y1'], 1, 2));
      ws.send(threadsPage(['z'])); // a whole list ends the sequence before it
      ws.send(threadsPage(['y2'], 2, 2)); // the rest of a sequence already ended
      ws.send(JSON.stringify({ type: 'message', thread_id: 'z', id: 'm1', seq: 1, sender: 'u2', body: 'done' }));
    });
    c.engine.start();
    await waitFor(() => c.rec.inThread('z').length === 1, 'the message after the lists');
    expect(c.rec.of('threads').map((l) => l.map((t) => t.id))).toEqual([['z']]);
    // As above: the subscribe left before the message arrived, but the server may read it a turn later.
    await waitFor(() => subscribed().length >= 1, 'the subscribe to reach the server');
    expect(subscribed()).toEqual(['z']);
    expect(c.logs.some((l) => /threads: page 3 of 3 came after page 1 of 3; the pages collected are dropped/.test(l))).toBe(true);
  });

  it('the threads of all pages together are bounded: past BOUNDS.threads the link ends before any subscribe', async () => {
    const half = Math.ceil(BOUNDS.threads / 2) + 1;
    const ids = (from: number) => Array.from({ length: half }, (_, i) => `x${from + i}`);
    const c = await scripted((n, ws) => {
      ws.send(AUTH);
      if (n === 1) {
        ws.send(threadsPage(ids(0), 1, 2));
        ws.send(threadsPage(ids(half), 2, 2));
      }
    });
    c.engine.start();
    await waitFor(() => c.rec.states.some((s) => s.state === 'reconnecting'), 'the link ended', 15_000);
    const ended = c.rec.states.find((s) => s.state === 'reconnecting');
    expect(ended && 'reason' in ended ? ended.reason : '').toMatch(/more than 5000 threads/);
    expect(c.rec.of('threads')).toEqual([]);
    expect(subscribed()).toEqual([]);
  });

  it('a list announced in more pages than BOUNDS.listPages ends the link at its first page', async () => {
    const c = await scripted((n, ws) => {
      ws.send(AUTH);
      if (n === 1) ws.send(presencePage(['p'], 1, BOUNDS.listPages + 1));
    });
    c.engine.start();
    await waitFor(() => c.rec.states.some((s) => s.state === 'reconnecting'), 'the link ended', 15_000);
    const ended = c.rec.states.find((s) => s.state === 'reconnecting');
    expect(ended && 'reason' in ended ? ended.reason : '').toMatch(new RegExp(`more than ${BOUNDS.listPages} pages`));
    expect(c.rec.of('presenceSnapshot')).toEqual([]);
  });
});
