// The Activity list: what a server says that is neither message nor
// notification (an agent's status, a task update, a plugin event). One line
// per key, the latest wins; the most recently updated first; bounded.
import { createHash } from 'node:crypto';
import type { ActivityItem } from '../../shared/ipc/server-schemas';
import { MAX_ACTIVITY_ITEMS } from '../../shared/ipc/server-schemas';
import type { ActivityUpdate } from '../connection/types';

/** The schema's bounds (ActivityItemSchema): an update is clipped to them, never refused. */
const MAX = { key: 600, source: 200, action: 200, title: 500, detail: 2000, state: 200 } as const;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The line's key: the event type and the profile's key, so two types that name the same thing
 * (a task in `task_update` and in a plugin's event) stay two lines. Too long for the list: hashed.
 */
export function activityKey(source: string, key: string): string {
  const whole = `${source}:${key}`;
  return whole.length <= MAX.key ? whole : `${source.slice(0, 200)}:#${createHash('sha256').update(whole).digest('hex')}`;
}

export function activityLine(u: ActivityUpdate): ActivityItem {
  return {
    key: activityKey(u.source, u.key),
    source: clip(u.source, MAX.source),
    action: u.action === null ? null : clip(u.action, MAX.action),
    title: clip(u.title, MAX.title),
    detail: u.detail === null ? null : clip(u.detail, MAX.detail),
    state: u.state === null ? null : clip(u.state, MAX.state),
    level: u.level,
    ts: Number.isFinite(u.ts) ? u.ts : 0,
  };
}

export class ActivityList {
  /** Oldest update first (a Map keeps insertion order; an update moves its key to the end). */
  readonly #lines = new Map<string, ActivityItem>();

  constructor(private readonly max = MAX_ACTIVITY_ITEMS) {}

  /** Upserts the update's line; returns it. The least recently updated line beyond the bound goes. */
  update(u: ActivityUpdate): ActivityItem {
    return this.put(activityLine(u));
  }

  put(line: ActivityItem): ActivityItem {
    this.#lines.delete(line.key);
    this.#lines.set(line.key, line);
    while (this.#lines.size > this.max) {
      const oldest = this.#lines.keys().next();
      if (oldest.done) break;
      this.#lines.delete(oldest.value);
    }
    return line;
  }

  get(key: string): ActivityItem | undefined {
    return this.#lines.get(key);
  }

  /** Newest first. */
  all(): ActivityItem[] {
    return [...this.#lines.values()].reverse();
  }

  get size(): number {
    return this.#lines.size;
  }

  clear(): void {
    this.#lines.clear();
  }
}
