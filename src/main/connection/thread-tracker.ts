// Per-thread sequence bookkeeping: what we hold (the `since` for resubscribe),
// duplicate suppression, in-order delivery with a reorder buffer, and gaps.
import type { WireMessage } from '../../shared/protocol';
import { BOUNDS } from './bounds';
import { IdMemory } from './id-memory';

export interface Gap {
  threadId: string;
  from: number;
  to: number;
  /** `server`: the server said the messages are gone; `client`: a hole never filled. */
  source: 'server' | 'client';
}

export interface TrackResult {
  deliver: WireMessage[];
  gaps: Gap[];
  /** For accept(): what happened to the message offered. */
  outcome?: 'delivered' | 'held' | 'duplicate' | 'overflow';
  /** A bound was hit (see bounds.ts): the message was not kept; the link must end with this reason. */
  overflow?: string;
}

export interface TrackerLimits {
  /** Messages held behind one hole before it is declared a client-side gap. */
  maxAhead: number;
  /** Recent message ids remembered per thread, to drop a re-sent message whatever its seq. */
  idMemory: number;
  /** Past these the message is refused and the link ends (bounds.ts). */
  maxAheadBytesPerThread: number;
  maxHeldTotal: number;
  maxHeldBytesTotal: number;
  maxThreads: number;
}

export const DEFAULT_TRACKER_LIMITS: TrackerLimits = {
  maxAhead: BOUNDS.heldPerThread,
  idMemory: 2_000,
  maxAheadBytesPerThread: BOUNDS.heldBytesPerThread,
  maxHeldTotal: BOUNDS.heldTotal,
  maxHeldBytesTotal: BOUNDS.heldBytesTotal,
  maxThreads: BOUNDS.threads,
};

/** About what a held message costs, in bytes (string lengths plus a fixed overhead); only computed for held ones. */
function heldSize(m: WireMessage): number {
  return 96 + m.id.length + m.threadId.length + m.sender.length + (m.body?.length ?? 0) + (m.ciphertext?.length ?? 0) + (m.iv?.length ?? 0) + (m.ts?.length ?? 0) + (m.clientId?.length ?? 0);
}

class ThreadState {
  /** Highest seq delivered with nothing missing below it (since the first one held). */
  cursor: number | null;
  /** Messages that arrived ahead of a hole, by seq. */
  readonly ahead = new Map<number, { msg: WireMessage; at: number; bytes: number }>();
  /** Their sizes, summed. */
  aheadBytes = 0;
  /** The thread's recent message ids, to drop a message re-sent under a new seq. */
  readonly ids: IdMemory;

  constructor(cursor: number | null, idMemory: number) {
    this.cursor = cursor;
    this.ids = new IdMemory(idMemory);
  }
}

/** When the oldest message held behind one of the thread's holes arrived, or null. */
function oldestIn(t: ThreadState): number | null {
  let oldest: number | null = null;
  for (const { at } of t.ahead.values()) if (oldest === null || at < oldest) oldest = at;
  return oldest;
}

const DUPLICATE: TrackResult = Object.freeze({ deliver: [], gaps: [], outcome: 'duplicate' }) as TrackResult;
const HELD: TrackResult = Object.freeze({ deliver: [], gaps: [], outcome: 'held' }) as TrackResult;
const NO_GAPS: Gap[] = [];

export class ThreadTracker {
  private readonly threads = new Map<string, ThreadState>();
  /**
   * The result of the common case (one message, in order), reused to spare two allocations
   * per message: valid only until the next accept(), which is how Inbound consumes it.
   */
  private readonly one: TrackResult = { deliver: [], gaps: NO_GAPS, outcome: 'delivered' };
  /** Whether the last accept() met a thread for the first time. */
  lastWasNewThread = false;
  /** Messages dropped as duplicates (by seq or by id), for diagnostics. */
  duplicates = 0;
  /** Held behind holes across threads: count and bytes. */
  private heldCount = 0;
  private heldBytes = 0;

  private readonly limits: TrackerLimits;

  constructor(limits: Partial<TrackerLimits> = {}, initialCursors: Record<string, number> = {}) {
    this.limits = { ...DEFAULT_TRACKER_LIMITS, ...limits };
    for (const [id, seq] of Object.entries(initialCursors)) this.threads.set(id, new ThreadState(seq, this.limits.idMemory));
  }

  /** Whether one more thread may be learned. */
  get full(): boolean {
    return this.threads.size >= this.limits.maxThreads;
  }

  /** Records a thread; true when it was not known before. The caller checks `full` first. */
  learn(threadId: string): boolean {
    if (this.threads.has(threadId)) return false;
    this.threads.set(threadId, new ThreadState(null, this.limits.idMemory));
    return true;
  }

  /** Drops a thread the server no longer lists for us (left, removed): it is not resubscribed. */
  forget(threadId: string): void {
    const t = this.threads.get(threadId);
    if (t) this.releaseAll(t);
    this.threads.delete(threadId);
  }

  /**
   * The server restarted this thread's numbering: what we hold says nothing about its new seqs.
   * The cursor goes to 0 (replay everything) and messages held behind a hole go; the ids stay,
   * so what was shown is not shown twice.
   */
  restart(threadId: string): void {
    const t = this.threads.get(threadId);
    if (!t) return;
    t.cursor = 0;
    this.releaseAll(t);
  }

  restartAll(): void {
    for (const id of this.threads.keys()) this.restart(id);
  }

  known(): string[] {
    return [...this.threads.keys()];
  }

  /** What to resubscribe with after a (re)connect: since = the highest seq held. */
  subscriptions(): Array<{ threadId: string; since: number | null }> {
    return [...this.threads].map(([threadId, t]) => ({ threadId, since: t.cursor }));
  }

  /** The highest contiguous seq held for one thread, or null. */
  cursor(threadId: string): number | null {
    return this.threads.get(threadId)?.cursor ?? null;
  }

  cursors(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, t] of this.threads) if (t.cursor !== null) out[id] = t.cursor;
    return out;
  }

  /** Messages held back behind a hole, across threads. */
  get heldBack(): number {
    return this.heldCount;
  }

  /** `now` is only read when the message has to wait behind a hole. The result is valid until the next call. */
  accept(msg: WireMessage, now: () => number): TrackResult {
    let t = this.threads.get(msg.threadId);
    this.lastWasNewThread = t === undefined;
    if (!t) {
      if (this.full) return this.tooManyThreads();
      t = this.state(msg.threadId);
    }
    // Compat messages have no seq: id de-duplication and arrival order are all there is.
    if (msg.seq === null) return t.ids.addIfNew(msg.id) ? this.single(msg) : this.duplicate();
    if (t.cursor === null || msg.seq === t.cursor + 1) {
      // The seq is taken even by a duplicate id (the server spent it): the cursor moves on either way.
      t.cursor = msg.seq;
      const fresh = t.ids.addIfNew(msg.id);
      if (!fresh) this.duplicates++;
      if (t.ahead.size === 0) return fresh ? this.single(msg) : DUPLICATE;
      const deliver = fresh ? [msg] : [];
      this.drain(t, deliver);
      return { deliver, gaps: NO_GAPS, outcome: deliver.length ? 'delivered' : 'duplicate' };
    }
    if (msg.seq <= t.cursor || t.ahead.has(msg.seq)) return this.duplicate();
    const bytes = heldSize(msg);
    const over = this.overHeld(t, bytes);
    if (over) return { deliver: [], gaps: NO_GAPS, outcome: 'overflow', overflow: over };
    t.ahead.set(msg.seq, { msg, at: now(), bytes });
    t.aheadBytes += bytes;
    this.heldCount++;
    this.heldBytes += bytes;
    if (t.ahead.size > this.limits.maxAhead) return { ...this.skipHole(msg.threadId, t), outcome: 'delivered' };
    return HELD;
  }

  /** The server says `from..to` are gone from its history: move past them. */
  gap(threadId: string, from: number, to: number): TrackResult {
    if (!this.threads.has(threadId) && this.full) return this.tooManyThreads();
    const t = this.state(threadId);
    const gaps: Gap[] = [{ threadId, from, to, source: 'server' }];
    if (t.cursor === null || t.cursor < to) t.cursor = to;
    for (const seq of t.ahead.keys()) if (seq <= to) this.release(t, seq);
    const deliver: WireMessage[] = [];
    this.drain(t, deliver);
    return { deliver, gaps };
  }

  /** When the oldest message still held behind a hole arrived, across threads; null when none is held. */
  oldestHeldAt(): number | null {
    let oldest: number | null = null;
    for (const t of this.threads.values()) {
      const at = oldestIn(t);
      if (at !== null && (oldest === null || at < oldest)) oldest = at;
    }
    return oldest;
  }

  /**
   * Holes older than maxAgeMs that no replay filled (a server that skipped seqs
   * without a gap frame): report them as client-side gaps and deliver what is held.
   * A thread may hold several such holes; each skip can uncover the next.
   */
  expireHoles(now: number, maxAgeMs: number): TrackResult {
    const out: TrackResult = { deliver: [], gaps: [] };
    for (const [threadId, t] of this.threads) {
      for (let at = oldestIn(t); at !== null && now - at >= maxAgeMs; at = oldestIn(t)) {
        const r = this.skipHole(threadId, t);
        out.deliver.push(...r.deliver);
        out.gaps.push(...r.gaps);
      }
    }
    return out;
  }

  private single(msg: WireMessage): TrackResult {
    this.one.deliver.length = 0;
    this.one.deliver.push(msg);
    return this.one;
  }

  private tooManyThreads(): TrackResult {
    this.lastWasNewThread = false;
    return { deliver: [], gaps: NO_GAPS, outcome: 'overflow', overflow: `the server named more than ${this.limits.maxThreads} threads` };
  }

  /** Why holding `bytes` more behind t's hole would pass a bound, or null. */
  private overHeld(t: ThreadState, bytes: number): string | null {
    const l = this.limits;
    const mib = (n: number): string => `${Math.round(n / (1024 * 1024))} MiB`;
    if (t.aheadBytes + bytes > l.maxAheadBytesPerThread) return `the server left more than ${mib(l.maxAheadBytesPerThread)} of one thread's messages waiting behind missing ones`;
    if (this.heldCount + 1 > l.maxHeldTotal) return `the server left more than ${l.maxHeldTotal} messages waiting behind missing ones`;
    if (this.heldBytes + bytes > l.maxHeldBytesTotal) return `the server left more than ${mib(l.maxHeldBytesTotal)} of messages waiting behind missing ones`;
    return null;
  }

  private release(t: ThreadState, seq: number): { msg: WireMessage } | undefined {
    const e = t.ahead.get(seq);
    if (!e) return undefined;
    t.ahead.delete(seq);
    t.aheadBytes -= e.bytes;
    this.heldCount--;
    this.heldBytes -= e.bytes;
    return e;
  }

  private releaseAll(t: ThreadState): void {
    this.heldCount -= t.ahead.size;
    this.heldBytes -= t.aheadBytes;
    t.ahead.clear();
    t.aheadBytes = 0;
  }

  private duplicate(): TrackResult {
    this.duplicates++;
    return DUPLICATE;
  }

  private state(threadId: string): ThreadState {
    let t = this.threads.get(threadId);
    if (!t) {
      t = new ThreadState(null, this.limits.idMemory);
      this.threads.set(threadId, t);
    }
    return t;
  }

  private skipHole(threadId: string, t: ThreadState): TrackResult {
    const first = Math.min(...t.ahead.keys());
    const from = (t.cursor ?? first - 1) + 1;
    const gaps: Gap[] = from <= first - 1 ? [{ threadId, from, to: first - 1, source: 'client' }] : [];
    t.cursor = first - 1;
    const deliver: WireMessage[] = [];
    this.drain(t, deliver);
    return { deliver, gaps };
  }

  private drain(t: ThreadState, into: WireMessage[]): void {
    if (t.cursor === null) return;
    for (let next = this.release(t, t.cursor + 1); next; next = this.release(t, t.cursor + 1)) {
      t.cursor++;
      if (t.ids.addIfNew(next.msg.id)) into.push(next.msg);
      else this.duplicates++;
    }
  }
}
