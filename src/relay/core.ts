// The relay's operations, shared by the socket handlers, the HTTP API, the
// demo bot and the programmatic API. Anything that depends on durable state
// is released through `journal.afterCommit`, so nothing leaves the relay
// before the log holds it, and frames keep the order their causes had.
import type { NotificationLevel } from '../shared/protocol';
import type { PresenceStatus } from '../shared/types';
import { serverFrames } from './frames';
import { entryFrame, type HistoryEntry } from './history';
import type { Conn, Hub } from './hub';
import type { Journal } from './journal';
import { jsonItem, pagedFrames, type JsonItem } from './paging';
import type { PresenceBook, PresenceChange } from './presence';
import { PresenceFanout, type PresenceOut } from './presence-fanout';
import { SnapshotCache } from './snapshot-cache';
import type { RelayStore } from './store';
import type { ThreadSeed } from './workspace';

export class UnknownThreadError extends Error {
  constructor(readonly threadId: string) {
    super(`unknown thread: ${threadId}`);
  }
}

export class StorageError extends Error {}

export interface NotificationInput {
  to?: string;
  id?: string;
  level: NotificationLevel;
  title?: string;
  message: string;
}

export class RelayCore {
  private notificationCounter = 0;
  private readonly snapshotEntries = new Map<string, { status: PresenceStatus; item: JsonItem }>();
  private readonly snapshots: SnapshotCache;
  /** Damaged log lines skipped at start (reported by /healthz). */
  skippedLogLines = 0;
  /** Answers not sent because their connection was far behind (see answer()). */
  droppedAnswers = 0;
  readonly fanout: PresenceFanout<Conn>;

  constructor(
    readonly store: RelayStore,
    readonly journal: Journal,
    readonly hub: Hub,
    readonly presence: PresenceBook,
    readonly log: (line: string) => void,
  ) {
    this.snapshots = new SnapshotCache((userId) => presence.status(userId));
    this.fanout = new PresenceFanout((userId) => presence.status(userId), (batch) => this.sendPresence(batch));
  }

  /** Appends messages from `sender` (no membership check: bots and the API post as anyone); `ts`: sent as of then (seeded history), default now. */
  async postMessages(threadId: string, sender: string, bodies: string[], ts?: string): Promise<{ id: string; seq: number }[]> {
    if (!this.store.threads.has(threadId)) throw new UnknownThreadError(threadId);
    const entries = bodies.map((body) => this.store.appendMessage(threadId, sender, body, undefined, ts));
    const ok = await new Promise<boolean>((resolve) => {
      this.journal.afterCommit((committed) => {
        // Broadcast inside the commit callback, not after the await: other waiters
        // of the same write broadcast later seqs synchronously.
        if (committed) for (const entry of entries) this.broadcastEntry(entry);
        resolve(committed);
      });
    });
    if (!ok) throw new StorageError('the message log could not be written');
    return entries.map((e) => ({ id: e.message.id, seq: e.message.seq }));
  }

  /** To the thread's subscribers who are members at this moment (a removal may not have reached the hub yet). */
  broadcastEntry(entry: HistoryEntry): void {
    const threadId = entry.message.threadId;
    this.hub.toThread(threadId, entryFrame(entry), (conn) => this.store.isMember(conn.userId, threadId));
  }

  /**
   * Answers a request of the connection's own (an error, a pong). A client
   * far behind is not read from, but frames already read still ask: their
   * answers are dropped and counted rather than piled onto its backlog.
   */
  answer(conn: Conn, frame: string): void {
    if (this.hub.isBehind(conn)) {
      this.droppedAnswers++;
      return;
    }
    this.hub.send(conn, frame);
  }

  /** Returns how many connections it reached. */
  notify(n: NotificationInput): number {
    const id = n.id ?? `n${Date.now().toString(36)}-${(this.notificationCounter++).toString(36)}`;
    const data = Buffer.from(serverFrames.notification({ id, level: n.level, ...(n.title !== undefined ? { title: n.title } : {}), message: n.message }));
    return n.to === undefined ? this.hub.toAll(data) : this.hub.toUser(n.to, data);
  }

  announce(message: string, to?: string): number {
    const data = Buffer.from(serverFrames.announcement(message));
    return to === undefined ? this.hub.toAll(data) : this.hub.toUser(to, data);
  }

  setVirtualPresence(userId: string, status: PresenceStatus): void {
    this.presenceChanged(this.presence.setVirtual(userId, status));
  }

  choosePresence(userId: string, status: PresenceStatus): void {
    this.presenceChanged(this.presence.choose(userId, status));
  }

  /** Tells everyone who shares a thread with the user (the user's own connections included), coalesced per user. */
  presenceChanged(change: PresenceChange | null, except?: Conn): void {
    if (!change) return;
    this.snapshots.changed(change.userId, this.store.memberSetsOf(change.userId));
    this.fanout.changed(change.userId, except);
  }

  /**
   * One batch of presence changes. Changes whose users have the same peers
   * (everyone in one shared thread, e.g. a connect storm) become one buffer of
   * frames, written once to each recipient: the cost is per recipient, not per
   * pair of members. Recipients are the smaller of those peers and the users
   * connected now (in a storm most peers are not connected yet).
   */
  private sendPresence(batch: PresenceOut<Conn>[]): void {
    const groups = new Map<ReadonlySet<string>, PresenceOut<Conn>[]>();
    for (const change of batch) {
      const peers = this.store.peersOf(change.userId);
      const group = groups.get(peers);
      if (group) group.push(change);
      else groups.set(peers, [change]);
    }
    for (const [peers, changes] of groups) {
      const payloads = changes.map((c) => Buffer.from(serverFrames.presence(c.userId, c.status)));
      const all = this.hub.prebuild(payloads);
      const excepts = new Set(changes.flatMap((c) => (c.except ? [c.except] : [])));
      const users = this.hub.userCount < peers.size ? this.hub.users() : peers;
      for (const user of users) {
        if (users !== peers && !peers.has(user)) continue;
        for (const conn of this.hub.connectionsOf(user)) {
          if (!excepts.has(conn)) {
            this.hub.sendPrebuilt(conn, all);
            continue;
          }
          for (const [i, c] of changes.entries()) if (c.except !== conn) this.hub.send(conn, payloads[i] as Buffer);
        }
      }
    }
  }

  /** Creates or updates a thread; members whose view changed get fresh `threads` and `presence_snapshot`. */
  addThread(t: ThreadSeed): { created: boolean } {
    const result = this.store.addThread(t);
    if (!result.changed) return { created: false };
    const affected = new Set([...result.previousMembers, ...t.members]);
    this.journal.afterCommit(() => {
      for (const userId of affected) {
        for (const conn of this.hub.connectionsOf(userId)) {
          if (!this.store.isMember(userId, t.id)) this.hub.unsubscribe(conn, t.id);
          this.sendDirectory(conn);
        }
      }
    });
    return { created: result.created };
  }

  /** The `threads` list and the presence of everyone the user shares a thread with. */
  sendDirectory(conn: Conn): void {
    for (const frame of pagedFrames('threads', this.store.threadsOf(conn.userId).map(jsonItem))) this.hub.send(conn, frame);
    const sole = this.store.soleThreadMembers(conn.userId);
    // A connecting user's own change is reported after this snapshot: their entry is brought up to date first.
    if (sole) this.snapshots.changed(conn.userId, [sole]);
    const snapshot = sole ? this.snapshots.frames(sole) : pagedFrames('presence_snapshot', this.snapshotItems(conn.userId));
    for (const frame of snapshot) this.hub.send(conn, frame);
  }

  /** Snapshot entries, each serialized once per status: N users connecting would otherwise serialize N² entries. */
  private *snapshotItems(userId: string): Generator<JsonItem> {
    for (const peer of this.store.peersOf(userId)) {
      const status = this.presence.status(peer);
      let cached = this.snapshotEntries.get(peer);
      if (cached?.status !== status) {
        cached = { status, item: jsonItem({ userId: peer, status }) };
        this.snapshotEntries.set(peer, cached);
      }
      yield cached.item;
    }
  }

  /**
   * Sends what a subscriber is owed: a gap if history no longer reaches
   * `since`, then the retained messages after it up to `upTo` (later ones come
   * live). An omitted `since` means the client holds nothing, i.e. `since` 0.
   * Only to a member: membership is judged now, not when the request came.
   */
  replay(conn: Conn, threadId: string, since = 0, upTo = Number.MAX_SAFE_INTEGER): void {
    const thread = this.store.threads.get(threadId);
    if (!thread || !thread.members.has(conn.userId)) return;
    const last = Math.min(upTo, thread.lastSeq);
    if (since < last) {
      const first = thread.history.firstSeq ?? thread.lastSeq + 1;
      if (since + 1 < first) this.hub.send(conn, serverFrames.gap(threadId, since + 1, Math.min(first - 1, last)));
    }
    let lostFrom: number | null = null; // a run of seqs whose log lines were damaged
    let lostTo = 0;
    for (const entry of thread.history.after(since)) {
      if (entry.message.seq > last) break;
      if (entry.lost) {
        lostFrom ??= entry.message.seq;
        lostTo = entry.message.seq;
        continue;
      }
      if (lostFrom !== null) this.hub.send(conn, serverFrames.gap(threadId, lostFrom, lostTo));
      lostFrom = null;
      this.hub.send(conn, entryFrame(entry));
    }
    if (lostFrom !== null) this.hub.send(conn, serverFrames.gap(threadId, lostFrom, lostTo));
  }
}
