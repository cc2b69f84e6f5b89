// Durable, append-only JSONL log with group commit. Records appended during
// one event-loop turn are written together in one write(); work that must not
// happen before its records are on disk (acks, broadcasts) is queued with
// `afterCommit` and runs right after that write. fdatasync runs in the
// background at most every `fsyncIntervalMs` and at close. A failed write is
// final: the journal writes nothing after it (see FileJournal.flush).
import fs from 'node:fs';
import path from 'node:path';
import { crc32Hex } from './crc32';
import { LogRecordSchema, type LogRecord } from './records';

export interface Journal {
  append(record: LogRecord): void;
  /**
   * Runs `fn` once everything appended so far is written; at once when nothing
   * is pending. `ok` is false when that write failed.
   */
  afterCommit(fn: (ok: boolean) => void): void;
  close(): Promise<void>;
}

/** Memory-only mode: nothing to wait for. */
export const memoryJournal: Journal = {
  append: () => {},
  afterCommit: (fn) => fn(true),
  close: async () => {},
};

export const LOG_FILE = 'relay-log.jsonl';
const LOCK_FILE = 'relay.lock';

/** A line that could not be trusted, with what could still be read of it. */
export interface DamagedLine {
  line: number;
  /** The record kind and thread the damaged text seems to name, when readable. */
  kind: string | null;
  threadId: string | null;
}

/** The log in order: intact records, and damaged lines where they were. */
export type LogEntry = { record: LogRecord } | { damaged: DamagedLine };

export interface LoadedLog {
  entries: LogEntry[];
  records: number;
  damaged: DamagedLine[];
  tornTail: boolean;
}

/**
 * A line is the record's JSON, a tab, and the CRC-32 of the JSON in hex (JSON
 * never holds a raw tab). Lines without a CRC, from logs older than it, are
 * read as they are.
 */
export function encodeLine(record: LogRecord): string {
  const json = JSON.stringify(record);
  return `${json}\t${crc32Hex(json)}`;
}

function decodeLine(line: string): LogRecord | null {
  const tab = line.lastIndexOf('\t');
  const json = tab < 0 ? line : line.slice(0, tab);
  if (tab >= 0 && crc32Hex(json) !== line.slice(tab + 1)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const record = LogRecordSchema.safeParse(parsed);
  return record.success ? record.data : null;
}

/** What a damaged line still shows: its kind and thread, if the text there is intact. */
function describeDamage(text: string, line: number): DamagedLine {
  const kind = /^\{"k":"([a-z]{1,10})"/.exec(text)?.[1] ?? null;
  const id = kind === 'thread' ? /^\{"k":"thread","id":("(?:[^"\\]|\\.)*")/.exec(text)?.[1] : /"t":("(?:[^"\\]|\\.)*")/.exec(text)?.[1];
  let threadId: string | null = null;
  try {
    threadId = id === undefined ? null : (JSON.parse(id) as string);
  } catch {
    threadId = null;
  }
  return { line, kind, threadId };
}

/** Reads the log, truncating a torn last line (a crash mid-write) so appends stay aligned. */
export function loadLog(dataDir: string): LoadedLog {
  const file = path.join(dataDir, LOG_FILE);
  if (!fs.existsSync(file)) return { entries: [], records: 0, damaged: [], tornTail: false };
  const buf = fs.readFileSync(file);
  const end = buf.lastIndexOf(0x0a) + 1; // everything after the last newline was never acknowledged
  const tornTail = end < buf.length;
  if (tornTail) fs.truncateSync(file, end);
  const entries: LogEntry[] = [];
  const damaged: DamagedLine[] = [];
  let records = 0;
  for (const [i, line] of buf.subarray(0, end).toString('utf8').split('\n').entries()) {
    if (line.length === 0) continue;
    const record = decodeLine(line);
    if (record) {
      entries.push({ record });
      records++;
      continue;
    }
    const d = describeDamage(line, i + 1);
    damaged.push(d);
    entries.push({ damaged: d });
  }
  return { entries, records, damaged, tornTail };
}

/** Replaces the log with `records` atomically (write a new file, fsync, rename). */
export function rewriteLog(dataDir: string, records: Iterable<LogRecord>): void {
  const file = path.join(dataDir, LOG_FILE);
  const tmp = `${file}.compact`;
  const fd = fs.openSync(tmp, 'w');
  try {
    let chunk: string[] = [];
    for (const r of records) {
      chunk.push(encodeLine(r));
      if (chunk.length >= 4096) {
        fs.writeSync(fd, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    if (chunk.length > 0) fs.writeSync(fd, chunk.join('\n') + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  syncDir(dataDir);
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  }
}

/** One relay per data directory: a second one would interleave appends. */
const lockedHere = new Set<string>();

export function lockDataDir(dataDir: string): () => void {
  const lock = path.join(fs.realpathSync(dataDir), LOCK_FILE);
  if (lockedHere.has(lock)) throw new Error(`data directory ${dataDir} is in use by another relay in this process`);
  try {
    const other = Number(fs.readFileSync(lock, 'utf8').trim());
    if (Number.isInteger(other) && other > 0 && other !== process.pid && processAlive(other) && !startedAfter(other, fs.statSync(lock).mtimeMs)) {
      throw new Error(`data directory ${dataDir} is in use by another relay (pid ${other})`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(lock, String(process.pid));
  lockedHere.add(lock);
  return () => {
    lockedHere.delete(lock);
    try {
      if (fs.readFileSync(lock, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lock);
    } catch {
      // already gone
    }
  };
}

/**
 * True when process `pid` started after `ms` (epoch): it cannot have written a
 * lock last touched then, so the lock is stale and its pid merely reused by an
 * unrelated process. False when that cannot be told (no /proc).
 */
function startedAfter(pid: number, ms: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]); // field 22: start time, in 1/100 s since boot
    const bootSec = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(startTicks) || !Number.isFinite(bootSec)) return false;
    return bootSec * 1000 + startTicks * 10 > ms + 2000; // boot time has 1 s resolution
  } catch {
    return false;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface FileJournalOptions {
  fsyncIntervalMs: number;
  /** A background fdatasync failed (logged; acknowledged data may not survive a power loss). */
  onError: (message: string) => void;
  /**
   * A write failed. Called before the waiters of that write run (with ok false),
   * so the owner can stop anything they would otherwise release.
   */
  onWriteFailed: (message: string) => void;
}

export class FileJournal implements Journal {
  private readonly fd: number;
  private pending: string[] = [];
  private waiters: ((ok: boolean) => void)[] = [];
  private flushScheduled = false;
  private dirty = false;
  private syncing: Promise<void> | null = null;
  private readonly syncTimer: NodeJS.Timeout;
  private closed = false;
  private failed = false;

  constructor(
    dataDir: string,
    private readonly opts: FileJournalOptions,
  ) {
    this.fd = fs.openSync(path.join(dataDir, LOG_FILE), 'a');
    this.syncTimer = setInterval(() => void this.sync(), opts.fsyncIntervalMs);
    this.syncTimer.unref();
  }

  append(record: LogRecord): void {
    if (this.closed) throw new Error('journal is closed');
    if (this.failed) return; // nothing after a failed write could be trusted on replay
    this.pending.push(encodeLine(record));
    this.schedule();
  }

  afterCommit(fn: (ok: boolean) => void): void {
    if (this.failed) return fn(false);
    if (this.pending.length === 0) return fn(true);
    this.waiters.push(fn);
  }

  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Writes everything pending, then releases the work waiting on it. A failed
   * write may have put part of the batch on disk; it was never acknowledged,
   * and the next start cuts a torn last line. Writing on after it would put
   * later records behind a hole, so the journal stops taking records instead.
   */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join('\n') + '\n');
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    try {
      let off = 0;
      while (off < bytes.length) off += fs.writeSync(this.fd, bytes, off);
      this.dirty = true;
    } catch (err) {
      this.failed = true;
      this.opts.onWriteFailed(`log write failed: ${(err as Error).message}`);
    }
    for (const w of waiters) w(!this.failed);
  }

  private sync(): Promise<void> {
    if (!this.dirty || this.syncing) return this.syncing ?? Promise.resolve();
    this.dirty = false;
    this.syncing = new Promise<void>((resolve) => {
      fs.fdatasync(this.fd, (err) => {
        if (err) this.opts.onError(`log fsync failed: ${err.message}`);
        this.syncing = null;
        resolve();
      });
    });
    return this.syncing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    clearInterval(this.syncTimer);
    await this.syncing;
    this.dirty = true;
    await this.sync();
    fs.closeSync(this.fd);
  }
}
