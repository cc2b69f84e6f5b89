// The embedded demo workspace, for real: the reference relay in this process,
// the real session, engine and workspace, files in a temp data folder.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoRelay } from '../../src/main/demo';
import { createAppServices, type AppServices } from '../../src/main/services';
import type { NotifyDecision } from '../../src/main/notify';
import type { WorkspaceBatch } from '../../src/shared/ipc';
import { mintToken, startRelay } from '../../src/relay';
import { pollUntil as poll, sleep } from '../support/wait';
import { FAST_ENGINE } from '../e2e/helpers';

const dirs: string[] = [];
const open: Array<{ close(): Promise<void> }> = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-demo-'));
  dirs.push(dir);
  return dir;
};
const until = <T>(what: string, read: () => T, accept: (value: T) => boolean): Promise<T> =>
  poll(what, read, accept, { timeoutMs: 10_000, everyMs: 25 });
const quiet = { info: () => {}, warn: () => {} };

afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Opens a socket with the token; resolves with the server's first frame. */
function firstFrame(url: string, token: string): Promise<{ type: string; data?: { success?: boolean; userId?: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
    ws.once('message', (data) => {
      resolve(JSON.parse(String(data)) as { type: string });
      ws.close();
    });
    ws.once('error', reject);
  });
}

describe('DemoRelay', () => {
  it('serves the demo on loopback, and comes back on the same port with the same secret after a restart', async () => {
    const dir = tempDir();
    const demo = new DemoRelay({ dir, log: quiet, botIntervalMs: 60_000 });
    open.push({ close: () => demo.stop() });
    expect(demo.lastUrl()).toBeNull();
    const relay = await demo.start();
    expect(relay.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.lastUrl()).toBe(`${relay.url}/`);
    const token = await demo.mintToken();
    expect(await firstFrame(relay.url, token)).toMatchObject({ type: 'auth', data: { success: true, userId: 'you' } });
    const port = relay.port;
    await demo.stop();

    const again = new DemoRelay({ dir, log: quiet, botIntervalMs: 60_000 });
    open.push({ close: () => again.stop() });
    const second = await again.start();
    expect(second.port).toBe(port);
    // A token minted by the first run still signs in: the secret was kept.
    expect(await firstFrame(second.url, token)).toMatchObject({ type: 'auth', data: { success: true } });
  });

  it('starts fresh, with one warning, from a damaged state file; discard() forgets everything', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'demo.json'), '{"port": "eighty"');
    const warnings: string[] = [];
    const demo = new DemoRelay({ dir, log: { info: () => {}, warn: (m) => warnings.push(m) }, botIntervalMs: 60_000 });
    open.push({ close: () => demo.stop() });
    const relay = await demo.start();
    expect(relay.port).toBeGreaterThan(0);
    expect(warnings).toEqual(['demo relay: its state file was damaged; starting a fresh demo']);
    await demo.discard();
    expect(existsSync(dir)).toBe(false);
    expect(demo.lastUrl()).toBeNull();
  });
});

describe('the demo workspace through the app services', () => {
  async function services(dataDir: string): Promise<AppServices> {
    const s = await createAppServices({
      dataDir,
      settingsEngine: 'conf',
      log: () => {},
      keychain: 'memory',
      engineTiming: FAST_ENGINE,
      demoBotIntervalMs: 60_000,
    });
    open.push(s);
    return s;
  }

  it('signs in to the demo in one call and shows its threads, people and history', async () => {
    const s = await services(tempDir());
    const batches: WorkspaceBatch[] = [];
    s.workspace.onBatch((b) => batches.push(b));
    const result = await s.demo.start();
    expect(result).toMatchObject({ ok: true, status: { signedIn: true, userId: 'you' } });
    const snapshot = await until('demo threads', () => s.workspace.snapshot(), (w) => w.threads.length === 4 && w.people.length > 1);
    expect(snapshot.threads.map((t) => t.title).sort()).toEqual(['Deploys', 'Design review', 'General', 'Random']);
    expect(snapshot.selfId).toBe('you');
    const general = snapshot.threads.find((t) => t.id === 'general');
    expect(general?.unread).toBe(3);
    // The window hears the same through coalesced batches.
    await until('a batch with the history', () => batches.flatMap((b) => b.items).length, (n) => n >= 8);
    const page = s.workspace.openThread('general').page;
    expect(page?.items.map((i) => (i.kind === 'message' ? i.body : null))).toEqual([
      'Morning all! Stand-up moved to 10:15 today.',
      'Thanks. I will demo the new tray menu.',
      'Reminder: retro notes are in the shared doc.',
    ]);
    expect(s.workspace.snapshot().threads.find((t) => t.id === 'general')?.unread).toBe(0);
  });

  it("the first sign-in's history is not news: the seeded messages are dated minutes ago and raise no notification; a new one does", async () => {
    const dataDir = tempDir();
    const s = await services(dataDir);
    const decided: NotifyDecision[] = [];
    s.notifications.onDecision((d) => decided.push(d));
    const signedInAt = Date.now();
    expect((await s.demo.start()).ok).toBe(true);
    await until('demo history', () => s.workspace.snapshot().threads.reduce((n, t) => n + t.unread, 0), (n) => n === 8);
    await until('each seeded message decided', () => decided.filter((d) => d.kind === 'skip').length, (n) => n >= 8);
    // Past the policy's coalescing wait (0.5 s): nothing was shown for the history.
    await sleep(800);
    expect(decided.filter((d) => d.kind === 'show' || d.kind === 'replace')).toEqual([]);
    expect(decided.filter((d) => d.kind === 'skip').map((d) => (d.kind === 'skip' ? d.reason : null))).toEqual(Array(8).fill('history'));
    const stamps = s.workspace.messages({ threadId: 'general' }).items.map((i) => (i.kind === 'message' ? (i.ts ?? NaN) : NaN));
    expect(stamps).toHaveLength(3);
    for (const t of stamps) expect(signedInAt - t).toBeGreaterThan(5 * 60_000);

    // Something said after the sign-in is news: Dana says it over her own socket.
    const { secret } = JSON.parse(readFileSync(join(dataDir, 'demo', 'demo.json'), 'utf8')) as { secret: string };
    const url = s.session.status().serverUrl ?? '';
    const dana = new WebSocket(url, { headers: { Authorization: `Bearer ${await mintToken(secret, 'dana')}` } });
    open.push({ close: async () => dana.close() });
    await new Promise((resolve) => dana.once('message', resolve));
    dana.send(JSON.stringify({ type: 'send', thread_id: 'deploys', client_id: 'c-1', body: 'Build 42 is live.' }));
    await until('a notification for the new message', () => decided.filter((d) => d.kind === 'show').length, (n) => n === 1);
    expect(decided.find((d) => d.kind === 'show')).toMatchObject({ key: 'thread:deploys', body: 'Build 42 is live.' });
  });

  it('showing a thread (a notification click, a beacon:// link) opens it in the workspace: read, and the open thread of a window loaded later', async () => {
    const s = await services(tempDir());
    await s.demo.start();
    await until('demo threads', () => s.workspace.snapshot(), (w) => (w.threads.find((t) => t.id === 'general')?.unread ?? 0) > 0);
    const shown: string[] = [];
    s.navigation.onShowThread((id) => shown.push(id));
    expect(s.navigation.showThread('general')).toBe(true);
    expect(shown).toEqual(['general']);
    const snapshot = s.workspace.snapshot();
    expect(snapshot.openThreadId).toBe('general');
    expect(snapshot.threads.find((t) => t.id === 'general')?.unread).toBe(0);
    expect(s.navigation.showThread('no-such-thread')).toBe(false);
    expect(s.workspace.snapshot().openThreadId).toBe('general');
  });

  it('sign-out stops the demo, forgets its files, and empties the workspace with a reset batch', async () => {
    const dataDir = tempDir();
    const s = await services(dataDir);
    await s.demo.start();
    await until('demo threads', () => s.workspace.snapshot().threads.length, (n) => n === 4);
    const batches: WorkspaceBatch[] = [];
    s.workspace.onBatch((b) => batches.push(b));
    const status = await s.session.signOut();
    expect(status.signedIn).toBe(false);
    expect(status.keychainProblem).toBe(
      'The system keychain is switched off for this run. Beacon keeps your token in memory only: you will need to sign in again after Beacon restarts.',
    );
    expect(s.workspace.snapshot()).toEqual({ selfId: null, threads: [], people: [], notices: [], openThreadId: null, activity: [], server: null });
    expect(batches.at(-1)).toEqual({ reset: true, threads: [], items: [], people: [], notices: [] });
    expect(existsSync(join(dataDir, 'demo'))).toBe(false);
    expect(() => s.workspace.send('general', 'hi')).toThrow(/Not signed in/);
  });

  it("adopts the user's own presence chosen on another device, and a later choice here reaches the server again", async () => {
    const relay = await startRelay({ port: 0, secret: 'services-test-secret-0123456789abcdef', demo: true, demoIntervalMs: 60_000 });
    open.push(relay);
    const s = await services(tempDir());
    const token = await relay.mintToken('you');
    expect((await s.session.signIn({ serverUrl: relay.url, token, transport: { kind: 'header' } })).ok).toBe(true);
    await until('connected', () => s.connection.state().state, (st) => st === 'connected');
    const changes: string[] = [];
    s.presence.subscribe((p) => changes.push(p));

    // A second device of the same user chooses "busy".
    const device = new WebSocket(relay.url, { headers: { Authorization: `Bearer ${await relay.mintToken('you')}` } });
    const seen: string[] = [];
    device.on('message', (data) => seen.push(String(data)));
    await until('device signed in', () => seen.length, (n) => n > 0);
    device.send(JSON.stringify({ type: 'user_presence', data: 'busy' }));
    await until('busy adopted', () => s.presence.get(), (p) => p === 'busy');
    expect(changes).toEqual(['busy']);
    // Choosing "online" here again must reach the server (before the fix it was a no-op: main still thought "online").
    s.presence.set('online');
    expect(s.presence.get()).toBe('online');
    await until('the device hears "online" from this app', () => seen.some((f) => /"userId":"you","status":"online"/.test(f.replace(/\s/g, ''))), Boolean);
    device.close();
    await sleep(300);
    expect(s.presence.get()).toBe('online');
    expect(changes).toEqual(['busy', 'online']);
  });
});

describe('switching server', () => {
  it("never mixes two servers' workspaces: the window is reset and the first server's store is removed", async () => {
    const secret = 'services-test-secret-0123456789abcdef';
    const a = await startRelay({ port: 0, secret, workspace: { users: [{ id: 'you', name: 'You' }], threads: [{ id: 'alpha', title: 'Alpha', members: ['you'] }] } });
    const b = await startRelay({ port: 0, secret, workspace: { users: [{ id: 'you', name: 'You' }], threads: [{ id: 'beta', title: 'Beta', members: ['you'] }] } });
    open.push(a, b);
    await a.postMessage('alpha', 'you', 'only on A');
    const dataDir = tempDir();
    const s = await createAppServices({ dataDir, settingsEngine: 'conf', log: () => {}, keychain: 'memory', engineTiming: FAST_ENGINE });
    open.push(s);
    const signIn = async (url: string, relay: typeof a) =>
      expect((await s.session.signIn({ serverUrl: url, token: await relay.mintToken('you'), transport: { kind: 'header' } })).ok).toBe(true);
    await signIn(a.url, a);
    await until('A threads', () => s.workspace.snapshot().threads.map((t) => t.id), (ids) => ids.join() === 'alpha');
    await until('A history', () => s.workspace.messages({ threadId: 'alpha' }).items.length, (n) => n === 1);
    const batches: WorkspaceBatch[] = [];
    s.workspace.onBatch((x) => batches.push(x));
    await signIn(b.url, b);
    await until('B threads only', () => s.workspace.snapshot().threads.map((t) => t.id), (ids) => ids.join() === 'beta');
    // A's last batch (a presence or read echo) may still land before the switch; from the reset on, nothing of A.
    const reset = batches.findIndex((x) => x.reset);
    expect(reset).toBeGreaterThanOrEqual(0);
    expect(batches.slice(reset).flatMap((x) => x.threads).map((t) => t.id)).not.toContain('alpha');
    await sleep(100); // the first store's removal is asynchronous
    const stores = readdirSync(join(dataDir, 'sessions')).filter((n) => n.startsWith('workspace-'));
    expect(stores).toHaveLength(1);
  });
});
