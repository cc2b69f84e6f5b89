// Sign-in against the real reference relay over real sockets, with the real
// probe and connection engine. The token goes to the real OS keychain when
// one is available (scripts/with-keychain.sh); the keychain-specific checks
// are in their own block that skips (or fails in CI) without one.
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mintToken, startRelay, type Relay } from '../../src/relay';
import { openConfSettings, type SettingsStore } from '../../src/main/settings';
import { createSessionManager, type SessionManager } from '../../src/main/session';
import type { ConnectionEngine } from '../../src/main/connection';
import { createTokenStore, loadKeytar, TokenStore } from '../../src/main/vault';
import { closed, describeWhen, OPEN } from '../support/system-gate';
import { realKeychainGate } from '../vault/support/keychain-env';
import { ScriptedKeychain } from '../vault/support/scripted-keychain';
import { closedPort } from '../support/ports';
import { pollUntil } from '../support/wait';

const keychainGate = realKeychainGate();
// A keychain service per test, so a token one test leaves behind is never another's.
const SERVICE_PREFIX = `BeaconTest-session-${process.pid}-${Date.now()}`;
const services: string[] = [];
const lines: string[] = [];
const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };

let relay: Relay;
const dirs: string[] = [];
const managers: Array<SessionManager<ConnectionEngine>> = [];

beforeAll(async () => {
  relay = await startRelay({ port: 0 });
});
afterAll(async () => {
  await relay?.close();
  if (keychainGate.available) {
    const keytar = await loadKeytar();
    for (const service of services) {
      for (const c of await keytar.findCredentials(service)) await keytar.deletePassword(service, c.account);
    }
  }
});
afterEach(async () => {
  for (const m of managers.splice(0)) await m.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tokenStore(real: boolean): { tokens: TokenStore; service: string } {
  const service = `${SERVICE_PREFIX}-${services.length}`;
  services.push(service);
  return { service, tokens: real ? createTokenStore({ service, log }) : new TokenStore(new ScriptedKeychain(), log) };
}

function setup(opts: { tokens?: TokenStore; settings?: SettingsStore; dir?: string } = {}) {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'beacon-signin-'));
  if (!opts.dir) dirs.push(dir);
  const tokens = opts.tokens ?? tokenStore(keychainGate.available).tokens;
  const settings = opts.settings ?? openConfSettings({ dir, log });
  const m = createSessionManager({
    tokens,
    settings,
    dataDir: join(dir, 'data'),
    log,
    probeTimeoutMs: 5_000,
    engine: { heartbeatMs: 300, pongTimeoutMs: 700, handshakeTimeoutMs: 3_000 },
  });
  managers.push(m);
  return { m, tokens, settings, dir };
}

function until<T>(what: string, read: () => T, ok: (v: T) => boolean, timeoutMs = 8_000): Promise<T> {
  let last: T | undefined;
  const track = (): T => (last = read());
  return pollUntil(() => `${what} (last: ${JSON.stringify(last)})`, track, ok, { timeoutMs, everyMs: 25 });
}

function lanAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

describe(`sign-in against the real relay (token store: ${keychainGate.available ? 'OS keychain' : 'in-process stand-in, no keychain here'})`, () => {
  it('a good token: signed in, token and server stored, the engine connects', async () => {
    const { m, tokens, settings } = setup();
    const token = await relay.mintToken('u1');
    const r = await m.signIn({ serverUrl: relay.url, token, transport: { kind: 'header' } });
    const url = new URL(relay.url).href;
    expect(r).toEqual({ ok: true, status: { signedIn: true, serverUrl: url, lastServerUrl: url, userId: 'u1', keychain: 'os', keychainProblem: null }, profile: 'beacon-v1' });
    expect(await tokens.read(url)).toBe(token);
    expect(settings.get('serverUrl')).toBe(url);
    const engine = m.engine();
    expect(engine).not.toBeNull();
    await until('engine connected', () => engine?.state, (s) => s?.state === 'connected');
    expect(engine?.state).toMatchObject({ state: 'connected', userId: 'u1' });
    await until('one connection for u1 on the relay', () => relay.connectionCount('u1'), (n) => n === 1);
    expect(lines.join('\n')).not.toContain(token);

    const out = await m.signOut();
    expect(out.signedIn).toBe(false);
    expect(engine?.state.state).toBe('stopped');
    expect(await tokens.read(url)).toBeNull();
    await until('relay sees the client leave', () => relay.connectionCount('u1'), (n) => n === 0);
  });

  it('the query and subprotocol transports sign in too', async () => {
    const { m } = setup();
    const token = await relay.mintToken('u2');
    expect(await m.signIn({ serverUrl: relay.url, token, transport: { kind: 'query', param: 'token' } })).toMatchObject({ ok: true, status: { userId: 'u2' } });
    expect(await m.signIn({ serverUrl: relay.url, token, transport: { kind: 'subprotocol' } })).toMatchObject({ ok: true, status: { userId: 'u2' } });
    await until('engine connected', () => m.engine()?.state.state, (s) => s === 'connected');
  });

  it.each([
    ['garbage', async () => 'not-a-real-token-0123456789'],
    ['signed with another secret', async () => mintToken('some-other-secret', 'u1')],
  ])('a bad token (%s): auth_refused, nothing stored, no engine', async (_what, make) => {
    const { m, tokens, settings } = setup();
    const token = await make();
    const r = await m.signIn({ serverUrl: relay.url, token, transport: { kind: 'header' } });
    expect(r).toMatchObject({ ok: false, reason: 'auth_refused', message: expect.stringMatching(/refused the token/) });
    expect(JSON.stringify(r)).not.toContain(token);
    expect(await tokens.read(new URL(relay.url).href)).toBeNull();
    expect(settings.get('serverUrl')).toBeNull();
    expect(m.engine()).toBeNull();
    expect(m.status().signedIn).toBe(false);
  });

  it('an unreachable host (a closed port): unreachable, nothing stored', async () => {
    const { m, tokens, settings } = setup();
    const url = `ws://127.0.0.1:${await closedPort()}/`;
    const r = await m.signIn({ serverUrl: url, token: await relay.mintToken('u1'), transport: { kind: 'header' } });
    expect(r).toMatchObject({ ok: false, reason: 'unreachable', message: expect.stringMatching(/Cannot reach 127\.0\.0\.1:\d+/) });
    expect(await tokens.read(url)).toBeNull();
    expect(settings.get('serverUrl')).toBeNull();
  });

  it('http:// is a bad URL with a clear message', async () => {
    const { m } = setup();
    const r = await m.signIn({ serverUrl: relay.url.replace('ws://', 'http://'), token: await relay.mintToken('u1'), transport: { kind: 'header' } });
    const typed = `ws://${new URL(relay.url).host}`;
    expect(r).toEqual({ ok: false, reason: 'bad_url', message: `Beacon connects with WebSocket addresses: type ${typed} instead of http://….` });
    // What it says to type signs in.
    expect(await m.signIn({ serverUrl: typed, token: await relay.mintToken('u1'), transport: { kind: 'header' } })).toMatchObject({ ok: true });
  });

  it('after sign-out and a restart, the last server is offered again and signing in to it works', async () => {
    const first = setup();
    const url = new URL(relay.url).href;
    expect((await first.m.signIn({ serverUrl: relay.url, token: await relay.mintToken('u4'), transport: { kind: 'header' } })).ok).toBe(true);
    expect(await first.m.signOut()).toMatchObject({ signedIn: false, serverUrl: null, lastServerUrl: url });
    await first.m.close();
    await until('relay sees the client leave', () => relay.connectionCount('u4'), (n) => n === 0);

    const again = setup({ settings: openConfSettings({ dir: first.dir, log }), dir: first.dir });
    expect(await again.m.start()).toMatchObject({ signedIn: false, serverUrl: null, lastServerUrl: url });
    expect(again.m.engine()).toBeNull();
    const offered = again.m.status().lastServerUrl ?? '';
    expect(await again.m.signIn({ serverUrl: offered, token: await relay.mintToken('u4'), transport: { kind: 'header' } })).toMatchObject({
      ok: true,
      status: { signedIn: true, serverUrl: url, lastServerUrl: url, userId: 'u4' },
    });
    await until('one connection for u4 on the relay', () => relay.connectionCount('u4'), (n) => n === 1);
  });

  it('at start, a stored server and token connect at once', async () => {
    const first = setup();
    const token = await relay.mintToken('u3');
    expect((await first.m.signIn({ serverUrl: relay.url, token, transport: { kind: 'header' } })).ok).toBe(true);
    await first.m.close();
    const again = setup({ tokens: first.tokens, settings: first.settings, dir: first.dir });
    const st = await again.m.start();
    expect(st).toMatchObject({ signedIn: true, serverUrl: new URL(relay.url).href });
    await until('engine connected', () => again.m.engine()?.state.state, (s) => s === 'connected');
    await until('user id learnt from the engine', () => again.m.status().userId, (u) => u === 'u3');
  });
});

const lan = lanAddress();
const lanGate = lan ? OPEN : closed('no non-loopback IPv4 interface to reach a relay by');

describeWhen(lanGate, 'ws:// to a non-loopback host', () => {
  let open: Relay;
  beforeAll(async () => {
    open = await startRelay({ host: '0.0.0.0', port: 0, secret: 'lan-test-secret-0123456789abcdef' });
  });
  afterAll(async () => open?.close());

  it('is refused unless insecure hosts are allowed, then works', async () => {
    const { m, tokens, settings } = setup();
    const url = `ws://${lan}:${open.port}/`;
    const token = await open.mintToken('u9');
    const refused = await m.signIn({ serverUrl: url, token, transport: { kind: 'header' } });
    expect(refused).toEqual({
      ok: false,
      reason: 'insecure_url',
      message:
        `ws:// to ${lan} is unencrypted: use wss://. To connect anyway, open Settings and turn on ` +
        '"Allow ws:// to hosts other than this computer", then sign in again.',
    });
    expect(open.connectionCount()).toBe(0);
    expect(await tokens.read(url)).toBeNull();
    settings.set('allowInsecureHosts', true);
    const allowed = await m.signIn({ serverUrl: url, token, transport: { kind: 'header' } });
    expect(allowed).toMatchObject({ ok: true, status: { signedIn: true, serverUrl: url, userId: 'u9' } });
    await until('engine connected over the LAN address', () => m.engine()?.state.state, (s) => s === 'connected');
  });
});

describeWhen(keychainGate, 'sign-in keeps the token in the real OS keychain', () => {
  it('stores it under service/account = server URL on success, nothing on failure, removes it on sign-out', async () => {
    const keytar = await loadKeytar();
    const { tokens, service: SERVICE } = tokenStore(true);
    const { m } = setup({ tokens });
    const url = new URL(relay.url).href;
    expect((await m.signIn({ serverUrl: relay.url, token: 'wrong-token-abcdefgh', transport: { kind: 'header' } })).ok).toBe(false);
    expect(await keytar.getPassword(SERVICE, url)).toBeNull();
    const token = await relay.mintToken('u5');
    expect(await m.signIn({ serverUrl: relay.url, token, transport: { kind: 'header' } })).toMatchObject({ ok: true, status: { keychain: 'os', keychainProblem: null } });
    expect(await keytar.getPassword(SERVICE, url)).toBe(token);
    await m.signOut();
    expect(await keytar.getPassword(SERVICE, url)).toBeNull();
  });
});
