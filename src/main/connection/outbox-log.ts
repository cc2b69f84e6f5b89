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
import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
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

export class OutboxLog {
  private fd: number | null = null;
  private dirReady = false;
  /**
   * Whether the file on disk may not be what we think it is (never written by us, or a write
   * failed part-way): the next write is then a full rewrite, never an append.
   */
  private stale = true;
  /** Bytes in the file now. */
  size = 0;
  /** Bytes written since this object was made (appends and rewrites), for the benchmark. */
  bytesWritten = 0;

  constructor(private readonly path: string) {}

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

  /** Appends `text` (whole lines); `sync`: on disk before returning. A failure makes the next write a rewrite. */
  append(text: string, sync: boolean): number {
    if (this.stale) throw new Error('outbox log: append before the file was written');
    const buf = Buffer.from(text, 'utf8');
    try {
      this.fd ??= openSync(this.path, 'a', 0o600);
      writeAll(this.fd, buf);
      if (sync) fdatasyncSync(this.fd);
    } catch (err) {
      this.close();
      this.stale = true;
      throw err;
    }
    this.bytesWritten += buf.length;
    this.size += buf.length;
    return buf.length;
  }

  /** Syncs what was appended without `sync`. */
  sync(): void {
    if (this.fd !== null) fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = null;
  }
}
