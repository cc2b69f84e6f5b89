// A channel the server refuses is not kept as followed: the real services
// against the agentcmd fake (whose canAccess denies session:999). The refusal
// reaches the window as an error notice, the channel leaves the list (and the
// session file, and the engine's resubscriptions); names the server cannot
// take, and a channel already followed, are said plainly before anything is sent.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../src/main/services';
import { followedPathFor } from '../../src/main/session';
import type { WorkspaceBatch } from '../../src/shared/ipc';
import { FAST_ENGINE } from '../e2e/helpers';
import { mintAgentcmdToken, startAgentcmdFake } from '../profiles/fakes/agentcmd';
import { pollUntil } from '../support/wait';

const open: Array<{ close(): unknown }> = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const until = <T>(what: string, read: () => T, accept: (value: T) => boolean): Promise<T> => pollUntil(what, read, accept, { timeoutMs: 10_000, everyMs: 25 });

async function signedIn(): Promise<{ s: AppServices; fake: Awaited<ReturnType<typeof startAgentcmdFake>>; dataDir: string }> {
  const fake = await startAgentcmdFake({ canAccess: (_user, channel) => channel !== 'session:999' });
  open.push(fake);
  const dataDir = mkdtempSync(join(tmpdir(), 'beacon-follow-'));
  dirs.push(dataDir);
  const s = await createAppServices({ dataDir, settingsEngine: 'conf', log: () => {}, keychain: 'memory', engineTiming: FAST_ENGINE });
  open.push(s);
  const r = await s.session.signIn({ serverUrl: fake.url, token: await mintAgentcmdToken('ada'), transport: { kind: 'header' }, profile: 'agentcmd' });
  expect(r).toMatchObject({ ok: true, profile: 'agentcmd' });
  await until('connected', () => s.connection.state().state, (st) => st === 'connected');
  return { s, fake, dataDir };
}

describe('following an AgentCmd channel the server refuses', () => {
  it('shows the refusal as an error notice and keeps the channel followed nowhere, also after a reconnect and in the saved list', async () => {
    const { s, fake, dataDir } = await signedIn();
    const batches: WorkspaceBatch[] = [];
    s.workspace.onBatch((b) => batches.push(b));

    expect(s.workspace.follow('session:999', true)).toMatchObject({ id: 'session:999' });
    const notice = await until('the refusal as a notice', () => s.workspace.snapshot().notices, (n) => n.length > 0);
    expect(notice[0]).toMatchObject({ kind: 'notification', level: 'error', message: 'Could not follow session:999: Access denied to session' });
    expect(s.workspace.snapshot().threads).toEqual([]);
    expect(batches.some((b) => b.reset)).toBe(true);
    expect(batches.flatMap((b) => b.notices).map((n) => n.message)).toContain('Could not follow session:999: Access denied to session');

    // An allowed channel is followed; the refused one is not asked for again after a restart of the server.
    s.workspace.follow('session:123', true);
    await until('subscribed', () => fake.subscriptionsOf('ada').flat(), (c) => c.includes('session:123'));
    const before = fake.received.filter((f) => JSON.stringify(f).includes('session:999')).length;
    await fake.restart();
    await until('subscribed again after the restart', () => fake.subscriptionsOf('ada').flat(), (c) => c.includes('session:123'));
    expect(fake.received.filter((f) => JSON.stringify(f).includes('session:999')).length).toBe(before);
    expect(s.workspace.snapshot().threads.map((t) => t.id)).toEqual(['session:123']);

    // The next start follows only what the server took: the session file lists it alone.
    const saved = JSON.parse(readFileSync(followedPathFor(join(dataDir, 'sessions'), s.session.status().serverUrl ?? '') ?? '', 'utf8')) as { channels: string[] };
    expect(saved.channels).toEqual(['session:123']);
  }, 30_000);

  it('refuses names the server cannot take and says plainly when a channel is already followed', async () => {
    const { s, fake } = await signedIn();
    for (const bad of ['session: 1', 'nonsense', 'Session:123', 'widget:4']) {
      expect(() => s.workspace.follow(bad, true)).toThrow(`"${bad}" is not a channel name this server takes (for example session:123).`);
    }
    s.workspace.follow('project:7', true);
    expect(() => s.workspace.follow('project:7', true)).toThrow('You already follow project:7.');
    await until('subscribed', () => fake.subscriptionsOf('ada').flat(), (c) => c.includes('project:7'));
    expect(fake.received.filter((f) => /session: 1|nonsense|Session:123|widget/.test(JSON.stringify(f)))).toEqual([]);
  }, 30_000);
});
