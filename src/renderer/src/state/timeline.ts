// The open thread's timeline as the window holds it: items in seq order
// (compat servers without seq: arrival order), the user's own unsent messages
// at the end. Pure functions over immutable arrays, so a whole batch is merged
// with one copy and React sees one new value per batch.
import type { TimelineItem } from '../../../shared/ipc/workspace-schemas';

/** What the window keeps of one thread at most; older items are paged back in from main. */
export const TIMELINE_CAP = 100_000;

/** Own messages not yet acknowledged: they stay at the end until the server gives them a seq. */
function isTail(item: TimelineItem): boolean {
  return item.kind === 'message' && item.own && item.seq === null;
}

/** Where an item sorts; null for items that keep their arrival order. */
function orderOf(item: TimelineItem): number | null {
  // A gap stands for the seqs from..to: it goes right before `from`'s place.
  if (item.kind === 'gap') return item.from - 0.5;
  return item.seq;
}

/** The index at which `item` goes into `items` (which holds no item with its key). */
function insertionIndex(items: readonly TimelineItem[], item: TimelineItem): number {
  let i = items.length;
  if (isTail(item)) return i;
  while (i > 0 && isTail(items[i - 1] as TimelineItem)) i--;
  const order = orderOf(item);
  if (order === null) return i;
  // Almost every new item belongs at the end: scan back from there.
  while (i > 0) {
    const before = orderOf(items[i - 1] as TimelineItem);
    if (before === null || before <= order) break;
    i--;
  }
  return i;
}

export interface MergeResult {
  readonly items: readonly TimelineItem[];
  /** Other people's items that were not held before and went in after the last held one (for "N new messages"). */
  readonly appended: number;
  /** Items added (not replaced) anywhere. */
  readonly added: number;
}

/** Where the own unsent messages at the end begin. */
function tailStart(items: readonly TimelineItem[]): number {
  let i = items.length;
  while (i > 0 && isTail(items[i - 1] as TimelineItem)) i--;
  return i;
}

/** Where `key` is in `items`: searched from the end, where changes (pending → delivered) happen. */
function indexOfKey(items: readonly TimelineItem[], key: string): number {
  for (let i = items.length - 1; i >= 0; i--) if ((items[i] as TimelineItem).key === key) return i;
  return -1;
}

/**
 * Upserts `incoming` (by key) into `items`, keeping the order rules. Returns
 * the same array when nothing changed. `keys` holds the keys of `items` and is
 * kept up to date here (the store keeps one per open thread, so a batch costs
 * one array copy, not a rebuilt index of a thread that may hold 100 000 items).
 */
export function mergeItems(items: readonly TimelineItem[], incoming: readonly TimelineItem[], keys = new Set(items.map((i) => i.key))): MergeResult {
  if (incoming.length === 0) return { items, appended: 0, added: 0 };
  const next = items.slice();
  // "New" means after everything held before this batch, not merely at the end now.
  const heldEnd = tailStart(items);
  const lastHeld = heldEnd > 0 ? orderOf(items[heldEnd - 1] as TimelineItem) : null;
  let appended = 0;
  let added = 0;
  for (const item of incoming) {
    const at = keys.has(item.key) ? indexOfKey(next, item.key) : -1;
    if (at !== -1) {
      const old = next[at] as TimelineItem;
      if (orderOf(old) === orderOf(item) && isTail(old) === isTail(item)) {
        next[at] = item;
        continue;
      }
      next.splice(at, 1);
      next.splice(insertionIndex(next, item), 0, item);
      continue;
    }
    const settledEnd = tailStart(next);
    const to = insertionIndex(next, item);
    if (to === next.length) next.push(item);
    else next.splice(to, 0, item);
    keys.add(item.key);
    added++;
    const order = orderOf(item);
    const isNew = order === null || lastHeld === null ? to >= settledEnd : order > lastHeld;
    if (isNew && !(item.kind === 'message' && item.own)) appended++;
  }
  return { items: next, appended, added };
}

/** An older page (oldest first) goes in front; items already held are kept as they are. */
export function prependPage(items: readonly TimelineItem[], page: readonly TimelineItem[], keys = new Set(items.map((i) => i.key))): MergeResult {
  const fresh = page.filter((i) => !keys.has(i.key));
  if (fresh.length === 0) return { items, appended: 0, added: 0 };
  const first = items.find((i) => orderOf(i) !== null);
  const firstOrder = first ? orderOf(first) : null;
  // Only what sorts before the held items is a page in front; anything else is merged normally.
  const before = fresh.filter((i) => firstOrder === null || (orderOf(i) ?? Infinity) < firstOrder);
  const rest = fresh.filter((i) => !before.includes(i));
  const merged = before.length > 0 ? [...before, ...items] : items.slice();
  for (const item of before) keys.add(item.key);
  const result = mergeItems(merged, rest, keys);
  return { items: result.items, appended: 0, added: before.length + result.added };
}

/** Drops the oldest items beyond `cap` (they can be paged back in), and their keys. */
export function capTimeline(items: readonly TimelineItem[], cap = TIMELINE_CAP, keys?: Set<string>): readonly TimelineItem[] {
  if (items.length <= cap) return items;
  const dropped = items.length - cap;
  if (keys) for (let i = 0; i < dropped; i++) keys.delete((items[i] as TimelineItem).key);
  return items.slice(dropped);
}

/** The seq to ask for the page before the held items; null when none has a seq (nothing to page by). */
export function oldestSeq(items: readonly TimelineItem[]): number | null {
  for (const item of items) {
    if (item.kind === 'gap') return item.from;
    if (item.seq !== null) return item.seq;
  }
  return null;
}
