// One thread: its timeline and what decides its unread count and sidebar line.
import type { GapItem, MessageItem, ThreadView, TimelineItem } from '../../shared/ipc/workspace-schemas';
import { Timeline } from './timeline';
import type { Entry, MessageEntry } from './timeline';
import { countUnread } from './unread';

const PREVIEW_CHARS = 200;
/** The window's schema bound (the decoder's too). */
const MAX_TITLE = 10_000;
/** Own seqs remembered after eviction, enough for any realistic unread range. */
const MAX_EVICTED_OWN = 2000;
const MAX_GAPS = 200;

/** What is kept of a thread besides its messages (the store's meta file holds it). */
export interface ThreadMeta {
  title: string | null;
  readSeq: number | null;
  floor: number | null;
  topSeq: number | null;
  compatUnread: number;
  evictedOwn: number[];
  gaps: { from: number; to: number }[];
}

export function emptyMeta(): ThreadMeta {
  return { title: null, readSeq: null, floor: null, topSeq: null, compatUnread: 0, evictedOwn: [], gaps: [] };
}

export type OwnCheck = (sender: string, local: boolean) => boolean;

export class Thread {
  timeline: Timeline;
  meta: ThreadMeta;
  /** Set whenever the unread count may have changed; cleared when it is computed. */
  private cachedUnread: number | null = null;

  constructor(
    readonly id: string,
    private readonly max: number,
    meta: ThreadMeta = emptyMeta(),
  ) {
    this.timeline = new Timeline(max);
    this.meta = meta;
  }

  /**
   * The server restarted its seq numbering: what we hold belongs to a history that is gone, and its
   * seqs would collide with the new one's. Only the user's unsettled messages stay (the outbox resends them).
   */
  restart(): void {
    const keep = this.timeline.entries.filter((e): e is MessageEntry => e.kind === 'message' && e.local && e.seq === null);
    this.timeline = new Timeline(this.max);
    for (const e of keep) this.timeline.insert(e);
    this.meta = { ...emptyMeta(), title: this.meta.title };
    this.invalidate();
  }

  invalidate(): void {
    this.cachedUnread = null;
  }

  /** A seq the thread is known to reach (a message, an ack, a gap, the server's list). */
  reach(seq: number): void {
    if (this.meta.topSeq === null || seq > this.meta.topSeq) this.meta.topSeq = seq;
    // A thread the server never listed counts from the first message seen, not from seq 1.
    if (this.meta.floor === null) this.meta.floor = seq - 1;
    this.invalidate();
  }

  /** The server's list at connect: `unread` of the messages up to `lastSeq` are unread. */
  listed(title: string | null, unread: number | null, lastSeq: number | null): void {
    if (title !== null) this.meta.title = title.slice(0, MAX_TITLE);
    if (lastSeq !== null) {
      // No count from the server: keep what we had, else take the list as read.
      if (unread !== null) this.meta.floor = lastSeq - Math.min(Math.max(unread, 0), lastSeq);
      else this.meta.floor ??= lastSeq;
      if (this.meta.topSeq === null || lastSeq > this.meta.topSeq) this.meta.topSeq = lastSeq;
    }
    this.invalidate();
  }

  /** The user read up to `seq` (here or on another device); only moves forward. */
  readUpTo(seq: number | null): void {
    if (seq !== null && (this.meta.readSeq === null || seq > this.meta.readSeq)) this.meta.readSeq = seq;
    this.invalidate();
  }

  /** Reading the thread here also covers messages that carry no seq. */
  readAll(): number | null {
    const top = this.meta.topSeq;
    this.readUpTo(top);
    this.meta.compatUnread = 0;
    this.invalidate();
    return top;
  }

  addGap(from: number, to: number): void {
    const gaps = this.meta.gaps;
    if (!gaps.some((g) => from >= g.from && to <= g.to)) {
      gaps.push({ from, to });
      gaps.sort((a, b) => a.from - b.from);
      if (gaps.length > MAX_GAPS) gaps.splice(0, gaps.length - MAX_GAPS);
    }
    this.reach(to);
  }

  /** Evicted entries leave the timeline; own seqs are remembered so they never count as unread. */
  evicted(entries: readonly Entry[], isOwn: OwnCheck): void {
    const own = this.meta.evictedOwn;
    // A restart loads a file holding more than the bound and evicts the same messages again: each seq once.
    const known = new Set(own);
    let added = false;
    for (const e of entries) {
      if (e.kind === 'message' && e.seq !== null && isOwn(e.sender, e.local) && !known.has(e.seq)) {
        known.add(e.seq);
        own.push(e.seq);
        added = true;
      }
    }
    if (added) own.sort((a, b) => a - b);
    const mark = Math.max(this.meta.readSeq ?? -1, this.meta.floor ?? -1);
    let drop = 0;
    while (drop < own.length && ((own[drop] as number) <= mark || own.length - drop > MAX_EVICTED_OWN)) drop++;
    if (drop > 0) own.splice(0, drop);
    this.invalidate();
  }

  unread(isOwn: OwnCheck): number {
    if (this.cachedUnread === null) this.cachedUnread = countUnread(this.meta, this.timeline.entries, isOwn);
    return this.cachedUnread;
  }

  view(isOwn: OwnCheck, muted: boolean): ThreadView {
    const last = this.timeline.lastMessage();
    return {
      id: this.id,
      title: this.meta.title ?? this.id,
      unread: this.unread(isOwn),
      lastActivity: last?.ts ?? null,
      muted,
      preview: last ? preview(last, isOwn) : null,
    };
  }
}

function preview(m: MessageEntry, isOwn: OwnCheck): string {
  const who = isOwn(m.sender, m.local) ? 'You' : m.sender;
  // Only the start of a body (up to 64 KiB, more from compat servers) can reach the preview.
  const text = m.body === null ? 'Encrypted message' : m.body.slice(0, PREVIEW_CHARS * 4).replace(/\s+/g, ' ').trim();
  const line = `${who}: ${text}`;
  return line.length <= PREVIEW_CHARS ? line : `${line.slice(0, PREVIEW_CHARS - 1)}…`;
}

export function itemOf(threadId: string, e: Entry, isOwn: OwnCheck): TimelineItem {
  if (e.kind === 'gap') {
    const gap: GapItem = { kind: 'gap', key: e.key, threadId, from: e.from, to: e.to };
    return gap;
  }
  const own = isOwn(e.sender, e.local);
  const item: MessageItem = {
    kind: 'message',
    key: e.key,
    threadId,
    id: e.id,
    seq: e.seq,
    sender: e.sender,
    body: e.body,
    encrypted: e.encrypted,
    ts: e.ts,
    own,
    delivery: own ? (e.state === 'received' ? 'delivered' : e.state) : 'received',
    failure: e.state === 'failed' ? e.failure : null,
  };
  return item;
}
