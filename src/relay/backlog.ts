// Unsent bytes: what the relay holds for clients that do not read. Bounded per
// connection, per user (a user's many connections together) and for the
// whole relay, so no one user, and no crowd, can pin the relay's memory.
import type { Conn } from './hub';

export interface BacklogLimits {
  /** One connection's unsent bytes (`maxBufferedBytes`). */
  perConn: number;
  /** All of one user's connections together. */
  perUser: number;
  /** Every connection together. */
  total: number;
}

/** Over the user or total cap, only a connection at least this far behind is cut: a reading client never is. */
export const BEHIND_BYTES = 1024 * 1024;
/** A connection this far behind is not read from (so it causes no more answers) until it has caught up. */
export const READ_PAUSE_BYTES = 4 * 1024 * 1024;

export class Backlog {
  private readonly byConn = new Map<Conn, number>();
  private readonly byUser = new Map<string, number>();
  total = 0;

  constructor(readonly limits: BacklogLimits) {}

  of(conn: Conn): number {
    return this.byConn.get(conn) ?? 0;
  }

  /** Connections with unsent bytes, the largest backlog first. */
  behind(): Conn[] {
    return [...this.byConn.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  }

  /** Records a connection's unsent bytes; returns why it must be closed, or null. */
  update(conn: Conn, bytes: number): string | null {
    const delta = bytes - this.of(conn);
    if (bytes > 0) this.byConn.set(conn, bytes);
    else this.byConn.delete(conn);
    const user = (this.byUser.get(conn.userId) ?? 0) + delta;
    if (user > 0) this.byUser.set(conn.userId, user);
    else this.byUser.delete(conn.userId);
    this.total += delta;
    if (bytes > this.limits.perConn) return 'client too slow';
    if (bytes >= BEHIND_BYTES && user > this.limits.perUser) return 'too much unsent data for this user';
    if (bytes >= BEHIND_BYTES && this.total > this.limits.total) return 'relay send buffers full';
    return null;
  }

  forget(conn: Conn): void {
    this.update(conn, 0);
  }
}
