// The connection engine: one authenticated WebSocket that never gives up.
// It owns the public API and the state value; when to dial lives in Reconnector,
// each attempt is a Link, the inbound side (threads, outbox acks) lives in Inbound,
// the outbound side in Outgoing.
import type { ConnectionState, PresenceStatus, TokenTransport } from '../../shared/types';
import { upgradeIdentity } from '../../shared/protocol/profiles';
import type { ServerProfile } from '../../shared/protocol/profiles';
import type { Clock } from './clock';
import { newCounters } from './diagnostics';
import type { ConnectionDiagnostics, Counters } from './diagnostics';
import { TypedEmitter } from './emitter';
import { Inbound } from './inbound';
import { Link } from './link';
import { Outbox } from './outbox';
import type { OutboxEntry } from './outbox';
import { ThreadTracker } from './thread-tracker';
import { resolveOptions } from './options';
import { Outgoing } from './outgoing';
import { Reconnector } from './reconnector';
import { buildConnectRequest, redact, tokenProblem } from './transport';
import type { ConnectionEngineOptions, ConnectionEvents, ConnectionLog } from './types';
import { describeEndpoint } from './url';

export class ConnectionEngine {
  private readonly emitter: TypedEmitter<ConnectionEvents>;
  private readonly counters: Counters = newCounters();
  private readonly clock: Clock;
  private readonly reconnect: Reconnector;
  private readonly outbox: Outbox;
  private readonly tracker: ThreadTracker;
  private readonly inbound: Inbound;
  private readonly outgoing: Outgoing;
  private readonly url: URL;
  /** How the token travels (the window may know it; never the token). */
  readonly transport: TokenTransport;
  /** How this server speaks; the engine asks it, never which server it is. */
  readonly profile: ServerProfile;
  private readonly log: ConnectionLog;
  private readonly timing: { heartbeatMs: number; pongTimeoutMs: number; handshakeTimeoutMs: number };
  private token: string;
  private current: ConnectionState;
  /** The identity of the server's seq numbering the cursors belong to (null: not known). */
  private history: string | null;

  constructor(options: ConnectionEngineOptions) {
    const opts = resolveOptions(options);
    this.url = opts.url;
    this.token = opts.token;
    this.transport = opts.transport;
    this.profile = opts.profile;
    this.clock = opts.clock;
    this.log = (level, message) => opts.log(level, redact(message, this.token));
    this.timing = { heartbeatMs: opts.heartbeatMs, pongTimeoutMs: opts.pongTimeoutMs, handshakeTimeoutMs: opts.handshakeTimeoutMs };
    this.emitter = new TypedEmitter<ConnectionEvents>((event, err) =>
      this.log('error', `a "${event}" listener threw: ${err instanceof Error ? err.message : String(err)}`),
    );
    this.reconnect = new Reconnector({
      backoff: opts.backoff,
      stableAfterMs: opts.stableAfterMs,
      clock: this.clock,
      random: opts.random,
      counters: this.counters,
      refusals: this.profile.refusals,
      log: this.log,
      state: () => this.current,
      setState: (next) => this.setState(next),
      dial: (attempt) => this.dial(attempt),
      disconnected: () => this.inbound.disconnected(),
    });
    const outboxProblem = (message: string): void => {
      this.log('warn', message);
      this.emitter.emit('error', { kind: 'outbox', message, clientId: null, threadId: null });
    };
    this.outbox = new Outbox(opts.outboxPath, opts.maxOutbox, outboxProblem);
    const loaded = this.outbox.load();
    // Reported once the caller has had the chance to subscribe.
    if (loaded.problem) queueMicrotask(() => outboxProblem(loaded.problem ?? ''));
    this.tracker = new ThreadTracker(undefined, opts.cursors);
    this.history = opts.historyId;
    this.inbound = new Inbound({
      profile: this.profile,
      tracker: this.tracker,
      outbox: this.outbox,
      counters: this.counters,
      clock: this.clock,
      holeTimeoutMs: opts.holeTimeoutMs,
      emit: (event, payload) => this.emitter.emit(event, payload),
      userId: () => (this.current.state === 'connected' ? this.current.userId : null),
      subscribe: (threadId, since) => this.link?.send({ type: 'subscribe', threadId, since }),
      unsubscribe: (threadId) => this.link?.send({ type: 'unsubscribe', threadId }),
      ownOfflineReported: () => this.outgoing.reassertPresence(),
      overLimit: (reason) => this.link?.endForLimit(reason),
      log: this.log,
    });
    this.outgoing = new Outgoing({
      profile: this.profile,
      outbox: this.outbox,
      clock: this.clock,
      emit: (event, payload) => this.emitter.emit(event, payload),
      link: () => (this.link?.authed ? this.link : null),
      rejectedOnLoad: loaded.rejected,
    });
    this.current = { state: 'stopped', since: this.clock.now() };
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The link in use (an attempt, or the connection that is up); the Reconnector decides which. */
  private get link(): Link | null {
    return this.reconnect.link;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof ConnectionEvents>(event: K, listener: (payload: ConnectionEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  start(): void {
    if (!this.reconnect.start()) return;
    this.log('info', `starting: ${describeEndpoint(this.url)} (${this.profile.label}, token via ${this.transport.kind})`);
    this.outgoing.started();
    this.reconnect.settle();
  }

  /** Closes the link (1000) and stops every retry. Pending messages stay in the outbox. */
  async stop(): Promise<void> {
    if (this.reconnect.stopped) return;
    const link = this.reconnect.stop();
    this.inbound.dispose();
    this.setState({ state: 'stopped', since: this.clock.now() });
    await link?.close(1000, 'client stopped');
    this.outbox.flush();
    // A background sync still holds the file open; the caller may delete it next (sign-out).
    await this.outbox.whenSynced();
  }

  /** Tries at once: skips a backoff wait, retries after an auth failure, overrides a network-offline report. */
  reconnectNow(): void {
    this.reconnect.reconnectNow();
  }

  /** A new token: used from the next attempt on; lifts an auth failure and retries at once. */
  setToken(token: string): void {
    const problem = tokenProblem(token, this.transport);
    if (problem) throw new Error(problem);
    this.token = token;
    this.inbound.signedInAgain();
    this.reconnect.tokenChanged();
  }

  /** Offline: closes with 1001 and waits; online: resets the backoff and tries at once. */
  networkChanged(online: boolean): void {
    this.reconnect.networkChanged(online);
  }

  /** Closes with 1001; nothing is dialled until systemResumed(). */
  systemSuspended(): void {
    this.reconnect.systemSuspended();
  }

  /** Resets the backoff and tries at once (unless another offline input still holds). */
  systemResumed(): void {
    this.reconnect.systemResumed();
  }

  /** "Appear offline and disconnect": the `offline` state with reason `user`. */
  setAppearOfflineDisconnected(on: boolean): void {
    this.reconnect.setAppearOfflineDisconnected(on);
  }

  /** Whether this server takes messages from Beacon; the reason is for the UI when it does not. */
  get canSend(): ServerProfile['canSend'] {
    return this.profile.canSend;
  }

  /**
   * Queues a message; returns its client_id at once. Throws OutboxFullError when 1 000 are waiting,
   * SendNotSupportedError when the server takes no messages from Beacon (`canSend`).
   */
  send(threadId: string, body: string): string {
    return this.outgoing.send(threadId, body);
  }

  /** Follows a thread (a conversation, a channel): subscribed now and after every reconnect, as the profile subscribes. */
  follow(threadId: string): void {
    if (typeof threadId !== 'string' || threadId.length === 0 || threadId.length > 512) throw new TypeError('follow: threadId must be 1-512 characters.');
    if (!this.inbound.follow(threadId, this.link?.authed === true)) throw new RangeError('follow: too many threads are followed already.');
  }

  /** Stops following a thread: unsubscribed, and not resubscribed after a reconnect. */
  unfollow(threadId: string): void {
    this.inbound.unfollow(threadId, this.link?.authed === true);
  }

  /** Marks a thread read up to seq; the latest mark is re-sent after every reconnect. */
  markRead(threadId: string, seq: number): void {
    this.outgoing.markRead(threadId, seq);
  }

  /** The status others see (`offline` = appear offline); re-sent after every reconnect. */
  setPresence(status: PresenceStatus): void {
    this.outgoing.setPresence(status);
  }

  /** Messages not yet acknowledged, oldest first. */
  pendingMessages(): OutboxEntry[] {
    return this.outbox.pending();
  }

  /** Highest contiguous seq held per thread (what the next resubscribe sends as `since`). */
  cursors(): Record<string, number> {
    return this.tracker.cursors();
  }

  /** The server's historyId the cursors belong to; keep it beside them (option `historyId`). Null: none known. */
  get historyId(): string | null {
    return this.history;
  }

  diagnostics(): ConnectionDiagnostics {
    return {
      ...this.counters,
      duplicatesDropped: this.tracker.duplicates,
      state: this.current.state,
      endpoint: describeEndpoint(this.url),
      rttMs: this.link?.rttMs ?? null,
      outboxSize: this.outbox.size,
      connectedSince: this.reconnect.connectedSince,
    };
  }

  /** Builds one attempt for the Reconnector: its events reach Inbound only while it is the link in use. */
  private dial(attempt: number): Link {
    this.log('debug', `connecting to ${describeEndpoint(this.url)} (attempt ${attempt})`);
    const link: Link = new Link({
      request: buildConnectRequest(this.url, this.token, this.transport, this.profile.token.subprotocol),
      profile: this.profile,
      upgradeIdentity: upgradeIdentity(this.profile.identity, this.token, this.profile.label),
      token: this.token,
      ...this.timing,
      clock: this.clock,
      counters: this.counters,
      log: this.log,
      onAuth: (userId, compat, historyId) => this.onAuth(link, userId, compat, historyId),
      onEvent: (event) => {
        if (link === this.link) this.inbound.handle(event);
      },
      onEnd: (end) => this.reconnect.ended(link, end),
      onRtt: (rttMs) => {
        if (link !== this.link || this.current.state !== 'connected') return;
        // Not a state change: `state` keeps its rttMs current without telling state listeners.
        this.current = { ...this.current, rttMs };
        this.emitter.emit('rtt', { rttMs });
      },
    });
    return link;
  }

  private onAuth(link: Link, userId: string, compat: boolean, historyId: string | null): void {
    if (link !== this.link) return;
    if (historyId !== null && historyId !== this.history) {
      // Cursors from another numbering would make us drop the server's new messages as seen.
      if (this.history !== null) {
        this.log('info', 'the server\'s history changed (new historyId): every thread is resubscribed from 0');
        this.tracker.restartAll();
      }
      this.history = historyId;
    }
    const since = this.reconnect.connected();
    this.inbound.connected(compat);
    // Resubscribe, then the latest presence and read marks, then the outbox in order.
    if (this.profile.subscribe === 'all') link.send({ type: 'subscribe_all' });
    if (this.inbound.speaksSubscribe) {
      for (const s of this.tracker.subscriptions()) link.send({ type: 'subscribe', threadId: s.threadId, since: s.since });
    }
    this.outgoing.replay(link);
    this.log('info', `connected as ${userId}${compat ? ' (compat server)' : ''}`);
    this.setState({ state: 'connected', userId, since, rttMs: link.rttMs });
  }

  private setState(next: ConnectionState): void {
    this.current = next;
    this.emitter.emit('state', next);
  }
}
