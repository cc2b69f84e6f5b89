// One batch for the window from what changed: threads as full views, the
// changed items still held (each thread's in timeline order), people, notices.
import { MAX_ACTIVITY_ITEMS, type ActivityItem } from '../../shared/ipc/server-schemas';
import type { ThreadView, TimelineItem, WorkspaceBatch } from '../../shared/ipc/workspace-schemas';
import type { Collected } from './changes';
import type { Model } from './model';
import { itemOf } from './thread';
import type { Thread } from './thread';

/**
 * Null when nothing the window shows changed. A reset carries the whole thread list, and still the
 * items and notices that changed with it: the window reloads and ignores them, but the notification
 * policy reads the same batches, and a message that came in the reset's 16 ms is news all the same.
 */
export function buildBatch(m: Model, c: Collected, view: (t: Thread) => ThreadView, all: () => ThreadView[]): WorkspaceBatch | null {
  if (c.reset) {
    return { reset: true, threads: all(), items: changedItems(m, c), people: m.people.all(), notices: c.notices.slice().reverse(), selfId: m.selfId, ...activityOf(m, c) };
  }
  if (c.threads.size === 0 && c.items.size === 0 && c.people.size === 0 && c.notices.length === 0 && c.activity.length === 0 && !c.selfChanged) return null;
  return {
    reset: false,
    threads: [...c.threads].flatMap((id) => {
      const t = m.threads.get(id);
      return t ? [view(t)] : [];
    }),
    items: changedItems(m, c),
    people: [...c.people].flatMap((id) => m.people.get(id) ?? []),
    notices: c.notices.slice().reverse(),
    ...(c.selfChanged ? { selfId: m.selfId } : {}),
    ...activityOf(m, c),
  };
}

/**
 * The Activity lines updated, newest first, a key's earlier updates of this batch after its latest
 * (the window keeps the first of each key; the policy reads them oldest first); only keys still held.
 */
function activityOf(m: Model, c: Collected): { activity?: ActivityItem[] } {
  if (c.activity.length === 0) return {};
  const lines = c.activity.filter((line) => m.activity.get(line.key) !== undefined).reverse().slice(0, MAX_ACTIVITY_ITEMS);
  return lines.length > 0 ? { activity: lines } : {};
}

function changedItems(m: Model, c: Collected): TimelineItem[] {
  const out: TimelineItem[] = [];
  for (const [threadId, changed] of c.items) {
    const t = m.threads.get(threadId);
    if (!t) continue;
    if (changed.size === 1) {
      const e = changed.values().next().value;
      if (e?.held) out.push(itemOf(threadId, e, m.isOwn));
      continue;
    }
    for (const e of t.timeline.entries) if (changed.get(e.key) === e) out.push(itemOf(threadId, e, m.isOwn));
  }
  return out;
}
