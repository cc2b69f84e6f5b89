// The narrow surface the window, tray, power adapters and IPC handlers need
// from the main process's services. The real implementations (session,
// vault, settings, connection engine) are adapted to it in create-services.ts;
// everything else in main/app and main/shell depends only on this.
import type { SignInInput } from '../../shared/ipc/schemas';
import type { ConnectionState, PresenceStatus, SessionStatus } from '../../shared/types';

export type SignInOutcome =
  | { readonly ok: true; readonly status: SessionStatus }
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
  /** What the user chose (the tray and window show this). */
  get(): PresenceStatus;
  set(status: PresenceStatus): void;
  /** Screen lock and the like: away while set, the user's choice again after. */
  setAutoAway(away: boolean): void;
  subscribe(listener: (status: PresenceStatus) => void): () => void;
}

/** The few settings the shell reads directly. */
export interface Preferences {
  awayOnScreenLock(): boolean;
}

export interface AppServices {
  readonly session: SessionService;
  readonly connection: ConnectionService;
  readonly presence: PresenceService;
  readonly preferences: Preferences;
  /** Stops the connection and flushes settings; the token stays stored. */
  close(): Promise<void>;
}
