// The chosen presence across restarts and reconnects, for real: the services
// on a temp data folder, the reference relay, and a second device of the same
// user that sees what this app tells the server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../relay';
import { pollUntil, sleep } from '../../../test/support/wait';
import { createAppServices } from './create-services';
import type { AppServices } from './services';

const SECRET = 'presence-persist-secret-0123456789abcdef';
const FAST = { heartbeatMs: 400, pongTimeoutMs: 400, handshakeTimeoutMs: 3_000, backoff: { baseMs: 150, capMs: 600 }, stableAfterMs: 1_000 };
const open: Array<{ close(): unknown }> = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const until = <T>(what: string, read: () => T, accept: (value: T) => boolean): Promise<T> =>
  pollUntil(what, read, accept, { timeoutMs: 10_000, everyMs: 25 });

async function services(dataDir: string): Promise<AppServices> {
  const s = await createAppServices({ dataDir, settingsEngine: 'conf', log: () => {}, keychain: 'memory', engineTiming: FAST });
  open.push(s);
  return s;
}

async function close(s: AppServices): Promise<void> {
  await s.close();
  open.splice(open.indexOf(s), 1);
}

const chosenOnDisk = (dataDir: string): unknown =>
  (JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as { presence: { chosen: unknown } }).presence.chosen;

/** Another device of user "you": the statuses it hears for "you". */
async function device(relay: Relay): Promise<{ heard: string[]; ws: WebSocket }> {
  const ws = new WebSocket(relay.url, { headers: { Authorization: `Bearer ${await relay.mintToken('you')}` } });
  const heard: string[] = [];
  let authed = false;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; data?: { userId?: string; status?: string } };
    if (frame.type === 'auth') authed = true;
    if (frame.type === 'user_presence' && frame.data?.userId === 'you' && frame.data.status) heard.push(frame.data.status);
  });
  open.push({ close: () => ws.close() });
  await until('device signed in', () => authed, Boolean);
  return { heard, ws };
}

async function signIn(s: AppServices, relay: Relay): Promise<void> {
  expect((await s.session.signIn({ serverUrl: relay.url, token: await relay.mintToken('you'), transport: { kind: 'header' } })).ok).toBe(true);
  await until('connected', () => s.connection.state().state, (st) => st === 'connected');
}

describe('the chosen presence', () => {
  it('survives a restart, reaches the server at sign-in, and is sent again after the server restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'beacon-presence-'));
    dirs.push(dataDir);
    const first = await services(dataDir);
    expect(first.presence.get()).toBe('online');
    first.presence.set('busy');
    expect(chosenOnDisk(dataDir)).toBe('busy');
    await close(first);

    const again = await services(dataDir);
    expect(again.presence.get()).toBe('busy');
    let relay = await startRelay({ port: 0, secret: SECRET });
    open.push(relay);
    const other = await device(relay);
    await signIn(again, relay);
    await until('the other device hears busy', () => other.heard, (h) => h.includes('busy'));

    // The relay restarts and has forgotten every choice: the app tells it again once reconnected.
    const port = relay.port;
    await relay.close();
    open.splice(open.indexOf(relay), 1);
    relay = await startRelay({ port, secret: SECRET });
    open.push(relay);
    const after = await device(relay);
    await until('reconnected', () => relay.connectionCount('you'), (n) => n === 2);
    await until('busy again after the reconnect', () => after.heard, (h) => h.includes('busy'));
    expect(again.presence.get()).toBe('busy');
  });

  it('a choice adopted from another device is kept for the next start; auto-away is not', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'beacon-presence-'));
    dirs.push(dataDir);
    const relay = await startRelay({ port: 0, secret: SECRET });
    open.push(relay);
    const s = await services(dataDir);
    const other = await device(relay);
    await signIn(s, relay);

    // Auto-away (screen lock) shows as away to others, and leaves the choice alone.
    s.autoAway.lock();
    await until('others see away', () => other.heard, (h) => h.at(-1) === 'away');
    expect(s.presence.get()).toBe('online');
    expect(chosenOnDisk(dataDir)).toBe('online');
    s.autoAway.unlock();
    await until('others see online again', () => other.heard, (h) => h.at(-1) === 'online');

    other.ws.send(JSON.stringify({ type: 'user_presence', data: 'busy' }));
    await until('busy adopted', () => s.presence.get(), (p) => p === 'busy');
    expect(chosenOnDisk(dataDir)).toBe('busy');
    await sleep(100);
    await close(s);
    expect((await services(dataDir)).presence.get()).toBe('busy');
  });
});
