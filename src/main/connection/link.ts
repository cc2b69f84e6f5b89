// One WebSocket attempt, from dial to end: upgrade, sign-in (an auth frame, or
// the upgrade itself, as the server's profile says), heartbeat, and what each
// decoded frame does. It reports exactly one LinkEnd. The engine (policy) and the
// probe (a one-shot check) are both built on it. Counting and decoding frames is
// FrameIntake's; the handshake deadline and frames held before sign-in, SignInWait's.
import WebSocket from 'ws';
import { MAX_FRAME_BYTES } from '../../shared/protocol';
import type { ClientFrame, ServerEvent } from '../../shared/protocol';
import { requireProfile } from '../../shared/protocol/profiles';
import type { ServerProfile, UpgradeIdentity } from '../../shared/protocol/profiles';
import type { Clock } from './clock';
import type { Counters } from './diagnostics';
import { FrameIntake } from './frame-intake';
import { Heartbeat } from './heartbeat';
import { SignInWait } from './sign-in-wait';
import type { ConnectRequest } from './transport';
import type { ConnectionLog } from './types';
import { redact } from './transport';

export type LinkEnd =
  /** The upgrade was answered with a plain HTTP response (401/403 = refused). */
  | { kind: 'http'; status: number }
  /** The server's auth frame said success: false. */
  | { kind: 'auth_rejected'; reason: string }
  | { kind: 'closed'; code: number; reason: string; opened: boolean }
  /** Failed before a WebSocket existed (DNS, refused, TLS, subprotocol mismatch). */
  | { kind: 'error'; code: string | null; message: string }
  | { kind: 'dead'; silentMs: number }
  | { kind: 'handshake_timeout'; opened: boolean; framesBeforeAuth: number }
  /** The server sent a frame over 1 MiB: we closed with 1009. */
  | { kind: 'oversize' }
  /** A bound on what we hold for the server was hit (bounds.ts): we closed with 1008. */
  | { kind: 'limit'; reason: string }
  /** The server named nobody and the profile cannot read the user from the token (words for a person). */
  | { kind: 'no_identity'; problem: string }
  /** We closed it ourselves. */
  | { kind: 'aborted' };

export interface LinkOptions {
  request: ConnectRequest;
  /** How this server speaks: its codec, how sign-in is confirmed, how to ping (default beacon-v1). */
  profile?: ServerProfile;
  /** The user when the server names nobody (sign-in by the upgrade alone, or a sign-in frame without a user), or why none can be read. */
  upgradeIdentity?: UpgradeIdentity;
  token: string;
  handshakeTimeoutMs: number;
  heartbeatMs: number;
  pongTimeoutMs: number;
  clock: Clock;
  counters: Counters;
  onAuth: (userId: string, compat: boolean, historyId: string | null) => void;
  onEvent: (event: ServerEvent) => void;
  onEnd: (end: LinkEnd) => void;
  onRtt?: (rttMs: number) => void;
  /** Debug notes on frames that are counted and ignored (the engine's log redacts the token). */
  log?: ConnectionLog;
}

export class Link {
  private readonly ws: WebSocket | null = null;
  private done = false;
  private opened = false;
  authed = false;
  /** We closed with 1009 because the server sent a frame over maxPayload (already counted). */
  oversized = false;
  private error: { code: string | null; message: string } | null = null;
  private readonly signIn: SignInWait;
  private readonly heartbeat: Heartbeat;
  private closeWaiters: Array<() => void> = [];
  private socketClosed = false;

  private readonly profile: ServerProfile;

  constructor(private readonly o: LinkOptions) {
    this.profile = o.profile ?? requireProfile('beacon-v1');
    this.heartbeat = new Heartbeat({
      intervalMs: o.heartbeatMs,
      timeoutMs: o.pongTimeoutMs,
      clock: o.clock,
      sendPing: () => this.ping(),
      onDead: (silentMs) => {
        this.o.counters.deadLinks++;
        this.finish({ kind: 'dead', silentMs });
        this.ws?.terminate();
      },
    });
    this.signIn = new SignInWait(o.clock, o.handshakeTimeoutMs, () => {
      if (this.authed) return;
      this.finish({ kind: 'handshake_timeout', opened: this.opened, framesBeforeAuth: this.signIn.frames });
      this.ws?.terminate();
    });
    try {
      this.ws = new WebSocket(o.request.secretUrl, o.request.protocols, {
        headers: o.request.headers,
        handshakeTimeout: o.handshakeTimeoutMs,
        maxPayload: MAX_FRAME_BYTES,
        followRedirects: false,
      });
    } catch (err) {
      const message = redact(err instanceof Error ? err.message : String(err), o.token);
      // Report asynchronously so the caller has finished wiring up before onEnd runs.
      queueMicrotask(() => this.finish({ kind: 'error', code: null, message }));
      return;
    }
    this.wire(this.ws);
  }

  get rttMs(): number | null {
    return this.heartbeat.rttMs;
  }

  /** Writes a frame in the server's own shape; false when not written (not open, or a frame this server does not have). */
  send(frame: ClientFrame): boolean {
    const text = this.profile.codec.encode(frame);
    if (text === null) return false;
    return this.sendEncoded(text, Buffer.byteLength(text));
  }

  private ping(): void {
    const mode = this.profile.heartbeat.clientPing;
    if (mode === 'json') this.send({ type: 'ping' });
    else if (mode === 'ws' && this.ws?.readyState === WebSocket.OPEN) this.ws.ping();
  }

  /** Writes a frame the caller has already encoded and measured (`bytes`: its UTF-8 length). */
  sendEncoded(text: string, bytes: number): boolean {
    const ws = this.ws;
    if (this.done || !ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(text);
    this.o.counters.framesOut++;
    this.o.counters.bytesOut += bytes;
    return true;
  }

  /** Closes on our initiative. Resolves once the socket is closed (or was terminated after graceMs). */
  close(code = 1000, reason = '', graceMs = 1_000): Promise<void> {
    this.finish({ kind: 'aborted' });
    const ws = this.ws;
    if (!ws || this.socketClosed) return Promise.resolve();
    return new Promise((resolve) => {
      this.closeWaiters.push(resolve);
      if (ws.readyState === WebSocket.CONNECTING) {
        ws.terminate();
        return;
      }
      ws.close(code, reason);
      const t = setTimeout(() => ws.terminate(), graceMs);
      t.unref?.();
    });
  }

  /** Ends the link because the server made us pass a bound (bounds.ts); the reason goes into the state. */
  endForLimit(reason: string): void {
    if (this.done) return;
    this.o.counters.boundsHit++;
    this.o.log?.('warn', `closing the connection: ${reason}`);
    this.finish({ kind: 'limit', reason });
    const ws = this.ws;
    if (!ws) return;
    if (ws.readyState === WebSocket.OPEN) ws.close(1008, 'client limit reached');
    else ws.terminate();
    const t = setTimeout(() => ws.terminate(), 1_000);
    t.unref?.();
  }

  /** Drops the socket at once, no close handshake (dead link, system suspend). */
  terminate(): void {
    this.finish({ kind: 'aborted' });
    this.ws?.terminate();
  }

  private wire(ws: WebSocket): void {
    const token = this.o.token;
    ws.on('unexpected-response', (req, res) => {
      res.resume();
      this.finish({ kind: 'http', status: res.statusCode ?? 0 });
      req.destroy();
    });
    ws.on('open', () => {
      this.opened = true;
      if (this.done) return;
      this.heartbeat.start();
      // Servers that send nothing until there is news: the accepted upgrade is the sign-in.
      if (this.profile.signIn === 'upgrade') this.signedInAsToken(false, null);
    });
    const intake = new FrameIntake(ws, {
      codec: this.profile.codec,
      counters: this.o.counters,
      heartbeat: this.heartbeat,
      log: this.o.log,
      ended: () => this.done,
    });
    ws.on('message', (data, isBinary) => this.onFrame(intake, data, isBinary));
    ws.on('ping', () => this.heartbeat.noteActivity());
    ws.on('pong', () => {
      // Our WebSocket ping's answer is the round trip when the profile pings that way.
      if (this.profile.heartbeat.clientPing !== 'ws') return this.heartbeat.noteActivity();
      const rtt = this.heartbeat.notePong();
      if (rtt !== null) this.o.onRtt?.(rtt);
    });
    ws.on('error', (err: Error & { code?: string }) => {
      // The server sent more than maxPayload: ws closes with 1009 on our side.
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' && !this.oversized) {
        this.oversized = true;
        this.o.counters.oversizeCloses++;
        // ws closes with 1009; the close event would only say 1006 (no answer to our close frame).
        this.finish({ kind: 'oversize' });
      }
      if (!this.error) this.error = { code: err.code ?? null, message: redact(err.message, token) };
    });
    ws.on('close', (code, reasonBuf) => {
      this.socketClosed = true;
      const waiters = this.closeWaiters;
      this.closeWaiters = [];
      for (const w of waiters) w();
      if (this.done) return;
      const reason = redact(reasonBuf.toString('utf8'), token);
      if (!this.opened && this.error) this.finish({ kind: 'error', ...this.error });
      else this.finish({ kind: 'closed', code, reason, opened: this.opened });
    });
  }

  private onFrame(intake: FrameIntake, data: WebSocket.RawData, isBinary: boolean): void {
    if (this.done) return;
    const ev = intake.take(data, isBinary);
    if (ev === null) return;
    if (ev.type === 'ping') {
      this.send({ type: 'pong' });
      return;
    }
    if (ev.type === 'pong') {
      const rtt = this.heartbeat.notePong();
      if (rtt !== null) this.o.onRtt?.(rtt);
      return;
    }
    if (ev.type === 'auth' && !ev.ok) {
      // Before or after sign-in (a server that confirms by the upgrade refuses by frame later).
      this.finish({ kind: 'auth_rejected', reason: redact(ev.reason, this.o.token) });
      this.ws?.close(1000);
      return;
    }
    if (this.authed) {
      this.o.onEvent(ev);
      return;
    }
    this.signIn.frames++;
    if (ev.type === 'auth') {
      // A sign-in frame that names nobody (agentcmd's `global.connected` may not): the profile's identity.
      if (ev.userId) this.signedIn(ev.userId, ev.compat, ev.historyId);
      else this.signedInAsToken(ev.compat, ev.historyId);
      return;
    }
    const overLimit = this.signIn.hold(ev, intake.bytes);
    if (overLimit !== null) this.endForLimit(overLimit);
  }

  /** Signed in without the server naming the user: the profile reads it from the token, or the sign-in fails (never the host). */
  private signedInAsToken(compat: boolean, historyId: string | null): void {
    const id = this.o.upgradeIdentity ?? { ok: false, problem: 'the server confirmed the sign-in without saying who you are.' };
    if (id.ok) return this.signedIn(id.userId, compat, historyId);
    this.finish({ kind: 'no_identity', problem: id.problem });
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.close(1000);
  }

  private signedIn(userId: string, compat: boolean, historyId: string | null): void {
    this.authed = true;
    this.signIn.stopDeadline();
    this.o.onAuth(userId, compat, historyId);
    // Anything the server sent ahead of its auth frame is delivered now, in order.
    for (const q of this.signIn.release()) if (!this.done) this.o.onEvent(q);
  }

  private finish(end: LinkEnd): void {
    if (this.done) return;
    this.done = true;
    this.heartbeat.stop();
    this.signIn.stopDeadline();
    this.signIn.release();
    this.o.onEnd(end);
  }
}
