// SessionManager's rules with small fakes for the engine and probe (the real
// relay, probe, engine and keychain are in sign-in.real.test.ts).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionService } from '../../src/main/services';
import type { SignInInput } from '../../src/shared/ipc/schemas';
import { outboxPathFor, SessionManager } from '../../src/main/session';
import type { SessionStatus } from '../../src/shared/types';
import { harness, type RecordingEngine } from './support';

const TOKEN = 'tok-A1b2C3d4-secret';
const SERVER = 'wss://chat.example.com/ws';
let h: ReturnType<typeof harness>;
afterEach(() => h?.cleanup());

describe('SessionManager', () => {
  it('fits the service surface main wires into IPC', () => {
    h = harness();
    const service: SessionService = h.make();
    expect(service.status()).toEqual({ signedIn: false, serverUrl: null, lastServerUrl: null, userId: null, keychain: 'os', keychainProblem: null });
  });

  it('first run: nothing stored → signed out, no engine', async () => {
    h = harness();
    const m = h.make();
    expect(await m.start()).toEqual({ signedIn: false, serverUrl: null, lastServerUrl: null, userId: null, keychain: 'os', keychainProblem: null });
    expect(h.engines).toHaveLength(0);
    expect(m.engine()).toBeNull();
  });

  it('signs in: probes, then stores the token and settings and starts the engine', async () => {
    h = harness();
    const m = h.make();
    const seen: SessionStatus[] = [];
    m.onStatus((s) => seen.push(s));
    const engines: Array<RecordingEngine | null> = [];
    m.onEngine((e) => engines.push(e));
    const r = await m.signIn({ serverUrl: ' wss://Chat.Example.com/ws ', token: ` ${TOKEN} `, transport: { kind: 'query', param: 'access_token' } });
    expect(r).toEqual({ ok: true, status: { signedIn: true, serverUrl: SERVER, lastServerUrl: SERVER, userId: 'u1', keychain: 'os', keychainProblem: null }, profile: 'beacon-v1' });
    // The probe gets the address the session checked (a URL object), not a string to check again.
    expect(h.probes.map((p) => ({ ...p, url: p.url instanceof URL ? p.url.href : `unchecked ${p.url}` }))).toEqual([
      { url: SERVER, token: TOKEN, transport: { kind: 'query', param: 'access_token' }, profile: 'beacon-v1', allowInsecure: false, timeoutMs: 10_000 },
    ]);
    expect(await h.keychain.read(SERVER)).toBe(TOKEN);
    expect(h.settings.get('serverUrl')).toBe(SERVER);
    expect(h.settings.get('lastServerUrl')).toBe(SERVER);
    expect(h.settings.get('tokenTransport')).toEqual({ kind: 'query', param: 'access_token' });
    expect(h.engines).toHaveLength(1);
    expect(h.engines[0]?.init.url).toBeInstanceOf(URL);
    expect({ ...h.engines[0]?.init, url: h.engines[0]?.init.url.href }).toEqual({ url: SERVER, token: TOKEN, transport: { kind: 'query', param: 'access_token' }, profile: 'beacon-v1', allowInsecure: false, outboxPath: outboxPathFor(h.dataDir, SERVER) });
    expect(h.engines[0]?.calls).toEqual(['start']);
    expect(engines).toEqual([h.engines[0]]);
    expect(seen.at(-1)).toEqual(r.ok && r.status);
    expect(JSON.stringify([r, seen, h.lines])).not.toContain(TOKEN);
  });

  it.each([
    ['auth_refused', 'chat.example.com refused the token (HTTP 401).'],
    ['forbidden', 'chat.example.com refused access for this token (HTTP 403).'],
    ['unreachable', 'Cannot reach chat.example.com (ECONNREFUSED).'],
    ['tls', 'Secure connection to chat.example.com failed: self-signed certificate'],
    ['timeout', 'chat.example.com did not answer within 10000 ms.'],
    ['protocol', 'chat.example.com answered HTTP 404 instead of opening a WebSocket'],
  ] as const)('a probe failing with %s stores nothing', async (reason, message) => {
    h = harness({ probe: () => ({ ok: false, reason, message }) });
    const m = h.make();
    const r = await m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    expect(r).toEqual({ ok: false, reason, message });
    expect(await h.keychain.list()).toEqual([]);
    expect(h.settings.get('serverUrl')).toBeNull();
    expect(h.settings.get('lastServerUrl')).toBeNull(); // only a server that accepted the token is remembered
    expect(h.engines).toHaveLength(0);
    expect(m.status()).toMatchObject({ signedIn: false, lastServerUrl: null });
  });

  it('scrubs the token from a failure message', async () => {
    h = harness({ probe: ({ token }) => ({ ok: false, reason: 'protocol', message: `server echoed ${token} back` }) });
    const r = await h.make().signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    expect(r).toEqual({ ok: false, reason: 'protocol', message: 'server echoed [redacted] back' });
  });

  it('scrubs a URL-encoded token from a failure message too', async () => {
    const token = 'tok/with+url=chars~1';
    const encoded = new URLSearchParams({ t: token }).toString().slice(2);
    h = harness({ probe: () => ({ ok: false, reason: 'protocol', message: `GET /ws?access_token=${encoded} and ${encodeURIComponent(token)} failed` }) });
    const r = await h.make().signIn({ serverUrl: SERVER, token, transport: { kind: 'query', param: 'access_token' } });
    expect(r).toEqual({ ok: false, reason: 'protocol', message: 'GET /ws?access_token=[redacted] and [redacted] failed' });
  });

  it('refuses bad addresses before contacting anything', async () => {
    h = harness();
    const m = h.make();
    const sign = (serverUrl: string) => m.signIn({ serverUrl, token: TOKEN, transport: { kind: 'header' } });
    expect(await sign('http://chat.example.com')).toMatchObject({ ok: false, reason: 'bad_url', message: "Beacon connects with WebSocket addresses: type ws://chat.example.com instead of http://…." });
    expect(await sign('https://chat.example.com/ws')).toMatchObject({ ok: false, reason: 'bad_url', message: 'Beacon connects with WebSocket addresses: type wss://chat.example.com/ws instead of https://….' });
    expect(await sign('not a url')).toMatchObject({ ok: false, reason: 'bad_url' });
    expect(await sign('ws://chat.example.com/ws')).toMatchObject({
      ok: false,
      reason: 'insecure_url',
      message:
        'ws:// to chat.example.com is unencrypted: use wss://. To connect anyway, open Settings and turn on ' +
        '"Allow ws:// to hosts other than this computer", then sign in again.',
    });
    // The suggestion keeps host and path, never a query that may carry the token.
    const withQuery = await sign(`http://chat.example.com/ws?access_token=${TOKEN}`);
    expect(withQuery).toMatchObject({ ok: false, reason: 'bad_url', message: 'Beacon connects with WebSocket addresses: type ws://chat.example.com/ws instead of http://….' });
    expect(await sign(`wss://chat.example.com/ws?access_token=${TOKEN}`)).toMatchObject({ ok: false, reason: 'invalid_input', message: expect.stringMatching(/contains the token/) });
    expect(h.probes).toEqual([]);
    expect(await sign('ws://127.0.0.1:9/ws')).toMatchObject({ ok: true });
  });

  it('allows ws:// to another host once insecure hosts are allowed', async () => {
    h = harness();
    h.settings.set('allowInsecureHosts', true);
    const r = await h.make().signIn({ serverUrl: 'ws://chat.example.com/ws', token: TOKEN, transport: { kind: 'header' } });
    expect(r.ok).toBe(true);
    expect(h.probes[0]?.allowInsecure).toBe(true);
    expect(h.engines[0]?.init.allowInsecure).toBe(true);
  });

  it('rejects malformed requests with the IPC contract\'s rules, also from a direct caller', async () => {
    h = harness();
    const m = h.make();
    // A caller outside TypeScript's reach (plain JS, a cast) still meets SignInInput.
    const untyped = (request: unknown) => m.signIn(request as SignInInput);
    expect(await m.signIn({ serverUrl: SERVER, token: '   ', transport: { kind: 'header' } })).toMatchObject({ ok: false, reason: 'invalid_input', message: expect.stringMatching(/token is required/) });
    expect(await m.signIn({ serverUrl: '  ', token: TOKEN, transport: { kind: 'header' } })).toMatchObject({ ok: false, reason: 'invalid_input', message: expect.stringMatching(/server URL is required/) });
    expect(await untyped({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'cookie' } })).toMatchObject({ ok: false, reason: 'invalid_input' });
    expect(await untyped(null)).toMatchObject({ ok: false, reason: 'invalid_input' });
    const mangled = await m.signIn({ serverUrl: SERVER, token: `${TOKEN} ${TOKEN}`, transport: { kind: 'header' } });
    expect(mangled).toMatchObject({ ok: false, reason: 'invalid_input', message: expect.stringMatching(/printable ASCII without spaces/) });
    expect(JSON.stringify(mangled)).not.toContain(TOKEN);
    expect(await untyped({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' }, extra: 1 })).toMatchObject({ ok: false, reason: 'invalid_input' });
    expect(await untyped({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header', param: 'x' } })).toMatchObject({ ok: false, reason: 'invalid_input' });
    expect(h.probes).toEqual([]);
    expect(await h.keychain.list()).toEqual([]);
  });

  it('starts with a stored server and token: connects at once without a probe, learns the user from the engine', async () => {
    h = harness();
    await h.make().signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    const m = h.make(); // a new app run
    const st = await m.start();
    expect(st).toEqual({ signedIn: true, serverUrl: SERVER, lastServerUrl: SERVER, userId: null, keychain: 'os', keychainProblem: null });
    expect(h.probes).toHaveLength(1);
    const engine = h.engines[1];
    expect(engine?.init.token).toBe(TOKEN);
    expect(engine?.calls).toEqual(['start']);
    const seen: SessionStatus[] = [];
    m.onStatus((s) => seen.push(s));
    engine?.emit({ state: 'connected', userId: 'u1', since: 3, rttMs: null });
    expect(m.status().userId).toBe('u1');
    expect(seen).toHaveLength(1);
    expect(await m.start()).toEqual(m.status()); // idempotent
    expect(h.engines).toHaveLength(2);
  });

  it('asks the keychain once at start: the token read when a server is saved, a check when there is nothing to read', async () => {
    h = harness();
    await h.make().signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    h.keychain.calls.length = 0;
    expect((await h.make().start()).signedIn).toBe(true);
    expect(h.keychain.calls).toEqual(['read']);

    h.keychain.calls.length = 0;
    h.settings.set('serverUrl', null);
    expect((await h.make().start()).signedIn).toBe(false);
    expect(h.keychain.calls).toEqual(['check']);
  });

  it('a keychain that fails the token read at start still shows as memory only', async () => {
    h = harness();
    await h.make().signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    h.keychain.failWith = 'Cannot create an item in a locked collection';
    h.keychain.calls.length = 0;
    expect(await h.make().start()).toMatchObject({ signedIn: false, keychain: 'memory-only', keychainProblem: expect.stringMatching(/locked/) });
    expect(h.keychain.calls).toEqual(['read']);
  });

  it('does not read the token for a saved address that no longer passes the URL rules', async () => {
    h = harness();
    const insecure = 'ws://chat.example.com/ws';
    await h.keychain.write(insecure, TOKEN);
    h.settings.set('serverUrl', insecure);
    h.keychain.calls.length = 0;
    const st = await h.make().start();
    expect(st).toEqual({ signedIn: false, serverUrl: null, lastServerUrl: null, userId: null, keychain: 'os', keychainProblem: null });
    expect(h.keychain.calls).toEqual(['check']);
    expect(h.engines).toHaveLength(0);
    expect(h.lines.join('\n')).toMatch(/not connecting to the saved server/);
  });

  it('signs out: stops the engine, deletes the token and the outbox, clears session settings', async () => {
    h = harness();
    const m = h.make();
    await m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    h.settings.set('lastOpenThread', 't1');
    const outbox = outboxPathFor(h.dataDir, SERVER) ?? '';
    mkdirSync(h.dataDir, { recursive: true });
    writeFileSync(outbox, '{"version":1,"entries":[]}');
    writeFileSync(`${outbox}.corrupt-1`, 'x');
    writeFileSync(`${outboxPathFor(h.dataDir, 'wss://other.example.com/ws')}`, 'kept');
    const st = await m.signOut();
    // The last server stays, so the sign-in form can offer it again.
    expect(st).toEqual({ signedIn: false, serverUrl: null, lastServerUrl: SERVER, userId: null, keychain: 'os', keychainProblem: null });
    expect(h.engines[0]?.calls).toEqual(['start', 'stop']);
    expect(await h.keychain.list()).toEqual([]);
    expect(existsSync(outbox)).toBe(false);
    expect(readdirSync(h.dataDir)).toHaveLength(1);
    expect(h.settings.get('serverUrl')).toBeNull();
    expect(h.settings.get('lastServerUrl')).toBe(SERVER);
    expect(h.settings.get('lastOpenThread')).toBeNull();
    expect(h.cleared).toHaveLength(1);
    expect(m.engine()).toBeNull();
    // a new run starts signed out
    expect((await h.make().start()).signedIn).toBe(false);
  });

  it('a new token for the same server goes to the running engine', async () => {
    h = harness();
    const m = h.make();
    await m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    h.engines[0]?.emit({ state: 'auth_failed', reason: 'expired', code: 4401, forbidden: false, since: 5 });
    await m.signIn({ serverUrl: SERVER, token: `${TOKEN}-2`, transport: { kind: 'header' } });
    expect(h.engines).toHaveLength(1);
    expect(h.engines[0]?.tokens).toEqual([TOKEN, `${TOKEN}-2`]);
    expect(await h.keychain.read(SERVER)).toBe(`${TOKEN}-2`);
  });

  it('signing in to another server replaces the session and forgets the old token', async () => {
    h = harness();
    const m = h.make();
    await m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    await m.signIn({ serverUrl: 'wss://other.example.com/ws', token: 'other-token-xyz', transport: { kind: 'subprotocol' } });
    expect(h.engines[0]?.calls).toEqual(['start', 'stop']);
    expect(h.engines[1]?.calls).toEqual(['start']);
    expect(await h.keychain.list()).toEqual(['wss://other.example.com/ws']);
    expect(m.status().serverUrl).toBe('wss://other.example.com/ws');
  });

  it('still signs in when the keychain is unusable, and says the token is in memory only', async () => {
    h = harness();
    h.keychain.failWith = 'Cannot autolaunch D-Bus without X11 $DISPLAY';
    const m = h.make();
    const seen: SessionStatus[] = [];
    m.onStatus((s) => seen.push(s));
    expect(await m.start()).toMatchObject({ signedIn: false, keychain: 'memory-only', keychainProblem: expect.stringMatching(/D-Bus.*memory only/) });
    const r = await m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    expect(r).toMatchObject({ ok: true, status: { signedIn: true, keychain: 'memory-only' } });
    expect(await h.tokens.read(SERVER)).toBe(TOKEN);
    expect(seen[0]?.keychain).toBe('memory-only');
  });

  it('reports a sign-out that could not remove the token from a locked keychain', async () => {
    h = harness();
    const m = h.make();
    await m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    h.keychain.failWith = 'Cannot create an item in a locked collection';
    const st = await m.signOut();
    expect(st.signedIn).toBe(false);
    expect(st.keychainProblem).toMatch(/could not make sure no token is left.*locked/);
    // the saved server is gone, so the next run does not sign in with the leftover token
    h.keychain.failWith = null;
    expect((await h.make().start()).signedIn).toBe(false);
  });

  it('runs overlapping requests one at a time, in order', async () => {
    h = harness();
    const m = h.make();
    const order: string[] = [];
    const a = m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } }).then(() => order.push('in'));
    const b = m.signOut().then(() => order.push('out'));
    await Promise.all([a, b]);
    expect(order).toEqual(['in', 'out']);
    expect(m.status().signedIn).toBe(false);
    expect(h.engines[0]?.calls).toEqual(['start', 'stop']);
  });

  it('close() stops the engine but keeps the sign-in for next time', async () => {
    h = harness();
    const m = h.make();
    await m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    await m.close();
    expect(h.engines[0]?.calls).toEqual(['start', 'stop']);
    expect(await h.keychain.read(SERVER)).toBe(TOKEN);
    expect((await h.make().start()).signedIn).toBe(true);
  });

  it('offers no way to read the token back', () => {
    h = harness();
    const m = h.make();
    const names = Object.getOwnPropertyNames(SessionManager.prototype);
    expect(names.filter((n) => /token/i.test(n))).toEqual([]);
    expect(Object.keys(m.status()).sort()).toEqual(['keychain', 'keychainProblem', 'lastServerUrl', 'serverUrl', 'signedIn', 'userId']);
  });
});
