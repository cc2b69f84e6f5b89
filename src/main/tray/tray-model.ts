// What the tray shows, as plain data: the Electron adapter (electron/tray.ts)
// turns it into an icon, a badge and a Menu, and routes clicks to trayAction.
import { describeConnection, PRESENCE_LABELS, type Tone } from '../../shared/ipc/describe';
import type { ThreadView } from '../../shared/ipc/workspace-schemas';
import { PresenceStatusSchema, type ConnectionState, type PresenceStatus, type SessionStatus } from '../../shared/types';
import type { PauseChoice } from '../notify/pause';
import type { AppServices } from '../services';
import { threadMenuLabel, topUnread, unreadTotal } from './unread';

export type TrayActionId = 'open' | 'reconnect' | 'signOut' | 'quit';

export type TrayItem =
  | { readonly kind: 'status'; readonly label: string }
  | { readonly kind: 'action'; readonly id: TrayActionId; readonly label: string; readonly enabled: boolean }
  | { readonly kind: 'presence'; readonly status: PresenceStatus; readonly label: string; readonly checked: boolean; readonly enabled: boolean }
  | { readonly kind: 'thread'; readonly threadId: string; readonly label: string }
  | { readonly kind: 'pause'; readonly choice: PauseChoice; readonly label: string; readonly enabled: boolean }
  | { readonly kind: 'submenu'; readonly label: string; readonly items: readonly TrayItem[] }
  | { readonly kind: 'separator' };

/** Which icon: the connection (signed out, reconnecting, connected) and a presence dot while signed in. */
export interface TrayIcon {
  readonly connection: 'connected' | 'reconnecting' | 'signed-out';
  readonly presence: PresenceStatus | null;
}

export interface TrayView {
  readonly tooltip: string;
  /** Short text beside the icon where the platform shows one (macOS): the connection when not connected, and the unread total. */
  readonly title: string;
  /** The connection's tone, idle when signed out (the icon colour). */
  readonly tone: Tone;
  readonly icon: TrayIcon;
  /** Unread messages of unmuted threads: the badge (0 = none). */
  readonly badge: number;
  readonly items: readonly TrayItem[];
}

export interface TrayInput {
  readonly connection: ConnectionState;
  readonly session: SessionStatus;
  /** What the user chose (the menu's radio). */
  readonly presence: PresenceStatus;
  /** What others see (the icon's dot): away while auto-away holds; the choice when absent. */
  readonly effectivePresence?: PresenceStatus;
  /** The workspace's thread views (empty while signed out). */
  readonly threads: readonly ThreadView[];
  /** When the notification pause ends; null when not paused. */
  readonly pausedUntil: number | null;
  readonly now: number;
  /** How a pause end reads ("14:30", "tomorrow 08:00"); the adapter passes the locale's. */
  readonly formatTime?: (at: number, now: number) => string;
}

function defaultFormatTime(at: number, now: number): string {
  const d = new Date(at);
  const hhmm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return d.toDateString() === new Date(now).toDateString() ? hhmm : `tomorrow ${hhmm}`;
}

function iconConnection(connection: ConnectionState, signedIn: boolean): TrayIcon['connection'] {
  if (!signedIn || connection.state === 'auth_failed') return 'signed-out';
  return connection.state === 'connected' ? 'connected' : 'reconnecting';
}

function pauseMenu(pausedUntil: number | null, now: number, format: (at: number, now: number) => string): TrayItem {
  const paused = pausedUntil !== null;
  const choices: [PauseChoice, string][] = [
    ['30m', 'For 30 minutes'],
    ['1h', 'For 1 hour'],
    ['tomorrow', 'Until tomorrow'],
  ];
  return {
    kind: 'submenu',
    label: paused ? `Notifications paused until ${format(pausedUntil, now)}` : 'Pause notifications',
    items: [
      ...choices.map(([choice, label]): TrayItem => ({ kind: 'pause', choice, label, enabled: true })),
      { kind: 'separator' },
      { kind: 'pause', choice: 'resume', label: 'Resume notifications', enabled: paused },
    ],
  };
}

export function trayView(input: TrayInput): TrayView {
  const { connection, session, presence, now } = input;
  const text = describeConnection(connection, now);
  const line = text.detail ? `${text.label} — ${text.detail}` : text.label;
  const signedIn = session.signedIn;
  const canReconnect = signedIn && connection.state !== 'connected';
  const badge = signedIn ? unreadTotal(input.threads) : 0;
  const top = signedIn ? topUnread(input.threads) : [];
  const unreadLine = badge > 0 ? `${badge} unread` : null;
  const titleParts = signedIn ? [connection.state === 'connected' ? null : text.label, badge > 0 ? String(badge) : null] : [];
  return {
    tooltip: signedIn ? [`Beacon: ${line}`, unreadLine].filter(Boolean).join(' · ') : 'Beacon: not signed in',
    title: titleParts.filter(Boolean).join(' · '),
    tone: signedIn ? text.tone : 'idle',
    icon: { connection: iconConnection(connection, signedIn), presence: signedIn ? (input.effectivePresence ?? presence) : null },
    badge,
    items: [
      { kind: 'status', label: signedIn ? line : 'Not signed in' },
      { kind: 'separator' },
      { kind: 'action', id: 'open', label: 'Open Beacon', enabled: true },
      ...(top.length > 0
        ? [{ kind: 'separator' } as const, ...top.map((t): TrayItem => ({ kind: 'thread', threadId: t.id, label: threadMenuLabel(t) }))]
        : []),
      { kind: 'separator' },
      ...PresenceStatusSchema.options.map(
        (status): TrayItem => ({
          kind: 'presence',
          status,
          label: PRESENCE_LABELS[status],
          checked: status === presence,
          enabled: signedIn,
        }),
      ),
      pauseMenu(input.pausedUntil, now, input.formatTime ?? defaultFormatTime),
      { kind: 'separator' },
      { kind: 'action', id: 'reconnect', label: 'Reconnect now', enabled: canReconnect },
      { kind: 'action', id: 'signOut', label: 'Sign out', enabled: signedIn },
      { kind: 'separator' },
      { kind: 'action', id: 'quit', label: 'Quit Beacon', enabled: true },
    ],
  };
}

export interface TrayShellActions {
  openWindow(): void;
  /** Shows and focuses the window on this thread (which marks it read). */
  openThread(threadId: string): void;
  quit(): void;
  log(line: string): void;
}

/** What a click does; the shell only forwards the item. */
export function trayAction(services: AppServices, shell: TrayShellActions, item: TrayItem): void {
  switch (item.kind) {
    case 'presence':
      services.presence.set(item.status);
      return;
    case 'thread':
      shell.openThread(item.threadId);
      return;
    case 'pause':
      services.notifications.pause(item.choice);
      return;
    case 'action':
      break;
    default:
      return;
  }
  switch (item.id) {
    case 'open':
      shell.openWindow();
      return;
    case 'reconnect':
      services.connection.reconnectNow();
      return;
    case 'signOut':
      services.session.signOut().catch((error: unknown) => {
        shell.log(`tray: sign out failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      return;
    case 'quit':
      shell.quit();
      return;
  }
}
