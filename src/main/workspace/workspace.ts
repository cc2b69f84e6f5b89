// The one owner of what the user can see of a server: built from the engine's
// events, kept on disk, and told to the window in coalesced batches.
import type { HeldWorkspaceSnapshot, MessagesPage, ThreadView, WorkspaceBatch } from '../../shared/ipc/workspace-schemas';
import type { Logger } from '../log';
import { ActivityStore } from './activity-store';
import { buildBatch } from './batch';
import { Changes } from './changes';
import { Model } from './model';
import { metaOf, restore } from './restore';
import { MessageStore } from './store';
import { itemOf } from './thread';
import type { Thread } from './thread';
import type { MessageEntry } from './timeline';
import { DEFAULT_BATCH_MS, DEFAULT_MAX_PER_THREAD, realSchedule } from './types';
import type { WorkspaceEngine, WorkspaceOptions } from './types';

const DEFAULT_PAGE = 100;

/** Opens the workspace of one server folder; the stored history is there at once. */
export function openWorkspace(options: WorkspaceOptions): Workspace {
  return new Workspace(options);
}

export class Workspace {
  private readonly model: Model;
  private readonly changes: Changes;
  private readonly store: MessageStore | null;
  private readonly activityStore: ActivityStore | null;
  private readonly listeners = new Set<(batch: WorkspaceBatch) => void>();
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly max: number;
  private engine: WorkspaceEngine | null = null;
  private detachEngine: (() => void) | null = null;
  /** Set while engine.send runs, so its synchronous `pending` update finds the body. */
  private sending: { threadId: string; body: string; reuse: MessageEntry | null } | null = null;

  constructor(private readonly options: WorkspaceOptions) {
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.max = options.maxPerThread ?? DEFAULT_MAX_PER_THREAD;
    if (!Number.isInteger(this.max) || this.max < 1) throw new Error(`maxPerThread must be a positive integer, got ${this.max}`);
    this.changes = new Changes(options.schedule ?? realSchedule, options.batchMs ?? DEFAULT_BATCH_MS, () => this.flush());
    this.model = new Model(this.changes, this.max, this.now);
    this.store = options.dir === null ? null : new MessageStore(options.dir, this.max, this.log, (id) => this.model.threads.get(id)?.timeline.entries ?? null);
    this.activityStore = options.dir === null ? null : new ActivityStore(options.dir, this.log);
    this.load();
  }

  /** Highest contiguous seq held per thread: the engine's `cursors` option. */
  storedCursors(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.model.threads.values()) {
      const c = t.timeline.cursor();
      if (c !== null) out[t.id] = c;
    }
    return out;
  }

  /** The server's seq numbering the stored cursors belong to: the engine's `historyId` option, beside `cursors`. */
  storedHistoryId(): string | null {
    return this.model.historyId;
  }

  /** Follows an engine's events; returns the detach function. One engine at a time. */
  attach(engine: WorkspaceEngine, selfId?: string | null): () => void {
    this.detachEngine?.();
    const m = this.model;
    const offs = [
      engine.on('state', (s) => {
        if (s.state !== 'connected') return;
        this.setSelf(s.userId);
        // Before the server's list and replay: messages of another numbering must not be dropped as seen.
        m.history(engine.historyId ?? null);
      }),
      engine.on('threads', (list) => {
        for (const id of m.listed(list)) this.store?.forget(id);
        // Read here while the server could not hear it (offline, or before a restart): tell it now.
        for (const s of list) {
          const read = m.threads.get(s.id)?.meta.readSeq ?? null;
          if (read !== null && s.lastSeq !== null && s.unread !== null && read > s.lastSeq - s.unread) engine.markRead(s.id, read);
        }
      }),
      engine.on('message', (msg) => m.message(msg)),
      engine.on('gap', (g) => m.gap(g)),
      engine.on('read', (r) => m.read(r.threadId, r.seq)),
      engine.on('delivery', (d) => {
        if (d.status === 'pending') this.pending(d.threadId, d.clientId);
        else m.delivery(d);
      }),
      engine.on('presence', (p) => m.people.set(p.userId, p.status)),
      engine.on('presenceSnapshot', (entries) => m.people.snapshot(entries)),
      engine.on('notification', (n) => this.changes.notice(m.notices.add('notification', n, this.now()))),
      engine.on('activity', (u) => m.activityUpdate(u)),
      engine.on('announcement', (a) => this.changes.notice(m.notices.add('announcement', { id: null, level: 'info', title: null, message: a.message }, this.now()))),
      // A server error not tied to a pending message (a refused channel, a frame it could not take): an error notice.
      engine.on('error', (e) => {
        if (e.kind === 'server') this.changes.notice(m.notices.add('notification', { id: null, level: 'error', title: 'Server error', message: e.message }, this.now()));
      }),
    ];
    this.engine = engine;
    if (selfId !== undefined) this.setSelf(selfId);
    m.history(engine.historyId ?? null);
    // Messages still in the outbox (sent before a restart) show as pending.
    const queued = engine.pendingMessages();
    for (const p of queued) m.addPending(p.threadId, p.clientId, p.body, p.createdAt);
    m.orphans(new Set(queued.map((p) => p.clientId)));
    const detach = (): void => {
      for (const off of offs.splice(0)) off();
      if (this.engine === engine) this.engine = null;
      if (this.detachEngine === detach) this.detachEngine = null;
    };
    this.detachEngine = detach;
    return detach;
  }

  /**
   * The connected user's id. Null (not connected right now) keeps the last one: the user is the
   * same while offline, and forgetting would make their own messages count as unread. Another user
   * on the same server folder never sees the previous one's workspace.
   */
  setSelf(userId: string | null): void {
    const before = this.model.selfId;
    if (userId === null || userId === before) return;
    if (before !== null) {
      this.log.warn('workspace: signed in as another user on this server; the previous workspace is cleared');
      this.changes.drop();
      this.model.clear();
      void this.store?.clear();
      void this.activityStore?.clear();
      this.changes.resetAll();
    }
    this.model.setSelf(userId);
  }

  snapshot(): HeldWorkspaceSnapshot {
    return {
      selfId: this.model.selfId,
      threads: this.threadViews(),
      people: this.model.people.all(),
      notices: this.model.notices.all(),
      openThreadId: this.model.openThreadId,
      activity: this.model.activity.all(),
    };
  }

  /** The window opened a thread (null: none): it is read up to its last message. */
  openThread(threadId: string | null): { thread: ThreadView | null; page: MessagesPage | null } {
    if (threadId === null) {
      this.model.openThreadId = null;
      this.changes.meta();
      return { thread: null, page: null };
    }
    const t = this.model.known(threadId);
    this.model.openThreadId = threadId;
    this.changes.meta();
    return { thread: this.markRead(threadId), page: this.page(t, undefined, DEFAULT_PAGE) };
  }

  messages(input: { threadId: string; beforeSeq?: number; limit?: number }): MessagesPage {
    return this.page(this.model.known(input.threadId), input.beforeSeq, input.limit ?? DEFAULT_PAGE);
  }

  markRead(threadId: string): ThreadView {
    const t = this.model.known(threadId);
    const seq = this.model.readAll(t);
    if (seq !== null) this.engine?.markRead(threadId, seq);
    return this.view(t);
  }

  setMuted(threadId: string, muted: boolean): ThreadView {
    const t = this.model.known(threadId);
    this.options.setMuted(threadId, muted);
    this.changes.thread(threadId);
    return this.view(t);
  }

  send(threadId: string, body: string): { clientId: string } {
    const engine = this.requireEngine();
    this.model.known(threadId);
    this.sending = { threadId, body, reuse: null };
    let clientId: string;
    try {
      clientId = engine.send(threadId, body);
    } finally {
      this.sending = null;
    }
    this.model.addPending(threadId, clientId, body, this.now());
    return { clientId };
  }

  /** Sends a failed message's text again; its item stays (new client id, pending again). */
  retry(clientId: string): { clientId: string } {
    const engine = this.requireEngine();
    const found = this.model.findLocal(clientId);
    if (!found || found.entry.state !== 'failed' || found.entry.body === null) throw new Error('No failed message with this id to retry');
    const { thread, entry } = found;
    this.sending = { threadId: thread.id, body: entry.body ?? '', reuse: entry };
    let next: string;
    try {
      next = engine.send(thread.id, entry.body ?? '');
    } finally {
      this.sending = null;
    }
    if (entry.clientId !== next) this.model.resend(entry, thread.id, next);
    return { clientId: next };
  }

  onBatch(listener: (batch: WorkspaceBatch) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Sign-out: drop memory and the store's files, emit a reset batch. */
  async clear(): Promise<void> {
    this.changes.drop();
    this.model.clear();
    await Promise.all([this.store?.clear(), this.activityStore?.clear()]);
    this.emit({ reset: true, threads: [], items: [], people: [], notices: [], selfId: null });
  }

  /** Quit: flush pending writes. */
  async close(): Promise<void> {
    this.flush();
    await Promise.all([this.store?.drain(), this.activityStore?.drain()]);
  }

  private requireEngine(): WorkspaceEngine {
    if (!this.engine) throw new Error('Not signed in to a server');
    return this.engine;
  }

  /** The engine reported a message queued: ours from send()/retry(), or one sent around us. */
  private pending(threadId: string, clientId: string): void {
    const s = this.sending;
    if (s?.reuse) return this.model.resend(s.reuse, s.threadId, clientId);
    if (s && s.threadId === threadId) {
      this.model.addPending(threadId, clientId, s.body, this.now());
      return;
    }
    const entry = this.engine?.pendingMessages().find((p) => p.clientId === clientId);
    if (entry) this.model.addPending(threadId, clientId, entry.body, entry.createdAt);
  }

  private view(t: Thread): ThreadView {
    return t.view(this.model.isOwn, this.options.isMuted(t.id));
  }

  private threadViews(): ThreadView[] {
    const views = [...this.model.threads.values()].map((t) => this.view(t));
    return views.sort((a, b) => (b.lastActivity ?? -Infinity) - (a.lastActivity ?? -Infinity) || a.title.localeCompare(b.title));
  }

  private page(t: Thread, beforeSeq: number | undefined, limit: number): MessagesPage {
    const { entries, hasMore } = t.timeline.page(beforeSeq, limit);
    return { threadId: t.id, items: entries.map((e) => itemOf(t.id, e, this.model.isOwn)), hasMore };
  }

  /** Trims, persists and emits everything changed since the last batch. */
  private flush(): void {
    const c = this.changes.take();
    const m = this.model;
    for (const id of c.threads) {
      const t = m.threads.get(id);
      if (t) m.trim(t);
    }
    if (this.store) {
      for (const [threadId, entries] of c.persist) if (m.threads.has(threadId)) this.store.append(threadId, entries);
      for (const threadId of c.rewrite) if (m.threads.has(threadId)) this.store.rewrite(threadId);
      if (c.metaDirty || c.persist.size > 0) this.store.writeMeta(metaOf(m));
    }
    if (c.activity.length > 0) this.activityStore?.save(m.activity.all());
    const batch = buildBatch(m, c, (t) => this.view(t), () => this.threadViews());
    if (batch) this.emit(batch);
  }

  private emit(batch: WorkspaceBatch): void {
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch (err) {
        this.log.warn(`workspace: a batch listener threw: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** The stored history, at once (the files are bounded). */
  private load(): void {
    if (!this.store) return;
    restore(this.model, this.store.load());
    // Stored newest first; put back oldest first so the most recent stays on top.
    for (const line of (this.activityStore?.load() ?? []).reverse()) this.model.activity.put(line);
    this.changes.drop();
  }
}
