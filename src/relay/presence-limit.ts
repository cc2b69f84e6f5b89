// Presence frames a connection may send: `PRESENCE_FRAMES_PER_SECOND`. Beyond
// that a frame is not answered or broadcast at once, but its status is kept:
// the latest one applies when the window opens again, so a client that
// toggles fast still ends where it meant to.
import type { PresenceStatus } from '../shared/types';
import type { Conn } from './hub';
import { RateWindow } from './rate-window';

export const PRESENCE_FRAMES_PER_SECOND = 10;

interface Limiter {
  window: RateWindow;
  deferred: PresenceStatus | null;
  timer: NodeJS.Timeout | null;
}

const limiters = new WeakMap<Conn, Limiter>();

export function limitPresence(conn: Conn, status: PresenceStatus, apply: (status: PresenceStatus) => void): void {
  let l = limiters.get(conn);
  if (!l) {
    l = { window: new RateWindow(PRESENCE_FRAMES_PER_SECOND, 1000), deferred: null, timer: null };
    limiters.set(conn, l);
  }
  if (l.timer === null && l.window.take()) return apply(status);
  l.deferred = status;
  if (l.timer) return;
  const limiter = l;
  limiter.timer = setTimeout(() => {
    limiter.timer = null;
    const latest = limiter.deferred;
    limiter.deferred = null;
    if (latest !== null && !conn.closed && limiter.window.take()) apply(latest);
  }, limiter.window.untilNext() + 1);
  limiter.timer.unref();
}
