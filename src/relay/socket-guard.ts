// Sockets that have not authenticated cost a descriptor each and can be
// opened by anyone: with a 1 024-descriptor limit, 1 100 silent sockets once
// locked every client and /healthz out for 90 s. So incomplete request
// headers time out (408), so do request bodies that crawl, and at most
// `maxUnauthenticated` such sockets are held at once: beyond that the oldest
// is dropped, so a flood cannot keep a newcomer out for longer than it keeps
// opening sockets faster than they are served.
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface SocketGuardOptions {
  /** A request's headers must be complete this soon after the socket opened (default 10 s). */
  headersTimeoutMs: number;
  /** The whole request, body included (default 30 s). */
  requestTimeoutMs: number;
  /** Sockets not (yet) carrying an authenticated WebSocket (default 256). */
  maxUnauthenticated: number;
}

export const DEFAULT_SOCKET_GUARD: SocketGuardOptions = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxUnauthenticated: 256 };

export class SocketGuard {
  /** Oldest first (insertion order). */
  private readonly unauthenticated = new Set<Duplex>();
  dropped = 0;

  constructor(readonly opts: SocketGuardOptions) {}

  /** Options for http.createServer: Node enforces both timeouts, checked this often. */
  serverOptions(): http.ServerOptions {
    const headersTimeout = Math.min(this.opts.headersTimeoutMs, this.opts.requestTimeoutMs); // Node requires it
    return {
      headersTimeout,
      requestTimeout: this.opts.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    };
  }

  attach(server: http.Server): void {
    server.on('connection', (socket: Socket) => {
      this.unauthenticated.add(socket);
      socket.once('close', () => this.unauthenticated.delete(socket));
      if (this.unauthenticated.size <= this.opts.maxUnauthenticated) return;
      const [oldest] = this.unauthenticated;
      if (oldest === undefined) return;
      this.unauthenticated.delete(oldest);
      this.dropped++;
      oldest.destroy();
    });
  }

  /** The socket now carries an authenticated WebSocket: no longer counted. */
  authenticated(socket: Duplex): void {
    this.unauthenticated.delete(socket);
  }
}
