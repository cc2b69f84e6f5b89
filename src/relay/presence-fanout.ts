// Presence fan-out. One client toggling its status 500 times a second in a
// 1 000-member thread would otherwise cost 500 000 frames a second, and N users
// connecting at once cost each of them a frame per newcomer. So:
// - per user, a status goes out at most once per `intervalMs`, and what goes
//   out is the latest (a change undone within the interval costs nothing);
// - changes are sent in batches, every `batchMs`: the frames of one batch
//   leave each socket in a single write (see Hub.cork).
import type { PresenceStatus } from '../shared/types';

/** A user's status reaches their peers at most this often (4 a second). */
export const PRESENCE_INTERVAL_MS = 250;
/** Changes wait at most this long to go out with others. */
export const PRESENCE_BATCH_MS = 100;

interface UserState {
  /** What peers were last told. */
  sent: PresenceStatus | null;
  at: number;
  timer: NodeJS.Timeout | null;
  due: boolean;
}

/** One user's status to tell their peers; `except` (the connection just sent a snapshot) already knows it. */
export interface PresenceOut<E> {
  userId: string;
  status: PresenceStatus;
  except?: E;
}

/** `E` is what a broadcast may skip: the connection that was just sent a snapshot. */
export class PresenceFanout<E> {
  private readonly users = new Map<string, UserState>();
  /** Users whose change goes out with the next batch, with whom to skip while their status is still the one they were shown. */
  private readonly due = new Map<string, { except?: E; shown: PresenceStatus }>();
  private batchTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly current: (userId: string) => PresenceStatus,
    /** Sends one batch: everything in it may leave each socket in one write. */
    private readonly broadcast: (batch: PresenceOut<E>[]) => void,
    private readonly intervalMs = PRESENCE_INTERVAL_MS,
    private readonly batchMs = PRESENCE_BATCH_MS,
  ) {}

  /** The user's visible status may have changed. `except` already knows the current status. */
  changed(userId: string, except?: E): void {
    if (this.closed) return;
    const state = this.users.get(userId) ?? { sent: null, at: 0, timer: null, due: false };
    this.users.set(userId, state);
    const pending = this.due.get(userId);
    if (pending && pending.shown !== this.current(userId)) pending.except = undefined;
    if (state.timer || state.due) return; // the pending broadcast will carry the latest status
    const wait = state.at + this.intervalMs - Date.now();
    if (wait <= 0) return this.enqueue(userId, state, except);
    state.timer = setTimeout(() => {
      state.timer = null;
      this.enqueue(userId, state);
    }, wait);
    state.timer.unref();
  }

  private enqueue(userId: string, state: UserState, except?: E): void {
    state.due = true;
    this.due.set(userId, { except, shown: this.current(userId) });
    if (this.batchTimer) return;
    this.batchTimer = setTimeout(() => this.flushBatch(), this.batchMs);
    this.batchTimer.unref();
  }

  private flushBatch(): void {
    this.batchTimer = null;
    const due = [...this.due];
    this.due.clear();
    const now = Date.now();
    const batch: PresenceOut<E>[] = [];
    for (const [userId, { except, shown }] of due) {
      const state = this.users.get(userId);
      if (!state) continue;
      state.due = false;
      const status = this.current(userId);
      if (status === state.sent) continue;
      state.sent = status;
      state.at = now;
      batch.push(status === shown && except !== undefined ? { userId, status, except } : { userId, status });
    }
    if (batch.length > 0) this.broadcast(batch);
    // Forget users idle for a while: memory follows activity, not history.
    for (const [userId, state] of this.users) {
      if (!state.timer && !state.due && now - state.at > this.intervalMs * 4) this.users.delete(userId);
    }
  }

  close(): void {
    this.closed = true;
    if (this.batchTimer) clearTimeout(this.batchTimer);
    for (const s of this.users.values()) if (s.timer) clearTimeout(s.timer);
    this.users.clear();
    this.due.clear();
  }
}
