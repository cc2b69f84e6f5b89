// Live connections, their subscriptions, and fan-out. A frame is serialized
// (and encoded) once per broadcast and the same Buffer goes to every socket:
// the broadcast methods take a Buffer only, since ws would encode a string
// again for each socket.
import { WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../shared/protocol';

/** A client this far behind is cut off instead of growing the relay's memory without bound. */
export const MAX_BUFFERED_BYTES = 256 * 1024 * 1024;
/** How long a closing client gets to answer the close frame before its socket is dropped. */
const CLOSE_GRACE_MS = 2000;

export interface Conn {
  readonly ws: WebSocket;
  readonly userId: string;
  readonly subs: Set<string>;
  lastActivity: number;
  invalid: number[];
  expiryTimer: NodeJS.Timeout | null;
  closed: boolean;
}

export class Hub {
  readonly conns = new Set<Conn>();
  private readonly byUser = new Map<string, Set<Conn>>();
  private readonly subscribers = new Map<string, Set<Conn>>();

  /** Frames refused because they were over the protocol's limit: each one is a relay bug. */
  oversizeFrames = 0;

  constructor(
    private readonly maxBufferedBytes = MAX_BUFFERED_BYTES,
    private readonly log: (line: string) => void = () => {},
  ) {}

  add(conn: Conn): void {
    this.conns.add(conn);
    let set = this.byUser.get(conn.userId);
    if (!set) {
      set = new Set();
      this.byUser.set(conn.userId, set);
    }
    set.add(conn);
  }

  remove(conn: Conn): void {
    conn.closed = true;
    this.conns.delete(conn);
    const set = this.byUser.get(conn.userId);
    set?.delete(conn);
    if (set?.size === 0) this.byUser.delete(conn.userId);
    for (const threadId of conn.subs) this.unsubscribe(conn, threadId);
  }

  connectionsOf(userId: string): ReadonlySet<Conn> {
    return this.byUser.get(userId) ?? new Set();
  }

  subscribe(conn: Conn, threadId: string): void {
    if (conn.closed) return;
    conn.subs.add(threadId);
    let set = this.subscribers.get(threadId);
    if (!set) {
      set = new Set();
      this.subscribers.set(threadId, set);
    }
    set.add(conn);
  }

  unsubscribe(conn: Conn, threadId: string): void {
    conn.subs.delete(threadId);
    const set = this.subscribers.get(threadId);
    set?.delete(conn);
    if (set?.size === 0) this.subscribers.delete(threadId);
  }

  /**
   * Every frame the relay sends passes here, so this is where the protocol's
   * frame limit is enforced: a client would close with 1009 and reconnect into
   * the same frame forever, so an oversize frame is dropped and logged instead.
   */
  send(conn: Conn, data: string | Buffer): void {
    const ws = conn.ws;
    if (conn.closed || ws.readyState !== WebSocket.OPEN) return;
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (bytes > MAX_FRAME_BYTES) {
      this.oversizeFrames++;
      const type = /^\{"type":"([a-z_]{1,40})"/.exec(typeof data === 'string' ? data.slice(0, 64) : data.subarray(0, 64).toString())?.[1] ?? 'unknown';
      this.log(`BUG: not sending a ${type} frame of ${bytes} bytes to ${conn.userId}: over the ${MAX_FRAME_BYTES}-byte frame limit`);
      return;
    }
    ws.send(data, { binary: false });
    if (ws.bufferedAmount > this.maxBufferedBytes) this.closeConn(conn, 1013, 'client too slow');
  }

  /**
   * Every close goes through here: a client that does not answer the close
   * frame (a slow one never even receives it) is cut off after a grace period.
   */
  closeConn(conn: Conn, code: number, reason: string): void {
    if (conn.closed) return;
    conn.closed = true;
    const { ws } = conn;
    if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  /** Closes every connection with `code`; resolves once all their sockets are gone. */
  async closeAll(code: number, reason: string): Promise<void> {
    const conns = [...this.conns];
    const gone = conns.map((conn) => new Promise<void>((resolve) => {
      if (conn.ws.readyState === WebSocket.CLOSED) return resolve();
      conn.ws.once('close', () => resolve());
    }));
    for (const conn of conns) this.closeConn(conn, code, reason);
    await Promise.all(gone);
  }

  toThread(threadId: string, data: Buffer, allowed: (conn: Conn) => boolean = () => true): void {
    const set = this.subscribers.get(threadId);
    if (set) for (const conn of set) if (allowed(conn)) this.send(conn, data);
  }

  toUser(userId: string, data: Buffer, except?: Conn): number {
    let n = 0;
    for (const conn of this.connectionsOf(userId)) {
      if (conn === except) continue;
      this.send(conn, data);
      n++;
    }
    return n;
  }

  toAll(data: Buffer): number {
    for (const conn of this.conns) this.send(conn, data);
    return this.conns.size;
  }
}
