import { describe, expect, it } from 'vitest';
import type { ConnectionState, SessionStatus } from '../../shared/types';
import type { AppServices } from '../services/services';
import { trayAction, trayView, type TrayItem } from './tray-model';

const signedIn: SessionStatus = { signedIn: true, serverUrl: 'wss://r.example/ws', lastServerUrl: 'wss://r.example/ws', userId: 'you', keychain: 'os', keychainProblem: null };
const signedOut: SessionStatus = { ...signedIn, signedIn: false, serverUrl: null, userId: null };

describe('trayView', () => {
  it('shows the connection, a checked presence radio and the actions when signed in', () => {
    const connection: ConnectionState = { state: 'reconnecting', attempt: 3, nextAttemptAt: 5_000, lastCloseCode: 1006, reason: 'connection lost (1006)', since: 0 };
    const view = trayView({ connection, session: signedIn, presence: 'busy', now: 1_000 });
    expect(view.tooltip).toBe('Beacon: Reconnecting — connection lost (1006) · next attempt in 4 s · attempt 3');
    expect(view.title).toBe('Reconnecting');
    expect(view.tone).toBe('warn');
    const labels = view.items.map((i) => ('label' in i ? i.label : '—'));
    expect(labels).toEqual([
      'Reconnecting — connection lost (1006) · next attempt in 4 s · attempt 3',
      '—', 'Open Beacon', '—', 'Online', 'Away', 'Busy', 'Appear offline', '—', 'Reconnect now', 'Sign out', '—', 'Quit Beacon',
    ]);
    const presence = view.items.filter((i) => i.kind === 'presence');
    expect(presence.filter((i) => i.checked).map((i) => i.status)).toEqual(['busy']);
    expect(view.items.find((i) => i.kind === 'action' && i.id === 'reconnect')).toMatchObject({ enabled: true });
  });

  it('disables presence, reconnect and sign-out when signed out', () => {
    const view = trayView({ connection: { state: 'stopped', since: 0 }, session: signedOut, presence: 'online', now: 0 });
    expect(view.tooltip).toBe('Beacon: not signed in');
    expect(view.tone).toBe('idle');
    for (const item of view.items) {
      if (item.kind === 'presence') expect(item.enabled).toBe(false);
      if (item.kind === 'action') expect(item.enabled).toBe(item.id === 'open' || item.id === 'quit');
    }
  });

  it('shows the idle icon when signed out, whatever the connection says', () => {
    const connection: ConnectionState = { state: 'auth_failed', reason: 'token expired', code: 4001, forbidden: false, since: 0 };
    expect(trayView({ connection, session: signedIn, presence: 'online', now: 0 }).tone).toBe('error');
    expect(trayView({ connection, session: signedOut, presence: 'online', now: 0 }).tone).toBe('idle');
  });

  it('offers no reconnect while connected', () => {
    const view = trayView({ connection: { state: 'connected', userId: 'you', since: 0, rttMs: 12 }, session: signedIn, presence: 'online', now: 0 });
    expect(view.tooltip).toBe('Beacon: Connected — as you · 12 ms');
    expect(view.tone).toBe('ok');
    expect(view.items.find((i) => i.kind === 'action' && i.id === 'reconnect')).toMatchObject({ enabled: false });
  });
});

describe('trayAction', () => {
  it('routes each item to the service or shell it names', async () => {
    const calls: string[] = [];
    const services = {
      presence: { set: (s: string) => calls.push(`presence:${s}`) },
      connection: { reconnectNow: () => calls.push('reconnect') },
      session: { signOut: async () => (calls.push('signOut'), signedOut) },
    } as unknown as AppServices;
    const shell = { openWindow: () => calls.push('open'), quit: () => calls.push('quit'), log: (l: string) => calls.push(l) };
    const items: TrayItem[] = trayView({ connection: { state: 'stopped', since: 0 }, session: signedIn, presence: 'online', now: 0 }).items.slice();
    for (const item of items) trayAction(services, shell, item);
    await Promise.resolve();
    expect(calls).toEqual(['open', 'presence:online', 'presence:away', 'presence:busy', 'presence:offline', 'reconnect', 'signOut', 'quit']);
  });
});
