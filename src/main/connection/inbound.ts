// What the engine does with each server event once a link is authenticated:
// thread bookkeeping and ordered delivery, outbox settlement, pass-through of
// presence, notifications and errors.
import type { ActivityEvent, ListPage, PresenceEntry, ServerEvent, ThreadSummary, WireMessage } from '../../shared/protocol';
import type { ServerProfile } from '../../shared/protocol/profiles';
import type { Clock, TimerHandle } from './clock';
import type { Counters } from './diagnostics';
import type { Outbox } from './outbox';
import type { ThreadTracker, TrackResult } from './thread-tracker';
import { BOUNDS } from './bounds';
import { PagedList } from './paged-list';
import type { ConnectionEvents, ConnectionLog } from './types';

/** Keys whose last activity is remembered to drop repeats; past this the oldest is forgotten. */
const MAX_ACTIVITY_KEYS = 1_000;

export interface InboundDeps {
  profile: ServerProfile;
  tracker: ThreadTracker;
  outbox: Outbox;
  counters: Counters;
  clock: Clock;
  holeTimeoutMs: number;
  emit: <K extends keyof ConnectionEvents>(event: K, payload: ConnectionEvents[K]) => void;
  userId: () => string | null;
  subscribe: (threadId: string, since: number | null) => void;
  unsubscribe: (threadId: string) => void;
  /** A bound was hit (bounds.ts): end the link with this reason. */
  overLimit: (reason: string) => void;
  /** The server reported this user offline while this link is up. */
  ownOfflineReported: () => void;
  log: ConnectionLog;
}

export class Inbound {
  /**
   * Whether to send `subscribe`. A v1 server (`auth` frame, or any `threads` list) wants it; a compat
   * server that only sent `connection_ack` pushes messages unasked and may count subscribe as invalid.
   */
  speaksSubscribe = true;
  private holeTimer: TimerHandle | null = null;
  /** Holes are timed only while connected: one older than this link counts from when it came up. */
  private connectedAt = 0;
  private readonly now = (): number => this.d.clock.now();
  /** Lists sent in pages are handled once whole; pages from a link that ended are dropped with it. */
  private readonly threadPages = new PagedList<ThreadSummary>({ maxItems: BOUNDS.threads, maxPages: BOUNDS.listPages, noun: 'threads' });
  private readonly snapshotPages = new PagedList<PresenceEntry>({ maxItems: BOUNDS.snapshotPeople, maxPages: BOUNDS.listPages, noun: 'people' });
  /** The last activity per key (its fingerprint), so a status broadcast again is not new. Kept across reconnects. */
  private readonly lastActivity = new Map<string, string>();
  /** The server's welcome was shown in this sign-in. */
  private welcomed = false;

  constructor(private readonly d: InboundDeps) {}

  /**
   * Follows a thread the app names (a conversation, a channel such as `session:123`): subscribed
   * now when signed in and the server speaks subscribe, and after every reconnect. False when the
   * bound on threads is reached.
   */
  follow(threadId: string, signedIn: boolean): boolean {
    if (this.d.tracker.known().includes(threadId)) return true;
    if (this.d.tracker.full) return false;
    this.d.tracker.learn(threadId);
    if (signedIn && this.speaksSubscribe) this.d.subscribe(threadId, null);
    return true;
  }

  unfollow(threadId: string, signedIn: boolean): void {
    if (!this.d.tracker.known().includes(threadId)) return;
    this.d.tracker.forget(threadId);
    if (signedIn && this.speaksSubscribe) this.d.unsubscribe(threadId);
  }

  /** A new sign-in (a new token): the server's welcome may be shown once more. */
  signedInAgain(): void {
    this.welcomed = false;
  }

  connected(compat: boolean): void {
    const strategy = this.d.profile.subscribe;
    this.speaksSubscribe = strategy === 'threads' || (strategy === 'v1' && !compat);
    this.connectedAt = this.d.clock.now();
    if (this.d.tracker.heldBack > 0 && this.holeTimer === null) this.armHoleTimer();
  }

  /** Held-back messages stay, and their hole is not declared while offline: the resubscribe replay fills it or the server sends a gap. */
  disconnected(): void {
    this.dispose();
  }

  dispose(): void {
    if (this.holeTimer !== null) this.d.clock.clearTimeout(this.holeTimer);
    this.holeTimer = null;
    this.threadPages.reset();
    this.snapshotPages.reset();
  }

  handle(ev: ServerEvent): void {
    const { d } = this;
    switch (ev.type) {
      case 'message':
        return this.onMessage(ev);
      case 'threads': {
        const threads = this.whole(this.threadPages, 'threads', ev.threads, ev.page);
        if (threads) this.onThreads(threads);
        return;
      }
      case 'gap':
        return this.publish(d.tracker.gap(ev.threadId, ev.from, ev.to));
      case 'ack':
        return this.settle(ev.clientId, { id: ev.id, seq: ev.seq });
      case 'read':
        d.emit('read', { threadId: ev.threadId, seq: ev.seq });
        return;
      case 'presence': {
        // A compat server's bare status string names no one: it is the echo of our own.
        const self = d.userId();
        const userId = ev.userId ?? self;
        if (userId) d.emit('presence', { userId, status: ev.status });
        // Some servers say "offline" when any one of the user's connections closes: this one is up.
        if (ev.userId !== null && ev.userId === self && ev.status === 'offline') d.ownOfflineReported();
        return;
      }
      case 'presence_snapshot': {
        const entries = this.whole(this.snapshotPages, 'presence_snapshot', ev.entries, ev.page);
        if (entries) d.emit('presenceSnapshot', entries);
        return;
      }
      case 'notification':
        if (ev.welcome) {
          // Sent on every connect: shown once per sign-in, under one id, so it never stacks.
          if (this.welcomed) return;
          this.welcomed = true;
          d.emit('notification', { id: ev.id ?? `welcome:${d.profile.id}`, level: ev.level, title: ev.title, message: ev.message, welcome: true });
          return;
        }
        d.emit('notification', { id: ev.id, level: ev.level, title: ev.title, message: ev.message });
        return;
      case 'activity':
        return this.onActivity(ev);
      case 'announcement':
        d.emit('announcement', { message: ev.message });
        return;
      case 'error':
        if (ev.clientId && d.outbox.get(ev.clientId)) return this.settle(ev.clientId, { failed: ev.message });
        d.emit('error', { kind: 'server', message: ev.message, clientId: ev.clientId, threadId: ev.threadId });
        return;
      case 'auth':
      case 'ping':
      case 'pong':
      case 'known':
        return;
    }
  }

  private onActivity(ev: ActivityEvent): void {
    if (ev.collapseRepeats) {
      const print = JSON.stringify([ev.source, ev.action, ev.title, ev.detail, ev.state, ev.level]);
      const mapKey = `${ev.source}\u0000${ev.key}`;
      if (this.lastActivity.get(mapKey) === print) return;
      this.lastActivity.delete(mapKey);
      if (this.lastActivity.size >= MAX_ACTIVITY_KEYS) {
        const oldest = this.lastActivity.keys().next();
        if (!oldest.done) this.lastActivity.delete(oldest.value);
      }
      this.lastActivity.set(mapKey, print);
    }
    const parsed = ev.ts === null ? NaN : Date.parse(ev.ts);
    this.d.emit('activity', {
      source: ev.source,
      action: ev.action,
      title: ev.title,
      detail: ev.detail,
      state: ev.state,
      key: ev.key,
      level: ev.level,
      ts: Number.isFinite(parsed) ? parsed : this.d.clock.now(),
    });
  }

  /** The whole list once its last page is in (or the frame was all of it); null while pages are missing. */
  private whole<T>(pages: PagedList<T>, type: string, items: T[], page: ListPage | undefined): T[] | null {
    const r = pages.offer(items, page ?? null);
    switch (r.kind) {
      case 'complete':
        return r.items;
      case 'partial':
        return null;
      case 'dropped':
        this.d.log('warn', `${type}: ${r.why}; the pages collected are dropped`);
        return null;
      case 'over':
        this.d.overLimit(r.reason);
        return null;
    }
  }

  private onThreads(threads: ThreadSummary[]): void {
    const { d } = this;
    const fresh = !this.speaksSubscribe;
    // A v1 server that sends a list wants subscribe even if it signed in the compat way.
    if (this.d.profile.subscribe === 'v1') this.speaksSubscribe = true;
    // The list is the server's word on which threads are ours: one we were removed from is
    // forgotten (not resubscribed after every reconnect only to be refused).
    const listed = new Set(threads.map((t) => t.id));
    for (const id of d.tracker.known()) if (!listed.has(id)) d.tracker.forget(id);
    for (const t of threads) {
      const cursor = d.tracker.cursor(t.id);
      if (t.lastSeq !== null && cursor !== null && t.lastSeq < cursor) {
        // Fewer messages than we hold: the server restarted its numbering (a server without
        // historyId). Our cursor would skip its new messages as "already seen".
        d.log('info', `thread ${t.id.slice(0, 60)}: the server's last seq ${t.lastSeq} is below ours (${cursor}); its history restarted, resubscribing from 0`);
        d.tracker.restart(t.id);
        if (this.speaksSubscribe) d.subscribe(t.id, 0);
      } else if ((d.tracker.learn(t.id) || fresh) && this.speaksSubscribe) d.subscribe(t.id, cursor);
    }
    d.emit('threads', threads);
  }

  private onMessage(msg: WireMessage): void {
    const { d } = this;
    const r = d.tracker.accept(msg, this.now);
    const isNew = d.tracker.lastWasNewThread;
    // A thread first learned from a message: follow it from here on.
    if (isNew && this.speaksSubscribe) d.subscribe(msg.threadId, msg.seq);
    this.publish(r);
    // Our own message coming back proves delivery even if its ack was lost with a link.
    if (msg.clientId && msg.seq !== null && msg.sender === d.userId() && d.outbox.get(msg.clientId)) {
      this.settle(msg.clientId, { id: msg.id, seq: msg.seq });
    }
  }

  private publish(r: TrackResult): void {
    const { d } = this;
    if (r.overflow) {
      d.overLimit(r.overflow);
      return;
    }
    for (const g of r.gaps) {
      d.counters.gaps++;
      d.emit('gap', g);
    }
    for (const m of r.deliver) d.emit('message', m);
    if (r.outcome === 'held' && this.holeTimer === null) this.armHoleTimer();
  }

  /** Fires when the oldest held message (or this link, if younger) is holeTimeoutMs old, so a hole becomes a gap on time. */
  private armHoleTimer(): void {
    const oldest = this.d.tracker.oldestHeldAt();
    if (oldest === null) return;
    const { clock, holeTimeoutMs } = this.d;
    const due = Math.max(oldest, this.connectedAt) + holeTimeoutMs;
    this.holeTimer = clock.setTimeout(() => {
      this.holeTimer = null;
      const now = clock.now();
      if (now - this.connectedAt >= holeTimeoutMs) this.publish(this.d.tracker.expireHoles(now, holeTimeoutMs));
      if (this.holeTimer === null) this.armHoleTimer();
    }, Math.max(0, due - clock.now()));
  }

  private settle(clientId: string, result: { id: string; seq: number } | { failed: string }): void {
    const entry = this.d.outbox.remove(clientId);
    if (!entry) return; // Already settled: a second ack after a resend.
    if ('failed' in result) {
      this.d.emit('delivery', { clientId, threadId: entry.threadId, status: 'failed', reason: result.failed });
    } else {
      this.d.emit('delivery', { clientId, threadId: entry.threadId, status: 'delivered', id: result.id, seq: result.seq });
    }
  }
}
