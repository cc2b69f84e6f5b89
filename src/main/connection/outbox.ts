// Messages the user sent that the server has not acknowledged yet. Bounded,
// ordered, de-duplicated by client_id, and persisted with atomic writes
// (temp file, fsync, rename) so a pending message survives an app restart or
// crash; the server de-duplicates resends on client_id.
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const DEFAULT_MAX_OUTBOX = 1_000;

const EntrySchema = z.object({
  clientId: z.string().min(1).max(200),
  threadId: z.string().min(1),
  body: z.string(),
  createdAt: z.number(),
});
export type OutboxEntry = z.infer<typeof EntrySchema>;

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

export interface LoadReport {
  loaded: number;
  /** A person-readable note when the file was unreadable; it is kept aside, not deleted. */
  problem: string | null;
}

export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  private dirtyTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly path: string | null,
    readonly max: number = DEFAULT_MAX_OUTBOX,
    private readonly onProblem: (message: string) => void = () => {},
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Reads the persisted outbox. A corrupt file is renamed aside (nothing is lost) and reported. */
  load(): LoadReport {
    if (!this.path) return { loaded: 0, problem: null };
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { loaded: 0, problem: null };
      return { loaded: 0, problem: `Could not read the outbox file (${(err as NodeJS.ErrnoException).code ?? 'error'}).` };
    }
    let file: z.infer<typeof FileSchema>;
    try {
      file = FileSchema.parse(JSON.parse(text));
    } catch {
      const aside = `${this.path}.corrupt-${Date.now()}`;
      try {
        renameSync(this.path, aside);
      } catch {
        // Left in place; the next write replaces it.
      }
      return { loaded: 0, problem: `The outbox file was unreadable and was kept as ${aside}.` };
    }
    let skipped = 0;
    for (const raw of file.entries) {
      const e = EntrySchema.safeParse(raw);
      if (e.success && !this.entries.has(e.data.clientId)) this.entries.set(e.data.clientId, e.data);
      else skipped++;
    }
    return {
      loaded: this.entries.size,
      problem: skipped ? `${skipped} unreadable or duplicate outbox entries were skipped.` : null,
    };
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
    mkdirSync(dirname(this.path), { recursive: true });
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
  }
}
