// Per-thread message history: a ring of the last `limit` messages. Seqs in the
// ring are contiguous, so finding "everything after seq N" is arithmetic, not
// a scan, and appending never touches older entries.
import { serverFrames, type StoredMessage } from './frames';

export interface HistoryEntry {
  message: StoredMessage;
  /** Who sent it over a socket with which client_id (for de-duplication), if anyone. */
  origin?: { userId: string; clientId: string };
  /** The serialized frame, built once and shared by every broadcast and replay. */
  frame?: Buffer;
  /** A seq whose log line was damaged: replay reports it as a gap. */
  lost?: true;
}

export function entryFrame(entry: HistoryEntry): Buffer {
  entry.frame ??= Buffer.from(serverFrames.message(entry.message));
  return entry.frame;
}

export class HistoryRing {
  private items: HistoryEntry[] = [];
  private start = 0; // index of the oldest entry once the ring is full

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('historyLimit must be a positive integer');
  }

  /** Seq of the oldest retained message, or null when empty. */
  get firstSeq(): number | null {
    return this.at(0)?.message.seq ?? null;
  }

  get lastSeq(): number | null {
    return this.at(this.items.length - 1)?.message.seq ?? null;
  }

  /**
   * Appends. A seq that skips ahead (its predecessors' log lines were damaged)
   * is preceded by `lost` entries, so what came before is kept; one that does
   * not fit at all restarts the ring.
   */
  push(entry: HistoryEntry): void {
    const last = this.lastSeq;
    const { seq, threadId } = entry.message;
    if (last !== null && seq > last + 1 && seq - last - 1 <= this.limit) {
      for (let s = last + 1; s < seq; s++) this.append({ message: { threadId, id: '', seq: s, sender: '', body: '', ts: '' }, lost: true });
    } else if (last !== null && seq !== last + 1) {
      this.clear();
    }
    this.append(entry);
  }

  private append(entry: HistoryEntry): void {
    if (this.items.length < this.limit) {
      this.items.push(entry);
      return;
    }
    this.items[this.start] = entry;
    this.start = (this.start + 1) % this.limit;
  }

  clear(): void {
    this.items = [];
    this.start = 0;
  }

  at(index: number): HistoryEntry | undefined {
    if (index < 0 || index >= this.items.length) return undefined;
    return this.items[(this.start + index) % this.items.length];
  }

  bySeq(seq: number): HistoryEntry | undefined {
    const first = this.firstSeq;
    return first === null ? undefined : this.at(seq - first);
  }

  /** Entries with seq > `since`, oldest first. */
  *after(since: number): Generator<HistoryEntry> {
    const first = this.firstSeq;
    if (first === null) return;
    for (let i = Math.max(0, since + 1 - first); i < this.items.length; i++) {
      const entry = this.at(i);
      if (entry) yield entry;
    }
  }
}
