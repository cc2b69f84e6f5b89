// The engine against the real reference relay over real sockets.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probeServer } from '../../src/main/connection';
import { systemClock } from '../../src/main/connection/clock';
import { newCounters } from '../../src/main/connection/diagnostics';
import { Link } from '../../src/main/connection/link';
import type { LinkEnd } from '../../src/main/connection/link';
import { buildConnectRequest } from '../../src/main/connection/transport';
import type { Relay } from '../../src/relay';
import { closedPort } from '../support/ports';
import { client, startConnRelay, stopClients, visibleText } from './support/setup';
import { seqProblem } from './support/recorder';
import { waitFor } from './support/wait';

let relay: Relay;
let token: string;

beforeAll(async () => {
  relay = await startConnRelay();
  token = await relay.mintToken('u1');
});
afterEach(stopClients);
afterAll(async () => {
  await relay.close();
});

describe('happy path against the reference relay', () => {
  it('connects, lists threads, replays and streams in order, sends with ack, echoes reads, tracks presence', async () => {
    for (const b of ['one', 'two', 'three']) await relay.postMessage('t1', 'u2', b);
    const a = client({ url: relay.url, token });
    a.engine.start();
    await waitFor(() => a.engine.state.state === 'connected', 'connected');
    expect(a.engine.state).toMatchObject({ state: 'connected', userId: 'u1' });
    expect(a.rec.stateNames()).toEqual(['connecting', 'connected']);

    await waitFor(() => a.rec.of('threads').length > 0, 'threads');
    expect(a.rec.of('threads')[0]).toEqual([
      { id: 't1', title: 'General', unread: 3, lastSeq: 3 },
      { id: 't2', title: 'Random', unread: 0, lastSeq: 0 },
    ]);
    await waitFor(() => a.rec.inThread('t1').length === 3, 'replay of t1');
    expect(a.rec.inThread('t1').map((m) => m.body)).toEqual(['one', 'two', 'three']);

    await relay.postMessage('t2', 'u2', 'live');
    await waitFor(() => a.rec.inThread('t2').length === 1, 'live message in t2');
    expect(a.rec.inThread('t2')[0]).toMatchObject({ seq: 1, sender: 'u2', body: 'live', encrypted: false });

    const clientId = a.engine.send('t1', 'hello');
    expect(clientId).toMatch(/^c-/);
    expect(a.rec.deliveries[0]).toEqual({ clientId, threadId: 't1', status: 'pending' });
    await waitFor(() => a.rec.delivered().length === 1, 'ack');
    expect(a.rec.delivered()[0]).toMatchObject({ clientId, threadId: 't1', status: 'delivered', seq: 4 });
    await waitFor(() => a.rec.inThread('t1').length === 4, 'own message broadcast back');
    expect(seqProblem(a.rec.inThread('t1'), 1, 4)).toBeNull();
    expect(a.engine.pendingMessages()).toEqual([]);

    // A second connection of the same user marks read: the first hears the echo.
    const b = client({ url: relay.url, token });
    b.engine.start();
    await waitFor(() => b.engine.state.state === 'connected', 'b connected');
    b.engine.markRead('t1', 4);
    await waitFor(() => a.rec.of('read').length === 1, 'read echo');
    expect(a.rec.of('read')[0]).toEqual({ threadId: 't1', seq: 4 });

    // Presence both ways.
    const u2 = client({ url: relay.url, token: await relay.mintToken('u2') });
    u2.engine.start();
    await waitFor(() => a.rec.of('presence').some((p) => p.userId === 'u2' && p.status === 'online'), 'u2 online');
    u2.engine.setPresence('away');
    await waitFor(() => a.rec.of('presence').some((p) => p.userId === 'u2' && p.status === 'away'), 'u2 away');
    a.engine.setPresence('busy');
    await waitFor(() => u2.rec.of('presence').some((p) => p.userId === 'u1' && p.status === 'busy'), 'u1 busy seen by u2');
    expect(a.rec.of('presenceSnapshot')[0]).toEqual(expect.arrayContaining([{ userId: 'u2', status: 'offline' }]));

    relay.notify({ to: 'u1', level: 'warning', title: 'Deploy', message: 'Build 42 failed' });
    relay.announce('Maintenance at 22:00');
    await waitFor(() => a.rec.of('announcement').length === 1, 'announcement');
    expect(a.rec.of('notification')).toEqual([{ id: expect.any(String), level: 'warning', title: 'Deploy', message: 'Build 42 failed' }]);
    expect(a.rec.of('announcement')).toEqual([{ message: 'Maintenance at 22:00' }]);

    // RTT from the heartbeat (300 ms in tests).
    await waitFor(() => a.engine.state.state === 'connected' && a.engine.state.rttMs !== null, 'rtt measured');
    const d = a.engine.diagnostics();
    expect(d).toMatchObject({ state: 'connected', reconnects: 0, malformedFrames: 0, unknownFrameTypes: 0, duplicatesDropped: 0, outboxSize: 0 });
    expect(d.framesIn).toBeGreaterThan(8);
    expect(d.rttMs).toBeGreaterThanOrEqual(0);
    expect(a.engine.cursors()).toEqual({ t1: 4, t2: 1 });
    for (const c of [a, b, u2]) expect(visibleText(c)).not.toContain(token);
  });

  it('follows the threads list: a thread added mid-session is subscribed, one we are removed from is forgotten', async () => {
    const a = client({ url: relay.url, token });
    a.engine.start();
    await waitFor(() => a.rec.of('threads').length === 1, 'threads');
    relay.addThread({ id: 't3', title: 'Incidents', members: ['u1', 'u2'] });
    await waitFor(() => a.rec.of('threads').length === 2, 'updated list');
    await relay.postMessage('t3', 'u2', 'new thread, first message');
    await waitFor(() => a.rec.inThread('t3').length === 1, 'message in the new thread');
    expect(a.engine.cursors().t3).toBe(1);

    relay.addThread({ id: 't3', title: 'Incidents', members: ['u2'] });
    await waitFor(() => a.rec.of('threads').length === 3, 'list without t3');
    expect(a.engine.cursors().t3).toBeUndefined();
    // After a reconnect nothing asks for t3 again (the relay would refuse it).
    a.engine.networkChanged(false);
    a.engine.networkChanged(true);
    await waitFor(() => a.engine.state.state === 'connected' && a.rec.of('threads').length === 4, 'reconnected');
    await relay.postMessage('t1', 'u2', 'marker');
    await waitFor(() => a.rec.messages.some((m) => m.body === 'marker'), 'marker');
    expect(a.rec.of('error')).toEqual([]);
  });

  it('reports a send the server rejects as failed, with its reason', async () => {
    const a = client({ url: relay.url, token });
    a.engine.start();
    await waitFor(() => a.engine.state.state === 'connected', 'connected');
    const id = a.engine.send('no-such-thread', 'hello?');
    await waitFor(() => a.rec.deliveries.length === 2, 'failed delivery');
    expect(a.rec.deliveries[1]).toEqual({ clientId: id, threadId: 'no-such-thread', status: 'failed', reason: expect.stringContaining('not a member') });
    expect(a.engine.pendingMessages()).toEqual([]);
    expect(() => a.engine.send('t1', '   ')).toThrow(/empty/);
    expect(() => a.engine.send('', 'x')).toThrow(/threadId/);
    expect(() => a.engine.markRead('t1', -1)).toThrow(/non-negative/);
  });

  it('pauses and resumes for network, sleep and appear-offline, with an immediate attempt on the way back', async () => {
    const a = client({ url: relay.url, token });
    a.engine.start();
    await waitFor(() => a.engine.state.state === 'connected', 'connected');
    const cases: [() => void, () => void, string][] = [
      [() => a.engine.networkChanged(false), () => a.engine.networkChanged(true), 'network'],
      [() => a.engine.systemSuspended(), () => a.engine.systemResumed(), 'suspended'],
      [() => a.engine.setAppearOfflineDisconnected(true), () => a.engine.setAppearOfflineDisconnected(false), 'user'],
    ];
    for (const [pause, resume, reason] of cases) {
      pause();
      expect(a.engine.state).toMatchObject({ state: 'offline', reason });
      await waitFor(() => relay.connectionCount('u1') === 0, `relay sees u1 gone (${reason})`);
      const attempts = a.engine.diagnostics().connectAttempts;
      resume();
      expect(a.engine.state).toMatchObject({ state: 'connecting' });
      await waitFor(() => a.engine.state.state === 'connected', `back from ${reason}`);
      expect(a.engine.diagnostics().connectAttempts).toBe(attempts + 1);
    }
    // While appearing offline, reconnectNow does not override the user's choice.
    a.engine.setAppearOfflineDisconnected(true);
    a.engine.reconnectNow();
    expect(a.engine.state).toMatchObject({ state: 'offline', reason: 'user' });
  });
});

describe('token transports and the probe', () => {
  it("a server that never answers the upgrade is ended by the link's own handshake timer, never by ws's timeout error", async () => {
    // ws gets the same handshakeTimeout, but the link's timer is armed first: its 'error' end never shows.
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const url = new URL(`ws://127.0.0.1:${(silent.address() as AddressInfo).port}`);
    try {
      const ends = await Promise.all(Array.from({ length: 8 }, () => new Promise<LinkEnd>((resolve) => {
        new Link({
          request: buildConnectRequest(url, token, { kind: 'header' }),
          token,
          handshakeTimeoutMs: 200,
          heartbeatMs: 200,
          pongTimeoutMs: 200,
          clock: systemClock,
          counters: newCounters(),
          onAuth: () => {},
          onEvent: () => {},
          onEnd: resolve,
        });
      })));
      expect(ends).toEqual(Array.from({ length: 8 }, () => ({ kind: 'handshake_timeout', opened: false, framesBeforeAuth: 0 })));
    } finally {
      silent.close();
    }
  });


  it('connects with the token in the header, the query (both names) or the subprotocol', async () => {
    for (const transport of [{ kind: 'header' }, { kind: 'query', param: 'token' }, { kind: 'query', param: 'access_token' }, { kind: 'subprotocol' }] as const) {
      expect(await probeServer({ url: relay.url, token, transport, allowInsecure: false }), transport.kind).toEqual({ ok: true, userId: 'u1' });
    }
    const q = client({ url: relay.url, token, transport: { kind: 'query', param: 'access_token' } });
    q.engine.start();
    await waitFor(() => q.engine.state.state === 'connected', 'connected via query');
    expect(visibleText(q)).not.toContain(token);
  });

  it('explains each failure without the token', async () => {
    const bad = `${token.slice(0, -4)}AAAA`;
    const silent = net.createServer(() => {}); // accepts TCP, never answers
    const notWs = http.createServer((_req, res) => res.writeHead(404).end());
    await Promise.all([silent, notWs].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))));
    const port = (s: net.Server) => (s.address() as AddressInfo).port;
    const closed = await closedPort();
    try {
      const results = await Promise.all([
        probeServer({ url: relay.url, token: bad, transport: { kind: 'header' }, allowInsecure: false }),
        probeServer({ url: relay.url, token: bad, transport: { kind: 'query', param: 'token' }, allowInsecure: false }),
        probeServer({ url: 'ws://relay.example.com', token, transport: { kind: 'header' }, allowInsecure: false }),
        probeServer({ url: 'http://x', token, transport: { kind: 'header' }, allowInsecure: false }),
        probeServer({ url: `ws://127.0.0.1:${closed}`, token, transport: { kind: 'header' }, allowInsecure: false }),
        probeServer({ url: `ws://127.0.0.1:${port(silent)}`, token, transport: { kind: 'header' }, allowInsecure: false, timeoutMs: 400 }),
        probeServer({ url: `ws://127.0.0.1:${port(notWs)}/ws`, token, transport: { kind: 'header' }, allowInsecure: false }),
        probeServer({ url: 'wss://127.0.0.1:1', token, transport: { kind: 'header' }, allowInsecure: false }),
      ]);
      expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['auth_refused', 'auth_refused', 'insecure_url', 'bad_url', 'unreachable', 'timeout', 'protocol', 'unreachable']);
      for (const r of results) {
        expect(JSON.stringify(r)).not.toContain(token.slice(20));
        if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
      }
    } finally {
      silent.close();
      notWs.close();
    }
  });
});
