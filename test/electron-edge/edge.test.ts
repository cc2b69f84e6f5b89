// The Electron edge forwards exactly what the plain modules decided: the
// notification policy (through NotificationHost) to native notifications, and
// trayView to the tray, its menu and the badge. Fakes stand in for Electron.
import { describe, expect, it } from 'vitest';
import type { ThreadView, WorkspaceBatch } from '../../src/shared/ipc/workspace-schemas';
import type { ConnectionState, PresenceStatus, SessionStatus } from '../../src/shared/types';
import { forwardDecisions } from '../../src/main/electron/notification-edge';
import { createTrayWith, MENU_HOLD_MAX_MS, REFRESH_MS } from '../../src/main/electron/tray-edge';
import { QUIET_MS, RATE_MS, type NotifyDecision } from '../../src/main/notify';
import type { AppServices } from '../../src/main/services';
import { FakeClock } from '../connection/support/fake-clock';
import { FakeNotificationApi, FakeTrayApi } from './fake-electron-ui';
import { policyHost } from './notification-rig';

function thread(id: string, unread: number): ThreadView {
  return { id, title: id, unread, lastActivity: 0, muted: false, preview: null };
}

function messageBatch(threadId: string, seq: number, unread: number, sender = 'alice'): WorkspaceBatch {
  return {
    reset: false,
    threads: [thread(threadId, unread)],
    items: [{ kind: 'message', key: `m:${seq}`, threadId, id: String(seq), seq, sender, body: `text ${seq}`, encrypted: false, ts: null, own: false, delivery: 'received', failure: null }],
    people: [],
    notices: [],
  };
}

function notificationRig(platform: NodeJS.Platform = 'linux') {
  const { clock, host, decided } = policyHost();
  const api = new FakeNotificationApi(platform);
  const opened: (string | null)[] = [];
  const dismissed: string[] = [];
  const notifications = { onDecision: host.onDecision.bind(host), dismissed: (key: string) => (dismissed.push(key), host.dismissed(key)) };
  const off = forwardDecisions(api, notifications, { openThread: (id) => opened.push(id) });
  return { clock, host, decided, api, opened, dismissed, off };
}

describe('notification edge', () => {
  it('shows exactly what the policy decided: one native notification per show, the old one closed on replace and on close', () => {
    const r = notificationRig();
    r.host.onBatch(messageBatch('deploys', 1, 1));
    r.clock.advance(QUIET_MS);
    r.host.onBatch(messageBatch('deploys', 2, 2, 'bob'));
    r.clock.advance(RATE_MS);
    const shown = r.decided.filter((d): d is Extract<NotifyDecision, { kind: 'show' | 'replace' }> => d.kind === 'show' || d.kind === 'replace');
    expect(shown.map((d) => d.kind)).toEqual(['show', 'replace']);
    expect(r.api.created.map((n) => n.options)).toEqual(shown.map((d) => ({ title: d.title, body: d.body, silent: d.silent })));
    expect(r.api.visible()).toEqual([r.api.created[1]]);
    expect(r.dismissed).toEqual([]); // closing the replaced one is not the user's dismissal

    r.host.onBatch({ reset: false, threads: [thread('deploys', 0)], items: [], people: [], notices: [] });
    expect(r.decided.at(-1)).toEqual({ kind: 'close', key: 'thread:deploys', threadId: 'deploys' });
    expect(r.api.visible()).toEqual([]);
    expect(r.dismissed).toEqual([]);
  });

  it('a click opens its thread and tells the policy; a notification the user closes is reported too', () => {
    const r = notificationRig();
    r.host.onBatch(messageBatch('deploys', 1, 1));
    r.host.onBatch(messageBatch('ops', 1, 1));
    r.clock.advance(QUIET_MS);
    const [deploys, ops] = r.api.created;
    deploys?.click();
    ops?.close();
    expect(r.opened).toEqual(['deploys']);
    expect(r.dismissed).toEqual(['thread:deploys', 'thread:ops']);
    // The next message of a dismissed thread is a new notification, not a replacement.
    r.host.onBatch(messageBatch('deploys', 2, 2));
    r.clock.advance(RATE_MS);
    expect(r.decided.filter((d) => d.kind === 'show' || d.kind === 'replace').map((d) => d.kind)).toEqual(['show', 'show', 'show']);
  });

  it('Windows: a toast that timed out stays live in the Action Center: its click opens the thread, a read closes it, the next message replaces it', () => {
    const r = notificationRig('win32');
    r.host.onBatch(messageBatch('deploys', 1, 1));
    r.host.onBatch(messageBatch('ops', 1, 1));
    r.clock.advance(QUIET_MS);
    const [deploys, ops] = r.api.created;
    deploys?.timeOut();
    ops?.timeOut();
    expect(r.dismissed).toEqual([]);
    // A click from the Action Center still opens its thread.
    deploys?.click();
    expect(r.opened).toEqual(['deploys']);
    expect(r.dismissed).toEqual(['thread:deploys']);
    // Reading the other thread removes its toast from the Action Center.
    r.host.onBatch({ reset: false, threads: [thread('ops', 0)], items: [], people: [], notices: [] });
    expect(ops?.closed).toBe(true);
    // A new message of a thread whose toast timed out replaces it.
    r.host.onBatch(messageBatch('alerts', 1, 1));
    r.clock.advance(QUIET_MS);
    r.api.created.at(-1)?.timeOut();
    r.host.onBatch(messageBatch('alerts', 2, 2));
    r.clock.advance(RATE_MS);
    expect(r.decided.filter((d) => d.key === 'thread:alerts' && (d.kind === 'show' || d.kind === 'replace')).map((d) => d.kind)).toEqual(['show', 'replace']);
    expect(r.api.visible().map((n) => n.options.body)).toEqual([expect.stringContaining('text 2')]);
  });

  it('Linux and macOS: close means the user (or the system) dismissed it; a later message is a new notification', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const r = notificationRig(platform);
      r.host.onBatch(messageBatch('deploys', 1, 1));
      r.clock.advance(QUIET_MS);
      r.api.created[0]?.close();
      expect(r.dismissed).toEqual(['thread:deploys']);
      r.host.onBatch(messageBatch('deploys', 2, 2));
      r.clock.advance(RATE_MS);
      expect(r.decided.filter((d) => d.kind === 'show' || d.kind === 'replace').map((d) => d.kind)).toEqual(['show', 'show']);
    }
  });

  it('shows nothing where the platform has no notifications, and closes what it showed when unbound', () => {
    const r = notificationRig();
    r.host.onBatch(messageBatch('deploys', 1, 1));
    r.clock.advance(QUIET_MS);
    r.off();
    expect(r.api.visible()).toEqual([]);
    const s = notificationRig();
    s.api.supported = false;
    s.host.onBatch(messageBatch('deploys', 1, 1));
    s.clock.advance(QUIET_MS);
    expect(s.decided.some((d) => d.kind === 'show')).toBe(true);
    expect(s.api.created).toEqual([]);
  });
});

function trayRig(platform: NodeJS.Platform = 'linux') {
  const clock = new FakeClock();
  let connection: ConnectionState = { state: 'connected', userId: 'you', since: 0, rttMs: null };
  let presence: PresenceStatus = 'online';
  let effective: PresenceStatus = 'online';
  let threads: ThreadView[] = [thread('deploys', 3)];
  const status: SessionStatus = { signedIn: true, serverUrl: 'ws://r/', lastServerUrl: 'ws://r/', userId: 'you', keychain: 'os', keychainProblem: null };
  const listeners = { connection: new Set<() => void>(), batch: new Set<() => void>(), pause: new Set<() => void>(), effective: new Set<() => void>() };
  const sub = (set: Set<() => void>) => (l: () => void) => (set.add(l), () => void set.delete(l));
  const calls: string[] = [];
  let pausedUntil: number | null = null;
  const services = {
    connection: { state: () => connection, subscribe: sub(listeners.connection), reconnectNow: () => calls.push('reconnect') },
    session: { status: () => status, onStatus: () => () => {}, signOut: async () => status },
    presence: {
      get: () => presence,
      set: (s: PresenceStatus) => calls.push(`presence:${s}`),
      subscribe: () => () => {},
      effective: () => effective,
      onEffective: sub(listeners.effective),
    },
    workspace: { snapshot: () => ({ threads }), onBatch: sub(listeners.batch) },
    notifications: {
      pausedUntil: () => (pausedUntil !== null && pausedUntil > clock.now() ? pausedUntil : null),
      pause: (c: string) => {
        calls.push(`pause:${c}`);
        pausedUntil = c === 'resume' ? null : clock.now() + 1_800_000;
        for (const l of listeners.pause) l();
      },
      onPause: sub(listeners.pause),
    },
  } as unknown as AppServices;
  const api = new FakeTrayApi(platform);
  const shell = { openWindow: () => calls.push('open'), openThread: (id: string) => calls.push(`thread:${id}`), quit: () => calls.push('quit'), log: () => {} };
  const off = createTrayWith(api, clock, services, shell);
  return {
    clock,
    api,
    calls,
    off,
    setThreads(next: ThreadView[]) {
      threads = next;
      for (const l of listeners.batch) l();
    },
    setConnection(next: ConnectionState) {
      connection = next;
      for (const l of listeners.connection) l();
    },
    setPresence(next: PresenceStatus) {
      presence = next;
    },
    setEffective(next: PresenceStatus) {
      effective = next;
      for (const l of listeners.effective) l();
    },
  };
}

const click = (item: { click?: unknown } | undefined): void => (item?.click as () => void)();

describe('tray edge', () => {
  it('sets the badge, title and menu from trayView, following unread within REFRESH_MS of a batch', () => {
    const r = trayRig();
    expect(r.api.badge).toBe(3);
    expect(r.api.tray.title).toBe('3');
    expect(r.api.item('deploys — 3')).toBeDefined();
    r.setThreads([thread('deploys', 0)]);
    r.setThreads([thread('deploys', 0)]);
    expect(r.api.badge).toBe(3);
    r.clock.advance(REFRESH_MS);
    expect(r.api.badge).toBe(0);
    expect(r.api.tray.title).toBe('');
    expect(r.api.item('deploys — 3')).toBeUndefined();
  });

  it('rebuilds the menu and badge only when they change', () => {
    const r = trayRig();
    const menus = r.api.tray.menus;
    const badges = r.api.badgeCalls;
    for (let i = 0; i < 20; i++) {
      r.setThreads([thread('deploys', 3)]);
      r.clock.advance(REFRESH_MS);
    }
    expect([r.api.tray.menus, r.api.badgeCalls]).toEqual([menus, badges]);
  });

  it('holds rebuilds while the menu is open (replacing it would close it under the cursor) and applies the latest when it closes', () => {
    const r = trayRig();
    const before = r.api.tray.menus;
    r.api.tray.openMenu();
    r.setThreads([thread('deploys', 4)]);
    r.clock.advance(REFRESH_MS);
    r.setThreads([thread('deploys', 5)]);
    r.clock.advance(REFRESH_MS);
    expect(r.api.tray.closedUnderCursor).toBe(0);
    expect(r.api.tray.menus).toBe(before);
    expect(r.api.item('deploys — 3')).toBeDefined();
    expect(r.api.badge).toBe(5); // the rest of the tray follows at once
    r.api.tray.closeMenu();
    r.clock.advance(0);
    expect(r.api.tray.menus).toBe(before + 1);
    expect(r.api.item('deploys — 5')).toBeDefined();
    r.off();
    expect(r.clock.pending).toBe(0);
  });

  it('a menu that never reports its close holds rebuilds back for MENU_HOLD_MAX_MS at most', () => {
    const r = trayRig();
    r.api.tray.openMenu();
    r.setThreads([thread('deploys', 4)]);
    r.clock.advance(MENU_HOLD_MAX_MS);
    r.setThreads([thread('deploys', 6)]);
    r.clock.advance(REFRESH_MS);
    expect(r.api.item('deploys — 6')).toBeDefined();
    r.off();
  });

  it('routes menu clicks: thread, pause (which relabels the menu), presence, reconnect; the icon follows the connection', () => {
    const r = trayRig();
    click(r.api.item('deploys — 3'));
    click(r.api.item('For 30 minutes'));
    expect(r.api.item('Pause notifications')).toBeUndefined();
    expect(r.api.tray.menu.some((i) => i.label?.startsWith('Notifications paused until'))).toBe(true);
    click(r.api.item('Resume notifications'));
    click(r.api.item('Busy'));
    r.setConnection({ state: 'reconnecting', attempt: 1, nextAttemptAt: r.clock.now() + 3000, lastCloseCode: 1006, reason: 'lost', since: 0 });
    expect(r.api.tray.image).toBe('icon:reconnecting:online');
    click(r.api.item('Reconnect now'));
    r.api.tray.onClick();
    expect(r.calls).toEqual(['thread:deploys', 'pause:30m', 'pause:resume', 'presence:busy', 'reconnect', 'open']);
    r.off();
    expect(r.api.tray.destroyed).toBe(true);
    expect(r.clock.pending).toBe(0);
  });

  it('macOS: a click on the icon (emitted on mouse-down while opening the menu) does not pull the window in front; the menu opens it', () => {
    const r = trayRig('darwin');
    r.api.tray.onClick();
    expect(r.calls).toEqual([]);
    click(r.api.item('Open Beacon'));
    expect(r.calls).toEqual(['open']);
    r.off();
  });

  it("the icon's dot follows auto-away at once; the menu keeps the user's choice checked", () => {
    const r = trayRig();
    expect(r.api.tray.image).toBe('icon:connected:online');
    r.setEffective('away');
    expect(r.api.tray.image).toBe('icon:connected:away');
    expect(r.api.tray.menu.find((i) => i.label === 'Online')).toMatchObject({ checked: true });
    r.setEffective('online');
    expect(r.api.tray.image).toBe('icon:connected:online');
    r.off();
  });

  it('says "Pause notifications" again once a pause has run out, with nothing else happening', () => {
    const r = trayRig();
    click(r.api.item('For 30 minutes'));
    expect(r.api.item('Pause notifications')).toBeUndefined();
    r.clock.advance(30 * 60_000 + 1);
    expect(r.api.item('Pause notifications')).toBeDefined();
    r.off();
    expect(r.clock.pending).toBe(0);
  });

  it('takes every label literally (Windows mnemonics): a thread title and the status line with the server\'s reason', () => {
    const r = trayRig();
    r.setThreads([thread('R&D', 2)]);
    r.setConnection({ state: 'reconnecting', attempt: 1, nextAttemptAt: r.clock.now() + 3000, lastCloseCode: 1012, reason: 'Q&A relay restarting', since: 0 });
    r.clock.advance(REFRESH_MS);
    expect(r.api.item('R&&D — 2')).toBeDefined();
    const status = r.api.tray.menu.find((i) => i.enabled === false && typeof i.label === 'string' && i.label.includes('Q&'));
    expect(status?.label).toContain('Q&&A relay restarting');
    expect(status?.label?.replace(/&&/g, '')).not.toContain('&');
    r.off();
  });

  it('counts the reconnect countdown down in the tooltip', () => {
    const r = trayRig();
    r.setPresence('away');
    r.setConnection({ state: 'reconnecting', attempt: 2, nextAttemptAt: r.clock.now() + 3000, lastCloseCode: 1006, reason: 'lost', since: 0 });
    expect(r.api.tray.tooltip).toContain('next attempt in 3 s');
    r.clock.advance(1000);
    expect(r.api.tray.tooltip).toContain('next attempt in 2 s');
  });
});
