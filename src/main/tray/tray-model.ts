// What the tray shows, as plain data: the Electron adapter (shell/tray.ts)
// turns it into a Menu and routes clicks to trayAction.
import { describeConnection, PRESENCE_LABELS, type Tone } from '../../shared/ipc/describe';
import { PresenceStatusSchema, type ConnectionState, type PresenceStatus, type SessionStatus } from '../../shared/types';
import type { AppServices } from '../services';

export type TrayActionId = 'open' | 'reconnect' | 'signOut' | 'quit';

export type TrayItem =
  | { readonly kind: 'status'; readonly label: string }
  | { readonly kind: 'action'; readonly id: TrayActionId; readonly label: string; readonly enabled: boolean }
  | { readonly kind: 'presence'; readonly status: PresenceStatus; readonly label: string; readonly checked: boolean; readonly enabled: boolean }
  | { readonly kind: 'separator' };

export interface TrayView {
  readonly tooltip: string;
  /** Short text beside the icon where the platform shows one (macOS). */
  readonly title: string;
  /** Which icon to show: the connection's tone, idle when signed out. */
  readonly tone: Tone;
  readonly items: readonly TrayItem[];
}

export interface TrayInput {
  readonly connection: ConnectionState;
  readonly session: SessionStatus;
  readonly presence: PresenceStatus;
  readonly now: number;
}

export function trayView({ connection, session, presence, now }: TrayInput): TrayView {
  const text = describeConnection(connection, now);
  const line = text.detail ? `${text.label} — ${text.detail}` : text.label;
  const signedIn = session.signedIn;
  const canReconnect = signedIn && connection.state !== 'connected';
  return {
    tooltip: signedIn ? `Beacon: ${line}` : 'Beacon: not signed in',
    title: signedIn ? text.label : '',
    tone: signedIn ? text.tone : 'idle',
    items: [
      { kind: 'status', label: signedIn ? line : 'Not signed in' },
      { kind: 'separator' },
      { kind: 'action', id: 'open', label: 'Open Beacon', enabled: true },
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
  quit(): void;
  log(line: string): void;
}

/** What a click does; the shell only forwards the id. */
export function trayAction(services: AppServices, shell: TrayShellActions, item: TrayItem): void {
  if (item.kind === 'presence') {
    services.presence.set(item.status);
    return;
  }
  if (item.kind !== 'action') return;
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
