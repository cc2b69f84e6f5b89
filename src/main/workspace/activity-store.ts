// The Activity list on disk: one small JSON file beside the message store
// (`activity.json`), rewritten whole (temp + rename) at most once per batch.
// It is bounded by the list (MAX_ACTIVITY_ITEMS lines) and its own: a corrupt
// file, or a bad line in it, costs only that, never the workspace's load.
import { mkdirSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ActivityItemSchema, MAX_ACTIVITY_ITEMS, type ActivityItem } from '../../shared/ipc/server-schemas';
import type { Logger } from '../log';

export const ACTIVITY_FILE = 'activity.json';

const FileSchema = z.strictObject({ v: z.literal(1), items: z.array(z.unknown()).max(MAX_ACTIVITY_ITEMS) });

export class ActivityStore {
  #latest: ActivityItem[] | null = null;
  #writing: Promise<void> = Promise.resolve();
  #queued = false;
  /** Bumped by clear(): a write started before it never lands after it. */
  #generation = 0;

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** The stored lines, newest first; [] when none or unreadable (one log line). */
  load(): ActivityItem[] {
    const path = join(this.dir, ACTIVITY_FILE);
    this.#removeTemps();
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return [];
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const file = FileSchema.safeParse(raw);
    if (!file.success) {
      this.log.warn(`activity store: ${ACTIVITY_FILE} is unreadable; the Activity list starts empty`);
      return [];
    }
    const items: ActivityItem[] = [];
    const keys = new Set<string>();
    for (const value of file.data.items) {
      const item = ActivityItemSchema.safeParse(value).data;
      if (item && !keys.has(item.key)) {
        keys.add(item.key);
        items.push(item);
      }
    }
    const bad = file.data.items.length - items.length;
    if (bad > 0) this.log.warn(`activity store: ${ACTIVITY_FILE}: skipped ${bad} unreadable line(s)`);
    return items;
  }

  /** Queues the whole list (newest first) to be written; a burst writes once. */
  save(items: ActivityItem[]): void {
    this.#latest = items;
    if (this.#queued) return;
    this.#queued = true;
    const gen = this.#generation;
    this.#writing = this.#writing.then(() => this.#write(gen));
  }

  /** Resolves once what is queued is written. */
  drain(): Promise<void> {
    return this.#writing;
  }

  /** Sign-out: waits for a write in flight, then removes the file. */
  clear(): Promise<void> {
    this.#generation++;
    this.#latest = null;
    this.#queued = false;
    this.#writing = this.#writing.then(() => fsp.rm(join(this.dir, ACTIVITY_FILE), { force: true }).catch((err: unknown) => this.#fail('remove', err)));
    return this.#writing;
  }

  async #write(gen: number): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#queued = false;
    const items = this.#latest;
    this.#latest = null;
    if (gen !== this.#generation || items === null) return;
    const path = join(this.dir, ACTIVITY_FILE);
    const tmp = `${path}.tmp-${process.pid}`;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      await fsp.writeFile(tmp, `${JSON.stringify({ v: 1, items })}\n`, { mode: 0o600 });
      if (gen !== this.#generation) {
        await fsp.rm(tmp, { force: true });
        return;
      }
      await fsp.rename(tmp, path);
    } catch (err) {
      this.#fail('write', err);
    }
  }

  /** Temp files a crash left between write and rename. */
  #removeTemps(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith(`${ACTIVITY_FILE}.tmp-`)) continue;
      try {
        unlinkSync(join(this.dir, name));
      } catch {
        // Gone already: harmless.
      }
    }
  }

  #fail(what: string, err: unknown): void {
    this.log.warn(`activity store: could not ${what} ${ACTIVITY_FILE}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
