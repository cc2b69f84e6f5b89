// What the policy has decided already, per seq numbering: the last decided
// seq (or time) per thread and the server notices shown. Loaded from and saved
// through a NotifiedStore, so replays after a reconnect or a restart are known.
import { createHash } from 'node:crypto';
import type { ActivityItem } from '../../shared/ipc/server-schemas';
import type { MessageItem, Notice } from '../../shared/ipc/workspace-schemas';
import { fingerprint, type Fingerprint } from './activity-rules';
import { MAX_REMEMBERED_ACTIVITY, MAX_REMEMBERED_NOTICES, MAX_REMEMBERED_THREADS, type NotifiedState, type NotifiedStore, type ThreadMark } from './notified-store';

/** Server clocks run a little behind: a message this much older than the first sight still counts as new. */
export const HISTORY_SLACK_MS = 60_000;
/** How a server's welcome notice is remembered (the engine's id `welcome:<profile>`, as a notice `n:` id). */
const WELCOME_MEMO = 'n:welcome:';

export class NotifiedMemory {
  #scope: string | null;
  #since: number | null;
  /** A Map, not an object: thread ids come from servers ("__proto__" is an id like any other). */
  #marks: Map<string, ThreadMark>;
  #notices: string[];
  /** What was last seen of each activity key (a Map: keys come from servers). */
  #activity: Map<string, Fingerprint>;

  constructor(private readonly store: NotifiedStore) {
    const loaded = store.load();
    this.#scope = loaded.scope;
    this.#since = loaded.since;
    this.#marks = new Map(loaded.threads);
    this.#notices = loaded.notices;
    this.#activity = new Map(loaded.activity);
  }

  /**
   * The workspace's numbering now. The same server with its history learnt ("s" → "s#h") or not
   * known yet again ("s#h" → "s", a restart that lost the store) keeps what was decided; another
   * server or history forgets it.
   */
  scope(scope: string | null, now: number): void {
    const before = this.#scope;
    if (scope === null || scope === before || (before !== null && before.startsWith(`${scope}#`))) return;
    if (before === null || !scope.startsWith(`${before}#`)) {
      this.#marks = new Map();
      this.#notices = [];
      this.#activity = new Map();
      this.#since = now;
    }
    this.#scope = scope;
    this.save();
  }

  /**
   * 'new' the first time a message is seen (it is remembered then); 'replayed' when seen before;
   * 'history' for messages sent before this numbering was first seen here (what a first sign-in
   * brings), remembered as seen. Messages missed while offline later are after that: news.
   */
  sight(item: MessageItem): 'new' | 'replayed' | 'history' {
    const mark = { ...(this.#marks.get(item.threadId) ?? { seq: null, ts: null }) };
    const seen = item.seq !== null ? mark.seq !== null && item.seq <= mark.seq : mark.ts !== null && item.ts !== null && item.ts <= mark.ts;
    if (seen) return 'replayed';
    const history = this.#since !== null && item.ts !== null && item.ts < this.#since - HISTORY_SLACK_MS;
    if (item.seq !== null) mark.seq = item.seq;
    else if (item.ts !== null) mark.ts = item.ts;
    // Most recently decided last; the oldest goes beyond the bound.
    this.#marks.delete(item.threadId);
    this.#marks.set(item.threadId, mark);
    if (this.#marks.size > MAX_REMEMBERED_THREADS) {
      const oldest = this.#marks.keys().next().value;
      if (oldest !== undefined) this.#marks.delete(oldest);
    }
    return history ? 'history' : 'new';
  }

  /**
   * True the first time a notice is seen; false when shown before. A notification is known by its
   * server id, an announcement by its text; a notification without id cannot be told apart (always true).
   */
  firstNotice(notice: Notice): boolean {
    const memo = notice.kind === 'announcement' ? `a:${createHash('sha256').update(notice.message).digest('hex')}` : notice.id.startsWith('n:') ? notice.id : null;
    if (memo === null) return true;
    if (this.#notices.includes(memo)) return false;
    this.#notices = [...this.#notices, memo].slice(-MAX_REMEMBERED_NOTICES);
    return true;
  }

  /** What was last seen of the line's key (null: never), and the line remembered as the latest. */
  activitySight(line: ActivityItem): Fingerprint | null {
    const previous = this.#activity.get(line.key) ?? null;
    this.#activity.delete(line.key);
    this.#activity.set(line.key, fingerprint(line));
    if (this.#activity.size > MAX_REMEMBERED_ACTIVITY) {
      const oldest = this.#activity.keys().next().value;
      if (oldest !== undefined) this.#activity.delete(oldest);
    }
    return previous;
  }

  /**
   * Signed out: the server's welcome (sent on every connect, emitted once per sign-in as
   * `welcome:<profile>`) may be shown once more after the next sign-in; nothing else is forgotten.
   */
  forgetWelcomes(): boolean {
    const kept = this.#notices.filter((memo) => !memo.startsWith(WELCOME_MEMO));
    if (kept.length === this.#notices.length) return false;
    this.#notices = kept;
    return true;
  }

  save(): void {
    const state: NotifiedState = { scope: this.#scope, since: this.#since, threads: [...this.#marks], notices: this.#notices, activity: [...this.#activity].map(([k, f]) => [k, [...f]]) };
    this.store.save(state);
  }
}
