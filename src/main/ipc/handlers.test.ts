// The handlers map calls onto the services field by field: the sign-in's
// profile reaches the window, thread:follow reaches WorkspaceService.follow,
// and a service's refusal (a read-only server) comes back as its message.
import { describe, expect, it } from 'vitest';
import { createDispatcher, IpcError } from '../../shared/ipc';
import type { SessionStatus } from '../../shared/types';
import type { AppServices, SignInOutcome, WorkspaceService } from '../services';
import { createIpcHandlers } from './handlers';

const APP = 'app://beacon/index.html';
const STATUS: SessionStatus = { signedIn: true, serverUrl: 'ws://127.0.0.1:9/', lastServerUrl: 'ws://127.0.0.1:9/', userId: 'you', keychain: 'os', keychainProblem: null };

function dispatcher(outcome: SignInOutcome, workspace: Partial<WorkspaceService>) {
  const services = { session: { signIn: () => Promise.resolve(outcome) }, workspace } as unknown as AppServices;
  return createDispatcher(createIpcHandlers(services), { isTrustedSender: (u) => u === APP });
}

describe('IPC handlers for server profiles', () => {
  it('session:signIn returns the profile signed in to, when the session names one', async () => {
    const args = [{ serverUrl: 'ws://127.0.0.1:9/', token: 'secret-token-1', transport: { kind: 'header' }, profile: 'detect' }];
    await expect(dispatcher({ ok: true, status: STATUS, profile: 'code-cloud-agents' }, {})('session:signIn', args, APP)).resolves.toEqual({ ok: true, status: STATUS, profile: 'code-cloud-agents' });
    await expect(dispatcher({ ok: true, status: STATUS }, {})('session:signIn', args, APP)).resolves.toEqual({ ok: true, status: STATUS });
  });

  it('thread:follow calls WorkspaceService.follow; its refusal is a clear IPC error', async () => {
    const calls: Array<[string, boolean]> = [];
    const follow: WorkspaceService['follow'] = (threadId, on) => {
      calls.push([threadId, on]);
      if (threadId === 'nope') throw new Error('Beacon relay servers have no channels to follow.');
      return on ? { id: threadId, title: threadId, unread: 0, lastActivity: null, muted: false, preview: null } : null;
    };
    const d = dispatcher({ ok: true, status: STATUS }, { follow });
    await expect(d('thread:follow', [{ threadId: 'session:123', follow: true }], APP)).resolves.toMatchObject({ id: 'session:123' });
    await expect(d('thread:follow', [{ threadId: 'session:123', follow: false }], APP)).resolves.toBeNull();
    const error = await d('thread:follow', [{ threadId: 'nope', follow: true }], APP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: 'failed' });
    expect((error as Error).message).toContain('Beacon relay servers have no channels to follow.');
    expect(calls).toEqual([['session:123', true], ['session:123', false], ['nope', true]]);
  });

  it('message:send on a read-only server fails with the server type’s reason', async () => {
    const d = dispatcher({ ok: true, status: STATUS }, {
      send: () => {
        throw new Error('Hush messages are end-to-end encrypted and Beacon holds none of your keys.');
      },
    });
    const error = await d('message:send', [{ threadId: 'c1', body: 'hello' }], APP).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'failed' });
    expect((error as Error).message).toContain('end-to-end encrypted');
  });
});
