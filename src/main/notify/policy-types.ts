// The notification policy's vocabulary: its timings, its keys, the decisions
// it hands to whoever shows them, what it reads from the app, and the per-key
// slot it keeps. policy.ts holds the behaviour.
import type { ActivityItem } from '../../shared/ipc/server-schemas';
import type { Notice } from '../../shared/ipc/workspace-schemas';
import type { NotificationLevel } from '../../shared/protocol';
import type { NotificationRule } from '../../shared/protocol/profiles/rules';
import type { PresenceStatus } from '../../shared/types';
import type { Clock, TimerHandle } from '../connection/clock';
import type { NotificationSettings } from '../settings/schema';
import type { NotifiedStore } from './notified-store';
import type { SkipReason } from './rules';
import type { LatestMessage } from './text';

/** At most one new decision per key this often. */
export const RATE_MS = 5000;
/** A thread's messages are gathered until none came for this long… */
export const QUIET_MS = 500;
/** …but never held longer than this after the first. */
export const MAX_WAIT_MS = 5000;
/** Message notifications at once across all threads, one more every RATE_MS after. */
export const BURST_BUDGET = 10;

export const SERVER_KEY = 'server';
export const ANNOUNCEMENT_KEY = 'announcement';
export const threadKey = (threadId: string): string => `thread:${threadId}`;

export type NotifyDecision =
  | {
      readonly kind: 'show' | 'replace';
      readonly key: string;
      readonly title: string;
      readonly body: string;
      readonly threadId: string | null;
      readonly silent: boolean;
      /** A server notice's level; null for messages. */
      readonly level: NotificationLevel | null;
    }
  | { readonly kind: 'close'; readonly key: string; readonly threadId: string | null }
  | { readonly kind: 'skip'; readonly key: string; readonly threadId: string | null; readonly reason: SkipReason };

export interface PolicyContext {
  settings(): NotificationSettings;
  /** The user's chosen presence. */
  presence(): PresenceStatus;
  paused(): boolean;
  /** The thread open in a focused, visible window; null otherwise. */
  viewing(): string | null;
  /**
   * Whose seq numbering the workspace holds: "server#historyId", or "server" while the history is
   * unknown. Another one voids what was notified; "server" → "server#h" only adds what was unknown.
   */
  scope(): string | null;
  /** Local minutes since midnight (tests pin it). */
  minuteOfDay?(now: number): number;
  /** The notification rules in effect for activity (the user's for the server type, else its defaults); none: activity never notifies. */
  rules?(): readonly NotificationRule[];
}

export interface PolicyOptions {
  readonly clock: Clock;
  readonly store: NotifiedStore;
  readonly context: PolicyContext;
  readonly decide: (decision: NotifyDecision) => void;
}

export type Pending =
  | { readonly kind: 'messages'; count: number; latest: LatestMessage }
  | { readonly kind: 'notice'; readonly notice: Notice }
  | { readonly kind: 'activity'; readonly line: ActivityItem };

export interface Slot {
  readonly key: string;
  readonly threadId: string | null;
  pending: Pending | null;
  firstAt: number;
  lastAt: number;
  lastDecisionAt: number | null;
  live: boolean;
  /** Messages in the live notification (and pending), since the thread was last read. */
  count: number;
  timer: TimerHandle | null;
}
