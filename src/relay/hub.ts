// Live connections, their subscriptions, and fan-out. A frame is serialized
// (and encoded) once per broadcast and the same Buffer goes to every socket:
// the broadcast methods take a Buffer only, since ws would encode a string
// again for each socket.
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../shared/protocol';
import { textFrameHeader } from './ws-frame';
import { Backlog, BEHIND_BYTES, READ_PAUSE_BYTES, type BacklogLimits } from './backlog';

/** A client this far behind is cut off (1013) instead of growing the relay's memory without bound. */
export const MAX_BUFFERED_BYTES = 256 * 1024 * 1024;
/** All of one user's connections together. */
export const MAX_USER_BUFFERED_BYTES = 256 * 1024 * 1024;
/** Every connection together. */
export const MAX_TOTAL_BUFFERED_BYTES = 1024 * 1024 * 1024;
const SWEEP_MS = 50;
const NO_CONNS: ReadonlySet<Conn> = new Set();
const SMALL_FRAME_BYTES = 16 * 1024;
/** Backlogs below this are not tracked (they are what one turn's frames leave in a socket). */
const TRACK_BYTES = 256 * 1024;
/** How long a closing client gets to answer the close frame before its socket is dropped. */
const CLOSE_GRACE_MS = 2000;

/** Frames framed once for many recipients; `payloads` serves a connection whose socket the hub does not hold. */
export interface Prebuilt {
  payloads: Buffer[];
  wire: Buffer;
}

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
  readonly backlog: Backlog;
  private readonly sockets = new WeakMap<Conn, Duplex>();
  private readonly framed = new WeakMap<Buffer, Buffer[]>();
  /** Sockets corked during this event-loop turn; uncorked together right after it. */
  private corked: Duplex[] = [];
  /** Connections not read from until they catch up (see READ_PAUSE_BYTES). */
  private readonly paused = new Set<Conn>();
  private readonly sweeper: NodeJS.Timeout;
  /** Called when a connection that was behind has caught up (queued replays may go). */
  onCaughtUp: (conn: Conn) => void = () => {};

  constructor(
    limits: Partial<BacklogLimits> = {},
    private readonly log: (line: string) => void = () => {},
  ) {
    this.backlog = new Backlog({
      perConn: limits.perConn ?? MAX_BUFFERED_BYTES,
      perUser: limits.perUser ?? MAX_USER_BUFFERED_BYTES,
      total: limits.total ?? MAX_TOTAL_BUFFERED_BYTES,
    });
    // Sockets drain without telling ws users; a short sweep over the connections that are behind notices.
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  /** True when the connection is too far behind to be sent answers it asked for. */
  isBehind(conn: Conn): boolean {
    return this.backlog.of(conn) >= READ_PAUSE_BYTES;
  }

  private account(conn: Conn): void {
    const bytes = conn.closed ? 0 : conn.ws.bufferedAmount;
    // Most sends leave a few bytes in a corked socket: not worth a map update each.
    if (bytes < TRACK_BYTES && this.backlog.of(conn) === 0) return;
    const why = this.backlog.update(conn, bytes);
    if (why) return this.closeConn(conn, 1013, why);
    if (bytes >= READ_PAUSE_BYTES && !this.paused.has(conn)) {
      this.paused.add(conn);
      conn.ws.pause();
    } else if (bytes < READ_PAUSE_BYTES / 2 && this.paused.delete(conn)) {
      conn.ws.resume();
      this.onCaughtUp(conn);
    }
  }

  private sweep(): void {
    for (const conn of this.backlog.behind()) this.account(conn);
    // Over the total cap: the connections furthest behind go first.
    for (const conn of this.backlog.behind()) {
      if (this.backlog.total <= this.backlog.limits.total) break;
      this.closeConn(conn, 1013, 'relay send buffers full');
    }
  }

  /**
   * `socket` is the connection's own (the one ws writes to): the hub corks it
   * while it sends, so the frames of one event-loop turn leave in one write.
   */
  add(conn: Conn, socket?: Duplex): void {
    if (socket) this.sockets.set(conn, socket);
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
    this.backlog.forget(conn);
    this.paused.delete(conn);
    this.conns.delete(conn);
    const set = this.byUser.get(conn.userId);
    set?.delete(conn);
    if (set?.size === 0) this.byUser.delete(conn.userId);
    for (const threadId of conn.subs) this.unsubscribe(conn, threadId);
  }

  connectionsOf(userId: string): ReadonlySet<Conn> {
    return this.byUser.get(userId) ?? NO_CONNS;
  }

  /** How many users have at least one connection. */
  get userCount(): number {
    return this.byUser.size;
  }

  /** The users with at least one connection (live: do not add or remove connections while iterating). */
  users(): Iterable<string> {
    return this.byUser.keys();
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
    if (!this.withinLimit(data, conn)) return;
    const socket = this.sockets.get(conn);
    if (socket) {
      this.cork(socket);
      // ws never queues a frame of its own here (no compression, no Blobs), so writing
      // beside it keeps the order; bufferedAmount counts these bytes too.
      if (typeof data !== 'string') {
        this.writeFrame(socket, data);
        return this.account(conn);
      }
    }
    ws.send(data, { binary: false });
    this.account(conn);
  }

  /** Several frames framed once, to be written whole to many connections (see sendPrebuilt). */
  prebuild(payloads: Buffer[]): Prebuilt {
    const fit = payloads.filter((p) => this.withinLimit(p, null));
    return { payloads: fit, wire: Buffer.concat(fit.flatMap((p) => [textFrameHeader(p.length), p])) };
  }

  /** Sends prebuilt frames: one write to the socket, however many frames. */
  sendPrebuilt(conn: Conn, frames: Prebuilt): void {
    if (conn.closed || conn.ws.readyState !== WebSocket.OPEN) return;
    const socket = this.sockets.get(conn);
    if (!socket) {
      for (const p of frames.payloads) this.send(conn, p);
      return;
    }
    this.cork(socket);
    socket.write(frames.wire);
    this.account(conn);
  }

  /** Writes a broadcast payload as a text frame; the framing is built once per payload, for every recipient. */
  private writeFrame(socket: Duplex, data: Buffer): void {
    let framed = this.framed.get(data);
    if (!framed) {
      const header = textFrameHeader(data.length);
      // A small frame is copied once so each recipient costs one write; a large one is not copied.
      framed = data.length <= SMALL_FRAME_BYTES ? [Buffer.concat([header, data])] : [header, data];
      this.framed.set(data, framed);
    }
    for (const chunk of framed) socket.write(chunk);
  }

  /** The one check that no frame the relay sends exceeds the protocol's limit; an oversize frame is logged, not sent. */
  private withinLimit(data: string | Buffer, conn: Conn | null): boolean {
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (bytes <= MAX_FRAME_BYTES) return true;
    this.oversizeFrames++;
    const type = /^\{"type":"([a-z_]{1,40})"/.exec(typeof data === 'string' ? data.slice(0, 64) : data.subarray(0, 64).toString())?.[1] ?? 'unknown';
    this.log(`BUG: not sending a ${type} frame of ${bytes} bytes${conn ? ` to ${conn.userId}` : ''}: over the ${MAX_FRAME_BYTES}-byte frame limit`);
    return false;
  }

  /**
   * A connect storm sends each client one frame per newcomer: written one by
   * one, that is a syscall per frame (most of the relay's CPU). Corked for the
   * turn, each socket's frames leave in one write once the turn is over.
   */
  private cork(socket: Duplex): void {
    if (socket.writableCorked > 0) return;
    socket.cork();
    if (this.corked.push(socket) === 1) setImmediate(() => this.uncorkAll());
  }

  private uncorkAll(): void {
    const corked = this.corked;
    this.corked = [];
    for (const socket of corked) socket.uncork();
  }

  /**
   * Every close goes through here: a client that does not answer the close
   * frame (a slow one never even receives it) is cut off after a grace period.
   */
  closeConn(conn: Conn, code: number, reason: string): void {
    if (conn.closed) return;
    conn.closed = true;
    const { ws } = conn;
    // Its memory is released now: a close frame queued behind megabytes would not be read in time anyway.
    if (ws.bufferedAmount >= BEHIND_BYTES) return ws.terminate();
    if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  /** Closes every connection with `code`; resolves once all their sockets are gone. */
  async closeAll(code: number, reason: string): Promise<void> {
    clearInterval(this.sweeper);
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
