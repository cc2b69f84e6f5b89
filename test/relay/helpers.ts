// Test helpers for the relay suite: start a relay on an ephemeral port and
// drive it with plain `ws` clients that record every frame.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { WebSocket, type ClientOptions } from 'ws';
import { startRelay, type Relay, type RelayOptions } from '../../src/relay';
import { BEACON_SUBPROTOCOL, BEARER_SUBPROTOCOL_PREFIX } from '../../src/shared/protocol';
import { pollUntil } from '../support/wait';

export type Frame = { type: string; [key: string]: unknown };
export type Transport = 'header' | 'query' | 'access_token' | 'subprotocol';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEFAULT_WAIT_MS = 8000;

/** Polls until `check` returns a value other than undefined/false. */
export function until<T>(check: () => T | undefined | false, what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
  return pollUntil(what, check, (v) => v !== undefined && v !== false, { timeoutMs, everyMs: 10 }) as Promise<T>;
}

const relays = new Set<Relay>();
const clients = new Set<TestClient>();

export async function startTestRelay(opts: RelayOptions = {}): Promise<Relay> {
  const relay = await startRelay({ port: 0, ...opts });
  relays.add(relay);
  return relay;
}

/** For afterEach: closes every client and relay a test opened. */
export async function cleanup(): Promise<void> {
  for (const c of clients) c.ws.terminate();
  clients.clear();
  await Promise.all([...relays].map((r) => r.close()));
  relays.clear();
}

export function num(frame: Frame, key: string): number {
  const v = frame[key];
  if (typeof v !== 'number') throw new Error(`frame ${frame.type} has no numeric ${key}: ${JSON.stringify(frame)}`);
  return v;
}

export function dataOf(frame: Frame): Record<string, unknown> {
  const d = frame.data;
  if (typeof d !== 'object' || d === null) throw new Error(`frame ${frame.type} has no data object`);
  return d as Record<string, unknown>;
}

export class TestClient {
  readonly frames: Frame[] = [];
  /** Size in bytes of the largest frame received. */
  largestFrameBytes = 0;
  closeInfo: { code: number; reason: string } | null = null;
  private pongs = 0;

  constructor(readonly ws: WebSocket) {
    clients.add(this);
    ws.on('message', (data) => {
      this.largestFrameBytes = Math.max(this.largestFrameBytes, (data as Buffer).length);
      const frame = JSON.parse(String(data)) as Frame;
      if (frame.type === 'pong') this.pongs++;
      this.frames.push(frame);
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
    });
    ws.on('error', () => {});
  }

  send(frame: Record<string, unknown> | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or future) matching `pred`. */
  waitFor(pred: (f: Frame) => boolean, what = 'a matching frame', timeoutMs = DEFAULT_WAIT_MS): Promise<Frame> {
    return until(() => this.frames.find(pred), what, timeoutMs);
  }

  waitForType(type: string, timeoutMs?: number): Promise<Frame> {
    return this.waitFor((f) => f.type === type, `a "${type}" frame`, timeoutMs);
  }

  /** Waits until `n` frames match, returns them in arrival order. */
  waitForCount(pred: (f: Frame) => boolean, n: number, what = 'frames', timeoutMs = DEFAULT_WAIT_MS): Promise<Frame[]> {
    return until(() => {
      const found = this.frames.filter(pred);
      return found.length >= n ? found : undefined;
    }, `${n} ${what}`, timeoutMs);
  }

  ofType(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }

  messages(threadId?: string): Frame[] {
    return this.frames.filter((f) => f.type === 'message' && (threadId === undefined || f.thread_id === threadId));
  }

  /** Round-trips a ping: everything the relay sent before answering has arrived. */
  async sync(): Promise<void> {
    const target = this.pongs + 1;
    this.send({ type: 'ping' });
    await until(() => this.pongs >= target, 'pong');
  }

  waitClosed(timeoutMs = DEFAULT_WAIT_MS): Promise<{ code: number; reason: string }> {
    return until(() => this.closeInfo ?? undefined, 'the socket to close', timeoutMs);
  }
}

export type Attempt = { ok: true; ws: WebSocket } | { ok: false; status: number; body: string };

/** Opens a socket the way a client with `transport` would; reports an HTTP rejection instead of throwing. */
export function attempt(url: string, token: string | null, transport: Transport = 'header', extra: ClientOptions = {}): Promise<Attempt> {
  return new Promise((resolve, reject) => {
    const ws = token === null ? new WebSocket(url, extra) : openSocket(url, token, transport, extra);
    ws.once('open', () => resolve({ ok: true, ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ ok: false, status: res.statusCode ?? 0, body }));
    });
    ws.once('error', (err) => reject(err));
  });
}

/** An authenticated client for `userId`; resolves once the socket is open (frames keep arriving). */
export async function connect(relay: Relay, userId: string, transport: Transport = 'header'): Promise<TestClient> {
  const token = await relay.mintToken(userId);
  return connectWithToken(relay.url, token, transport);
}

export async function connectWithToken(url: string, token: string, transport: Transport = 'header'): Promise<TestClient> {
  const ws = openSocket(url, token, transport);
  const client = new TestClient(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade rejected with ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return client;
}

function openSocket(url: string, token: string, transport: Transport, extra: ClientOptions = {}): WebSocket {
  const q = encodeURIComponent(token);
  if (transport === 'query') return new WebSocket(`${url}/?token=${q}`, extra);
  if (transport === 'access_token') return new WebSocket(`${url}/?access_token=${q}`, extra);
  if (transport === 'subprotocol') return new WebSocket(url, [BEACON_SUBPROTOCOL, `${BEARER_SUBPROTOCOL_PREFIX}${token}`], extra);
  return new WebSocket(url, { ...extra, headers: { Authorization: `Bearer ${token}` } });
}

/** A connected client that has received its auth, threads and presence_snapshot frames. */
export async function signIn(relay: Relay, userId: string): Promise<TestClient> {
  const client = await connect(relay, userId);
  await client.waitForType('presence_snapshot');
  return client;
}

export async function api(relay: Relay, method: string, route: string, body?: unknown, token: string | null = relay.adminToken): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${relay.httpUrl}${route}`, {
    method,
    headers: { ...(token !== null ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export const TEAM = {
  users: [
    { id: 'ann', name: 'Ann' },
    { id: 'ben', name: 'Ben' },
    { id: 'cat', name: 'Cat' },
  ],
  threads: [
    { id: 't1', title: 'General', members: ['ann', 'ben', 'cat'] },
    { id: 't2', title: 'Ann and Ben', members: ['ann', 'ben'] },
    { id: 't3', title: 'Cat alone', members: ['cat'] },
  ],
};

/** The relay CLI as a child process (node + tsx, no npm in between so signals reach it). */
export class CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  stderr = '';
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/relay/cli.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    createInterface({ input: this.child.stdout }).on('line', (l) => this.lines.push(l));
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.exit = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  async firstLine(timeoutMs = 30_000): Promise<string> {
    return until(() => this.lines[0], `CLI output (stderr so far: ${this.stderr.slice(0, 500)})`, timeoutMs);
  }

  async listening(timeoutMs = 30_000): Promise<{ url: string; httpUrl: string; port: number; adminToken: string; demo?: { userId: string; token: string } }> {
    return JSON.parse(await this.firstLine(timeoutMs)) as Awaited<ReturnType<CliProcess['listening']>>;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

/**
 * Writes `request` as raw bytes (so targets and headers no HTTP client would
 * send get through) and returns the response's status, or null when the relay
 * closed the socket without one.
 */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 3000): Promise<{ status: number | null; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: status ? Number(status[1]) : null, head: text.split('\r\n\r\n')[0] ?? '' });
    };
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(String(request).slice(0, 200))}`)), timeoutMs);
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      if (text.includes('\r\n\r\n')) finish();
    });
    socket.on('error', () => {});
    socket.on('close', finish);
    // Half-closed: a request the relay waits on (a short body) ends instead of hanging.
    socket.end(request);
  });
}
