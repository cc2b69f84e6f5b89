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

  /** Appends; a seq that does not follow the last one restarts the ring (a hole in the log). */
  push(entry: HistoryEntry): void {
    const last = this.lastSeq;
    if (last !== null && entry.message.seq !== last + 1) this.clear();
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
