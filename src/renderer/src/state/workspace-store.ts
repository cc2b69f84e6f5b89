// The window's one copy of the workspace: the snapshot on load, then every
// `workspace:batch` applied in a single state update. The open thread's
// timeline lives here too (it may grow far past what main keeps in memory).
import type { BeaconApi } from '../../../shared/ipc/client';
import type { ActivityItem, ServerInfo } from '../../../shared/ipc/server-schemas';
import type { Notice, Person, ThreadView, TimelineItem, WorkspaceBatch, WorkspaceSnapshot } from '../../../shared/ipc/workspace-schemas';
import { messageOf } from '../errors';
import { capTimeline, mergeItems, oldestSeq, prependPage } from './timeline';

export type WorkspaceApi = Pick<BeaconApi, 'workspace' | 'thread' | 'message' | 'on'>;

export interface OpenTimeline {
  readonly threadId: string;
  readonly items: readonly TimelineItem[];
  /** Older items can be paged in from main. */
  readonly hasMore: boolean;
  /** The first page is on its way. */
  readonly loading: boolean;
  readonly loadingOlder: boolean;
  /** Counts up whenever older items went in front (the view keeps its scroll position). */
  readonly prependedVersion: number;
  /** Counts up with each batch that added other people's items at the end; `appended` is how many. */
  readonly appendedVersion: number;
  readonly appended: number;
  readonly error: string | null;
}

export interface WorkspaceState {
  readonly phase: 'loading' | 'ready' | 'error';
  readonly error: string | null;
  readonly selfId: string | null;
  /** Most recent activity first. */
  readonly threads: readonly ThreadView[];
  readonly people: readonly Person[];
  /** Newest first (the Notifications list; the policy decides which are shown as toasts). */
  readonly notices: readonly Notice[];
  readonly openThreadId: string | null;
  readonly timeline: OpenTimeline | null;
  /** The server signed in to (its profile: can the user send, …), as the snapshot says; null while unknown. */
  readonly server: ServerInfo | null;
  /** The Activity list: one line per key, the most recently updated first. */
  readonly activity: readonly ActivityItem[];
}

const EMPTY: WorkspaceState = {
  phase: 'loading',
  error: null,
  selfId: null,
  threads: [],
  people: [],
  notices: [],
  openThreadId: null,
  timeline: null,
  server: null,
  activity: [],
};

const MAX_NOTICES = 100;
/** Main's MAX_ACTIVITY_ITEMS (the contract's schemas stay out of the renderer bundle). */
const MAX_ACTIVITY = 200;

/** Updated lines (newest first; a key's earlier updates may follow its latest) go on top, replacing their key's old line. */
export function mergeActivity(current: readonly ActivityItem[], changed: readonly ActivityItem[]): ActivityItem[] {
  const keys = new Set<string>();
  const fresh: ActivityItem[] = [];
  for (const line of changed) {
    if (keys.has(line.key)) continue;
    keys.add(line.key);
    fresh.push(line);
  }
  return [...fresh, ...current.filter((l) => !keys.has(l.key))].slice(0, MAX_ACTIVITY);
}
const OLDER_PAGE = 200;

export function sortThreads(threads: Iterable<ThreadView>): ThreadView[] {
  return [...threads].sort((a, b) => (b.lastActivity ?? -Infinity) - (a.lastActivity ?? -Infinity) || a.title.localeCompare(b.title));
}

function upsertById<T extends { readonly id: string }>(current: readonly T[], changes: readonly T[]): T[] {
  const byId = new Map(current.map((x) => [x.id, x]));
  for (const change of changes) byId.set(change.id, change);
  return [...byId.values()];
}

function newTimeline(threadId: string): OpenTimeline {
  return { threadId, items: [], hasMore: false, loading: true, loadingOlder: false, prependedVersion: 0, appendedVersion: 0, appended: 0, error: null };
}

export class WorkspaceStore {
  private state: WorkspaceState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private snapshotPending = false;
  /** Items for the thread being opened, held until its first page is in. */
  private heldItems: TimelineItem[] = [];
  /** The keys of the open timeline's items, kept beside it so a batch needs no index rebuilt. */
  private keys = new Set<string>();
  private generation = 0;
  private offs: Array<() => void> = [];
  /** A thread main asked to show while the snapshot was being read: opened instead of the snapshot's. */
  private wanted: string | null = null;

  constructor(private readonly api: WorkspaceApi) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): WorkspaceState => this.state;

  /** Starts listening and reads the snapshot; returns the stop function. */
  start(): () => void {
    this.offs = [
      this.api.on('workspace:batch', (batch) => this.applyBatch(batch)),
      // A notification or tray click: main has already read the thread; the window follows.
      this.api.on('window:showThread', ({ threadId }) => this.show(threadId)),
    ];
    this.load();
    return () => {
      for (const off of this.offs.splice(0)) off();
      this.generation++;
    };
  }

  /** Main asks the window to show this thread. */
  show(threadId: string): void {
    if (this.snapshotPending) this.wanted = threadId;
    else this.open(threadId);
  }

  private set(next: Partial<WorkspaceState>): void {
    this.state = { ...this.state, ...next };
    for (const listener of this.listeners) listener();
  }

  private setTimeline(threadId: string, change: (t: OpenTimeline) => Partial<OpenTimeline>): void {
    const t = this.state.timeline;
    if (!t || t.threadId !== threadId) return;
    this.set({ timeline: { ...t, ...change(t) } });
  }

  load(): void {
    const generation = ++this.generation;
    this.snapshotPending = true;
    this.heldItems = [];
    this.set({ ...EMPTY });
    this.api.workspace
      .snapshot()
      .then((snapshot) => {
        if (generation !== this.generation) return;
        this.snapshotPending = false;
        this.applySnapshot(snapshot);
      })
      .catch((e: unknown) => {
        if (generation !== this.generation) return;
        this.snapshotPending = false;
        this.set({ phase: 'error', error: messageOf(e) });
      });
  }

  private applySnapshot(snapshot: WorkspaceSnapshot): void {
    this.set({
      phase: 'ready',
      error: null,
      selfId: snapshot.selfId,
      threads: sortThreads(snapshot.threads),
      people: snapshot.people,
      notices: snapshot.notices,
      server: snapshot.server ?? null,
      activity: snapshot.activity,
    });
    const open = this.wanted ?? snapshot.openThreadId;
    this.wanted = null;
    if (open) this.open(open);
  }

  applyBatch(batch: WorkspaceBatch): void {
    if (batch.reset) {
      this.load();
      return;
    }
    // Batches sent before the snapshot was read are already in it.
    if (this.snapshotPending) return;
    const s = this.state;
    const next: { -readonly [K in keyof WorkspaceState]?: WorkspaceState[K] } = {};
    if (batch.threads.length > 0) next.threads = sortThreads(upsertById(s.threads, batch.threads));
    if (batch.people.length > 0) next.people = upsertById(s.people, batch.people);
    if (batch.selfId !== undefined) next.selfId = batch.selfId;
    if (batch.activity && batch.activity.length > 0) next.activity = mergeActivity(s.activity, batch.activity);
    if (batch.notices.length > 0) {
      const known = new Set(s.notices.map((n) => n.id));
      const fresh = batch.notices.filter((n) => !known.has(n.id)).sort((a, b) => b.at - a.at);
      next.notices = [...fresh, ...s.notices].slice(0, MAX_NOTICES);
    }
    const t = s.timeline;
    if (t && batch.items.length > 0) {
      const mine = batch.items.filter((i) => i.threadId === t.threadId);
      if (t.loading) this.heldItems.push(...mine);
      else if (mine.length > 0) {
        const merged = mergeItems(t.items, mine, this.keys);
        if (merged.items !== t.items) {
          const items = capTimeline(merged.items, undefined, this.keys);
          next.timeline = {
            ...t,
            items,
            hasMore: t.hasMore || items.length < merged.items.length,
            appended: merged.appended,
            appendedVersion: merged.appended > 0 ? t.appendedVersion + 1 : t.appendedVersion,
          };
        }
      }
    }
    if (Object.keys(next).length > 0) this.set(next);
  }

  /** Shows a thread (null: none): main marks it read and returns its newest page. */
  open(threadId: string | null): void {
    if (threadId !== null && this.state.timeline?.threadId === threadId && !this.state.timeline.error) return;
    const generation = this.generation;
    this.heldItems = [];
    this.keys = new Set();
    this.set({ openThreadId: threadId, timeline: threadId === null ? null : newTimeline(threadId) });
    this.api.thread
      .open({ threadId })
      .then(({ thread, page }) => {
        if (generation !== this.generation || threadId === null || this.state.openThreadId !== threadId) return;
        if (thread) this.set({ threads: sortThreads(upsertById(this.state.threads, [thread])) });
        const keys = new Set<string>();
        const merged = mergeItems(mergeItems([], page?.items ?? [], keys).items, this.heldItems, keys);
        this.heldItems = [];
        this.keys = keys;
        const items = capTimeline(merged.items, undefined, keys);
        this.setTimeline(threadId, () => ({ items, hasMore: page?.hasMore ?? false, loading: false, error: null }));
      })
      .catch((e: unknown) => {
        if (threadId !== null) this.setTimeline(threadId, () => ({ loading: false, error: messageOf(e) }));
      });
  }

  /** Pages in older items of the open thread (scrolled to the top). */
  loadOlder(): void {
    const t = this.state.timeline;
    if (!t || t.loading || t.loadingOlder || !t.hasMore) return;
    const beforeSeq = oldestSeq(t.items);
    if (beforeSeq === null) {
      this.setTimeline(t.threadId, () => ({ hasMore: false }));
      return;
    }
    this.setTimeline(t.threadId, () => ({ loadingOlder: true }));
    this.api.thread
      .messages({ threadId: t.threadId, beforeSeq, limit: OLDER_PAGE })
      .then((page) => {
        this.setTimeline(t.threadId, (now) => {
          const merged = prependPage(now.items, page.items, this.keys);
          return {
            items: merged.items,
            hasMore: page.hasMore && merged.added > 0,
            loadingOlder: false,
            prependedVersion: merged.added > 0 ? now.prependedVersion + 1 : now.prependedVersion,
          };
        });
      })
      .catch((e: unknown) => this.setTimeline(t.threadId, () => ({ loadingOlder: false, error: messageOf(e) })));
  }

  markRead(threadId: string): void {
    this.api.thread
      .markRead({ threadId })
      .then((thread) => this.set({ threads: sortThreads(upsertById(this.state.threads, [thread])) }))
      .catch(() => {
        // The count stays as it is; the next open or batch corrects it.
      });
  }

  async setMuted(threadId: string, muted: boolean): Promise<void> {
    const thread = await this.api.thread.setMuted({ threadId, muted });
    this.set({ threads: sortThreads(upsertById(this.state.threads, [thread])) });
  }

  /** Queues a message; it shows through the next batch as pending. */
  async send(threadId: string, body: string): Promise<void> {
    await this.api.message.send({ threadId, body });
  }

  async retry(clientId: string): Promise<void> {
    await this.api.message.retry({ clientId });
  }
}
