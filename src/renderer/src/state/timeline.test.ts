import { describe, expect, it } from 'vitest';
import type { GapItem, MessageItem, TimelineItem } from '../../../shared/ipc/workspace-schemas';
import { capTimeline, mergeItems, oldestSeq, prependPage } from './timeline';

const msg = (seq: number | null, extra: Partial<MessageItem> = {}): MessageItem => ({
  kind: 'message',
  key: `m:${seq}`,
  threadId: 't1',
  id: String(seq),
  seq,
  sender: 'alice',
  body: `body ${seq}`,
  encrypted: false,
  ts: 1_000 + (seq ?? 0),
  own: false,
  delivery: 'received',
  failure: null,
  ...extra,
});
const pending = (clientId: string, extra: Partial<MessageItem> = {}): MessageItem =>
  msg(null, { key: `c:${clientId}`, id: clientId, own: true, sender: 'you', delivery: 'pending', body: clientId, ...extra });
const gap = (from: number, to: number): GapItem => ({ kind: 'gap', key: `g:${from}`, threadId: 't1', from, to });
const keys = (items: readonly TimelineItem[]) => items.map((i) => i.key);

describe('mergeItems', () => {
  it('puts items in seq order whatever order they arrive in, and counts the new ones at the end', () => {
    const first = mergeItems([], [msg(3), msg(1), msg(2)]);
    expect(keys(first.items)).toEqual(['m:1', 'm:2', 'm:3']);
    const second = mergeItems(first.items, [msg(5), msg(4)]);
    expect(keys(second.items)).toEqual(['m:1', 'm:2', 'm:3', 'm:4', 'm:5']);
    expect(second.appended).toBe(2);
  });

  it('shows a message once however often it is replayed', () => {
    const once = mergeItems([], [msg(1), msg(2)]).items;
    const again = mergeItems(once, [msg(1), msg(2), msg(2)]);
    expect(keys(again.items)).toEqual(['m:1', 'm:2']);
    expect(again.added).toBe(0);
  });

  it('keeps own unsent messages at the end, and moves them to their seq once delivered', () => {
    let items = mergeItems([], [msg(1), pending('a'), pending('b')]).items;
    items = mergeItems(items, [msg(2)]).items;
    expect(keys(items)).toEqual(['m:1', 'm:2', 'c:a', 'c:b']);
    const delivered = mergeItems(items, [pending('a', { seq: 3, id: 'srv3', delivery: 'delivered' })]);
    expect(keys(delivered.items)).toEqual(['m:1', 'm:2', 'c:a', 'c:b']);
    expect(delivered.items[2]).toMatchObject({ seq: 3, delivery: 'delivered' });
    const later = mergeItems(delivered.items, [msg(4)]);
    expect(keys(later.items)).toEqual(['m:1', 'm:2', 'c:a', 'm:4', 'c:b']);
    expect(later.appended).toBe(1);
  });

  it('keeps arrival order for servers without seq', () => {
    const items = mergeItems([], [msg(null, { key: 'x' }), msg(null, { key: 'y' }), pending('p'), msg(null, { key: 'z' })]).items;
    expect(keys(items)).toEqual(['x', 'y', 'z', 'c:p']);
  });

  it('puts a gap where its missing seqs would be', () => {
    const items = mergeItems(mergeItems([], [msg(1), msg(9)]).items, [gap(2, 8)]).items;
    expect(keys(items)).toEqual(['m:1', 'g:2', 'm:9']);
  });

  it('grows to 100 000 items batch by batch with the key set kept in step, never changing an earlier array', () => {
    let items: readonly TimelineItem[] = [];
    const keys = new Set<string>();
    let previous: readonly TimelineItem[] = items;
    for (let batch = 0; batch < 100; batch++) {
      previous = items;
      items = mergeItems(items, Array.from({ length: 1_000 }, (_, i) => msg(batch * 1_000 + i + 1)), keys).items;
    }
    expect(items.length).toBe(100_000);
    expect(keys.size).toBe(100_000);
    expect(previous.length).toBe(99_000);
    expect(items.every((item, i) => item.kind === 'message' && item.seq === i + 1)).toBe(true);
  });
});

describe('paging and bounds', () => {
  it('prepends an older page and skips what is already held', () => {
    const held = mergeItems([], [msg(5), msg(6)]).items;
    const result = prependPage(held, [msg(3), msg(4), msg(5)]);
    expect(keys(result.items)).toEqual(['m:3', 'm:4', 'm:5', 'm:6']);
    expect(result.added).toBe(2);
    expect(oldestSeq(result.items)).toBe(3);
  });

  it('drops the oldest beyond the cap', () => {
    const items = mergeItems([], [msg(1), msg(2), msg(3)]).items;
    expect(keys(capTimeline(items, 2))).toEqual(['m:2', 'm:3']);
  });
});
