// The relay's state: threads with their history ring, read positions and the
// de-duplication memory. Every mutation is reported to a sink as a log record;
// the same records rebuild the state at start.
import type { StoredMessage, ThreadSummary } from './frames';
import { HistoryRing, type HistoryEntry } from './history';
import type { LogRecord } from './records';
import type { ThreadSeed } from './workspace';

export interface ThreadState {
  id: string;
  /** Creation order: lists keep the order threads were made in. */
  order: number;
  title: string;
  members: Set<string>;
  lastSeq: number;
  history: HistoryRing;
}

export interface DedupeEntry {
  userId: string;
  clientId: string;
  threadId: string;
  id: string;
  seq: number;
}

/** Bounds memory: the oldest keys are forgotten first. */
export const DEDUPE_CAPACITY = 1_000_000;

export class RelayStore {
  readonly threads = new Map<string, ThreadState>();
  /** user → ids of the threads they are in, so a user's lists cost their threads, not all threads. */
  private readonly memberOf = new Map<string, Set<string>>();
  private threadCounter = 0;
  private readonly reads = new Map<string, Map<string, number>>();
  private readonly dedupe = new Map<string, DedupeEntry>();
  private readonly idPrefix = `m${Math.random().toString(36).slice(2, 8)}`;
  private idCounter = 0;

  constructor(
    private readonly historyLimit: number,
    private readonly sink: (record: LogRecord) => void,
  ) {}

  /** Rebuilds state from a log record; never reports to the sink. */
  apply(record: LogRecord): void {
    switch (record.k) {
      case 'thread': {
        const thread = this.upsertThread(record.id, record.title, record.members);
        if (record.lastSeq !== undefined) thread.lastSeq = Math.max(thread.lastSeq, record.lastSeq);
        return;
      }
      case 'msg': {
        const thread = this.threads.get(record.t) ?? this.upsertThread(record.t, record.t, []);
        // A duplicated line. Compared with what history holds, not with lastSeq: a
        // compacted log states each thread's lastSeq before its retained messages.
        if (record.seq <= (thread.history.lastSeq ?? 0)) return;
        const origin = record.u !== undefined && record.c !== undefined ? { userId: record.u, clientId: record.c } : undefined;
        const message: StoredMessage = { threadId: record.t, id: record.id, seq: record.seq, sender: record.s, body: record.b, ts: record.ts };
        thread.history.push(origin ? { message, origin } : { message });
        thread.lastSeq = Math.max(thread.lastSeq, record.seq);
        if (origin) this.remember({ ...origin, threadId: record.t, id: record.id, seq: record.seq });
        return;
      }
      case 'read':
        this.readsOf(record.u).set(record.t, record.seq);
        return;
      case 'dedupe':
        this.remember({ userId: record.u, clientId: record.c, threadId: record.t, id: record.id, seq: record.seq });
        return;
    }
  }

  /** Creates or updates a thread. Returns what happened so callers can tell members. */
  addThread(t: ThreadSeed): { created: boolean; changed: boolean; previousMembers: Set<string> } {
    const existing = this.threads.get(t.id);
    const previousMembers = new Set(existing?.members ?? []);
    const sameMembers = existing !== undefined && existing.members.size === new Set(t.members).size && t.members.every((m) => existing.members.has(m));
    if (existing && existing.title === t.title && sameMembers) return { created: false, changed: false, previousMembers };
    this.upsertThread(t.id, t.title, t.members);
    this.sink({ k: 'thread', id: t.id, title: t.title, members: [...new Set(t.members)] });
    return { created: existing === undefined, changed: true, previousMembers };
  }

  private upsertThread(id: string, title: string, members: string[]): ThreadState {
    const next = new Set(members);
    const existing = this.threads.get(id);
    if (existing) {
      for (const m of existing.members) if (!next.has(m)) this.memberOf.get(m)?.delete(id);
      for (const m of next) if (!existing.members.has(m)) this.indexMember(m, id);
      existing.title = title;
      existing.members = next;
      return existing;
    }
    const thread: ThreadState = { id, order: this.threadCounter++, title, members: next, lastSeq: 0, history: new HistoryRing(this.historyLimit) };
    this.threads.set(id, thread);
    for (const m of next) this.indexMember(m, id);
    return thread;
  }

  private indexMember(userId: string, threadId: string): void {
    let ids = this.memberOf.get(userId);
    if (!ids) {
      ids = new Set();
      this.memberOf.set(userId, ids);
    }
    ids.add(threadId);
  }

  /** The user's threads in creation order. */
  private threadsOfUser(userId: string): ThreadState[] {
    const out: ThreadState[] = [];
    for (const id of this.memberOf.get(userId) ?? []) {
      const t = this.threads.get(id);
      if (t) out.push(t);
    }
    return out.sort((a, b) => a.order - b.order);
  }

  isMember(userId: string, threadId: string): boolean {
    return this.threads.get(threadId)?.members.has(userId) ?? false;
  }

  threadsOf(userId: string): ThreadSummary[] {
    const out: ThreadSummary[] = [];
    for (const t of this.threadsOfUser(userId)) {
      const read = Math.min(this.readsOf(userId).get(t.id) ?? 0, t.lastSeq);
      out.push({ id: t.id, title: t.title, unread: Math.max(0, t.lastSeq - read), lastSeq: t.lastSeq });
    }
    return out;
  }

  /**
   * Users who share at least one thread with `userId` (themselves included),
   * each once. Costs the members of the user's threads; for a user in one
   * thread it is that thread's member set itself, not a copy (do not mutate).
   */
  peersOf(userId: string): ReadonlySet<string> {
    const sole = this.soleThreadMembers(userId);
    if (sole) return sole;
    const ids = this.memberOf.get(userId);
    const peers = new Set<string>([userId]);
    for (const id of ids ?? []) {
      for (const m of this.threads.get(id)?.members ?? []) peers.add(m);
    }
    return peers;
  }

  /** The member set of the user's only thread (shared, do not mutate), or null when they are in none or several. */
  soleThreadMembers(userId: string): ReadonlySet<string> | null {
    const ids = this.memberOf.get(userId);
    if (ids?.size !== 1) return null;
    const [only] = ids;
    return (only === undefined ? undefined : this.threads.get(only)?.members) ?? null;
  }

  /** The member sets of every thread the user is in. */
  *memberSetsOf(userId: string): Generator<ReadonlySet<string>> {
    for (const id of this.memberOf.get(userId) ?? []) {
      const members = this.threads.get(id)?.members;
      if (members) yield members;
    }
  }

  findSent(userId: string, clientId: string): DedupeEntry | undefined {
    return this.dedupe.get(dedupeKey(userId, clientId));
  }

  /** Appends a message; the caller must have checked the thread exists. `ts` (default now): seeded history written as of earlier. */
  appendMessage(threadId: string, sender: string, body: string, origin?: { userId: string; clientId: string }, ts: string = new Date().toISOString()): HistoryEntry {
    const thread = this.threads.get(threadId);
    if (!thread) throw new Error(`unknown thread: ${threadId}`);
    const seq = thread.lastSeq + 1;
    const message: StoredMessage = { threadId, id: `${this.idPrefix}-${(this.idCounter++).toString(36)}`, seq, sender, body, ts };
    const entry: HistoryEntry = origin ? { message, origin } : { message };
    thread.lastSeq = seq;
    thread.history.push(entry);
    if (origin) this.remember({ ...origin, threadId, id: message.id, seq });
    this.sink({ k: 'msg', t: threadId, seq, id: message.id, s: sender, b: body, ts: message.ts, ...(origin ? { u: origin.userId, c: origin.clientId } : {}) });
    return entry;
  }

  /**
   * Read positions only move forward (a stale device must not make read
   * messages unread again) and never pass the thread's last seq.
   * Returns the stored seq when it changed, else null.
   */
  setRead(userId: string, threadId: string, seq: number): number | null {
    const thread = this.threads.get(threadId);
    if (!thread) return null;
    const clamped = Math.min(seq, thread.lastSeq);
    const reads = this.readsOf(userId);
    if (clamped <= (reads.get(threadId) ?? 0)) return null;
    reads.set(threadId, clamped);
    this.sink({ k: 'read', u: userId, t: threadId, seq: clamped });
    return clamped;
  }

  /** Everything needed to rebuild the current state: the input of log compaction. */
  *snapshot(): Generator<LogRecord> {
    for (const t of this.threads.values()) {
      yield { k: 'thread', id: t.id, title: t.title, members: [...t.members], lastSeq: t.lastSeq };
    }
    // Keys of evicted messages are older than those of retained ones: writing them
    // first keeps the forgetting order (oldest first) across the rewrite.
    for (const e of this.dedupe.values()) {
      if (this.threads.get(e.threadId)?.history.bySeq(e.seq)?.message.id === e.id) continue;
      yield { k: 'dedupe', u: e.userId, c: e.clientId, t: e.threadId, id: e.id, seq: e.seq };
    }
    for (const t of this.threads.values()) {
      for (const { message: m, origin, lost } of t.history.after(0)) {
        if (lost) continue;
        yield { k: 'msg', t: m.threadId, seq: m.seq, id: m.id, s: m.sender, b: m.body, ts: m.ts, ...(origin ? { u: origin.userId, c: origin.clientId } : {}) };
      }
    }
    for (const [u, reads] of this.reads) for (const [t, seq] of reads) yield { k: 'read', u, t, seq };
  }

  private readsOf(userId: string): Map<string, number> {
    let reads = this.reads.get(userId);
    if (!reads) {
      reads = new Map();
      this.reads.set(userId, reads);
    }
    return reads;
  }

  private remember(entry: DedupeEntry): void {
    const key = dedupeKey(entry.userId, entry.clientId);
    this.dedupe.delete(key);
    this.dedupe.set(key, entry);
    if (this.dedupe.size > DEDUPE_CAPACITY) {
      const oldest = this.dedupe.keys().next();
      if (!oldest.done) this.dedupe.delete(oldest.value);
    }
  }
}

function dedupeKey(userId: string, clientId: string): string {
  return `${userId.length}:${userId}${clientId}`; // length prefix keeps the pair unambiguous
}
