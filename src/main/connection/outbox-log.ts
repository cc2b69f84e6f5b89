// The outbox's file: an append-only log of JSON lines, compacted by an atomic
// rewrite (like the relay's journal). An add is one appended line, synced
// before send() returns, so n offline sends cost O(n) bytes, not O(n²).
//
//   {"outbox":2}                 header, first line
//   {"a":{clientId,threadId,…}}  an entry added
//   {"d":"<clientId>"}           an entry settled (acked or failed)
//
// A last line without its newline is a crash mid-write: that add never
// returned, so it is dropped. The version-1 format (one JSON document holding
// every entry) is still read, and replaced by a log on the next write.
//
// As in the relay's journal, an append is written before it returns (it
// survives the app crashing) and fdatasync runs off the main thread, one at a
// time, coalescing the appends made meanwhile: a disk that takes 50 ms to sync
// never blocks send() for 50 ms; only a power loss within that moment can lose
// the last sends.
import { close, closeSync, fdatasync, fdatasyncSync, fsync, fsyncSync, mkdirSync, open, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const LOG_HEADER = '{"outbox":2}';

const LegacySchema = z.object({ version: z.literal(1), entries: z.array(z.unknown()) });

export interface ParsedOutbox {
  format: 'log' | 'legacy';
  /** Live entries as stored (not yet validated), in the order they were added. */
  entries: unknown[];
  /** Unreadable lines, and adds that repeat a live clientId. */
  skipped: number;
  /** Lines compaction would drop: settled entries and their adds, a torn last line. */
  dead: number;
}

function clientIdOf(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return null;
  const id = (v as { clientId?: unknown }).clientId;
  return typeof id === 'string' ? id : null;
}

/** Reads the file's text; null when it is neither a log nor a version-1 file (corrupt). */
export function parseOutbox(raw: string): ParsedOutbox | null {
  // A byte-order mark (an editor's doing) is not corruption.
  const text = raw.replace(/^\uFEFF/, '');
  if (!text.startsWith(`${LOG_HEADER}\n`)) {
    try {
      const file = LegacySchema.parse(JSON.parse(text));
      return { format: 'legacy', entries: file.entries, skipped: 0, dead: 0 };
    } catch {
      return null;
    }
  }
  const live = new Map<string, unknown>();
  let skipped = 0;
  let dead = 0;
  const lines = text.split('\n');
  const torn = lines.pop() ?? ''; // after the last newline: '' or a line a crash cut short
  if (torn.length > 0) dead++;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    if (typeof rec !== 'object' || rec === null) {
      skipped++;
    } else if ('d' in rec && typeof rec.d === 'string') {
      if (live.delete(rec.d)) dead += 2;
      else dead++;
    } else if ('a' in rec) {
      const id = clientIdOf(rec.a);
      if (id === null || live.has(id)) skipped++;
      else live.set(id, rec.a);
    } else {
      skipped++;
    }
  }
  return { format: 'log', entries: [...live.values()], skipped, dead };
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

function writeAll(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
}

export const addLine = (entry: unknown): string => `${JSON.stringify({ a: entry })}\n`;
export const deleteLine = (clientId: string): string => `${JSON.stringify({ d: clientId })}\n`;

/** An fd opened for appending, and its background syncs. It is closed only once no sync uses it. */
interface AppendFile {
  fd: number;
  syncing: boolean;
  /** Appended while a sync ran: one more is due. */
  again: boolean;
  closing: boolean;
}

export class OutboxLog {
  private file: AppendFile | null = null;
  private dirReady = false;
  /**
   * Whether the file on disk may not be what we think it is (never written by us, or a write
   * failed part-way): the next write is then a full rewrite, never an append.
   */
  private stale = true;
  private idleWaiters: Array<() => void> = [];
  private syncsRunning = 0;
  /** Bytes in the file now. */
  size = 0;
  /** Bytes written since this object was made (appends and rewrites), for the benchmark. */
  bytesWritten = 0;

  /** `onSyncError`: a background sync failed; the next write is a full (synced) rewrite. */
  constructor(
    private readonly path: string,
    private readonly onSyncError: (err: NodeJS.ErrnoException) => void = () => {},
  ) {}

  /** There is no file yet: the first write creates it in place (nothing to replace atomically). */
  absent = false;

  /** The file holds exactly what was parsed (`size` bytes): appends may follow it. */
  adopt(size: number): void {
    this.stale = false;
    this.size = size;
  }

  get canAppend(): boolean {
    return !this.stale;
  }

  /** Replaces the file with a header and `lines`, atomically: temp file, fsync, rename, fsync of the directory. */
  rewrite(lines: string[]): void {
    this.close();
    this.stale = true;
    this.absent = false;
    const dir = dirname(this.path);
    if (!this.dirReady) {
      mkdirSync(dir, { recursive: true });
      this.dirReady = true;
    }
    const tmp = `${this.path}.${process.pid}.tmp`;
    const buf = Buffer.from(`${LOG_HEADER}\n${lines.join('')}`, 'utf8');
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeAll(fd, buf);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    syncDir(dir);
    this.bytesWritten += buf.length;
    this.size = buf.length;
    this.stale = false;
  }

  /**
   * Writes the file that was `absent`: header and `lines` in place, synced in the background with
   * its directory entry, so the first send waits for no disk either. A crash mid-way leaves a file
   * the next load reads as corrupt and keeps aside; the send in flight had not returned.
   */
  create(lines: string[]): void {
    if (!this.absent) throw new Error('outbox log: create over an existing file');
    const dir = dirname(this.path);
    if (!this.dirReady) {
      mkdirSync(dir, { recursive: true });
      this.dirReady = true;
    }
    const buf = Buffer.from(`${LOG_HEADER}\n${lines.join('')}`, 'utf8');
    this.absent = false;
    let fd: number;
    try {
      fd = openSync(this.path, 'wx', 0o600);
    } catch (err) {
      // Someone made it meanwhile: replace it the safe way.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return this.rewrite(lines);
      throw err;
    }
    this.file = { fd, syncing: false, again: false, closing: false };
    try {
      writeAll(fd, buf);
    } catch (err) {
      this.close();
      throw err;
    }
    this.stale = false;
    this.bytesWritten += buf.length;
    this.size = buf.length;
    this.syncSoon(this.file);
    this.syncDirSoon(dir);
  }

  /**
   * Appends `text` (whole lines), written before this returns; `sync`: fdatasync in the
   * background (see whenSynced). A failure makes the next write a rewrite. Returns the bytes.
   */
  append(text: string, sync: boolean): number {
    if (this.stale) throw new Error('outbox log: append before the file was written');
    const buf = Buffer.from(text, 'utf8');
    try {
      this.file ??= { fd: openSync(this.path, 'a', 0o600), syncing: false, again: false, closing: false };
      writeAll(this.file.fd, buf);
    } catch (err) {
      this.close();
      this.stale = true;
      throw err;
    }
    if (sync) this.syncSoon(this.file);
    this.bytesWritten += buf.length;
    this.size += buf.length;
    return buf.length;
  }

  /** Syncs everything appended, now, on this thread (on stop). */
  sync(): void {
    if (this.file) fdatasyncSync(this.file.fd);
  }

  /** Resolves once no background sync is running or due: every synced append is on disk. */
  whenSynced(): Promise<void> {
    if (this.syncsRunning === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    const f = this.file;
    if (!f) return;
    this.file = null;
    f.closing = true;
    if (!f.syncing) closeQuietly(f.fd);
  }

  /** The directory entry of a created file, synced off the main thread (a refusal is tolerated, as in syncDir). */
  private syncDirSoon(dir: string): void {
    this.syncsRunning++;
    const done = (): void => {
      this.syncsRunning--;
      this.notifyIdle();
    };
    open(dir, 'r', (err, fd) => {
      if (err) return done();
      fsync(fd, () => close(fd, done));
    });
  }

  private notifyIdle(): void {
    if (this.syncsRunning !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private syncSoon(f: AppendFile): void {
    if (f.syncing) {
      f.again = true;
      return;
    }
    f.syncing = true;
    this.syncsRunning++;
    fdatasync(f.fd, (err) => {
      f.syncing = false;
      this.syncsRunning--;
      if (err) {
        // Not known to be on disk: the next write rewrites the whole file, synced.
        this.stale = true;
        this.onSyncError(err);
      }
      if (f.again) {
        f.again = false;
        this.syncSoon(f);
      } else if (f.closing) closeQuietly(f.fd);
      this.notifyIdle();
    });
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}
