// Messages the user sent that the server has not acknowledged yet. Bounded,
// ordered, de-duplicated by client_id, and persisted in an append-only log
// (outbox-log.ts): an add is one line synced before send() returns, so a pending
// message survives an app restart, crash or power loss; settled entries are
// appended as deletions (coalesced) and the log is compacted by an atomic
// rewrite once it is mostly dead. The server de-duplicates resends on client_id.
import { randomUUID } from 'node:crypto';
import { copyFileSync, readFileSync, renameSync } from 'node:fs';
import { z } from 'zod';
import { ClientIdSchema } from '../../shared/protocol';
import { addLine, deleteLine, OutboxLog, parseOutbox } from './outbox-log';
import { describeUnsendable, unsendable } from './send-limits';

export const DEFAULT_MAX_OUTBOX = 1_000;

const EntrySchema = z.object({
  clientId: ClientIdSchema,
  threadId: z.string().min(1),
  body: z.string(),
  createdAt: z.number(),
});
export type OutboxEntry = z.infer<typeof EntrySchema>;

/** Enough of an entry to settle it as failed: a delivery update names these two. */
const IdentitySchema = z.object({ clientId: EntrySchema.shape.clientId, threadId: EntrySchema.shape.threadId });

/** Past this much dead weight (and more than the live entries take) the log is rewritten. */
const COMPACT_SLACK_BYTES = 64 * 1024;

/** The live entries a file holds, as stored (for tests and tools); [] for a missing or corrupt file. */
export function readOutboxEntries(path: string): unknown[] {
  try {
    return parseOutbox(readFileSync(path, 'utf8'))?.entries ?? [];
  } catch {
    return [];
  }
}

/** A fresh client_id: the key the server de-duplicates resends on. */
export function newClientId(): string {
  return `c-${randomUUID()}`;
}

export class OutboxFullError extends Error {
  override readonly name = 'OutboxFullError';
  constructor(readonly limit: number) {
    super(`Cannot queue the message: ${limit} messages are already waiting to be sent. They will go out when the connection is back; try again then.`);
  }
}

/** A stored entry that can never be sent; it is settled as failed instead. */
export interface RejectedEntry {
  clientId: string;
  threadId: string;
  /** Person-readable, for the delivery update. */
  reason: string;
}

export interface LoadReport {
  loaded: number;
  /** Entries that are out of the outbox and must be reported as failed (over 1 MiB as a frame, empty, malformed). */
  rejected: RejectedEntry[];
  /** A person-readable note when the file or some entries were unusable; the file as it was is kept aside, not deleted. */
  problem: string | null;
}

/** Keeps a file as it is under another name (moved, or copied before a rewrite); says how it went, for a problem report. */
function keepAside(path: string, why: string, keep: (from: string, to: string) => void): string {
  const aside = `${path}.${why}-${Date.now()}`;
  try {
    keep(path, aside);
    return `is kept as ${aside}`;
  } catch (err) {
    // A file that could not be moved stays in place and is replaced by the next write.
    return `could not be kept aside (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  private dirtyTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly log: OutboxLog | null;
  /** Each live entry's line length in the log, to know when compaction pays. */
  private readonly lineBytes = new Map<string, number>();
  private liveBytes = 0;
  /** Settled entries whose deletion is not in the log yet. */
  private deletions: string[] = [];

  constructor(
    private readonly path: string | null,
    readonly max: number = DEFAULT_MAX_OUTBOX,
    private readonly onProblem: (message: string) => void = () => {},
  ) {
    this.log = path
      ? new OutboxLog(path, (err) => onProblem(`Could not sync the outbox file (${err.code ?? 'error'}); it will be rewritten on the next change.`))
      : null;
  }

  /** Resolves once every add so far is on disk (adds are written at once and synced in the background). */
  whenSynced(): Promise<void> {
    return this.log?.whenSynced() ?? Promise.resolve();
  }

  /** Bytes written to the file since this object was made (the benchmark reads it). */
  get bytesWritten(): number {
    return this.log?.bytesWritten ?? 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Reads the persisted outbox. Whatever is unusable is left out and the file as it was is kept
   * aside (nothing is deleted): an unreadable file as a whole; unreadable or duplicate entries;
   * and entries that could never be sent, which are returned as `rejected` so they are settled as
   * failed rather than resent (and refused by the server) after every reconnect.
   */
  load(): LoadReport {
    const none: LoadReport = { loaded: 0, rejected: [], problem: null };
    if (!this.path) return none;
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        if (this.log) this.log.absent = true;
        return none;
      }
      return { ...none, problem: `Could not read the outbox file (${(err as NodeJS.ErrnoException).code ?? 'error'}).` };
    }
    const file = parseOutbox(text);
    if (!file) return { ...none, problem: `The outbox file was unreadable; it ${keepAside(this.path, 'corrupt', renameSync)}.` };
    const rejected: RejectedEntry[] = [];
    const seen = new Set<string>();
    let skipped = file.skipped;
    for (const raw of file.entries) {
      const identity = IdentitySchema.safeParse(raw);
      if (!identity.success || seen.has(identity.data.clientId)) {
        skipped++;
        continue;
      }
      const { clientId, threadId } = identity.data;
      seen.add(clientId);
      const entry = EntrySchema.safeParse(raw);
      if (!entry.success) {
        const first = entry.error.issues[0];
        rejected.push({ clientId, threadId, reason: `Not sent: the saved message is malformed (${first ? `${first.path.map(String).join('.')}: ${first.message}` : 'invalid'}).` });
        continue;
      }
      const problem = unsendable(threadId, clientId, entry.data.body);
      if (problem) rejected.push({ clientId, threadId, reason: `Not sent: ${describeUnsendable(problem)}.` });
      else this.entries.set(clientId, entry.data);
    }
    if (!skipped && !rejected.length) {
      // A clean log is appended to as it is; an old-format file or one with dead weight is rewritten.
      if (file.format === 'log' && file.dead === 0 && this.log) {
        for (const e of this.entries.values()) this.track(e.clientId, Buffer.byteLength(addLine(e)));
        this.log.adopt(Buffer.byteLength(text));
      } else {
        try {
          this.rewrite();
        } catch (err) {
          return { ...none, loaded: this.entries.size, problem: `Could not rewrite the outbox file (${(err as NodeJS.ErrnoException).code ?? 'write failed'}).` };
        }
      }
      return { ...none, loaded: this.entries.size };
    }
    const notes = [
      skipped ? `${skipped} unreadable or duplicate outbox entries were skipped.` : '',
      rejected.length ? `${rejected.length} outbox entries could never be sent and are marked failed.` : '',
      `The file as it was ${keepAside(this.path, 'rejected', copyFileSync)}.`,
    ];
    try {
      this.rewrite(); // from here on the file holds only what will be sent
    } catch (err) {
      notes.push(`Could not rewrite the outbox file (${(err as NodeJS.ErrnoException).code ?? 'write failed'}).`);
    }
    return { loaded: this.entries.size, rejected, problem: notes.filter(Boolean).join(' ') };
  }

  /** Queues a message and persists it before returning. Throws OutboxFullError when full. */
  add(threadId: string, body: string, now: number, clientId: string = newClientId()): OutboxEntry {
    if (this.entries.size >= this.max) throw new OutboxFullError(this.max);
    if (this.entries.has(clientId)) throw new Error(`Cannot queue the message: client_id ${clientId} is already waiting.`);
    const entry: OutboxEntry = { clientId, threadId, body, createdAt: now };
    this.entries.set(entry.clientId, entry);
    if (!this.log) return entry;
    try {
      if (this.log.canAppend) {
        // One line, written now and synced in the background: O(1) bytes per add however many are waiting.
        this.track(clientId, this.log.append(addLine(entry), true));
      } else if (this.log.absent && this.entries.size === 1) {
        const line = addLine(entry);
        this.log.create([line]);
        this.track(clientId, Buffer.byteLength(line));
      } else this.rewrite();
    } catch (err) {
      this.entries.delete(entry.clientId);
      this.untrack(entry.clientId);
      throw new Error(`Could not save the message to the outbox: ${(err as NodeJS.ErrnoException).code ?? 'write failed'}.`, { cause: err });
    }
    return entry;
  }

  get(clientId: string): OutboxEntry | undefined {
    return this.entries.get(clientId);
  }

  /** Removes a settled entry (acked or failed). The write is coalesced: losing it only causes a resend the server ignores. */
  remove(clientId: string): OutboxEntry | undefined {
    const e = this.entries.get(clientId);
    if (!e) return undefined;
    this.entries.delete(clientId);
    this.untrack(clientId);
    if (this.log) this.deletions.push(clientId);
    this.writeSoon();
    return e;
  }

  /** In the order they were sent. */
  pending(): OutboxEntry[] {
    return [...this.entries.values()];
  }

  /** Writes any coalesced change now, synced, and closes the file (on stop; a later add reopens it). */
  flush(): void {
    if (this.dirtyTimer) clearTimeout(this.dirtyTimer);
    this.dirtyTimer = null;
    try {
      this.writeDeletions(true);
    } catch (err) {
      this.onProblem(`Could not update the outbox file (${(err as NodeJS.ErrnoException).code ?? 'write failed'}); already-delivered messages may be re-sent once, which the server ignores.`);
    }
    this.log?.close();
  }

  private writeSoon(): void {
    if (!this.log || this.dirtyTimer) return;
    this.dirtyTimer = setTimeout(() => {
      this.dirtyTimer = null;
      try {
        this.writeDeletions(false);
      } catch (err) {
        // Retried on the next change or flush; a stale file only means a harmless resend.
        this.onProblem(`Could not update the outbox file (${(err as NodeJS.ErrnoException).code ?? 'write failed'}); will retry.`);
      }
    }, 50);
  }

  /** Settled entries go into the log as deletions; an empty or mostly dead log is rewritten instead. */
  private writeDeletions(sync: boolean): void {
    const log = this.log;
    if (!log) return;
    if (this.deletions.length === 0) {
      if (sync) log.sync();
      return;
    }
    const deletions = this.deletions;
    this.deletions = [];
    try {
      const deadWeight = log.size - this.liveBytes;
      if (!log.canAppend || this.entries.size === 0 || deadWeight > this.liveBytes + COMPACT_SLACK_BYTES) this.rewrite();
      else {
        log.append(deletions.map(deleteLine).join(''), false);
        if (sync) log.sync();
      }
    } catch (err) {
      this.deletions = deletions.concat(this.deletions);
      throw err;
    }
  }

  private rewrite(): void {
    if (!this.log) return;
    if (this.dirtyTimer) clearTimeout(this.dirtyTimer);
    this.dirtyTimer = null;
    this.deletions = [];
    this.lineBytes.clear();
    this.liveBytes = 0;
    const lines: string[] = [];
    for (const e of this.entries.values()) {
      const line = addLine(e);
      lines.push(line);
      this.track(e.clientId, Buffer.byteLength(line));
    }
    this.log.rewrite(lines);
  }

  private track(clientId: string, bytes: number): void {
    this.lineBytes.set(clientId, bytes);
    this.liveBytes += bytes;
  }

  private untrack(clientId: string): void {
    const bytes = this.lineBytes.get(clientId);
    if (bytes === undefined) return;
    this.lineBytes.delete(clientId);
    this.liveBytes -= bytes;
  }
}
