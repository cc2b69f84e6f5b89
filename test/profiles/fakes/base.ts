// What every profile fake shares: a real `ws` server on 127.0.0.1 behind a
// plain HTTP server, so each fake decides the upgrade itself (accept, or refuse
// with an HTTP status before any WebSocket exists), plus the bookkeeping tests
// read (upgrade attempts, client frames, open connections) and the restart and
// drop controls. Wire behaviour lives in each fake; this file knows no frames.
//
// Conventions for every fake (source: issue 11, sections 2 and 4):
// - `received` holds every client text frame in order: the parsed JSON value,
//   or the raw string when it is not JSON (so a test can see garbage arrive).
// - `dropAll(code)` closes every socket with that close code; `dropAll()`
//   without a code destroys the TCP sockets (the client sees 1006, no frame).
// - `restart(downtimeMs?)` stops listening, drops clients the way the real
//   server does when its process restarts (each fake picks a RestartStyle
//   and says why), waits `downtimeMs` (default 0) and listens again on
//   the same port. Fake-side state (tokens, statuses) survives; socket state
//   (subscriptions) does not, exactly as with a real restart.
// - Heartbeat timers are set with the global setInterval when the fake starts:
//   fake the clock (vi.useFakeTimers with 'setInterval' and 'Date') before
//   starting a fake for its heartbeat and silence checks to run on fake time.
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { WebSocketServer, WebSocket } from 'ws';

export interface FakeServerBase {
  /** The URL a client dials, without the token. */
  readonly url: string;
  readonly port: number;
  /** Upgrade requests seen, refused ones included. */
  readonly upgrades: number;
  /** Client frames in arrival order (parsed JSON, or the raw text when not JSON). */
  readonly received: readonly unknown[];
  /** Sockets open now. */
  readonly connections: number;
  close(): Promise<void>;
  /** Drop every client as the real server's restart does, then listen again on the same port. */
  restart(downtimeMs?: number): Promise<void>;
  /** Close every client with `code`, or reset the TCP sockets when no code is given. */
  dropAll(code?: number): void;
}

// Captured at import: restart's own waits must run on real time even while a
// test fakes the clock (heartbeat timers deliberately follow the fake clock).
const realSetTimeout = globalThis.setTimeout;
const realSleep = (ms: number): Promise<void> => new Promise((r) => realSetTimeout(r, ms));

/**
 * How a real server's restart looks to its clients: a 1012 close frame
 * (uvicorn's shutdown), a close frame with no status (a `ws` server closing its
 * clients with `close()`: the client sees 1005), or a TCP reset (a process
 * that exits without closing: the client sees 1006).
 */
export type RestartStyle = 'close-1012' | 'close-empty' | 'reset';

export type UpgradeDecision<C> =
  | { accept: true; context: C }
  | { accept: false; status: number };

/** One accepted socket and what the fake attached to it at upgrade time. */
export interface FakeClient<C> {
  readonly ws: WebSocket;
  readonly context: C;
  /** Date.now() of the last frame from this client (its sign of life). */
  lastHeard: number;
}

export interface FakeCoreOptions<C> {
  port?: number;
  restartStyle: RestartStyle;
  /** URL path of the dial URL (for `url`), e.g. '/ws'. */
  path: string;
  /** Decide the upgrade before accept: a refusal answers with that HTTP status. */
  authorize(req: IncomingMessage, url: URL): UpgradeDecision<C> | Promise<UpgradeDecision<C>>;
  /** `handleProtocols` for servers that answer a subprotocol; default: select none. */
  selectProtocol?(offered: Set<string>): string | false;
  onOpen(client: FakeClient<C>): void;
  /** `frame` is the parsed JSON, or undefined when the text is not JSON. */
  onFrame(client: FakeClient<C>, frame: unknown, text: string): void;
  onClose?(client: FakeClient<C>): void;
}

export function sendJson(ws: WebSocket, frame: object): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}

/** A plain object frame with a string `type`, or null. */
export function typed(frame: unknown): ({ type: string } & Record<string, unknown>) | null {
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return null;
  const type = (frame as Record<string, unknown>).type;
  return typeof type === 'string' ? (frame as { type: string } & Record<string, unknown>) : null;
}

/** The cookies of an upgrade request, by name. */
export function cookiesOf(req: IncomingMessage): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) jar.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return jar;
}

/** Answers an upgrade with a bare HTTP status and hangs up (a refusal before accept). */
function refuse(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The shared server core; each fake wraps one and adds its wire behaviour. */
export class FakeCore<C> implements FakeServerBase {
  readonly clients = new Set<FakeClient<C>>();
  private readonly frames: unknown[] = [];
  private readonly wss: WebSocketServer;
  private server: Server;
  private upgradeCount = 0;
  private boundPort = 0;

  private constructor(private readonly opts: FakeCoreOptions<C>) {
    this.wss = new WebSocketServer({
      noServer: true,
      handleProtocols: (offered) => opts.selectProtocol?.(offered) ?? false,
    });
    this.server = this.makeServer();
  }

  static async start<C>(opts: FakeCoreOptions<C>): Promise<FakeCore<C>> {
    const core = new FakeCore(opts);
    await core.listen(opts.port ?? 0);
    return core;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.boundPort}${this.opts.path}`;
  }
  get port(): number {
    return this.boundPort;
  }
  get upgrades(): number {
    return this.upgradeCount;
  }
  get received(): readonly unknown[] {
    return this.frames;
  }
  get connections(): number {
    return this.clients.size;
  }

  /** Sends `frame` to every open client that `filter` accepts. */
  broadcast(frame: object, filter: (c: FakeClient<C>) => boolean = () => true): void {
    for (const c of this.clients) if (filter(c)) sendJson(c.ws, frame);
  }

  dropAll(code?: number): void {
    for (const c of this.clients) {
      if (code === undefined) c.ws.terminate();
      else c.ws.close(code);
    }
  }

  async restart(downtimeMs = 0): Promise<void> {
    const port = this.boundPort;
    await this.stop(this.opts.restartStyle);
    if (downtimeMs > 0) await realSleep(downtimeMs);
    this.server = this.makeServer();
    await this.listen(port);
  }

  async close(): Promise<void> {
    await this.stop('reset');
    this.wss.close();
  }

  private async stop(style: RestartStyle): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (style === 'reset') this.dropAll();
    else for (const c of this.clients) c.ws.close(style === 'close-1012' ? 1012 : undefined);
    // A close frame waits for the client's answer; give it a moment, then cut.
    if (style !== 'reset') await this.waitForClients(500);
    for (const c of this.clients) c.ws.terminate();
    this.server.closeAllConnections();
    await closed;
  }

  private async waitForClients(ms: number): Promise<void> {
    for (let waited = 0; this.clients.size > 0 && waited < ms; waited += 5) await realSleep(5);
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private makeServer(): Server {
    const server = createServer((_req, res) => {
      res.writeHead(404).end();
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head));
    return server;
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    this.upgradeCount++;
    socket.on('error', () => {});
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const decision = await this.opts.authorize(req, url);
    if (socket.destroyed) return;
    if (!decision.accept) {
      refuse(socket, decision.status);
      return;
    }
    this.wss.handleUpgrade(req, socket as Socket, head, (ws) => this.open(ws, decision.context));
  }

  private open(ws: WebSocket, context: C): void {
    const client: FakeClient<C> = { ws, context, lastHeard: Date.now() };
    this.clients.add(client);
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = String(data);
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        frame = undefined;
      }
      this.frames.push(frame === undefined ? text : frame);
      this.opts.onFrame(client, frame, text);
    });
    ws.on('close', () => {
      this.clients.delete(client);
      this.opts.onClose?.(client);
    });
    this.opts.onOpen(client);
  }
}

/** Runs `tick` every `ms` until the returned stop is called; unref'd so it never holds a process. */
export function every(ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The FakeServerBase view of `core` with the fake's own members on it (their
 * getters kept), and `close` also stopping the fake's timers.
 */
export function withBase<C, T extends object>(core: FakeCore<C>, stopTimers: () => void, own: T): FakeServerBase & T {
  const base: FakeServerBase = {
    get url() {
      return core.url;
    },
    get port() {
      return core.port;
    },
    get upgrades() {
      return core.upgrades;
    },
    get received() {
      return core.received;
    },
    get connections() {
      return core.connections;
    },
    restart: (downtimeMs) => core.restart(downtimeMs),
    dropAll: (code) => core.dropAll(code),
    async close() {
      stopTimers();
      await core.close();
    },
  };
  return Object.defineProperties(base, Object.getOwnPropertyDescriptors(own)) as FakeServerBase & T;
}

/** An HS256 JWT with `claims`, expiring `expiresInSec` from now (negative: already expired). */
export function signHs256(secret: string, claims: JWTPayload, expiresInSec = 3600): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSec)
    .sign(new TextEncoder().encode(secret));
}

/** The verified claims of an HS256 JWT, or null when it is missing, forged, malformed or expired. */
export async function verifyHs256(secret: string, token: string | null | undefined): Promise<JWTPayload | null> {
  if (!token) return null;
  try {
    return (await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] })).payload;
  } catch {
    return null;
  }
}
