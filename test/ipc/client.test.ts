import { describe, expect, it } from 'vitest';
import { createBeaconClient, IpcError, registerHandlers } from '../../src/shared/ipc';
import { ipcRendererTransport } from '../../src/preload/transport';
import type { SessionStatus } from '../../src/shared/types';
import { APP_URL, FakeIpcMain, FakeIpcRenderer, fakeHandlers } from './fake-electron';

const status: SessionStatus = { signedIn: false, serverUrl: null, lastServerUrl: null, userId: null, keychain: 'memory-only', keychainProblem: 'no keychain' };

function setup(frameUrl = APP_URL) {
  const ipcMain = new FakeIpcMain();
  registerHandlers(ipcMain, fakeHandlers(status), { isTrustedSender: (u) => u === APP_URL });
  const ipcRenderer = new FakeIpcRenderer(ipcMain, frameUrl);
  return { ipcRenderer, api: createBeaconClient(ipcRendererTransport(ipcRenderer)) };
}

describe('createBeaconClient over the preload transport', () => {
  it('exposes one frozen method per contract call, grouped by namespace', () => {
    const { api } = setup();
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.session)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['apiVersion', 'connection', 'demo', 'message', 'notification', 'notifications', 'on', 'presence', 'session', 'settings', 'thread', 'window', 'workspace']);
    expect(Object.keys(api.settings).sort()).toEqual(['get', 'update']);
    expect(Object.keys(api.notification).sort()).toEqual(['activate', 'dismiss']);
    expect(Object.keys(api.notifications).sort()).toEqual(['pause']);
    expect(Object.keys(api.window).sort()).toEqual(['focus']);
    expect(Object.keys(api.session).sort()).toEqual(['getStatus', 'signIn', 'signOut']);
    expect(Object.keys(api.connection).sort()).toEqual(['getState', 'reconnectNow']);
    expect(Object.keys(api.presence).sort()).toEqual(['get', 'set']);
    expect(Object.keys(api.workspace).sort()).toEqual(['snapshot']);
    expect(Object.keys(api.thread).sort()).toEqual(['follow', 'markRead', 'messages', 'open', 'setMuted']);
    expect(Object.keys(api.message).sort()).toEqual(['retry', 'send']);
    expect(Object.keys(api.demo).sort()).toEqual(['start']);
    for (const group of [api.workspace, api.thread, api.message, api.demo]) expect(Object.isFrozen(group)).toBe(true);
  });

  it('round-trips calls through ipcMain', async () => {
    const { api } = setup();
    await expect(api.session.getStatus()).resolves.toEqual(status);
    await expect(api.presence.set('busy')).resolves.toEqual({ status: 'busy' });
    const signedIn = await api.session.signIn({ serverUrl: 'ws://127.0.0.1:1', token: 't0k', transport: { kind: 'header' } });
    expect(signedIn).toEqual({
      ok: true,
      status: { ...status, signedIn: true, serverUrl: 'ws://127.0.0.1:1', lastServerUrl: 'ws://127.0.0.1:1', userId: 'you' },
    });
    await expect(api.thread.setMuted({ threadId: 't1', muted: true })).resolves.toMatchObject({ id: 't1', muted: true });
    await expect(api.thread.follow({ threadId: 'session:123', follow: true })).resolves.toMatchObject({ id: 'session:123' });
    await expect(api.thread.follow({ threadId: 'session:123', follow: false })).resolves.toBeNull();
    await expect(api.message.send({ threadId: 't1', body: 'hello' })).resolves.toEqual({ clientId: 'c-1' });
  });

  it("turns Electron's wrapped rejection back into the clear message and code", async () => {
    const { api } = setup();
    const err = await api.presence.set('asleep' as 'away').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpcError);
    expect((err as IpcError).code).toBe('bad_argument');
    expect((err as IpcError).message).toBe(
      'presence:set: invalid argument — Invalid option: expected one of "online"|"away"|"busy"|"offline"',
    );
  });

  it('is refused when the page is not ours', async () => {
    const { api } = setup('https://evil.example/');
    await expect(api.session.getStatus()).rejects.toMatchObject({ code: 'untrusted_sender' });
  });

  it('delivers events to listeners until they unsubscribe, and refuses unknown events', () => {
    const { api, ipcRenderer } = setup();
    const got: unknown[] = [];
    const off = api.on('presence:changed', (p) => got.push(p));
    ipcRenderer.deliver('presence:changed', { status: 'away' });
    off();
    off();
    ipcRenderer.deliver('presence:changed', { status: 'busy' });
    expect(got).toEqual([{ status: 'away' }]);
    expect(ipcRenderer.listenerCount('presence:changed')).toBe(0);
    expect(() => api.on('vault:token' as 'presence:changed', () => {})).toThrow(/unknown event "vault:token"/);
  });

  it('reports a transport failure that is not an IPC error as a plain failure of that call', async () => {
    const api = createBeaconClient({
      invoke: () => Promise.reject(new Error('socket closed')),
      subscribe: () => () => {},
    });
    await expect(api.connection.getState()).rejects.toMatchObject({
      code: 'failed',
      message: 'connection:getState failed: socket closed',
    });
  });
});
