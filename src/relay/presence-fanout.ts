// Presence fan-out, coalesced per user. One client toggling its status 500
// times a second in a 1 000-member thread would otherwise cost 500 000 frames a
// second; here a user's status goes out at most once per `intervalMs`, and
// what goes out is the latest status (a change and its undoing within one
// interval cost nothing).
import type { PresenceStatus } from '../shared/types';

/** A user's status reaches their peers at most this often (4 a second). */
export const PRESENCE_INTERVAL_MS = 250;

interface UserState {
  /** What peers were last told. */
  sent: PresenceStatus | null;
  at: number;
  timer: NodeJS.Timeout | null;
}

/** `E` is what a broadcast may skip (the connection that was just sent a snapshot). */
export class PresenceFanout<E> {
  private readonly users = new Map<string, UserState>();
  private closed = false;

  constructor(
    private readonly current: (userId: string) => PresenceStatus,
    private readonly broadcast: (userId: string, status: PresenceStatus, except?: E) => void,
    private readonly intervalMs = PRESENCE_INTERVAL_MS,
  ) {}

  /**
   * The user's visible status may have changed: tell peers now, or at the end
   * of the user's interval. `except` is skipped only by a broadcast made now.
   */
  changed(userId: string, except?: E): void {
    if (this.closed) return;
    const state = this.users.get(userId) ?? { sent: null, at: 0, timer: null };
    this.users.set(userId, state);
    if (state.timer) return; // the pending broadcast will carry the latest status
    const wait = state.at + this.intervalMs - Date.now();
    if (wait <= 0) return this.flush(userId, state, except);
    state.timer = setTimeout(() => this.flush(userId, state), wait);
    state.timer.unref();
  }

  private flush(userId: string, state: UserState, except?: E): void {
    state.timer = null;
    const status = this.current(userId);
    if (status === state.sent) return;
    state.sent = status;
    state.at = Date.now();
    this.broadcast(userId, status, except);
    // Forget idle users once their interval is over: memory follows activity, not history.
    const forget = setTimeout(() => {
      if (this.users.get(userId) === state && state.timer === null && Date.now() - state.at >= this.intervalMs) this.users.delete(userId);
    }, this.intervalMs * 4);
    forget.unref();
  }

  close(): void {
    this.closed = true;
    for (const s of this.users.values()) if (s.timer) clearTimeout(s.timer);
    this.users.clear();
  }
}
