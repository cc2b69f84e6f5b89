// What has been notified already, kept across restarts so a replay after a
// reconnect or a restart never notifies again. The policy owns the shape; a
// store only loads and saves it (memory in tests, a small JSON file in the app).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** Bounds so the file stays small whatever the server sends. */
export const MAX_REMEMBERED_THREADS = 2000;
export const MAX_REMEMBERED_NOTICES = 200;
export const MAX_REMEMBERED_ACTIVITY = 1000;

const MarkSchema = z.strictObject({
  /** Highest seq decided for the thread (null: none with a seq yet). */
  seq: z.number().int().nonnegative().nullable(),
  /** Newest time of a message without seq (compat servers) decided. */
  ts: z.number().nullable(),
});

export const NotifiedStateSchema = z.strictObject({
  /** The seq numbering the marks belong to (server + historyId); another one voids them. */
  scope: z.string().max(4096).nullable(),
  /** When that numbering was first seen here: messages from before it are history, not news. */
  since: z.number().nullable(),
  /** [thread id, mark] pairs, oldest decided first: a list, so any id (even "__proto__") survives parsing. */
  threads: z.array(z.tuple([z.string().max(512), MarkSchema])).max(MAX_REMEMBERED_THREADS),
  /** Server notification ids and announcement texts (hashed) already notified, oldest first. */
  notices: z.array(z.string().max(600)).max(MAX_REMEMBERED_NOTICES),
  /**
   * [activity line key, what was last seen of it (a short hash per rule field)], least recently
   * seen first: a rule's `becomes` needs a change, and a restart must not re-notify what was seen.
   * Absent in files written before activity rules.
   */
  activity: z
    .array(z.tuple([z.string().max(700), z.array(z.string().max(16)).max(10)]))
    .max(MAX_REMEMBERED_ACTIVITY)
    .default([]),
});
export type NotifiedState = z.infer<typeof NotifiedStateSchema>;
export type ThreadMark = z.infer<typeof MarkSchema>;

export interface NotifiedStore {
  load(): NotifiedState;
  save(state: NotifiedState): void;
}

export function emptyNotifiedState(): NotifiedState {
  return { scope: null, since: null, threads: [], notices: [], activity: [] };
}

export class MemoryNotifiedStore implements NotifiedStore {
  state: NotifiedState = emptyNotifiedState();
  saves = 0;
  load(): NotifiedState {
    return structuredClone(this.state);
  }
  save(state: NotifiedState): void {
    this.saves++;
    this.state = structuredClone(state);
  }
}

/**
 * A JSON file, written after a short delay (a burst saves once) through a
 * temp file and rename. An unreadable file starts empty with a log line: at
 * worst an old message is notified once more.
 */
export class FileNotifiedStore implements NotifiedStore {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #latest: NotifiedState | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly warn: (line: string) => void,
    private readonly delayMs = 1000,
  ) {}

  load(): NotifiedState {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return emptyNotifiedState();
    }
    try {
      const parsed = NotifiedStateSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through
    }
    this.warn(`notify: ${this.path} is unreadable; starting from nothing notified`);
    return emptyNotifiedState();
  }

  save(state: NotifiedState): void {
    this.#latest = structuredClone(state);
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.flush(), this.delayMs);
    this.#timer.unref?.();
  }

  /** Quit: writes what is waiting before the process goes (a write in flight finishes or loses to this one, both whole). */
  flushSync(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const state = this.#latest;
    this.#latest = null;
    if (!state) return;
    const tmp = `${this.path}.quit.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
      renameSync(tmp, this.path);
    } catch (error) {
      this.warn(`notify: could not save ${this.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Writes what is waiting now. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const state = this.#latest;
    this.#latest = null;
    if (!state) return this.#writing;
    const tmp = `${this.path}.tmp`;
    this.#writing = this.#writing
      .then(async () => {
        await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
        await writeFile(tmp, JSON.stringify(state), { mode: 0o600 });
        await rename(tmp, this.path);
      })
      .catch((error: unknown) => this.warn(`notify: could not save ${this.path}: ${error instanceof Error ? error.message : String(error)}`));
    return this.#writing;
  }
}
