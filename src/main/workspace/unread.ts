// The one unread rule: messages after the user's read mark that are not the
// user's own. Every path (live message, read echo, opening, restart, the
// server's list at connect) only changes the inputs; the count is always
// computed from them, so no path can leave a stale number behind.
import type { Entry } from './timeline';

export interface UnreadInputs {
  /** The user's read mark: the highest seq read here or on another device (null = none). */
  readSeq: number | null;
  /**
   * Below or at this seq nothing counts: the server's list said `unread` of the messages up to
   * `lastSeq` are unread (so `lastSeq − unread` is its read mark), or, for a thread the server
   * never listed, the seq before the first message seen.
   */
  floor: number | null;
  /** Highest seq the thread is known to have (server list, messages, acks, gaps). */
  topSeq: number | null;
  /** Own messages no longer held, by seq, ascending: still never unread. */
  evictedOwn: readonly number[];
  /** Gap ranges (seqs that will never arrive): never unread. */
  gaps: readonly { from: number; to: number }[];
  /** Messages without a seq (compat servers) from others since the user last read the thread. */
  compatUnread: number;
}

/**
 * Every seq in (mark, topSeq] is a message that arrived, is still to arrive (the server listed it,
 * or it sits in a hole the engine will fill or declare a gap), or is a gap. Those held are checked
 * for ownership; those not held are someone else's unless recorded as our own.
 */
export function countUnread(inputs: UnreadInputs, entries: readonly Entry[], isOwn: (sender: string, local: boolean) => boolean): number {
  const mark = Math.max(inputs.readSeq ?? -1, inputs.floor ?? -1);
  let n = inputs.compatUnread;
  const top = inputs.topSeq;
  if (top === null || top <= mark) return n;
  let count = top - mark;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i] as Entry;
    if (e.kind === 'gap') {
      if (e.to <= mark) break;
      continue; // counted from `gaps` below, which also holds evicted ones
    }
    if (e.seq === null) continue;
    if (e.seq <= mark) break;
    if (e.seq <= top && isOwn(e.sender, e.local)) count--;
  }
  for (let i = inputs.evictedOwn.length - 1; i >= 0; i--) {
    const s = inputs.evictedOwn[i] as number;
    if (s <= mark) break;
    if (s <= top) count--;
  }
  for (const g of inputs.gaps) {
    const lo = Math.max(g.from, mark + 1);
    const hi = Math.min(g.to, top);
    if (hi >= lo) count -= hi - lo + 1;
  }
  n += Math.max(0, count);
  return n;
}
