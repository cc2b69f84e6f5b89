// What the window knows of the server (its type, read-only, channels) and
// following channels: unit cases over a small held workspace and engine, and
// the real services against the agentcmd fake server (subscribe, publish,
// unfollow, the next start).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HeldWorkspaceSnapshot, MessagesPage, ThreadView, WorkspaceBatch } from '../../shared/ipc/workspace-schemas';
import { WorkspaceSnapshotSchema } from '../../shared/ipc/workspace-schemas';
import { requireProfile, type ServerProfile } from '../../shared/protocol/profiles';
import { pollUntil } from '../../../test/support/wait';
import { mintAgentcmdToken, startAgentcmdFake } from '../../../test/profiles/fakes/agentcmd';
import { followedPathFor } from '../session';
import { removeSessionFiles } from '../session/session-files';
import { createAppServices } from './create-services';
import { ServerWorkspace, type FollowingEngine } from './server-workspace';
import type { AppServices, HeldWorkspaceService } from './services';

const dirs: string[] = [];
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'beacon-server-ws-'));
  dirs.push(d);
  return d;
};
const log = { info: () => {}, warn: () => {}, error: () => {} };
const SERVER = 'ws://127.0.0.1:3456/ws';

const view = (id: string): ThreadView => ({ id, title: id, unread: 1, lastActivity: 5, muted: false, preview: 'hi' });

/** A held workspace with fixed threads; calls on a thread it does not hold throw, as the real one does. */
function heldWorkspace(threadIds: string[] = []) {
  const listeners = new Set<(b: WorkspaceBatch) => void>();
  const known = (id: string): ThreadView => {
    if (!threadIds.includes(id)) throw new Error(`Unknown thread: ${id}`);
    return view(id);
  };
  let openId: string | null = null;
  const sent: string[] = [];
  const held: HeldWorkspaceService & { emit(b: WorkspaceBatch): void; sent: string[] } = {
    sent,
    snapshot: (): HeldWorkspaceSnapshot => ({ selfId: 'you', threads: threadIds.map(view), people: [], notices: [], openThreadId: openId, activity: [] }),
    openThread: (id) => {
      openId = id === null ? null : known(id).id;
      return id === null ? { thread: null, page: null } : { thread: view(id), page: { threadId: id, items: [], hasMore: false } };
    },
    messages: (input): MessagesPage => ({ threadId: known(input.threadId).id, items: [], hasMore: false }),
    markRead: known,
    setMuted: (id, muted) => ({ ...known(id), muted }),
    send: (id) => {
      known(id);
      sent.push(id);
      return { clientId: 'c-1' };
    },
    retry: () => ({ clientId: 'c-2' }),
    onBatch: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (b) => {
      for (const l of listeners) l(b);
    },
  };
  return held;
}

function engineOf(profile: ServerProfile): FollowingEngine & { calls: string[] } {
  const calls: string[] = [];
  return { profile, calls, follow: (id) => calls.push(`follow ${id}`), unfollow: (id) => calls.push(`unfollow ${id}`) };
}

function make(held = heldWorkspace(), dataDir: string | null = null) {
  const muted = new Set<string>();
  const ws = new ServerWorkspace(held, {
    dataDir,
    log,
    isMuted: (id) => muted.has(id),
    setMuted: (id, m) => void (m ? muted.add(id) : muted.delete(id)),
  });
  const batches: WorkspaceBatch[] = [];
  ws.onBatch((b) => batches.push(b));
  return { ws, held, batches };
}

describe('ServerWorkspace: the server in the snapshot', () => {
  it('says which server type, whether it takes messages (and why not), and whether it has channels; null signed out', () => {
    const { ws } = make();
    expect(ws.snapshot().server).toBeNull();
    ws.attach(engineOf(requireProfile('beacon-v1')), SERVER);
    expect(ws.snapshot().server).toEqual({ profile: 'beacon-v1', label: 'Beacon relay', canSend: true, cannotSendReason: null, presence: true, follow: null });
    ws.attach(engineOf(requireProfile('hush')), SERVER);
    const hush = ws.snapshot().server;
    expect(hush).toMatchObject({ profile: 'hush', label: 'Hush', canSend: false, presence: false, follow: null });
    expect(hush?.cannotSendReason).toMatch(/end-to-end encrypted/);
    ws.attach(engineOf(requireProfile('agentcmd')), SERVER);
    expect(ws.snapshot().server).toMatchObject({ profile: 'agentcmd', label: 'AgentCmd', follow: { noun: 'channel', example: 'session:123' } });
    // What leaves main is checked against the contract's strict schema.
    expect(WorkspaceSnapshotSchema.safeParse(ws.snapshot()).success).toBe(true);
    ws.attach(null, null);
    expect(ws.snapshot().server).toBeNull();
  });

  it('another server type on the same address resets the window (it reads the server again); the same one does not', () => {
    const { ws, batches } = make();
    ws.attach(engineOf(requireProfile('beacon-v1')), SERVER);
    ws.attach(engineOf(requireProfile('beacon-v1')), SERVER);
    ws.attach(engineOf(requireProfile('hush')), SERVER);
    expect(batches.filter((b) => b.reset)).toHaveLength(2);
  });

  it('refuses message:send and retry on a server that takes no messages, with the profile’s reason, before the workspace is asked', () => {
    const { ws, held } = make(heldWorkspace(['c1']));
    ws.attach(engineOf(requireProfile('hush')), SERVER);
    expect(() => ws.send('c1', 'hello')).toThrow(/end-to-end encrypted/);
    expect(() => ws.retry('c-1')).toThrow(/end-to-end encrypted/);
    expect(held.sent).toEqual([]);
    ws.attach(engineOf(requireProfile('beacon-v1')), SERVER);
    expect(ws.send('c1', 'hello')).toEqual({ clientId: 'c-1' });
  });
});

describe('ServerWorkspace.follow', () => {
  it('refuses on a server without channels, and when signed out', () => {
    const { ws } = make();
    expect(() => ws.follow('session:123', true)).toThrow('Not signed in: sign in first.');
    ws.attach(engineOf(requireProfile('beacon-v1')), SERVER);
    expect(() => ws.follow('session:123', true)).toThrow('Beacon relay servers have no channels to follow.');
  });

  it('checks the name against the profile’s pattern, matched whole', () => {
    const { ws } = make();
    const strict: ServerProfile = { ...requireProfile('agentcmd'), follow: { noun: 'channel', example: 'session:123', pattern: '[a-z]+:[A-Za-z0-9_-]+' } };
    const engine = engineOf(strict);
    ws.attach(engine, SERVER);
    expect(() => ws.follow('session 123', true)).toThrow('"session 123" is not a channel name this server takes (for example session:123).');
    expect(() => ws.follow('x session:1', true)).toThrow(/is not a channel name/);
    expect(ws.follow('project:7', true)).toMatchObject({ id: 'project:7' });
    expect(engine.calls).toEqual(['follow project:7']);
  });

  it('follows through the engine, shows the channel at once, keeps it for the next start, and unfollow removes it', () => {
    const dataDir = tempDir();
    const { ws, batches } = make(heldWorkspace(), dataDir);
    const engine = engineOf(requireProfile('agentcmd'));
    ws.attach(engine, SERVER);
    const thread = ws.follow('session:123', true);
    expect(thread).toEqual({ id: 'session:123', title: 'session:123', unread: 0, lastActivity: null, muted: false, preview: null });
    expect(engine.calls).toEqual(['follow session:123']);
    expect(batches.at(-1)).toEqual({ reset: false, threads: [thread], items: [], people: [], notices: [] });
    expect(ws.snapshot().threads.map((t) => t.id)).toEqual(['session:123']);
    // Following again is said plainly and changes nothing on the wire.
    expect(() => ws.follow('session:123', true)).toThrow('You already follow session:123.');
    expect(engine.calls).toEqual(['follow session:123']);
    // Opened before anything arrived: an empty page, and the snapshot remembers it.
    expect(ws.openThread('session:123')).toEqual({ thread, page: { threadId: 'session:123', items: [], hasMore: false } });
    expect(ws.snapshot().openThreadId).toBe('session:123');
    expect(ws.markRead('session:123')).toEqual(thread);
    expect(ws.setMuted('session:123', true).muted).toBe(true);
    expect(existsSync(followedPathFor(dataDir, SERVER) ?? '')).toBe(true);

    // The next start: the saved channel is followed again as soon as the engine is there.
    const next = make(heldWorkspace(), dataDir);
    const engine2 = engineOf(requireProfile('agentcmd'));
    next.ws.attach(engine2, SERVER);
    expect(engine2.calls).toEqual(['follow session:123']);
    expect(next.ws.snapshot().threads.map((t) => t.id)).toEqual(['session:123']);

    expect(next.ws.follow('session:123', false)).toBeNull();
    expect(engine2.calls).toEqual(['follow session:123', 'unfollow session:123']);
    expect(next.batches.at(-1)?.reset).toBe(true);
    expect(next.ws.snapshot().threads).toEqual([]);
    const third = make(heldWorkspace(), dataDir);
    const engine3 = engineOf(requireProfile('agentcmd'));
    third.ws.attach(engine3, SERVER);
    expect(engine3.calls).toEqual([]);
  });

  it('on a server of channels shows only followed ones: the held thread once something arrived, and nothing for an unfollowed one', () => {
    const held = heldWorkspace(['session:1', 'session:2']);
    const { ws, batches } = make(held);
    ws.attach(engineOf(requireProfile('agentcmd')), SERVER);
    ws.follow('session:1', true);
    expect(ws.snapshot().threads).toEqual([view('session:1')]);
    held.emit({ reset: false, threads: [view('session:1'), view('session:2')], items: [], people: [], notices: [] });
    expect(batches.at(-1)?.threads.map((t) => t.id)).toEqual(['session:1']);
  });

  it('sign-out removes the saved channels with the other session files', () => {
    const dataDir = tempDir();
    const { ws } = make(heldWorkspace(), dataDir);
    ws.attach(engineOf(requireProfile('agentcmd')), SERVER);
    ws.follow('session:9', true);
    expect(removeSessionFiles(dataDir, SERVER).filter((name) => name.startsWith('followed-'))).toHaveLength(1);
    expect(existsSync(followedPathFor(dataDir, SERVER) ?? '')).toBe(false);
  });
});

describe('following a channel for real (agentcmd fake)', () => {
  const FAST = { heartbeatMs: 400, pongTimeoutMs: 400, handshakeTimeoutMs: 3_000, backoff: { baseMs: 150, capMs: 600 }, stableAfterMs: 1_000 };
  const until = <T>(what: string, read: () => T, accept: (value: T) => boolean): Promise<T> => pollUntil(what, read, accept, { timeoutMs: 10_000, everyMs: 25 });

  it('subscribes on the server, is refused on a Beacon relay profile, and unfollow unsubscribes', async () => {
    const fake = await startAgentcmdFake();
    open.push(fake);
    const s: AppServices = await createAppServices({ dataDir: tempDir(), settingsEngine: 'conf', log: () => {}, keychain: 'memory', engineTiming: FAST });
    open.push(s);
    const token = await mintAgentcmdToken('ada');
    const r = await s.session.signIn({ serverUrl: fake.url, token, transport: { kind: 'header' }, profile: 'agentcmd' });
    expect(r).toMatchObject({ ok: true, profile: 'agentcmd' });
    await until('connected', () => s.connection.state().state, (st) => st === 'connected');
    expect(s.workspace.snapshot().server).toMatchObject({ profile: 'agentcmd', canSend: false, follow: { noun: 'channel' } });

    expect(s.workspace.follow('session:123', true)).toMatchObject({ id: 'session:123' });
    await until('subscribed on the server', () => fake.subscriptionsOf('ada').flat(), (c) => c.includes('session:123'));
    expect(s.workspace.snapshot().threads.map((t) => t.id)).toEqual(['session:123']);
    expect(() => s.workspace.send('session:123', 'hello')).toThrow(/driven from AgentCmd itself/);

    expect(s.workspace.follow('session:123', false)).toBeNull();
    await until('unsubscribed on the server', () => fake.subscriptionsOf('ada').flat(), (c) => !c.includes('session:123'));
    expect(s.workspace.snapshot().threads).toEqual([]);
  }, 30_000);
});
