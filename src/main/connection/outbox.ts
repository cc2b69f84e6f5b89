// Messages the user sent that the server has not acknowledged yet. Bounded,
// ordered, de-duplicated by client_id, and persisted with atomic writes
// (temp file, fsync, rename, fsync of the directory) so a pending message survives an app restart or
// crash; the server de-duplicates resends on client_id.
import { randomUUID } from 'node:crypto';
import { closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ClientIdSchema } from '../../shared/protocol';
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

const FileSchema = z.object({ version: z.literal(1), entries: z.array(z.unknown()) });

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

/** Makes a rename in `dir` durable: until the directory entry is on disk, a power loss can undo it. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a directory (as the relay's journal finds too); the rename is still atomic.
  }
}

export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  private dirtyTimer: ReturnType<typeof setTimeout> | null = null;
  /** The file's directory has been created (once, before the first write). */
  private dirReady = false;

  constructor(
    private readonly path: string | null,
    readonly max: number = DEFAULT_MAX_OUTBOX,
    private readonly onProblem: (message: string) => void = () => {},
  ) {}

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
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return none;
      return { ...none, problem: `Could not read the outbox file (${(err as NodeJS.ErrnoException).code ?? 'error'}).` };
    }
    let file: z.infer<typeof FileSchema>;
    try {
      // A byte-order mark (an editor's doing) is not corruption.
      file = FileSchema.parse(JSON.parse(text.replace(/^\uFEFF/, '')));
    } catch {
      return { ...none, problem: `The outbox file was unreadable; it ${keepAside(this.path, 'corrupt', renameSync)}.` };
    }
    const rejected: RejectedEntry[] = [];
    const seen = new Set<string>();
    let skipped = 0;
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
    if (!skipped && !rejected.length) return { ...none, loaded: this.entries.size };
    const notes = [
      skipped ? `${skipped} unreadable or duplicate outbox entries were skipped.` : '',
      rejected.length ? `${rejected.length} outbox entries could never be sent and are marked failed.` : '',
      `The file as it was ${keepAside(this.path, 'rejected', copyFileSync)}.`,
    ];
    try {
      this.writeNow(); // from here on the file holds only what will be sent
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
    try {
      this.writeNow();
    } catch (err) {
      this.entries.delete(entry.clientId);
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
    this.writeSoon();
    return e;
  }

  /** In the order they were sent. */
  pending(): OutboxEntry[] {
    return [...this.entries.values()];
  }

  /** Writes any coalesced change now (on stop). */
  flush(): void {
    if (!this.dirtyTimer) return;
    clearTimeout(this.dirtyTimer);
    this.dirtyTimer = null;
    try {
      this.writeNow();
    } catch (err) {
      this.onProblem(`Could not update the outbox file (${(err as NodeJS.ErrnoException).code ?? 'write failed'}); already-delivered messages may be re-sent once, which the server ignores.`);
    }
  }

  private writeSoon(): void {
    if (!this.path || this.dirtyTimer) return;
    this.dirtyTimer = setTimeout(() => {
      this.dirtyTimer = null;
      try {
        this.writeNow();
      } catch (err) {
        // Retried on the next change or flush; a stale file only means a harmless resend.
        this.onProblem(`Could not update the outbox file (${(err as NodeJS.ErrnoException).code ?? 'write failed'}); will retry.`);
      }
    }, 50);
  }

  private writeNow(): void {
    if (!this.path) return;
    if (this.dirtyTimer) {
      clearTimeout(this.dirtyTimer);
      this.dirtyTimer = null;
    }
    const dir = dirname(this.path);
    if (!this.dirReady) {
      mkdirSync(dir, { recursive: true });
      this.dirReady = true;
    }
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      const buf = Buffer.from(JSON.stringify({ version: 1, entries: [...this.entries.values()] }), 'utf8');
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    syncDir(dir);
  }
}
