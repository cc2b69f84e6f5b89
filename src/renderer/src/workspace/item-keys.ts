// The virtualizer's getItemKey for a timeline array: one function per array.
// @tanstack/virtual-core rebuilds every row's measurements (a pass over the
// whole thread, up to 100 000 items) whenever getItemKey changes identity, so
// an inline closure made that pass part of every render of the timeline, not
// only of the renders where the items changed.
import type { TimelineItem } from '../../../shared/ipc/workspace-schemas';

export type ItemKey = string | number;

const getters = new WeakMap<readonly TimelineItem[], (index: number) => ItemKey>();

export function itemKeyGetter(items: readonly TimelineItem[]): (index: number) => ItemKey {
  let get = getters.get(items);
  if (!get) {
    get = (index) => items[index]?.key ?? index;
    getters.set(items, get);
  }
  return get;
}
