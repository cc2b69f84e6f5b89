// A raw `ws` client for the fakes' self-tests: records every frame and the
// close, and answers "what happened" questions by polling, never by sleeping.
import { WebSocket, type ClientOptions } from 'ws';
import { pollUntil, sleep } from '../../support/wait';

export type Frame = { type: string } & Record<string, unknown>;

const clients = new Set<RawClient>();

export function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 2000): Promise<T> {
  return pollUntil(what, check, (v) => v !== undefined && v !== false, { timeoutMs, everyMs: 5 }) as Promise<T>;
}

export class RawClient {
  readonly frames: Frame[] = [];
  closeInfo: { code: number; reason: string } | null = null;
  /** The HTTP status of a refused upgrade. */
  refusedStatus: number | null = null;
  opened = false;

  constructor(readonly ws: WebSocket) {
    clients.add(this);
    ws.on('open', () => (this.opened = true));
    ws.on('message', (data) => this.frames.push(JSON.parse(String(data)) as Frame));
    ws.on('close', (code, reason) => (this.closeInfo = { code, reason: reason.toString() }));
    ws.on('unexpected-response', (_req, res) => {
      this.refusedStatus = res.statusCode ?? 0;
      ws.terminate();
    });
    ws.on('error', () => {});
  }

  static connect(url: string, opts: ClientOptions & { protocols?: string[] } = {}): RawClient {
    const { protocols, ...rest } = opts;
    return new RawClient(new WebSocket(url, protocols, rest));
  }

  /** Opens and resolves once the upgrade succeeded. */
  static async open(url: string, opts: ClientOptions & { protocols?: string[] } = {}): Promise<RawClient> {
    const c = RawClient.connect(url, opts);
    await until(() => c.opened || c.closeInfo || c.refusedStatus !== null, `open ${url}`);
    if (!c.opened) throw new Error(`could not open ${url}: ${JSON.stringify({ closed: c.closeInfo, status: c.refusedStatus })}`);
    return c;
  }

  send(frame: object | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  ofType(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }

  waitFor(pred: (f: Frame) => boolean, what: string, timeoutMs?: number): Promise<Frame> {
    return until(() => this.frames.find(pred), what, timeoutMs);
  }

  waitType(type: string, timeoutMs?: number): Promise<Frame> {
    return this.waitFor((f) => f.type === type, `a ${type} frame`, timeoutMs);
  }

  waitClosed(timeoutMs?: number): Promise<{ code: number; reason: string }> {
    return until(() => this.closeInfo ?? undefined, 'the socket to close', timeoutMs);
  }

  waitRefused(timeoutMs?: number): Promise<number> {
    return until(() => this.refusedStatus ?? undefined, 'the upgrade to be refused', timeoutMs);
  }

  /** Asserts, over `ms`, that no frame beyond those already counted arrives. */
  async quietFor(ms: number): Promise<boolean> {
    const before = this.frames.length;
    await sleep(ms);
    return this.frames.length === before;
  }
}

/** For afterEach: terminates every client a test opened. */
export function closeClients(): void {
  for (const c of clients) c.ws.terminate();
  clients.clear();
}

export function dataOf(frame: Frame | undefined): Record<string, unknown> {
  const d = frame?.data;
  if (typeof d !== 'object' || d === null) throw new Error(`frame has no data object: ${JSON.stringify(frame)}`);
  return d as Record<string, unknown>;
}
