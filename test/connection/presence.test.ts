// Presence must name the right person: a frame that names nobody is dropped,
// and a server's "you are offline" while this connection is up is corrected.
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { decodeServerFrame } from '../../src/shared/protocol';
import type { CompatServer } from './support/compat-server';
import { startCompatServer } from './support/compat-server';
import type { Client } from './support/setup';
import { client } from './support/setup';
import { sleep, waitFor } from './support/wait';

const TOKEN = 'presence-token-0123456789';
const open: { server: CompatServer; c: Client }[] = [];

afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.c.engine.stop();
    await o.server.close();
  }
});

/** A v1 server that signs the client in as u1 and then runs `script`. */
async function serverAndClient(script: (ws: WebSocket, server: CompatServer) => void): Promise<{ server: CompatServer; c: Client }> {
  const server = await startCompatServer({
    acceptToken: (t) => t === TOKEN,
    onConnection: (ws, s) => {
      ws.send(JSON.stringify({ type: 'auth', data: { success: true, userId: 'u1' } }));
      ws.on('message', (d) => {
        if (String(d) === '{"type":"ping"}') ws.send('{"type":"pong"}');
      });
      script(ws, s);
    },
  });
  const c = client({ url: server.url, token: TOKEN, transport: { kind: 'query', param: 'access_token' } });
  open.push({ server, c });
  return { server, c };
}

const presenceSent = (s: CompatServer): unknown[] =>
  s.received.filter((f) => (f as { type?: string }).type === 'user_presence').map((f) => (f as { data: unknown }).data);

describe('presence', () => {
  it('a user_presence object without userId names nobody: dropped and counted as malformed', async () => {
    expect(decodeServerFrame(JSON.stringify({ type: 'user_presence', data: { status: 'busy' } }))).toMatchObject({ ok: false, reason: 'invalid_frame' });
    expect(decodeServerFrame(JSON.stringify({ type: 'user_presence', status: 'busy' }))).toMatchObject({ ok: false, reason: 'invalid_frame' });
    const { c } = await serverAndClient((ws) => {
      ws.send(JSON.stringify({ type: 'user_presence', data: { status: 'busy' } }));
      ws.send(JSON.stringify({ type: 'user_presence', data: { userId: 'u2', status: 'away' } }));
      ws.send(JSON.stringify({ type: 'user_presence', data: 'online' })); // bare string: this connection's user
    });
    c.engine.start();
    await waitFor(() => c.rec.of('presence').length >= 2, 'two presence events');
    await sleep(50);
    expect(c.rec.of('presence')).toEqual([
      { userId: 'u2', status: 'away' },
      { userId: 'u1', status: 'online' },
    ]);
    expect(c.engine.diagnostics().malformedFrames).toBe(1);
  });

  it('the server reporting our own user offline while connected: the chosen status is sent again (at most once a second)', async () => {
    const { server, c } = await serverAndClient((ws) => {
      ws.on('message', (d) => {
        // Answer the client's first presence with a report of its own user going offline,
        // as servers that broadcast one connection's close do; then a burst of them.
        if (String(d) === '{"type":"user_presence","data":"busy"}' && presenceSent(server).length === 1) {
          for (let i = 0; i < 5; i++) ws.send(JSON.stringify({ type: 'user_presence', data: { userId: 'u1', status: 'offline' } }));
        }
      });
    });
    c.engine.setPresence('busy');
    c.engine.start();
    await waitFor(() => presenceSent(server).length >= 2, 'busy sent again');
    await sleep(300);
    expect(presenceSent(server)).toEqual(['busy', 'busy']);
    expect(c.engine.state.state).toBe('connected');
    expect(c.engine.diagnostics().connectAttempts).toBe(1); // the same connection, not a reconnect's replay
  });

  it('appear offline chosen: our own offline report is right and nothing is re-sent; others\' offline is not about us', async () => {
    const { server, c } = await serverAndClient((ws) => {
      ws.on('message', () => {
        ws.send(JSON.stringify({ type: 'user_presence', data: { userId: 'u2', status: 'offline' } }));
        ws.send(JSON.stringify({ type: 'user_presence', data: { userId: 'u1', status: 'offline' } }));
      });
    });
    c.engine.setPresence('offline');
    c.engine.start();
    await waitFor(() => c.rec.of('presence').length >= 2, 'reports heard');
    await sleep(200);
    expect(presenceSent(server)).toEqual(['offline']);
    expect(c.engine.diagnostics().connectAttempts).toBe(1);
  });
});
