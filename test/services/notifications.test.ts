// The notification policy inside the real app services, against the real relay
// over a real socket: what a message from someone else, one's own message, a
// server notification and a replay after a restart come to.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotifyDecision } from '../../src/main/notify';
import { createAppServices, type AppServices } from '../../src/main/services';
import { startRelay, type Relay } from '../../src/relay';
import { FAST_ENGINE } from '../e2e/helpers';
import { pollUntil, sleep } from '../support/wait';

const SECRET = 'notify-test-secret-0123456789abcdef';
const WORKSPACE = {
  users: [
    { id: 'you', name: 'You' },
    { id: 'ann', name: 'Ann' },
  ],
  threads: [{ id: 'deploys', title: 'Deploys', members: ['you', 'ann'] }],
};

const open: Array<{ close(): Promise<void> }> = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const until = <T>(what: string, read: () => T, accept: (value: T) => boolean): Promise<T> => pollUntil(what, read, accept, { timeoutMs: 10_000, everyMs: 25 });

async function signedIn(relay: Relay, dataDir: string): Promise<{ s: AppServices; decided: NotifyDecision[] }> {
  const s = await createAppServices({ dataDir, settingsEngine: 'conf', log: () => {}, keychain: 'memory', engineTiming: FAST_ENGINE });
  open.push(s);
  const decided: NotifyDecision[] = [];
  s.notifications.onDecision((d) => decided.push(d));
  const token = await relay.mintToken('you');
  expect((await s.session.signIn({ serverUrl: relay.url, token, transport: { kind: 'header' } })).ok).toBe(true);
  await until('connected', () => s.connection.state().state, (st) => st === 'connected');
  await until('threads', () => s.workspace.snapshot().threads.length, (n) => n === 1);
  return { s, decided };
}

const shown = (decided: NotifyDecision[]) => decided.filter((d) => d.kind === 'show' || d.kind === 'replace');

describe('notifications through the app services and the real relay', () => {
  it("shows another user's message, never the user's own, and a server notification by its level", async () => {
    const relay = await startRelay({ port: 0, secret: SECRET, workspace: WORKSPACE });
    open.push(relay);
    const dataDir = mkdtempSync(join(tmpdir(), 'beacon-notify-'));
    dirs.push(dataDir);
    const { s, decided } = await signedIn(relay, dataDir);

    await relay.postMessage('deploys', 'ann', 'build 42 is green');
    await until('a notification', () => shown(decided).length, (n) => n === 1);
    expect(shown(decided)[0]).toEqual({ kind: 'show', key: 'thread:deploys', title: 'ann in Deploys', body: 'build 42 is green', threadId: 'deploys', silent: false, level: null });

    s.workspace.send('deploys', 'thanks!');
    await until('own message skipped', () => decided.some((d) => d.kind === 'skip' && d.reason === 'own'), Boolean);

    relay.notify({ to: 'you', level: 'error', title: 'Deploy', message: 'Build 43 failed' });
    await until('the server notification', () => shown(decided).length, (n) => n === 2);
    expect(shown(decided)[1]).toMatchObject({ kind: 'show', key: 'server', title: 'Deploy', body: 'Build 43 failed', level: 'error' });

    // Read here: the thread's notification is closed.
    s.workspace.markRead('deploys');
    await until('closed', () => decided.some((d) => d.kind === 'close' && d.key === 'thread:deploys'), Boolean);
  });

  it('after a restart that lost the message store, the replayed history notifies nothing; a new message does', async () => {
    const relay = await startRelay({ port: 0, secret: SECRET, workspace: WORKSPACE });
    open.push(relay);
    const dataDir = mkdtempSync(join(tmpdir(), 'beacon-notify-'));
    dirs.push(dataDir);
    const first = await signedIn(relay, dataDir);
    await relay.postMessage('deploys', 'ann', 'one');
    await relay.postMessage('deploys', 'ann', 'two');
    await until('notified', () => shown(first.decided).length, (n) => n === 1);
    await first.s.close();
    // Without its store the workspace asks the relay for the whole history again.
    rmSync(join(dataDir, 'sessions'), { recursive: true, force: true });

    const second = await signedIn(relay, dataDir);
    await until('history replayed', () => second.s.workspace.messages({ threadId: 'deploys' }).items.length, (n) => n === 2);
    await sleep(1000); // longer than the policy gathers
    expect(shown(second.decided)).toEqual([]);
    expect(second.decided.filter((d) => d.kind === 'skip').map((d) => (d.kind === 'skip' ? d.reason : ''))).toEqual(['replayed', 'replayed']);

    await relay.postMessage('deploys', 'ann', 'three');
    await until('the new one', () => shown(second.decided).length, (n) => n === 1);
    expect(shown(second.decided)[0]).toMatchObject({ title: 'ann in Deploys', body: 'three' });
  });
});
