// Per-thread sequence bookkeeping: what we hold (the `since` for resubscribe),
// duplicate suppression, in-order delivery with a reorder buffer, and gaps.
import type { WireMessage } from '../../shared/protocol';
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
  outcome?: 'delivered' | 'held' | 'duplicate';
}

export interface TrackerLimits {
  /** Messages held behind one hole before it is declared a client-side gap. */
  maxAhead: number;
  /** Recent message ids remembered per thread, to drop a re-sent message whatever its seq. */
  idMemory: number;
}

class ThreadState {
  /** Highest seq delivered with nothing missing below it (since the first one held). */
  cursor: number | null;
  /** Messages that arrived ahead of a hole, by seq. */
  readonly ahead = new Map<number, { msg: WireMessage; at: number }>();
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

  constructor(
    private readonly limits: TrackerLimits = { maxAhead: 5_000, idMemory: 2_000 },
    initialCursors: Record<string, number> = {},
  ) {
    for (const [id, seq] of Object.entries(initialCursors)) this.threads.set(id, new ThreadState(seq, limits.idMemory));
  }

  /** Records a thread; true when it was not known before. */
  learn(threadId: string): boolean {
    if (this.threads.has(threadId)) return false;
    this.threads.set(threadId, new ThreadState(null, this.limits.idMemory));
    return true;
  }

  /** Drops a thread the server no longer lists for us (left, removed): it is not resubscribed. */
  forget(threadId: string): void {
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
    t.ahead.clear();
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
    let n = 0;
    for (const t of this.threads.values()) n += t.ahead.size;
    return n;
  }

  /** `now` is only read when the message has to wait behind a hole. The result is valid until the next call. */
  accept(msg: WireMessage, now: () => number): TrackResult {
    let t = this.threads.get(msg.threadId);
    this.lastWasNewThread = t === undefined;
    t ??= this.state(msg.threadId);
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
    t.ahead.set(msg.seq, { msg, at: now() });
    if (t.ahead.size > this.limits.maxAhead) return { ...this.skipHole(msg.threadId, t), outcome: 'delivered' };
    return HELD;
  }

  /** The server says `from..to` are gone from its history: move past them. */
  gap(threadId: string, from: number, to: number): TrackResult {
    const t = this.state(threadId);
    const gaps: Gap[] = [{ threadId, from, to, source: 'server' }];
    if (t.cursor === null || t.cursor < to) t.cursor = to;
    for (const seq of t.ahead.keys()) if (seq <= to) t.ahead.delete(seq);
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
    for (let next = t.ahead.get(t.cursor + 1); next; next = t.ahead.get(t.cursor + 1)) {
      t.ahead.delete(t.cursor + 1);
      t.cursor++;
      if (t.ids.addIfNew(next.msg.id)) into.push(next.msg);
      else this.duplicates++;
    }
  }
}
