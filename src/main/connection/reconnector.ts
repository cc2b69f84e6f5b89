// When the engine dials, and when it must not: the reconnect life cycle.
// Its inputs are the user's and the OS's (offline for the network, sleep or
// "appear offline"; "Reconnect now"; a new token) and how each link ended
// (close-policy.ts). It holds the one link in use, the retry timer and the
// backoff; the engine owns the state value and builds each link (dial).
import type { ConnectionState, OfflineReason } from '../../shared/types';
import { ReconnectPolicy } from './backoff';
import type { BackoffOptions } from './backoff';
import type { Clock, RandomSource, TimerHandle } from './clock';
import { afterEnd } from './close-policy';
import type { FirstRetry, Refusals } from './close-policy';
import type { Counters } from './diagnostics';
import type { Link, LinkEnd } from './link';
import type { ConnectionLog } from './types';

/** The spread of the first retry after a 1012 (service restart), so a fleet of clients does not arrive at once. */
const RESTART_JITTER_MS = 500;

export interface ReconnectorOptions {
  backoff: BackoffOptions;
  stableAfterMs: number;
  clock: Clock;
  random: RandomSource;
  counters: Counters;
  /** The profile's overrides of the close-code table. */
  refusals: Refusals;
  log: ConnectionLog;
  /** The engine's state, read so an offline state is announced only when it changes. */
  state: () => ConnectionState;
  setState: (next: ConnectionState) => void;
  /** Opens one attempt (the ordinal since the last stable connection); its LinkEnd must come back to `ended`. */
  dial: (attempt: number) => Link;
  /** The link in use went away (it ended, or we paused): what was tied to it stops. */
  disconnected: () => void;
}

export class Reconnector {
  private readonly policy: ReconnectPolicy;
  private current: Link | null = null;
  private retryTimer: TimerHandle | null = null;
  private started = false;
  /** The server refused the token: nothing is dialled until a new token or "Reconnect now". */
  private authBlocked = false;
  private readonly offline = { user: false, suspended: false, network: false };
  private since: number | null = null;
  private everConnected = false;

  constructor(private readonly o: ReconnectorOptions) {
    this.policy = new ReconnectPolicy(o.backoff, o.stableAfterMs, o.clock, o.random);
  }

  /** The link of the attempt in progress or of the connection that is up; null between attempts. */
  get link(): Link | null {
    return this.current;
  }

  /** When the connection that is up signed in; null when none is. */
  get connectedSince(): number | null {
    return this.since;
  }

  /** Neither started nor holding a link: stopping has nothing to do. */
  get stopped(): boolean {
    return !this.started && !this.current;
  }

  /** False when already started. The caller finishes its own start, then calls settle(). */
  start(): boolean {
    if (this.started) return false;
    this.started = true;
    this.authBlocked = false;
    return true;
  }

  /** Stops every retry and lets go of the link, which the caller closes. */
  stop(): Link | null {
    this.started = false;
    this.clearRetry();
    this.policy.dispose();
    const link = this.current;
    this.current = null;
    this.since = null;
    return link;
  }

  reconnectNow(): void {
    if (!this.started) return;
    this.authBlocked = false;
    this.offline.network = false;
    if (this.current) return;
    this.policy.reset();
    this.settle(true);
  }

  /** A new token: an attempt still in its handshake carries the old one and is dropped; a signed-in link is kept. */
  tokenChanged(): void {
    this.authBlocked = false;
    if (this.current && !this.current.authed) {
      this.current.terminate();
      this.current = null;
    }
    this.policy.reset();
    this.settle(true);
  }

  networkChanged(online: boolean): void {
    this.offline.network = !online;
    if (online) {
      this.policy.reset();
      this.settle(true);
    } else this.pause(1001, 'network offline');
  }

  systemSuspended(): void {
    this.offline.suspended = true;
    this.pause(1001, 'system suspended');
  }

  systemResumed(): void {
    this.offline.suspended = false;
    this.policy.reset();
    this.settle(true);
  }

  setAppearOfflineDisconnected(on: boolean): void {
    this.offline.user = on;
    if (on) this.pause(1000, 'user went offline');
    else this.settle(true);
  }

  /** The link signed in: counts a reconnect, arms the stability timer; returns the connected-since time. */
  connected(): number {
    if (this.everConnected) this.o.counters.reconnects++;
    this.everConnected = true;
    this.policy.connected();
    this.since = this.o.clock.now();
    return this.since;
  }

  /** A link reported its end; one that is no longer the link in use is ignored. */
  ended(link: Link, end: LinkEnd): void {
    if (link !== this.current) return;
    this.current = null;
    this.since = null;
    this.o.disconnected();
    const next = afterEnd(end, this.o.counters, link.oversized, this.o.refusals);
    if (next.kind === 'auth_failed') this.authFailed(next.reason, next.code, next.forbidden);
    else if (next.kind === 'retry') this.retry(next.first, next.code, next.reason);
  }

  private offlineReason(): OfflineReason | null {
    if (this.offline.user) return 'user';
    if (this.offline.suspended) return 'suspended';
    if (this.offline.network) return 'network';
    return null;
  }

  /** Brings the engine to where its inputs say it should be. `now`: cancel a backoff wait and try at once. */
  settle(now = false): void {
    if (!this.started || this.current) return;
    if (this.authBlocked) return;
    const reason = this.offlineReason();
    if (reason) {
      this.clearRetry();
      const state = this.o.state();
      if (state.state !== 'offline' || state.reason !== reason) {
        this.o.setState({ state: 'offline', reason, since: this.o.clock.now() });
      }
      return;
    }
    if (this.retryTimer !== null && !now) return;
    this.clearRetry();
    this.connect();
  }

  private pause(code: number, why: string): void {
    this.clearRetry();
    const link = this.current;
    this.current = null;
    this.since = null;
    this.o.disconnected();
    // Its LinkEnd ('aborted') is ignored: it is no longer the link in use.
    if (link) void link.close(code, why);
    this.settle();
  }

  private connect(): void {
    const attempt = this.policy.attempts + 1;
    this.o.counters.connectAttempts++;
    this.o.setState({ state: 'connecting', attempt, since: this.o.clock.now() });
    this.current = this.o.dial(attempt);
  }

  private authFailed(reason: string, code: number | null, forbidden: boolean): void {
    this.authBlocked = true;
    this.clearRetry();
    this.o.log('warn', `not retrying: ${reason}`);
    this.o.setState({ state: 'auth_failed', reason, code, forbidden, since: this.o.clock.now() });
  }

  private retry(first: FirstRetry, code: number | null, reason: string): void {
    if (!this.started) return;
    // Only a connection that was up and stable earns a fast first retry; it takes no backoff step.
    const fast = first !== 'backoff' && this.policy.takeStable();
    const next = fast
      ? { attempt: this.policy.attempts, delayMs: first === 'now' ? 0 : Math.floor(Math.min(Math.max(this.o.random(), 0), 0.999) * RESTART_JITTER_MS) }
      : this.policy.nextRetry();
    if (this.offlineReason()) return this.settle();
    const delay = next.delayMs;
    const now = this.o.clock.now();
    this.o.log('info', `${reason}; retry ${next.attempt} in ${delay} ms`);
    this.o.setState({
      state: 'reconnecting',
      attempt: next.attempt + 1,
      nextAttemptAt: now + delay,
      lastCloseCode: code,
      reason,
      since: now,
    });
    this.retryTimer = this.o.clock.setTimeout(() => {
      this.retryTimer = null;
      this.settle(true);
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.o.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
