// A fake ipcMain/ipcRenderer pair that behaves like Electron where it matters
// here: one handler per channel, arguments passed through, a rejected handler
// reaching the renderer as "Error invoking remote method '<ch>': Error: <msg>".
// Also the page URL and the handler table the IPC tests share.
import type { Handlers, IpcMainLike, SettingsView, ThreadView } from '../../src/shared/ipc';
import type { SessionStatus } from '../../src/shared/types';

/** The page URL the fakes report and the tests trust. */
export const APP_URL = 'file:///app/out/renderer/index.html';

/** A thread as the fake handlers return it. */
export function fakeThread(id: string): ThreadView {
  return { id, title: `Thread ${id}`, unread: 0, lastActivity: null, muted: false, preview: null };
}

/** A settings view with the defaults, as the fake handlers (and other IPC tests) use it. */
export const FAKE_SETTINGS_VIEW: SettingsView = {
  notifications: { enabled: true, sound: true, showMessageText: true, mutedThreads: [], quietHours: { enabled: false, start: '22:00', end: '08:00' } },
  presence: { autoAwayMinutes: 10, awayOnScreenLock: true },
  launchAtLogin: false,
  allowInsecureHosts: false,
  keychain: { kind: 'os', problem: null },
  pausedUntil: null,
  notificationRules: { profile: 'beacon-v1', label: 'Beacon relay', edited: false, rules: [], defaults: [] },
};

/** A handler for every call, answering from `status`; `overrides` replaces some. */
export function fakeHandlers(status: SessionStatus, overrides: Partial<Handlers> = {}): Handlers {
  const signedIn = (serverUrl: string): SessionStatus => ({ ...status, signedIn: true, serverUrl, lastServerUrl: serverUrl, userId: 'you' });
  return {
    'session:getStatus': () => status,
    'session:signIn': ({ serverUrl }) => ({ ok: true, status: signedIn(serverUrl) }),
    'session:signOut': () => status,
    'connection:getState': () => ({ state: 'stopped', since: 1 }),
    'connection:reconnectNow': () => ({ state: 'connecting', attempt: 1, since: 2 }),
    'presence:get': () => ({ status: 'online' }),
    'presence:set': (s) => ({ status: s }),
    'workspace:snapshot': () => ({ selfId: null, threads: [], people: [], notices: [], openThreadId: null, activity: [], server: null }),
    'thread:open': ({ threadId }) =>
      threadId === null
        ? { thread: null, page: null }
        : { thread: fakeThread(threadId), page: { threadId, items: [], hasMore: false } },
    'thread:messages': ({ threadId }) => ({ threadId, items: [], hasMore: false }),
    'thread:markRead': ({ threadId }) => fakeThread(threadId),
    'thread:setMuted': ({ threadId, muted }) => ({ ...fakeThread(threadId), muted }),
    'thread:follow': ({ threadId, follow }) => (follow ? fakeThread(threadId) : null),
    'message:send': () => ({ clientId: 'c-1' }),
    'message:retry': () => ({ clientId: 'c-2' }),
    'demo:start': () => ({ ok: true, status: signedIn('ws://127.0.0.1:1/') }),
    'settings:get': () => FAKE_SETTINGS_VIEW,
    'settings:update': (patch) => ({ ...FAKE_SETTINGS_VIEW, ...(patch.launchAtLogin === undefined ? {} : { launchAtLogin: patch.launchAtLogin }) }),
    'notifications:pause': (choice) => ({ ...FAKE_SETTINGS_VIEW, pausedUntil: choice === 'resume' ? null : 1 }),
    'notification:activate': () => null,
    'notification:dismiss': () => null,
    'window:focus': () => null,
    ...overrides,
  };
}

type Listener = Parameters<IpcMainLike['handle']>[1];

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export class FakeIpcRenderer {
  private readonly listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  constructor(
    private readonly main: FakeIpcMain,
    public frameUrl: string,
  ) {}

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.main.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    // Electron structured-clones both ways; JSON is close enough for these plain values.
    const cloned = args.map((a) => (a === undefined ? undefined : JSON.parse(JSON.stringify(a))));
    try {
      const result = await handler({ senderFrame: { url: this.frameUrl } }, ...cloned);
      return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    }
  }

  on(channel: string, listener: (event: unknown, payload: unknown) => void): void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
  }
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void {
    this.listeners.get(channel)?.delete(listener);
  }
  /** What webContents.send does on the main side. */
  deliver(channel: string, payload: unknown): void {
    for (const l of this.listeners.get(channel) ?? []) l({}, JSON.parse(JSON.stringify(payload)));
  }
  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}
