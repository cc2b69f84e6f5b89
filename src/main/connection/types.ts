// The engine's options and the events it emits.
import type { ActivityEvent, NotificationLevel, PresenceEntry, ThreadSummary, WireMessage } from '../../shared/protocol';
import type { ProfileId, ServerProfile } from '../../shared/protocol/profiles';
import type { ConnectionState, PresenceStatus, TokenTransport } from '../../shared/types';
import type { BackoffOptions } from './backoff';
import type { Clock, RandomSource } from './clock';
import type { Gap } from './thread-tracker';
import type { CheckedServerUrl } from './url';

import type { LeveledLog } from '../log';

export type { LogLevel } from '../log';
/** Receives log lines. They never contain the token or a URL carrying it. */
export type ConnectionLog = LeveledLog;

export interface ConnectionEngineOptions {
  /** A string is checked with validateServerUrl; a CheckedServerUrl (the session's) is not checked again. */
  url: string | CheckedServerUrl;
  token: string;
  /** How the token travels; default: the profile's (beacon-v1: the Authorization header). Must be one the profile allows. */
  transport?: TokenTransport;
  /** Which server family this is (src/shared/protocol/profiles); default `beacon-v1`. A profile object: one not registered yet. */
  profile?: ProfileId | ServerProfile;
  allowInsecure?: boolean;
  /** Client ping interval (default 25 000). */
  heartbeatMs?: number;
  /** Extra silence tolerated after heartbeatMs before the link is declared dead (default 10 000). */
  pongTimeoutMs?: number;
  /** Upgrade plus auth frame must complete within this (default 10 000). */
  handshakeTimeoutMs?: number;
  /** A connection up this long resets the backoff (default 10 000). */
  stableAfterMs?: number;
  backoff?: BackoffOptions;
  /** Where the outbox is persisted; null or absent keeps it in memory only. */
  outboxPath?: string | null;
  /** Outbox bound (default 1 000). */
  maxOutbox?: number;
  /** Highest seq already held per thread (e.g. from the session's store), used as `since`. */
  cursors?: Record<string, number>;
  /** The server historyId those cursors belong to (`engine.historyId`); cursors from another one are discarded. */
  historyId?: string | null;
  /** How long messages may wait behind a hole no replay fills before a client-side gap (default 5 000). */
  holeTimeoutMs?: number;
  clock?: Clock;
  random?: RandomSource;
  log?: ConnectionLog;
}

/**
 * An Activity entry as the engine delivers it (inbound.ts): the decoded event (its `key` is what
 * the Activity list keeps one line per), past the repeat check, with a definite time.
 */
export interface ActivityUpdate extends Omit<ActivityEvent, 'ts' | 'collapseRepeats'> {
  /** Epoch ms: the server's timestamp when it sent a readable one, else when it arrived. */
  ts: number;
}

export type DeliveryUpdate =
  | { clientId: string; threadId: string; status: 'pending' }
  | { clientId: string; threadId: string; status: 'delivered'; id: string; seq: number }
  | { clientId: string; threadId: string; status: 'failed'; reason: string };

export interface EngineError {
  /** `server`: an error frame not tied to a pending message; `outbox`: a local persistence problem. */
  kind: 'server' | 'outbox';
  message: string;
  clientId: string | null;
  threadId: string | null;
}

export interface ConnectionEvents {
  /** Real changes only; a new RTT is the `rtt` event (`state.rttMs` follows it). */
  state: ConnectionState;
  /** Measured after each pong while connected. */
  rtt: { rttMs: number };
  /** Delivered once each, per thread in seq order. */
  message: WireMessage;
  gap: Gap;
  threads: ThreadSummary[];
  presence: { userId: string; status: PresenceStatus };
  presenceSnapshot: PresenceEntry[];
  /**
   * `welcome`: the greeting the server sends on every connect (its profile names it). It is
   * emitted once per sign-in at most, with a stable id, so a reconnect never shows it again.
   */
  notification: { id: string | null; level: NotificationLevel; title: string | null; message: string; welcome?: boolean };
  /** Neither message, notification nor presence (an agent's status, a task update); repeats of the same are not emitted. */
  activity: ActivityUpdate;
  announcement: { message: string };
  /** Read marks echoed from the user's other connections. */
  read: { threadId: string; seq: number };
  delivery: DeliveryUpdate;
  error: EngineError;
}
