// presence_snapshot frames for the members of one thread, kept up to date
// entry by entry. When N members of one thread connect, each connect needs the
// status of all N: rebuilt from scratch that is N² lookups and serializations,
// the largest cost of a connect storm. Here a status change rewrites one entry,
// and a connect only joins the entries (or reuses the frames if nothing changed).
import type { PresenceStatus } from '../shared/types';
import { jsonItem, pagedFrames, type JsonItem } from './paging';

interface Entry {
  items: JsonItem[];
  statuses: PresenceStatus[];
  index: Map<string, number>;
  frames: string[] | null;
}

export class SnapshotCache {
  /** Keyed by a thread's member set: a membership change replaces the set, so a stale entry is never found. */
  private readonly bySet = new WeakMap<ReadonlySet<string>, Entry>();

  constructor(private readonly status: (userId: string) => PresenceStatus) {}

  frames(members: ReadonlySet<string>): string[] {
    let entry = this.bySet.get(members);
    if (!entry) {
      const items: JsonItem[] = [];
      const statuses: PresenceStatus[] = [];
      const index = new Map<string, number>();
      for (const userId of members) {
        const status = this.status(userId);
        index.set(userId, items.length);
        items.push(jsonItem({ userId, status }));
        statuses.push(status);
      }
      entry = { items, statuses, index, frames: null };
      this.bySet.set(members, entry);
    }
    entry.frames ??= pagedFrames('presence_snapshot', entry.items);
    return entry.frames;
  }

  /** The user's visible status may have changed: rewrite their entry wherever it is cached. */
  changed(userId: string, memberSets: Iterable<ReadonlySet<string>>): void {
    const status = this.status(userId);
    for (const members of memberSets) {
      const entry = this.bySet.get(members);
      const i = entry?.index.get(userId);
      if (!entry || i === undefined || entry.statuses[i] === status) continue;
      entry.items[i] = jsonItem({ userId, status });
      entry.statuses[i] = status;
      entry.frames = null;
    }
  }
}
