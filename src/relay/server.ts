// WebSocket wiring: authenticates the upgrade, runs each connection's life
// (first frames, activity, expiry, invalid-frame budget) and shuts down cleanly.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../shared/protocol';
import { extractToken, selectSubprotocol, verifyToken, type VerifiedToken } from './auth';
import type { RelayCore } from './core';
import { parseClientFrame, serverFrames, type ErrorContext } from './frames';
import { FrameStats } from './frame-stats';
import { handleClientFrame } from './handlers';
import type { Conn } from './hub';
import { parseTarget } from './target';

/** setTimeout cannot wait longer than this; longer token lifetimes are re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SocketServerOptions {
  secret: string;
  idleTimeoutMs: number;
  serverPingMs: number;
  invalidFrameLimit: number;
  invalidFrameWindowMs: number;
  /** Lower-case origins a browser may connect from; see RelayOptions.allowedOrigins. */
  allowedOrigins: ReadonlySet<string>;
  /** Sent in every auth frame: the identity of this relay's seq numbering (PROTOCOL.md, Authentication). */
  historyId: string;
}

export class SocketServer {
  readonly stats = new FrameStats();
  private readonly wss: WebSocketServer;
  private readonly timers: NodeJS.Timeout[] = [];
  private closing = false;
  /** Told when a socket has become an authenticated WebSocket. */
  onAuthenticated: (socket: Duplex) => void = () => {};

  constructor(
    private readonly core: RelayCore,
    private readonly opts: SocketServerOptions,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      handleProtocols: (protocols) => selectSubprotocol(protocols),
    });
    const sweepEvery = Math.max(25, Math.min(1000, Math.floor(opts.idleTimeoutMs / 4)));
    this.timers.push(setInterval(() => this.dropIdle(), sweepEvery));
    if (opts.serverPingMs > 0) {
      this.timers.push(setInterval(() => core.hub.toAll(Buffer.from(serverFrames.ping())), opts.serverPingMs));
    }
    for (const t of this.timers) t.unref();
  }

  /** The http server's `upgrade` listener. Rejections are plain HTTP so clients see 401, not a dropped socket. */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    if (this.closing) return rejectUpgrade(socket, 503, 'relay is shutting down');
    // A page on any site can open a socket to a relay on this machine: only listed origins may.
    const origin = req.headers.origin;
    if (origin !== undefined && !this.opts.allowedOrigins.has(origin.toLowerCase())) return rejectUpgrade(socket, 403, 'origin not allowed');
    const target = parseTarget(req.url);
    if (target === null) return rejectUpgrade(socket, 400, 'bad request target');
    const token = extractToken(req, target.query);
    if (token === null) return rejectUpgrade(socket, 401, 'missing token');
    const result = await verifyToken(this.opts.secret, token);
    if (!result.ok) return rejectUpgrade(socket, 401, result.error);
    if (this.closing) return rejectUpgrade(socket, 503, 'relay is shutting down');
    if (socket.destroyed) return;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, result.token, socket));
  }

  private onConnection(ws: WebSocket, token: VerifiedToken, socket: Duplex): void {
    const { core } = this;
    const conn: Conn = { ws, userId: token.userId, subs: new Set(), lastActivity: Date.now(), invalid: [], expiryTimer: null, closed: false };
    core.hub.add(conn, socket);
    this.onAuthenticated(socket);
    this.armExpiry(conn, token.expiresAt);
    const change = core.presence.connected(conn.userId);
    core.hub.send(conn, serverFrames.auth(conn.userId, this.opts.historyId));
    core.sendDirectory(conn);
    core.presenceChanged(change, conn);
    core.log(`connect ${conn.userId} (${core.presence.connectionsOf(conn.userId)} connection(s))`);

    const touch = (): void => {
      conn.lastActivity = Date.now();
    };
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('pong', touch);
    ws.on('ping', touch);
    ws.on('error', (err) => core.log(`socket error for ${conn.userId}: ${err.message}`));
    ws.on('close', (code) => this.onClose(conn, code));
  }

  private onMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    conn.lastActivity = Date.now();
    if (conn.closed) return;
    if (isBinary) {
      this.stats.binary();
      return this.invalidFrame(conn, 'Invalid message format: binary frames are not supported');
    }
    // The server keeps ws's default binaryType 'nodebuffer': every message, fragmented or not, is one Buffer.
    const parsed = parseClientFrame((data as Buffer).toString('utf8'));
    this.stats.record(parsed);
    if (parsed.ok) return handleClientFrame(this.core, conn, parsed.frame);
    // Only a malformed frame counts toward 1008; a rejected request or an unknown type is answered and forgotten.
    if (parsed.failure === 'malformed') return this.invalidFrame(conn, parsed.error, parsed.context);
    this.core.answer(conn, serverFrames.error(parsed.error, parsed.context));
  }

  /** Answers with an error frame; the `invalidFrameLimit`-th within the window closes with 1008. */
  private invalidFrame(conn: Conn, error: string, context: ErrorContext = {}): void {
    const now = Date.now();
    conn.invalid = conn.invalid.filter((t) => now - t < this.opts.invalidFrameWindowMs);
    conn.invalid.push(now);
    this.core.answer(conn, serverFrames.error(error, context));
    if (conn.invalid.length >= this.opts.invalidFrameLimit) this.core.hub.closeConn(conn, 1008, 'too many invalid frames');
  }

  private onClose(conn: Conn, code: number): void {
    if (conn.expiryTimer) clearTimeout(conn.expiryTimer);
    this.core.hub.remove(conn);
    this.core.presenceChanged(this.core.presence.disconnected(conn.userId));
    this.core.log(`disconnect ${conn.userId} (code ${code})`);
  }

  private armExpiry(conn: Conn, expiresAt: number | null): void {
    if (expiresAt === null || conn.closed) return;
    const delay = expiresAt - Date.now();
    conn.expiryTimer =
      delay > MAX_TIMER_MS
        ? setTimeout(() => this.armExpiry(conn, expiresAt), MAX_TIMER_MS)
        : setTimeout(() => this.core.hub.closeConn(conn, 4401, 'token expired'), Math.max(0, delay));
    conn.expiryTimer.unref();
  }

  private dropIdle(): void {
    const cutoff = Date.now() - this.opts.idleTimeoutMs;
    for (const conn of this.core.hub.conns) {
      if (!conn.closed && conn.lastActivity < cutoff) this.core.hub.closeConn(conn, 1001, 'idle timeout');
    }
  }

  /** Stops timers and new upgrades, closes every client with `code`, resolves once all sockets are gone. */
  async closeAll(code: number, reason: string): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    await this.core.hub.closeAll(code, reason);
    this.wss.close();
  }
}

const STATUS_TEXT = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service Unavailable' } as const;

function rejectUpgrade(socket: Duplex, status: keyof typeof STATUS_TEXT, error: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error });
  const statusText = STATUS_TEXT[status];
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      (status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '') +
      '\r\n' +
      body,
  );
}
