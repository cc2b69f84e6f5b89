// The narrow surface the window, tray, power adapters and IPC handlers need
// from the main process's services. The real implementations (session,
// vault, settings, connection engine) are adapted to it in create-services.ts;
// the IPC handlers, tray and Electron adapters depend only on this.
import type { SignInInput } from '../../shared/ipc/schemas';
import type { ProfileId } from '../../shared/protocol/profiles/ids';
import type { SettingsView } from '../../shared/ipc/settings-schemas';
import type { HeldWorkspaceSnapshot, MessagesPage, ThreadView, WorkspaceBatch, WorkspaceSnapshot } from '../../shared/ipc/workspace-schemas';
import type { UserSettingsPatch } from '../../shared/settings';
import type { ConnectionState, PresenceStatus, SessionStatus } from '../../shared/types';
import type { BoundsStore } from '../lifecycle';
import type { AutoAwayInputs } from '../presence';
import type { NotifyDecision, PauseChoice } from '../notify';

export type SignInOutcome =
  /** `profile`: the server type signed in to (chosen or detected). */
  | { readonly ok: true; readonly status: SessionStatus; readonly profile?: ProfileId }
  | { readonly ok: false; readonly reason: string; readonly message: string };

export interface SessionService {
  status(): SessionStatus;
  /** The request as the IPC contract's SignInInput parses it (trimmed, checked). */
  signIn(request: SignInInput): Promise<SignInOutcome>;
  signOut(): Promise<SessionStatus>;
  onStatus(listener: (status: SessionStatus) => void): () => void;
}

export interface ConnectionService {
  state(): ConnectionState;
  reconnectNow(): void;
  subscribe(listener: (state: ConnectionState) => void): () => void;
  networkChanged(online: boolean): void;
  systemSuspended(): void;
  systemResumed(): void;
}

export interface PresenceService {
  /** What the user chose (the presence pickers show this). */
  get(): PresenceStatus;
  set(status: PresenceStatus): void;
  subscribe(listener: (status: PresenceStatus) => void): () => void;
  /** What others see: the choice, or away while auto-away holds over online (the tray's dot). */
  effective(): PresenceStatus;
  onEffective(listener: (status: PresenceStatus) => void): () => void;
}

/** What the user can see of the workspace; empty while signed out. */
export interface WorkspaceService {
  snapshot(): WorkspaceSnapshot;
  openThread(threadId: string | null): { thread: ThreadView | null; page: MessagesPage | null };
  messages(input: { threadId: string; beforeSeq?: number | undefined; limit?: number | undefined }): MessagesPage;
  markRead(threadId: string): ThreadView;
  setMuted(threadId: string, muted: boolean): ThreadView;
  /**
   * Follows a channel the user names (servers whose profile has `follow`) or stops following it:
   * the engine subscribes (now and after every reconnect), the workspace shows the thread, and the
   * list is kept for the next start. Returns the thread (null after unfollow). Throws on a server
   * without channels, or a name the profile's pattern refuses.
   */
  follow(threadId: string, follow: boolean): ThreadView | null;
  send(threadId: string, body: string): { clientId: string };
  retry(clientId: string): { clientId: string };
  onBatch(listener: (batch: WorkspaceBatch) => void): () => void;
}

/** The workspace a server's store holds (WorkspaceHost); the window's adds following channels (ServerWorkspace). */
export type HeldWorkspaceService = Omit<WorkspaceService, 'follow' | 'snapshot'> & { snapshot(): HeldWorkspaceSnapshot };

/** The notification policy as the shell and tray see it: its decisions, the pause, what the user looks at. */
export interface NotificationService {
  /** Every show/replace/close/skip the policy decides; the Electron adapter carries out show, replace and close. */
  onDecision(listener: (decision: NotifyDecision) => void): () => void;
  /** The shown notification was closed or clicked: the next one for its key is new. */
  dismissed(key: string): void;
  /** The renderer's report (window:focus): the page has focus and is visible. The web preview's only input. */
  setWindowFocused(focused: boolean): void;
  /**
   * Electron only, from main's window events: the window is visible, not
   * minimized and focused. Once reported, the window counts as focused (its
   * open thread notifies nothing) only while both say so: a late renderer
   * report cannot undo main's hide.
   */
  setShellFocused(focused: boolean): void;
  /** When the pause ends; null when not paused. */
  pausedUntil(): number | null;
  pause(choice: PauseChoice): void;
  onPause(listener: (until: number | null) => void): () => void;
  /**
   * The notification with this key was clicked (native or in-window): it is
   * dismissed, and its thread (if any, and still there) is shown and read.
   */
  activate(key: string): void;
}

/** The settings screen's view of the settings; every change, from anywhere, reaches onChange. */
export interface SettingsService {
  view(): SettingsView;
  /** Throws SettingsValidationError (naming the field) on a bad value; nothing changes then. */
  update(patch: UserSettingsPatch): SettingsView;
  onChange(listener: (view: SettingsView) => void): () => void;
}

/** Asks whoever shows the window to bring a thread forward. */
export interface NavigationService {
  /** Opens the thread in the workspace (read) and asks the window to show it; false (and nothing happens) when no such thread is known. */
  showThread(threadId: string): boolean;
  onShowThread(listener: (threadId: string) => void): () => void;
}

export interface DemoService {
  /** Starts the embedded demo relay and signs in to it. */
  start(): Promise<SignInOutcome>;
}

export interface AppServices {
  readonly session: SessionService;
  readonly connection: ConnectionService;
  readonly presence: PresenceService;
  readonly workspace: WorkspaceService;
  readonly notifications: NotificationService;
  readonly demo: DemoService;
  readonly settings: SettingsService;
  readonly navigation: NavigationService;
  /** The window's saved bounds (settings windowBounds). */
  readonly windowBounds: BoundsStore;
  /** System idle time, screen lock and sleep, for auto-away: the Electron power adapter feeds them (the preview has none). */
  readonly autoAway: AutoAwayInputs;
  /** Stops the connection and flushes settings; the token stays stored. */
  close(): Promise<void>;
}
