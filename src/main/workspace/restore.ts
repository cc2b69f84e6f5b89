// Between the model and the store's shapes: what a restart restores, and what
// the meta file keeps (read marks, titles, the open thread, the user).
import type { Model } from './model';
import type { LoadedThread } from './store';
import { entryOf } from './store-format';
import type { StoredMeta } from './store-format';
import type { MessageEntry } from './timeline';

export function restore(m: Model, loaded: { meta: StoredMeta | null; threads: LoadedThread[] }): void {
  const { meta, threads } = loaded;
  if (meta) {
    m.selfId = meta.selfId;
    m.historyId = meta.historyId ?? null;
    m.people.setSelf(meta.selfId);
    for (const [id, tm] of Object.entries(meta.threads)) m.thread(id, tm);
  }
  for (const { threadId, records } of threads) {
    const t = m.thread(threadId);
    // The latest record of a message wins (pending, then delivered or failed).
    const latest = new Map<string, MessageEntry>();
    for (const r of records) {
      if ('g' in r) t.timeline.insertGap(r.g[0], r.g[1]);
      else {
        latest.delete(r.m.key);
        latest.set(r.m.key, entryOf(r));
      }
    }
    for (const e of latest.values()) if (t.timeline.insert(e)) m.people.ensure(e.sender);
    m.trim(t);
    // Without its meta (lost or unreadable) the stored history counts as read, not as a flood of unread;
    // a meta file older than the messages (a crash between the two writes) still reaches them.
    const top = t.timeline.maxSeq();
    if (top !== null) {
      t.meta.floor ??= top;
      if (t.meta.topSeq === null || top > t.meta.topSeq) t.meta.topSeq = top;
    }
    t.invalidate();
  }
  if (meta?.openThreadId && m.threads.has(meta.openThreadId)) m.openThreadId = meta.openThreadId;
}

export function metaOf(m: Model): StoredMeta {
  const threads: StoredMeta['threads'] = {};
  for (const t of m.threads.values()) threads[t.id] = t.meta;
  return { v: 1, selfId: m.selfId, openThreadId: m.openThreadId, historyId: m.historyId, threads };
}
