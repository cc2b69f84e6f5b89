// What the sign-in life cycle needs from its collaborators, kept narrow so the
// real ones (connection engine, probe, vault, settings) plug in directly and
// unit tests can use small fakes.
import type { ProfileId } from '../../shared/protocol/profiles/ids';
import type { ConnectionState, SessionStatus, TokenTransport } from '../../shared/types';
import type { Logger } from '../log';
import type { CheckedServerUrl, ProbeFailure, ProbeOptions, ProbeResult, UrlCheck } from '../connection';
import type { SettingsStore } from '../settings';
import type { DeleteOutcome, KeychainStatus } from '../vault';

/** The part of the connection engine the session drives (ConnectionEngine fits as is). */
export interface EngineLike {
  readonly state: ConnectionState;
  start(): void;
  stop(): Promise<void> | void;
  setToken(token: string): void;
  on(event: 'state', listener: (state: ConnectionState) => void): () => void;
}

/** What the session hands the engine factory; the factory adds timings, log, cursors. */
export interface EngineInit {
  /** Checked once by the session; the engine does not check it again. */
  url: CheckedServerUrl;
  token: string;
  transport: TokenTransport;
  /** The server's family: how the engine speaks to it. */
  profile: ProfileId;
  allowInsecure: boolean;
  /** Where this server's outbox is kept; null keeps it in memory. */
  outboxPath: string | null;
}

/** The connection module's probe and URL check, injected so tests can script them. */
export type ProbeFailureReason = ProbeFailure;
export type ProbeFn = (opts: ProbeOptions) => Promise<ProbeResult>;
export type ValidateUrlFn = (url: string, allowInsecure: boolean) => UrlCheck;

/** The TokenStore's surface the session uses. */
export interface TokenVault {
  check(): Promise<KeychainStatus>;
  read(serverUrl: string): Promise<string | null>;
  write(serverUrl: string, token: string): Promise<void>;
  delete(serverUrl: string): Promise<DeleteOutcome>;
  status(): KeychainStatus;
  onStatus(cb: (s: KeychainStatus) => void): () => void;
}

export interface SessionManagerOptions<E extends EngineLike> {
  tokens: TokenVault;
  settings: SettingsStore;
  probe: ProbeFn;
  validateUrl: ValidateUrlFn;
  createEngine: (init: EngineInit) => E;
  /** Directory for per-server session files (the outbox); null keeps them in memory. */
  dataDir: string | null;
  log: Logger;
  /** Sign-in check timeout (default 10 000 ms). */
  probeTimeoutMs?: number;
  /** Clears other cached session data (threads, messages) on sign-out. */
  clearSessionData?: () => void | Promise<void>;
}

export type SignInFailureReason = ProbeFailureReason | 'invalid_input' | 'storage_failed';

export type SignInResult =
  | { ok: true; status: SessionStatus; profile: ProfileId }
  | { ok: false; reason: SignInFailureReason; message: string };
