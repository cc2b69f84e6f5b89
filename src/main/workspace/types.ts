// What the workspace needs from the outside: the engine's events and calls,
// the settings it reads mutes from, a logger and (for tests) time.
import type { ConnectionEvents, OutboxEntry } from '../connection';
import type { Logger } from '../log';

/** The part of the ConnectionEngine the workspace uses; the engine fits as is. */
export interface WorkspaceEngine {
  on<K extends keyof ConnectionEvents>(event: K, listener: (payload: ConnectionEvents[K]) => void): () => void;
  /** Returns the client id; throws OutboxFullError. */
  send(threadId: string, body: string): string;
  markRead(threadId: string, seq: number): void;
  pendingMessages(): OutboxEntry[];
  /** The server's seq numbering once connected (PROTOCOL.md: historyId); the ConnectionEngine has it. */
  readonly historyId?: string | null;
}

export interface Scheduled {
  cancel(): void;
}
export type Schedule = (fn: () => void, ms: number) => Scheduled;

export interface WorkspaceOptions {
  /** This server's folder for the message store; null = memory only. */
  dir: string | null;
  log: Logger;
  /** Settings `notifications.mutedThreads`. */
  isMuted(threadId: string): boolean;
  setMuted(threadId: string, muted: boolean): void;
  /** At most one batch per this many ms (default 16). */
  batchMs?: number;
  /** Messages kept per thread, in memory and on disk (default 1000). */
  maxPerThread?: number;
  now?: () => number;
  /** For fake clocks in tests. */
  schedule?: Schedule;
}

export const DEFAULT_BATCH_MS = 16;
export const DEFAULT_MAX_PER_THREAD = 1000;

export const realSchedule: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  timer.unref?.();
  return { cancel: () => clearTimeout(timer) };
};
