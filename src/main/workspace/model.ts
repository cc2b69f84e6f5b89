// The workspace's state and every way it changes: threads and their
// timelines, people, notices. Each mutation records what it changed in
// `Changes`, from which the batch and the store's writes are built.
import type { DeliveryUpdate, Gap } from '../connection';
import type { ThreadSummary, WireMessage } from '../../shared/protocol';
import type { ActivityUpdate } from '../connection/types';
import { ActivityList } from './activity';
import type { Changes } from './changes';
import { Notices } from './notices';
import { People } from './people';
import { Thread, emptyMeta } from './thread';
import type { OwnCheck, ThreadMeta } from './thread';
import type { MessageEntry } from './timeline';

const MAX_FAILURE_CHARS = 1000;

export class Model {
  readonly threads = new Map<string, Thread>();
  readonly people: People;
  readonly notices = new Notices();
  readonly activity = new ActivityList();
  selfId: string | null = null;
  openThreadId: string | null = null;
  /** The server's seq numbering what we hold belongs to; null: not known. */
  historyId: string | null = null;
  readonly isOwn: OwnCheck = (sender, local) => local || (this.selfId !== null && sender === this.selfId);

  constructor(
    private readonly changes: Changes,
    private readonly max: number,
    private readonly now: () => number,
  ) {
    this.people = new People((id) => changes.person(id));
  }

  thread(id: string, meta?: ThreadMeta): Thread {
    let t = this.threads.get(id);
    if (!t) {
      t = new Thread(id, this.max, meta ?? emptyMeta());
      this.threads.set(id, t);
      this.changes.thread(id);
    }
    return t;
  }

  /** Throws for a thread the workspace does not know (an IPC caller's mistake, said plainly). */
  known(id: string): Thread {
    const t = this.threads.get(id);
    if (!t) throw new Error(`Unknown thread: ${id.length > 80 ? `${id.slice(0, 80)}…` : id}`);
    return t;
  }

  setSelf(id: string | null): void {
    if (id === this.selfId) return;
    this.selfId = id;
    this.people.setSelf(id);
    // Whose messages are "own" may change: every count, and the items the window holds.
    let flips = false;
    for (const t of this.threads.values()) {
      t.invalidate();
      this.changes.thread(t.id);
      if (id !== null && !flips) flips = t.timeline.entries.some((e) => e.kind === 'message' && !e.local && e.sender === id);
    }
    if (flips) this.changes.resetAll();
    this.changes.self();
  }

  /** The server said which seq numbering it uses: another one than ours makes what we hold void. */
  history(id: string | null): void {
    if (id === null || id === this.historyId) return;
    const before = this.historyId;
    this.historyId = id;
    this.changes.meta();
    if (before === null) return; // first time known: what we hold was fetched under it
    for (const t of this.threads.values()) this.restartThread(t);
  }

  /** The server's list: titles, its unread counts; a thread missing from it was left. */
  listed(list: readonly ThreadSummary[]): string[] {
    const listed = new Set(list.map((s) => s.id));
    const gone = [...this.threads.keys()].filter((id) => !listed.has(id));
    for (const id of gone) this.threads.delete(id);
    if (gone.includes(this.openThreadId ?? '')) this.openThreadId = null;
    if (gone.length > 0) {
      this.changes.resetAll();
      this.changes.meta();
    }
    for (const s of list) {
      const t = this.thread(s.id);
      // Fewer messages than we hold (a server without historyId that restarted its numbering).
      const held = t.timeline.maxSeq();
      if (s.lastSeq !== null && held !== null && held > s.lastSeq) this.restartThread(t);
      t.listed(s.title, s.unread, s.lastSeq);
      this.changes.thread(s.id);
    }
    return gone;
  }

  message(m: WireMessage): void {
    const t = this.thread(m.threadId);
    this.people.ensure(m.sender);
    if (t.timeline.has(m.id, m.seq)) return;
    // Our own message coming back before its ack (a replay after a reconnect, or a server that
    // echoes client ids): it is the pending one, not a second message.
    const mine = m.clientId !== null ? t.timeline.findClientId(m.clientId) : undefined;
    const pending = mine ?? (m.sender === this.selfId && m.body !== null ? t.timeline.findPendingBody(m.body) : undefined);
    if (pending) {
      if (m.seq !== null) this.settle(t, pending, m.id, m.seq);
      return; // without a seq the ack settles it
    }
    const ts = m.ts === null ? NaN : Date.parse(m.ts);
    const e: MessageEntry = {
      kind: 'message',
      key: `m:${m.id}`,
      id: m.id,
      seq: m.seq,
      sender: m.sender,
      body: m.encrypted ? null : m.body,
      encrypted: m.encrypted,
      ts: Number.isFinite(ts) ? ts : this.now(),
      clientId: null,
      local: false,
      state: 'received',
      failure: null,
      held: false,
    };
    if (!t.timeline.insert(e)) return;
    if (m.seq !== null) t.reach(m.seq);
    else if (!this.isOwn(e.sender, false)) t.meta.compatUnread++;
    t.invalidate();
    this.changes.item(t.id, e, true);
    if (t.timeline.size > 2 * this.max) this.trim(t);
  }

  /** The engine's `activity`: its key's line, updated in place and moved to the top. */
  activityUpdate(u: ActivityUpdate): void {
    this.changes.activity(this.activity.update(u));
  }

  gap(g: Gap): void {
    const t = this.thread(g.threadId);
    const e = t.timeline.insertGap(g.from, g.to);
    t.addGap(g.from, g.to);
    if (e) this.changes.item(t.id, e, true);
    else this.changes.thread(t.id);
  }

  read(threadId: string, seq: number): void {
    const t = this.threads.get(threadId);
    if (!t) return;
    t.readUpTo(seq);
    this.changes.thread(threadId);
  }

  /** A message of ours the engine queued: shown at once as pending. */
  addPending(threadId: string, clientId: string, body: string, at: number): MessageEntry | null {
    const t = this.thread(threadId);
    if (t.timeline.findClientId(clientId)) return null;
    const e: MessageEntry = {
      kind: 'message',
      key: `c:${clientId}`,
      id: clientId,
      seq: null,
      sender: this.selfId ?? '',
      body,
      encrypted: false,
      ts: at,
      clientId,
      local: true,
      state: 'pending',
      failure: null,
      held: false,
    };
    if (!t.timeline.insert(e)) return null;
    this.changes.item(t.id, e, true);
    return e;
  }

  /** A failed message sent again: the same item, under the new client id, pending again. */
  resend(e: MessageEntry, threadId: string, clientId: string): void {
    const t = this.known(threadId);
    t.timeline.rekey(e, clientId);
    e.state = 'pending';
    e.failure = null;
    e.ts = this.now();
    this.changes.item(threadId, e, true);
  }

  delivery(d: DeliveryUpdate): void {
    const t = this.threads.get(d.threadId);
    const e = t?.timeline.findClientId(d.clientId);
    if (!t || !e) return; // settled already (its broadcast came first), or never ours to show
    if (d.status === 'delivered') this.settle(t, e, d.id, d.seq);
    else if (d.status === 'failed' && e.state !== 'delivered') {
      e.state = 'failed';
      e.failure = d.reason.length > MAX_FAILURE_CHARS ? `${d.reason.slice(0, MAX_FAILURE_CHARS - 1)}…` : d.reason;
      this.changes.item(t.id, e, true);
    }
  }

  /**
   * After a restart: a stored pending message the engine no longer queues was settled while nobody
   * watched, or its outbox is gone. It is shown as failed (retry sends it again), never left pending.
   */
  orphans(queued: ReadonlySet<string>): void {
    for (const t of this.threads.values()) {
      for (const e of t.timeline.entries) {
        if (e.kind !== 'message' || e.state !== 'pending' || e.clientId === null || queued.has(e.clientId)) continue;
        e.state = 'failed';
        e.failure = 'Not sent: it was no longer waiting to be sent. Retry to send it again.';
        this.changes.item(t.id, e, true);
      }
    }
  }

  /** Finds one of our unsettled messages by client id, in any thread. */
  findLocal(clientId: string): { thread: Thread; entry: MessageEntry } | null {
    for (const thread of this.threads.values()) {
      const entry = thread.timeline.findClientId(clientId);
      if (entry) return { thread, entry };
    }
    return null;
  }

  /** Marks a thread read up to its last message; returns the seq to tell the server, if any. */
  readAll(t: Thread): number | null {
    const seq = t.readAll();
    this.changes.thread(t.id);
    return seq;
  }

  trim(t: Thread): void {
    const evicted = t.timeline.trim();
    if (evicted.length > 0) t.evicted(evicted, this.isOwn);
  }

  private restartThread(t: Thread): void {
    t.restart();
    this.changes.rewrite(t.id);
    this.changes.resetAll();
  }

  clear(): void {
    this.historyId = null;
    this.threads.clear();
    this.people.clear();
    this.notices.clear();
    this.activity.clear();
    this.openThreadId = null;
    this.selfId = null;
    this.people.setSelf(null);
  }

  /** The server's id and seq for one of ours; a copy of it held already (seen before the ack) goes. */
  private settle(t: Thread, e: MessageEntry, id: string, seq: number): void {
    const twin = t.timeline.findId(id) ?? t.timeline.findSeq(seq);
    if (twin && twin !== e) {
      t.timeline.remove(twin);
      this.changes.resetAll(); // the window drops the twin's item with the rest
    }
    e.state = 'delivered';
    e.failure = null;
    if (this.selfId !== null) e.sender = this.selfId;
    t.timeline.settle(e, id, seq);
    t.reach(seq);
    this.changes.item(t.id, e, true);
  }
}
