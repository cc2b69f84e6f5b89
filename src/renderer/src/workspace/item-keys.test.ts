import { Virtualizer } from '@tanstack/virtual-core';
import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../../shared/ipc/workspace-schemas';
import { itemKeyGetter } from './item-keys';

const gap = (n: number): TimelineItem => ({ kind: 'gap', key: `g${n}`, threadId: 't1', from: n, to: n });

describe('itemKeyGetter', () => {
  it('gives one function per items array, answering keys (index past the end)', () => {
    const items = [gap(1), gap(2)];
    const get = itemKeyGetter(items);
    expect(itemKeyGetter(items)).toBe(get);
    expect(itemKeyGetter([...items])).not.toBe(get);
    expect([get(0), get(1), get(2)]).toEqual(['g1', 'g2', 2]);
  });

  it('lets the virtualizer skip its pass over every row on a render where the items did not change', () => {
    const items = Array.from({ length: 5_000 }, (_, i) => gap(i));
    let keyed = 0;
    const counted = (items: readonly TimelineItem[]) => {
      const get = itemKeyGetter(items);
      return (i: number) => {
        keyed++;
        return get(i);
      };
    };
    const options = (getItemKey: (i: number) => string | number, count: number) => ({
      count,
      getItemKey,
      getScrollElement: () => null,
      estimateSize: () => 58,
      scrollToFn: () => {},
      observeElementRect: () => {},
      observeElementOffset: () => {},
    });
    const stable = counted(items);
    const v = new Virtualizer<Element, Element>(options(stable, items.length));
    v.getTotalSize();
    expect(keyed).toBe(5_000);
    // A re-render with the same items and the same getter: no pass.
    keyed = 0;
    v.setOptions(options(stable, items.length));
    v.getTotalSize();
    expect(keyed).toBe(0);
    // What an inline closure did on every render: a full pass.
    v.setOptions(options(counted(items), items.length));
    v.getTotalSize();
    expect(keyed).toBe(5_000);
  });
});
