// Per-thread sequence bookkeeping: what we hold (the `since` for resubscribe),
// duplicate suppression, in-order delivery with a reorder buffer, and gaps.
import type { WireMessage } from '../../shared/protocol';

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

interface ThreadState {
  /** Highest seq delivered with nothing missing below it (since the first one held). */
  cursor: number | null;
  /** Messages that arrived ahead of a hole, by seq. */
  ahead: Map<number, { msg: WireMessage; at: number }>;
}

const DUPLICATE: TrackResult = Object.freeze({ deliver: [], gaps: [], outcome: 'duplicate' }) as TrackResult;

export class ThreadTracker {
  private readonly threads = new Map<string, ThreadState>();
  /** Recently delivered (thread, id) pairs: catches a re-sent message whatever its seq. */
  private readonly seenIds = new Set<string>();
  private readonly seenOrder: string[] = [];
  private seenHead = 0;

  constructor(
    private readonly opts: { maxAhead: number; idMemory: number } = { maxAhead: 5_000, idMemory: 20_000 },
    initialCursors: Record<string, number> = {},
  ) {
    for (const [id, seq] of Object.entries(initialCursors)) this.threads.set(id, { cursor: seq, ahead: new Map() });
  }

  /** Records a thread; true when it was not known before. */
  learn(threadId: string): boolean {
    if (this.threads.has(threadId)) return false;
    this.threads.set(threadId, { cursor: null, ahead: new Map() });
    return true;
  }

  has(threadId: string): boolean {
    return this.threads.has(threadId);
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

  accept(msg: WireMessage, now: number): TrackResult {
    const key = `${msg.threadId}\u0000${msg.id}`;
    if (this.seenIds.has(key)) return DUPLICATE;
    let t = this.threads.get(msg.threadId);
    if (!t) {
      t = { cursor: null, ahead: new Map() };
      this.threads.set(msg.threadId, t);
    }
    // Compat messages have no seq: id de-duplication and arrival order are all there is.
    if (msg.seq === null) {
      this.remember(key);
      return { deliver: [msg], gaps: [], outcome: 'delivered' };
    }
    if (t.cursor === null || msg.seq === t.cursor + 1) {
      t.cursor = msg.seq;
      this.remember(key);
      const deliver = [msg];
      this.drain(t, deliver);
      return { deliver, gaps: [], outcome: 'delivered' };
    }
    if (msg.seq <= t.cursor || t.ahead.has(msg.seq)) return DUPLICATE;
    t.ahead.set(msg.seq, { msg, at: now });
    if (t.ahead.size > this.opts.maxAhead) return { ...this.skipHole(msg.threadId, t), outcome: 'delivered' };
    return { deliver: [], gaps: [], outcome: 'held' };
  }

  /** The server says `from..to` are gone from its history: move past them. */
  gap(threadId: string, from: number, to: number): TrackResult {
    let t = this.threads.get(threadId);
    if (!t) {
      t = { cursor: null, ahead: new Map() };
      this.threads.set(threadId, t);
    }
    const gaps: Gap[] = [{ threadId, from, to, source: 'server' }];
    if (t.cursor === null || t.cursor < to) t.cursor = to;
    for (const seq of t.ahead.keys()) if (seq <= to) t.ahead.delete(seq);
    const deliver: WireMessage[] = [];
    this.drain(t, deliver);
    return { deliver, gaps };
  }

  /**
   * Holes older than maxAgeMs that no replay filled (a server that skipped seqs
   * without a gap frame): report them as client-side gaps and deliver what is held.
   */
  expireHoles(now: number, maxAgeMs: number): TrackResult {
    const out: TrackResult = { deliver: [], gaps: [] };
    for (const [threadId, t] of this.threads) {
      let oldest = Infinity;
      for (const { at } of t.ahead.values()) oldest = Math.min(oldest, at);
      if (t.ahead.size > 0 && now - oldest >= maxAgeMs) {
        const r = this.skipHole(threadId, t);
        out.deliver.push(...r.deliver);
        out.gaps.push(...r.gaps);
      }
    }
    return out;
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
    if (t.ahead.size === 0 || t.cursor === null) return;
    for (let next = t.ahead.get(t.cursor + 1); next; next = t.ahead.get(t.cursor + 1)) {
      t.ahead.delete(t.cursor + 1);
      t.cursor++;
      const key = `${next.msg.threadId}\u0000${next.msg.id}`;
      if (this.seenIds.has(key)) continue;
      this.remember(key);
      into.push(next.msg);
    }
  }

  private remember(key: string): void {
    // A ring buffer of the last idMemory keys keeps memory flat on a long-running link.
    if (this.seenOrder.length < this.opts.idMemory) {
      this.seenOrder.push(key);
    } else {
      const old = this.seenOrder[this.seenHead];
      if (old !== undefined) this.seenIds.delete(old);
      this.seenOrder[this.seenHead] = key;
      this.seenHead = (this.seenHead + 1) % this.opts.idMemory;
    }
    this.seenIds.add(key);
  }
}
