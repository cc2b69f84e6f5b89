// The bounded per-thread message store: one append-only JSONL file per thread
// plus a small meta file. Loaded synchronously once (the files are bounded);
// written asynchronously, at most one write per thread per batch, each thread's
// serialization in its own event-loop turn so a big burst never blocks main.
import { mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log';
import { HeaderSchema, META_FILE, MetaSchema, RecordSchema, isStoreFile, isThreadFile, threadFileName } from './store-format';
import type { StoreRecord, StoredMeta } from './store-format';
import type { Entry } from './timeline';
import { recordOf } from './store-format';
import { quickRecord } from './record-check';

export interface LoadedThread {
  threadId: string;
  records: StoreRecord[];
}

interface FileState {
  threadId: string;
  /** Lines in the file (header excluded), to know when it is due for compaction. */
  lines: number;
  /** Rewrite before the next append: a bad or torn line, or past twice the bound. */
  rewrite: boolean;
  exists: boolean;
  queue: Entry[];
}

/** Gives the entries a thread holds now, for a compaction rewrite. */
export type HeldEntries = (threadId: string) => readonly Entry[] | null;

/** The asynchronous file calls the store makes (tests count them). */
export interface StoreIo {
  appendFile(path: string, data: string, options: { mode: number }): Promise<void>;
  writeFile(path: string, data: string, options: { mode: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: boolean }): Promise<void>;
  readdir(path: string): Promise<string[]>;
}

const realIo: StoreIo = {
  appendFile: (p, d, o) => fsp.appendFile(p, d, o),
  writeFile: (p, d, o) => fsp.writeFile(p, d, o),
  rename: (a, b) => fsp.rename(a, b),
  rm: (p, o) => fsp.rm(p, o),
  readdir: (p) => fsp.readdir(p),
};

export class MessageStore {
  private readonly files = new Map<string, FileState>();
  private readonly due = new Set<string>();
  /** Threads whose files are to be removed. */
  private readonly doomed = new Set<string>();
  private meta: StoredMeta | null = null;
  private metaDue = false;
  private pumping: Promise<void> | null = null;
  private clearing: Promise<void> | null = null;
  /** Bumped by clear(): a write started for the old generation never lands afterwards. */
  private generation = 0;
  private dirMade = false;

  constructor(
    private readonly dir: string,
    private readonly max: number,
    private readonly log: Logger,
    private readonly held: HeldEntries,
    private readonly io: StoreIo = realIo,
  ) {}

  /** Reads every thread file and the meta file. Bad lines are skipped with one log line per file. */
  load(): { meta: StoredMeta | null; threads: LoadedThread[] } {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return { meta: null, threads: [] };
    }
    // Temp files a crash left between write and rename: never read, only in the way.
    for (const name of names) {
      if (!isStoreFile(name) || !name.includes('.tmp-')) continue;
      try {
        unlinkSync(join(this.dir, name));
      } catch {
        // Gone already, or not ours to remove: harmless either way.
      }
    }
    const threads: LoadedThread[] = [];
    for (const name of names.filter(isThreadFile).sort()) {
      const loaded = this.loadThread(name);
      if (loaded) threads.push(loaded);
    }
    return { meta: names.includes(META_FILE) ? this.loadMeta() : null, threads };
  }

  /** Queues entries to append to a thread's file; written on the next pump. */
  append(threadId: string, entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    this.file(threadId).queue.push(...entries);
    this.due.add(threadId);
    this.kick();
  }

  /** Rewrites a thread's file from what it holds now (its old records are void). */
  rewrite(threadId: string): void {
    this.file(threadId).rewrite = true;
    this.due.add(threadId);
    this.kick();
  }

  writeMeta(meta: StoredMeta): void {
    this.meta = meta;
    this.metaDue = true;
    this.kick();
  }

  /** A thread the user left: its file goes (in turn with the writes, so a write in flight cannot bring it back). */
  forget(threadId: string): void {
    this.files.delete(threadId);
    this.due.delete(threadId);
    this.doomed.add(threadId);
    this.kick();
  }

  /** Resolves once everything queued so far is written. */
  async drain(): Promise<void> {
    for (let p = this.pumping ?? this.clearing; p; p = this.pumping ?? this.clearing) await p;
  }

  /** Sign-out: waits for writes in flight, then removes every file of the store. Writes queued meanwhile wait for it. */
  clear(): Promise<void> {
    this.generation++;
    this.files.clear();
    this.due.clear();
    this.doomed.clear();
    this.meta = null;
    this.metaDue = false;
    const done = this.removeAll().finally(() => {
      if (this.clearing === done) this.clearing = null;
      if (this.hasWork()) this.kick();
    });
    this.clearing = done;
    return done;
  }

  private async removeAll(): Promise<void> {
    await this.clearing;
    while (this.pumping) await this.pumping;
    let names: string[] = [];
    try {
      names = await this.io.readdir(this.dir);
    } catch {
      return;
    }
    await Promise.all(names.filter(isStoreFile).map((n) => this.io.rm(join(this.dir, n), { force: true }).catch((err: unknown) => this.fail(`remove ${n}`, err))));
  }

  private file(threadId: string): FileState {
    let f = this.files.get(threadId);
    if (!f) {
      f = { threadId, lines: 0, rewrite: false, exists: false, queue: [] };
      this.files.set(threadId, f);
    }
    return f;
  }

  private kick(): void {
    if (this.pumping || this.clearing) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      if (this.hasWork()) this.kick();
    });
  }

  private hasWork(): boolean {
    return this.due.size > 0 || this.doomed.size > 0 || this.metaDue;
  }

  /** One thread per event-loop turn: serialization of a full thread is the largest synchronous step. */
  private async pump(): Promise<void> {
    const gen = this.generation;
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (gen === this.generation && this.hasWork()) {
      const doomed = this.doomed.values().next();
      const next = this.due.values().next();
      if (!doomed.done) {
        this.doomed.delete(doomed.value);
        // A thread listed again since it was forgotten keeps its new file.
        if (!this.files.has(doomed.value)) await this.io.rm(join(this.dir, threadFileName(doomed.value)), { force: true }).catch((err: unknown) => this.fail('remove a thread file', err));
      } else if (!next.done) {
        this.due.delete(next.value);
        await this.writeThread(next.value, gen);
      } else {
        this.metaDue = false;
        const meta = this.meta;
        if (meta) await this.replace(META_FILE, `${JSON.stringify(meta)}\n`, gen);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private async writeThread(threadId: string, gen: number): Promise<void> {
    const f = this.files.get(threadId);
    if (!f || (f.queue.length === 0 && !f.rewrite)) return;
    const queued = f.queue.splice(0);
    this.ensureDir();
    const name = threadFileName(threadId);
    if (f.rewrite || !f.exists || f.lines + queued.length > 2 * this.max) {
      const lines = serialize(this.held(threadId) ?? []);
      const text = `${JSON.stringify({ v: 1, thread: threadId })}\n${lines.join('')}`;
      if (await this.replace(name, text, gen)) {
        f.lines = lines.length;
        f.rewrite = false;
        f.exists = true;
      }
      return;
    }
    const lines = serialize(queued.filter((e) => e.held));
    if (lines.length === 0) return;
    try {
      if (gen !== this.generation) return;
      await this.io.appendFile(join(this.dir, name), lines.join(''), { mode: 0o600 });
      f.lines += lines.length;
    } catch (err) {
      f.rewrite = true;
      this.fail(`append to ${name}`, err);
    }
  }

  /** Temp file then rename: a reader sees the old file or the new one. */
  private async replace(name: string, text: string, gen: number): Promise<boolean> {
    if (gen !== this.generation) return false;
    this.ensureDir();
    const path = join(this.dir, name);
    const tmp = `${path}.tmp-${process.pid}`;
    try {
      await this.io.writeFile(tmp, text, { mode: 0o600 });
      if (gen !== this.generation) {
        await this.io.rm(tmp, { force: true });
        return false;
      }
      await this.io.rename(tmp, path);
      return true;
    } catch (err) {
      this.fail(`write ${name}`, err);
      return false;
    }
  }

  private ensureDir(): void {
    if (this.dirMade) return;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.dirMade = true;
  }

  private fail(what: string, err: unknown): void {
    this.log.warn(`message store: could not ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }

  private loadThread(name: string): LoadedThread | null {
    let text: string;
    try {
      text = readFileSync(join(this.dir, name), 'utf8');
    } catch (err) {
      this.fail(`read ${name}`, err);
      return null;
    }
    const lines = text.split('\n');
    const torn = lines.pop() !== '';
    const header = HeaderSchema.safeParse(parseLine(lines[0] ?? ''));
    if (!header.success || threadFileName(header.data.thread) !== name) {
      this.log.warn(`message store: ${name} has no valid header; ignored`);
      return null;
    }
    const records: StoreRecord[] = [];
    let bad = torn ? 1 : 0;
    for (const value of parseLines(lines)) {
      const r = quickRecord(value) ?? RecordSchema.safeParse(value).data;
      if (r) records.push(r);
      else bad++;
    }
    if (bad > 0) this.log.warn(`message store: ${name}: skipped ${bad} unreadable line(s)`);
    const threadId = header.data.thread;
    this.files.set(threadId, { threadId, lines: records.length, rewrite: bad > 0, exists: true, queue: [] });
    return { threadId, records };
  }

  private loadMeta(): StoredMeta | null {
    try {
      const parsed = MetaSchema.safeParse(parseLine(readFileSync(join(this.dir, META_FILE), 'utf8')));
      if (parsed.success) return parsed.data;
      this.log.warn(`message store: ${META_FILE} is unreadable; read marks start afresh`);
    } catch (err) {
      this.fail(`read ${META_FILE}`, err);
    }
    return null;
  }
}

/** Every line after the header, parsed: one JSON.parse for the whole file when it is clean, else line by line. */
function parseLines(lines: readonly string[]): unknown[] {
  if (lines.length <= 1) return [];
  try {
    return JSON.parse(`[${lines.slice(1).join(',')}]`) as unknown[];
  } catch {
    return lines.slice(1).map(parseLine);
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

function serialize(entries: readonly Entry[]): string[] {
  const out: string[] = [];
  for (const e of entries) {
    out.push(`${JSON.stringify(recordOf(e))}\n`);
  }
  return out;
}
