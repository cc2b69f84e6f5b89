// A hostile or broken server must not make the client hold unbounded memory:
// frames before auth, messages held behind holes (per thread and in total) and
// threads known are bounded; hitting a bound ends the link with a clear reason.
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { BOUNDS } from '../../src/main/connection';
import type { CompatServer } from './support/compat-server';
import { startCompatServer } from './support/compat-server';
import type { Client } from './support/setup';
import { client } from './support/setup';
import { waitFor } from './support/wait';

const open: { server: CompatServer; c: Client }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.c.engine.stop();
    await o.server.close();
  }
});

const AUTH = JSON.stringify({ type: 'auth', data: { success: true, userId: 'u1' } });
const message = (threadId: string, seq: number, body = `b${seq}`) =>
  JSON.stringify({ type: 'message', thread_id: threadId, id: `${threadId}-m${seq}`, seq, sender: 'u2', body });

/** The first connection runs `first`; later ones only sign in (and answer pings). */
async function hostile(first: (ws: WebSocket) => void): Promise<{ server: CompatServer; c: Client }> {
  let n = 0;
  const server = await startCompatServer({
    acceptToken: () => true,
    onConnection: (ws) => {
      ws.on('message', (d) => {
        if (String(d) === '{"type":"ping"}') ws.send('{"type":"pong"}');
      });
      if (++n === 1) first(ws);
      else ws.send(AUTH);
    },
  });
  const c = client({ url: server.url, token: 'bounds-token-0123', transport: { kind: 'query', param: 'access_token' }, heartbeatMs: 5_000, pongTimeoutMs: 5_000, handshakeTimeoutMs: 10_000 });
  open.push({ server, c });
  return { server, c };
}

async function endedWith(c: Client, pattern: RegExp): Promise<void> {
  await waitFor(() => c.rec.states.some((s) => s.state === 'reconnecting'), 'the link ended', 15_000);
  const ended = c.rec.states.find((s) => s.state === 'reconnecting');
  expect(ended && 'reason' in ended ? ended.reason : '').toMatch(pattern);
  expect(c.engine.diagnostics().boundsHit).toBe(1);
}

describe('bounded buffers', () => {
  it('frames before auth: more than the bound ends the link', async () => {
    const { c } = await hostile((ws) => {
      for (let i = 0; i <= BOUNDS.preAuthFrames; i++) ws.send(JSON.stringify({ type: 'system_announcement', message: `a${i}` }));
      ws.send(AUTH);
    });
    c.engine.start();
    await endedWith(c, /before signing in/);
    await waitFor(() => c.engine.state.state === 'connected', 'the next connection, which behaves');
    // The misbehaving link never counted as connected; the next one did.
    expect(c.rec.states.findIndex((s) => s.state === 'connected')).toBeGreaterThan(c.rec.states.findIndex((s) => s.state === 'reconnecting'));
    expect(c.rec.of('announcement')).toEqual([]);
  });

  it('bytes before auth: a few 1 MiB frames end the link', async () => {
    const big = 'x'.repeat(1_000_000);
    const { c } = await hostile((ws) => {
      for (let i = 0; i < Math.ceil(BOUNDS.preAuthBytes / 1_000_000) + 1; i++) ws.send(JSON.stringify({ type: 'system_announcement', message: big }));
      ws.send(AUTH);
    });
    c.engine.start();
    await endedWith(c, /before signing in/);
  });

  it('bytes held behind a hole in one thread: the link ends instead of growing', async () => {
    const big = 'y'.repeat(1_000_000);
    const { c } = await hostile((ws) => {
      ws.send(AUTH);
      ws.send(message('t1', 1));
      // seq 2 never comes: everything after it waits.
      for (let s = 3; s < 3 + Math.ceil(BOUNDS.heldBytesPerThread / 1_000_000) + 1; s++) ws.send(message('t1', s, big));
    });
    c.engine.start();
    await endedWith(c, /waiting behind missing/);
    await waitFor(() => c.engine.state.state === 'connected', 'reconnected');
    expect(c.rec.of('gap')).toEqual([]);
  });

  it('messages held behind holes across threads: the total is bounded', async () => {
    const threads = 10;
    const perThread = Math.ceil(BOUNDS.heldTotal / threads) + 1;
    expect(perThread).toBeLessThan(BOUNDS.heldPerThread); // no thread reaches its own bound
    const { c } = await hostile((ws) => {
      ws.send(AUTH);
      for (let t = 0; t < threads; t++) {
        ws.send(message(`t${t}`, 1));
        for (let s = 3; s < 3 + perThread; s++) ws.send(message(`t${t}`, s));
      }
    });
    c.engine.start();
    await endedWith(c, /waiting behind missing/);
  });

  it('threads known: a threads list over the bound ends the link before any subscribe', async () => {
    const { server, c } = await hostile((ws) => {
      ws.send(AUTH);
      ws.send(JSON.stringify({ type: 'threads', data: Array.from({ length: BOUNDS.threads + 1 }, (_, i) => ({ id: `x${i}`, title: null, unread: 0, lastSeq: 0 })) }));
    });
    c.engine.start();
    await endedWith(c, /threads/);
    const subscribes = server.received.filter((f) => (f as { type?: string }).type === 'subscribe').length;
    expect(subscribes).toBe(0);
  });

  it('threads known: messages inventing threads past the bound end the link', async () => {
    const { c } = await hostile((ws) => {
      ws.send(AUTH);
      for (let t = 0; t <= BOUNDS.threads; t++) ws.send(message(`inv${t}`, 1));
    });
    c.engine.start();
    await endedWith(c, /threads/);
    expect(Object.keys(c.engine.cursors()).length).toBeLessThanOrEqual(BOUNDS.threads);
  });
});
