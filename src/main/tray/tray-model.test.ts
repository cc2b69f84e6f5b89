import { describe, expect, it } from 'vitest';
import type { ThreadView } from '../../shared/ipc/workspace-schemas';
import type { ConnectionState, SessionStatus } from '../../shared/types';
import type { AppServices } from '../services/services';
import { trayAction, trayView, type TrayInput, type TrayItem } from './tray-model';

const signedIn: SessionStatus = { signedIn: true, serverUrl: 'wss://r.example/ws', lastServerUrl: 'wss://r.example/ws', userId: 'you', keychain: 'os', keychainProblem: null };
const signedOut: SessionStatus = { ...signedIn, signedIn: false, serverUrl: null, userId: null };
const connected: ConnectionState = { state: 'connected', userId: 'you', since: 0, rttMs: 12 };

const thread = (id: string, unread: number, extra: Partial<ThreadView> = {}): ThreadView => ({
  id,
  title: id[0]?.toUpperCase() + id.slice(1),
  unread,
  lastActivity: 0,
  muted: false,
  preview: null,
  ...extra,
});

const input = (over: Partial<TrayInput> = {}): TrayInput => ({
  connection: connected,
  session: signedIn,
  presence: 'online',
  threads: [],
  pausedUntil: null,
  now: 0,
  ...over,
});

/** Labels in menu order, submenus inline after their label, separators as "—". */
function labels(items: readonly TrayItem[]): string[] {
  return items.flatMap((i) => (i.kind === 'separator' ? ['—'] : i.kind === 'submenu' ? [i.label, ...labels(i.items).map((l) => `  ${l}`)] : [i.label]));
}

describe('trayView', () => {
  it('shows the connection, a checked presence radio, pause and the actions when signed in', () => {
    const connection: ConnectionState = { state: 'reconnecting', attempt: 3, nextAttemptAt: 5_000, lastCloseCode: 1006, reason: 'connection lost (1006)', since: 0 };
    const view = trayView(input({ connection, presence: 'busy', now: 1_000 }));
    expect(view.tooltip).toBe('Beacon: Reconnecting — connection lost (1006) · next attempt in 4 s · attempt 3');
    expect(view.title).toBe('Reconnecting');
    expect(view.tone).toBe('warn');
    expect(view.icon).toEqual({ connection: 'reconnecting', presence: 'busy' });
    expect(labels(view.items)).toEqual([
      'Reconnecting — connection lost (1006) · next attempt in 4 s · attempt 3',
      '—', 'Open Beacon', '—', 'Online', 'Away', 'Busy', 'Appear offline',
      'Pause notifications', '  For 30 minutes', '  For 1 hour', '  Until tomorrow', '  —', '  Resume notifications',
      '—', 'Reconnect now', 'Sign out', '—', 'Quit Beacon',
    ]);
    const presence = view.items.filter((i) => i.kind === 'presence');
    expect(presence.filter((i) => i.checked).map((i) => i.status)).toEqual(['busy']);
    expect(view.items.find((i) => i.kind === 'action' && i.id === 'reconnect')).toMatchObject({ enabled: true });
  });

  it('disables presence, reconnect and sign-out when signed out, shows no threads, badge or dot', () => {
    const view = trayView(input({ connection: { state: 'stopped', since: 0 }, session: signedOut, threads: [thread('deploys', 3)] }));
    expect(view.tooltip).toBe('Beacon: not signed in');
    expect(view.tone).toBe('idle');
    expect(view.icon).toEqual({ connection: 'signed-out', presence: null });
    expect(view.badge).toBe(0);
    expect(view.title).toBe('');
    for (const item of view.items) {
      expect(item.kind).not.toBe('thread');
      if (item.kind === 'presence') expect(item.enabled).toBe(false);
      if (item.kind === 'action') expect(item.enabled).toBe(item.id === 'open' || item.id === 'quit');
    }
  });

  it('shows the signed-out icon for a refused sign-in, the connected one with its presence dot when connected', () => {
    const connection: ConnectionState = { state: 'auth_failed', reason: 'token expired', code: 4001, forbidden: false, since: 0 };
    expect(trayView(input({ connection })).tone).toBe('error');
    expect(trayView(input({ connection })).icon.connection).toBe('signed-out');
    expect(trayView(input({ connection, session: signedOut })).tone).toBe('idle');
    expect(trayView(input({ presence: 'away' })).icon).toEqual({ connection: 'connected', presence: 'away' });
    // Auto-away: the dot shows what others see, the menu's radio what the user chose.
    const idle = trayView(input({ presence: 'online', effectivePresence: 'away' }));
    expect(idle.icon).toEqual({ connection: 'connected', presence: 'away' });
    expect(idle.items.find((i) => i.kind === 'presence' && i.checked)).toMatchObject({ status: 'online' });
    expect(trayView(input({ connection: { state: 'offline', reason: 'network', since: 0 } })).icon.connection).toBe('reconnecting');
  });

  it('offers no reconnect while connected', () => {
    const view = trayView(input());
    expect(view.tooltip).toBe('Beacon: Connected — as you · 12 ms');
    expect(view.tone).toBe('ok');
    expect(view.title).toBe('');
    expect(view.items.find((i) => i.kind === 'action' && i.id === 'reconnect')).toMatchObject({ enabled: false });
  });

  it('derives the badge and the five threads with the most unread from the workspace, muted ones left out', () => {
    const threads = [
      thread('general', 1, { lastActivity: 5 }),
      thread('deploys', 3),
      thread('random', 0),
      thread('alerts', 9, { muted: true }),
      thread('ops', 2),
      thread('design', 1, { lastActivity: 9 }),
      thread('hiring', 2),
      thread('support', 1, { lastActivity: 1 }),
    ];
    const view = trayView(input({ threads }));
    expect(view.badge).toBe(10);
    expect(view.title).toBe('10');
    expect(view.tooltip).toBe('Beacon: Connected — as you · 12 ms · 10 unread');
    const listed = view.items.filter((i) => i.kind === 'thread');
    expect(listed.map((i) => [i.threadId, i.label])).toEqual([
      ['deploys', 'Deploys — 3'],
      ['hiring', 'Hiring — 2'],
      ['ops', 'Ops — 2'],
      ['design', 'Design — 1'],
      ['general', 'General — 1'],
    ]);
    // Placed right after "Open Beacon", set apart.
    expect(labels(view.items).slice(2, 10)).toEqual(['Open Beacon', '—', 'Deploys — 3', 'Hiring — 2', 'Ops — 2', 'Design — 1', 'General — 1', '—']);
  });

  it('clears the badge and the list the moment the workspace says the threads are read', () => {
    const before = trayView(input({ threads: [thread('deploys', 3)] }));
    const after = trayView(input({ threads: [thread('deploys', 0)] }));
    expect([before.badge, after.badge]).toEqual([3, 0]);
    expect(after.items.some((i) => i.kind === 'thread')).toBe(false);
    expect(labels(after.items).slice(0, 4)).toEqual(['Connected — as you · 12 ms', '—', 'Open Beacon', '—']);
  });

  it('says until when notifications are paused and offers to resume', () => {
    const now = new Date(2026, 10, 29, 14, 0).getTime();
    const paused = trayView(input({ now, pausedUntil: new Date(2026, 10, 29, 14, 30).getTime() }));
    const menu = paused.items.find((i) => i.kind === 'submenu');
    expect(menu?.label).toBe('Notifications paused until 14:30');
    expect(menu?.kind === 'submenu' && menu.items.find((i) => i.kind === 'pause' && i.choice === 'resume')).toMatchObject({ enabled: true });
    const tomorrow = trayView(input({ now, pausedUntil: new Date(2026, 10, 30, 8, 0).getTime() }));
    expect(tomorrow.items.find((i) => i.kind === 'submenu')?.label).toBe('Notifications paused until tomorrow 08:00');
    const running = trayView(input({ now }));
    const resume = running.items.flatMap((i) => (i.kind === 'submenu' ? i.items : [])).find((i) => i.kind === 'pause' && i.choice === 'resume');
    expect(resume).toMatchObject({ enabled: false });
  });
});

describe('trayAction', () => {
  it('routes each item to the service or shell it names', async () => {
    const calls: string[] = [];
    const services = {
      presence: { set: (s: string) => calls.push(`presence:${s}`) },
      connection: { reconnectNow: () => calls.push('reconnect') },
      session: { signOut: async () => (calls.push('signOut'), signedOut) },
      notifications: { pause: (c: string) => calls.push(`pause:${c}`) },
    } as unknown as AppServices;
    const shell = {
      openWindow: () => calls.push('open'),
      openThread: (id: string) => calls.push(`thread:${id}`),
      quit: () => calls.push('quit'),
      log: (l: string) => calls.push(l),
    };
    const flat = (items: readonly TrayItem[]): TrayItem[] => items.flatMap((i) => (i.kind === 'submenu' ? flat(i.items) : [i]));
    const items = flat(trayView(input({ connection: { state: 'stopped', since: 0 }, threads: [thread('deploys', 2)] })).items);
    for (const item of items) trayAction(services, shell, item);
    await Promise.resolve();
    expect(calls).toEqual([
      'open', 'thread:deploys',
      'presence:online', 'presence:away', 'presence:busy', 'presence:offline',
      'pause:30m', 'pause:1h', 'pause:tomorrow', 'pause:resume',
      'reconnect', 'signOut', 'quit',
    ]);
  });
});
