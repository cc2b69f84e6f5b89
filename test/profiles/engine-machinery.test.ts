// The engine machinery profiles need beyond v1, over real sockets: the cookie
// transport (and its redaction), sign-in by the upgrade (no handshake wait, no
// frame lost), a subscribe-all frame, no presence to a server without it, a
// profile's HTTP/close overrides, WebSocket-level pings, read-only servers.
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionEngine, probeServer, tokenProblem } from '../../src/main/connection';
import { FakeCore, cookiesOf, sendJson, type FakeClient } from './fakes/base';
import { client, stopClients, visibleText } from '../connection/support/setup';
import { sleep, waitFor } from '../connection/support/wait';
import { jwtFor, upgradeCookieProfile } from './support/test-profiles';

const TOKEN = jwtFor('alice');
let server: FakeCore<{ cookie: string | undefined }> | null = null;
afterEach(async () => {
  await stopClients();
  await server?.close();
  server = null;
});

async function start(opts: {
  refuse?: number;
  onOpen?: (c: FakeClient<{ cookie: string | undefined }>) => void;
  onFrame?: (c: FakeClient<{ cookie: string | undefined }>, frame: unknown) => void;
}) {
  server = await FakeCore.start<{ cookie: string | undefined }>({
    path: '/ws',
    restartStyle: 'reset',
    authorize: (req) => (opts.refuse ? { accept: false, status: opts.refuse } : { accept: true, context: { cookie: cookiesOf(req).get('access_token') } }),
    onOpen: (c) => opts.onOpen?.(c),
    onFrame: (c, f) => opts.onFrame?.(c, f),
  });
  return server;
}

describe('cookie transport', () => {
  it('sends Cookie: <name>=<token> on the upgrade and nowhere else', async () => {
    const s = await start({});
    const c = client({ url: s.url, token: TOKEN, profile: upgradeCookieProfile() });
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'connected', 'connected');
    expect([...s.clients][0]?.context.cookie).toBe(TOKEN);
    expect(c.engine.diagnostics().endpoint).not.toContain(TOKEN);
    expect(visibleText(c)).not.toContain(TOKEN);
  });

  it('refuses a token a cookie cannot carry, without quoting it', () => {
    const bad = 'abc;def';
    const problem = tokenProblem(bad, { kind: 'cookie', name: 'access_token' });
    expect(problem).toMatch(/cannot travel in a cookie/);
    expect(problem).not.toContain(bad);
    expect(() => new ConnectionEngine({ url: 'ws://127.0.0.1:1/ws', token: bad, profile: upgradeCookieProfile() })).toThrow(/cannot travel in a cookie/);
  });

  it('a close reason echoing the token is redacted in the state, logs and diagnostics', async () => {
    // The server echoes the cookie it got; a close reason is capped at 123 bytes, so the token is short.
    const s = await start({ onOpen: (c) => setTimeout(() => c.ws.close(4001, `bad token ${c.context.cookie ?? ''}`), 20) });
    // A JWT (the profile reads the user from its `sub`), short enough for the close reason.
    const short = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"sub":"a"}').toString('base64url')}.s42`;
    const c = client({ url: s.url, token: short, profile: upgradeCookieProfile() });
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'auth_failed', 'auth_failed');
    expect(c.engine.state).toMatchObject({ state: 'auth_failed', code: 4001, forbidden: false });
    expect(c.engine.diagnostics().lastCloseReason).toMatch(/^bad token \S+/);
    expect(visibleText(c)).not.toContain(short);
  });
});

describe('sign-in by the upgrade', () => {
  it('is signed in at open with the JWT subject as user, with no wait for an auth frame, and loses no early frame', async () => {
    const s = await start({
      onOpen: (c) => {
        // Before the client could have sent anything: a message, a life sign, a known confirmation.
        sendJson(c.ws, { type: 'message', thread_id: 'c1', id: 'm1', seq: 1, sender: 'bob', body: 'early' });
        sendJson(c.ws, { type: 'heartbeat' });
        sendJson(c.ws, { type: 'message_seen', message_id: 'm1' });
      },
      onFrame: (c, f) => {
        if ((f as { type?: string }).type === 'subscribe_user') sendJson(c.ws, { type: 'user_subscribed', conversation_count: 1 });
      },
    });
    const c = client({ url: s.url, token: TOKEN, profile: upgradeCookieProfile(), handshakeTimeoutMs: 10_000 });
    const t0 = Date.now();
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'connected', 'connected', 2_000);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(c.engine.state).toMatchObject({ state: 'connected', userId: 'alice' });
    await waitFor(() => c.rec.messages.length === 1, 'the early message');
    expect(c.rec.messages[0]).toMatchObject({ threadId: 'c1', body: 'early' });
    await waitFor(() => s.received.length >= 1, 'the subscribe frame');
    c.engine.setPresence('away');
    await sleep(100);
    // One subscribe-all frame, no per-thread subscribe, never presence.
    expect(s.received.filter((f) => (f as { type?: string }).type !== 'ping')).toEqual([{ type: 'subscribe_user' }]);
    const d = c.engine.diagnostics();
    expect([d.unknownFrameTypes, d.malformedFrames]).toEqual([0, 0]);
    expect(() => c.engine.send('c1', 'hi')).toThrow(/read-only/);
    expect(c.engine.canSend).toEqual({ ok: false, reason: 'this test server is read-only' });
  });

  it('stays signed in past the handshake timeout when the server says nothing at all', async () => {
    const s = await start({ onFrame: (c, f) => (f as { type?: string }).type === 'ping' && sendJson(c.ws, { type: 'pong' }) });
    const c = client({ url: s.url, token: TOKEN, profile: upgradeCookieProfile(), handshakeTimeoutMs: 300, heartbeatMs: 200, pongTimeoutMs: 200 });
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'connected', 'connected');
    await sleep(900);
    expect(c.rec.stateNames()).toEqual(['connecting', 'connected']);
    expect(s.upgrades).toBe(1);
  });

  it('an auth refusal frame after the upgrade stops the engine: sign in again', async () => {
    const s = await start({ onOpen: (c) => setTimeout(() => sendJson(c.ws, { type: 'auth', data: { success: false, error: 'token expired' } }), 30) });
    const c = client({ url: s.url, token: TOKEN, profile: upgradeCookieProfile() });
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'auth_failed', 'auth_failed');
    expect(c.engine.state).toMatchObject({ reason: 'the server refused the token: token expired', forbidden: false });
    await sleep(300);
    expect(s.upgrades).toBe(1);
  });

  it("HTTP 403 is the profile's 'sign in again', not forbidden, and nothing is retried", async () => {
    const s = await start({ refuse: 403 });
    const c = client({ url: s.url, token: TOKEN, profile: upgradeCookieProfile() });
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'auth_failed', 'auth_failed');
    expect(c.engine.state).toMatchObject({ reason: 'the server refused the token (HTTP 403)', forbidden: false, code: null });
    c.engine.networkChanged(true);
    await sleep(400);
    expect(s.upgrades).toBe(1);
    const p = await probeServer({ url: s.url, token: TOKEN, profile: upgradeCookieProfile(), allowInsecure: false });
    expect(p).toEqual({ ok: false, reason: 'auth_refused', message: `127.0.0.1:${s.port} refused the token (HTTP 403). Check it or get a new one.` });
  });

  it('the probe succeeds on a quiet upgrade, and fails on a refusal frame sent first', async () => {
    const s = await start({});
    const quiet = await probeServer({ url: s.url, token: TOKEN, profile: upgradeCookieProfile(), allowInsecure: false, upgradeQuietMs: 200 });
    expect(quiet).toEqual({ ok: true, userId: 'alice' });
    await s.close();
    const refusing = await start({ onOpen: (c) => sendJson(c.ws, { type: 'auth', data: { success: false, error: 'expired' } }) });
    const r = await probeServer({ url: refusing.url, token: TOKEN, profile: upgradeCookieProfile(), allowInsecure: false, upgradeQuietMs: 2_000 });
    expect(r).toMatchObject({ ok: false, reason: 'auth_refused', message: expect.stringMatching(/refused the token: expired/) });
  });
});

describe('WebSocket-level pings', () => {
  it("keep a silent server's link alive and measure the round trip", async () => {
    const s = await start({});
    const c = client({
      url: s.url,
      token: TOKEN,
      profile: upgradeCookieProfile({ heartbeat: { clientPing: 'ws', lifeSigns: [] } }),
      heartbeatMs: 150,
      pongTimeoutMs: 150,
    });
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'connected', 'connected');
    const rtts: number[] = [];
    c.engine.on('rtt', (r) => rtts.push(r.rttMs));
    await sleep(800);
    expect(c.rec.stateNames()).toEqual(['connecting', 'connected']);
    expect(rtts.length).toBeGreaterThanOrEqual(3);
    // No JSON ping went out: the server's `received` holds only the subscribe-all frame.
    expect(s.received).toEqual([{ type: 'subscribe_user' }]);
  });
});

describe('sending in the server\'s own shape', () => {
  it("writes the profile codec's send frame, sized and queued like v1's, and resends it after a reconnect", async () => {
    const s = await start({});
    const base = upgradeCookieProfile({ canSend: { ok: true } });
    const own = {
      ...base,
      codec: {
        decode: base.codec.decode,
        encode: (f: Parameters<typeof base.codec.encode>[0]) =>
          f.type === 'send' ? JSON.stringify({ type: 'send_message', conversation_id: f.threadId, client_message_id: f.clientId, text: f.body }) : base.codec.encode(f),
      },
    };
    const c = client({ url: s.url, token: TOKEN, profile: own });
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'connected', 'connected');
    const clientId = c.engine.send('c1', 'hello');
    const sent = { type: 'send_message', conversation_id: 'c1', client_message_id: clientId, text: 'hello' };
    await waitFor(() => s.received.some((f) => JSON.stringify(f) === JSON.stringify(sent)), 'the send frame');
    // Unacknowledged (this server never acks): it goes again after a reconnect, in the same shape.
    s.dropAll(1012);
    await waitFor(() => s.received.filter((f) => JSON.stringify(f) === JSON.stringify(sent)).length === 2, 'the resend');
    expect(c.engine.pendingMessages().map((e) => e.clientId)).toEqual([clientId]);
  });

  it('a profile whose codec has no send frame refuses send() even when canSend says yes', async () => {
    const s = await start({});
    const base = upgradeCookieProfile({ canSend: { ok: true } });
    const none = { ...base, codec: { decode: base.codec.decode, encode: (f: Parameters<typeof base.codec.encode>[0]) => (f.type === 'send' ? null : base.codec.encode(f)) } };
    const c = client({ url: s.url, token: TOKEN, profile: none });
    expect(() => c.engine.send('c1', 'hello')).toThrow('send: this server has no way to receive a message');
    expect(c.engine.pendingMessages()).toEqual([]);
  });
});

describe("following threads the app names (channels, conversations)", () => {
  it("subscribes in the server's shape now and after every reconnect; unfollow unsubscribes for good", async () => {
    const s = await start({});
    const base = upgradeCookieProfile({ subscribe: 'threads' });
    const channels = {
      ...base,
      codec: {
        decode: base.codec.decode,
        encode: (f: Parameters<typeof base.codec.encode>[0]) =>
          f.type === 'subscribe' || f.type === 'unsubscribe' ? JSON.stringify({ type: f.type, channel: f.threadId }) : base.codec.encode(f),
      },
    };
    const c = client({ url: s.url, token: TOKEN, profile: channels });
    c.engine.follow('session:1');
    c.engine.start();
    const frames = () => s.received.filter((f) => (f as { type?: string }).type !== 'ping').map((f) => JSON.stringify(f));
    await waitFor(() => frames().length === 1, 'the first subscribe');
    c.engine.follow('session:2');
    c.engine.follow('session:2'); // already followed: nothing more
    await waitFor(() => frames().length === 2, 'the second subscribe');
    s.dropAll(1012);
    await waitFor(() => frames().length === 4, 'both again after the reconnect');
    c.engine.unfollow('session:1');
    await waitFor(() => frames().length === 5, 'the unsubscribe');
    s.dropAll(1012);
    await waitFor(() => frames().length === 6, 'one subscribe after the next reconnect');
    await sleep(100);
    expect(frames()).toEqual([
      '{"type":"subscribe","channel":"session:1"}',
      '{"type":"subscribe","channel":"session:2"}',
      '{"type":"subscribe","channel":"session:1"}',
      '{"type":"subscribe","channel":"session:2"}',
      '{"type":"unsubscribe","channel":"session:1"}',
      '{"type":"subscribe","channel":"session:2"}',
    ]);
    expect(() => c.engine.follow('')).toThrow(TypeError);
  });
});
