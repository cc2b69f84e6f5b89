// The open thread's messages, virtualized: only the rows in view (plus a few)
// are in the DOM, however long the thread. It follows new messages while the
// reader is at the bottom; scrolled up, it keeps the reader's place and counts
// what arrived below ("N new messages ↓"). Scrolling to the top pages in older
// messages without moving what is on screen.
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Person } from '../../../shared/ipc/workspace-schemas';
import type { OpenTimeline } from '../state/workspace-store';
import { dayOf } from './format';
import { itemKeyGetter } from './item-keys';
import { MessageRow } from './MessageRow';

interface Props {
  readonly title: string;
  readonly timeline: OpenTimeline;
  readonly people: ReadonlyMap<string, Person>;
  readonly onRetry: (clientId: string) => Promise<void>;
  readonly onLoadOlder: () => void;
  /** Told whenever the reader reaches or leaves the bottom. */
  readonly onAtEnd: (atEnd: boolean) => void;
  /** Changes when the user sent something: jump to the bottom to show it. */
  readonly followSignal: number;
  /** The user can write here (false on servers Beacon only reads): the empty timeline says so. */
  readonly canSend: boolean;
}

const AT_END_PX = 48;
const LOAD_OLDER_PX = 400;
const OVERSCAN = 10;

// Following the bottom, the newest rows are mounted in the same render that brings
// them, at their place below the current view; the scroll to the end follows in
// that commit. Left to the range alone they were mounted one frame later, when the
// scroll event moved the range: a frame of latency for every batch.
function withNewest(range: Range, following: boolean): number[] {
  const indexes = defaultRangeExtractor(range);
  const last = indexes[indexes.length - 1] ?? -1;
  if (!following || last >= range.count - 1) return indexes;
  for (let i = Math.max(last + 1, range.count - OVERSCAN); i < range.count; i++) indexes.push(i);
  return indexes;
}

export function Timeline({ title, timeline, people, onRetry, onLoadOlder, onAtEnd, followSignal, canSend }: Props): React.JSX.Element {
  const scroller = useRef<HTMLDivElement>(null);
  const { items } = timeline;
  const atEnd = useRef(true);
  // Announce arrivals only at the bottom: scrolled up, rows mounting as the reader scrolls are not news.
  const [live, setLive] = useState(true);
  const [newCount, setNewCount] = useState(0);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 58,
    getItemKey: itemKeyGetter(items),
    overscan: OVERSCAN,
    rangeExtractor: (range) => withNewest(range, atEnd.current),
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: AT_END_PX,
  });

  // Whether the reader is at the bottom is learnt from the scroll event this causes,
  // so the thread view hears about it too (and marks what is now in view read).
  const toEnd = useCallback(() => {
    virtualizer.scrollToEnd();
    setNewCount(0);
  }, [virtualizer]);

  // A thread opens at its newest message.
  const opened = useRef(false);
  useLayoutEffect(() => {
    if (!opened.current && !timeline.loading && items.length > 0) {
      opened.current = true;
      toEnd();
    }
  }, [timeline.loading, items.length, toEnd]);

  // Counted only while scrolled up; at the bottom the list follows on its own.
  useEffect(() => {
    if (timeline.appendedVersion === 0) return;
    if (!atEnd.current) setNewCount((n) => n + timeline.appended);
  }, [timeline.appendedVersion, timeline.appended]);

  useEffect(() => {
    if (followSignal > 0) toEnd();
  }, [followSignal, toEnd]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (!el) return;
    const distance = el.scrollHeight - el.scrollTop - el.clientHeight;
    const now = distance <= AT_END_PX;
    if (now !== atEnd.current) {
      atEnd.current = now;
      setLive(now);
      onAtEnd(now);
      if (now) setNewCount(0);
    }
    if (el.scrollTop < LOAD_OLDER_PX && timeline.hasMore && !timeline.loadingOlder) onLoadOlder();
  };

  const rows = virtualizer.getVirtualItems();
  return (
    <div className="timeline-wrap">
      <div ref={scroller} className="timeline" role="log" aria-label={title} aria-live={live ? 'polite' : 'off'} tabIndex={0} onScroll={onScroll}>
        <div className="timeline__canvas" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const item = items[row.index];
            if (!item) return null;
            const prev = items[row.index - 1];
            const ts = item.kind === 'message' ? item.ts : null;
            const prevTs = prev?.kind === 'message' ? prev.ts : null;
            const dayTs = ts !== null && (prevTs === null || dayOf(prevTs) !== dayOf(ts)) ? ts : null;
            const sender = item.kind === 'message' ? (people.get(item.sender)?.status ?? null) : null;
            return (
              <div key={row.key} data-index={row.index} ref={virtualizer.measureElement} className="timeline__row" style={{ transform: `translateY(${row.start}px)` }}>
                <MessageRow item={item} dayTs={dayTs} senderPresence={sender} onRetry={onRetry} />
              </div>
            );
          })}
        </div>
      </div>
      {/* Notes sit over the list, not in it: the virtualizer owns every pixel of the scrolled content. */}
      {timeline.loadingOlder && <p className="timeline__note timeline__note--top">Loading older messages…</p>}
      {timeline.loading && <p className="timeline__note">Loading messages…</p>}
      {!timeline.loading && items.length === 0 && <p className="timeline__note">{canSend ? 'No messages yet. Say hello.' : 'No messages yet.'}</p>}
      {timeline.error && (
        <p className="timeline__note problem" role="alert">
          {timeline.error}
        </p>
      )}
      {newCount > 0 && (
        <button type="button" className="button new-below" onClick={toEnd}>
          {newCount === 1 ? '1 new message ↓' : `${newCount} new messages ↓`}
        </button>
      )}
    </div>
  );
}
