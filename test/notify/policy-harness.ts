// A workspace stand-in for the policy tests: batches as the workspace emits
// them (the changed thread's view with its unread count, then the new item),
// a fake clock, an in-memory notified store and a context the test changes.
import type { ActivityItem } from '../../src/shared/ipc/server-schemas';
import type { MessageItem, Notice, ThreadView, WorkspaceBatch } from '../../src/shared/ipc/workspace-schemas';
import type { NotificationRule } from '../../src/shared/protocol/profiles/rules';
import type { PresenceStatus } from '../../src/shared/types';
import { FakeClock } from '../connection/support/fake-clock';
import { defaultSettings, type NotificationSettings } from '../../src/main/settings/schema';
import { MemoryNotifiedStore } from '../../src/main/notify/notified-store';
import { NotificationPolicy, type NotifyDecision } from '../../src/main/notify/policy';

export interface Ctx {
  settings: NotificationSettings;
  presence: PresenceStatus;
  paused: boolean;
  viewing: string | null;
  scope: string | null;
  minute: number;
  /** The notification rules in effect for activity. */
  rules: NotificationRule[];
}

export class Harness {
  readonly clock: FakeClock;
  readonly store: MemoryNotifiedStore;
  readonly ctx: Ctx = { settings: defaultSettings().notifications, presence: 'online', paused: false, viewing: null, scope: 'ws://relay/#h1', minute: 12 * 60, rules: [] };
  readonly decisions: NotifyDecision[] = [];
  policy: NotificationPolicy;
  readonly #seq = new Map<string, number>();
  readonly #unread = new Map<string, number>();
  #noticeCount = 0;

  constructor(clock = new FakeClock(), store = new MemoryNotifiedStore()) {
    this.clock = clock;
    this.store = store;
    this.policy = this.#open();
  }

  #open(): NotificationPolicy {
    const c = this.ctx;
    return new NotificationPolicy({
      clock: this.clock,
      store: this.store,
      context: { settings: () => c.settings, presence: () => c.presence, paused: () => c.paused, viewing: () => c.viewing, scope: () => c.scope, minuteOfDay: () => c.minute, rules: () => c.rules },
      decide: (d) => this.decisions.push(d),
    });
  }

  /** A restart: a new policy over the same store and clock; the workspace restored its unread counts. */
  restart(): void {
    this.policy.dispose();
    this.policy = this.#open();
  }

  view(threadId: string): ThreadView {
    return { id: threadId, title: threadId[0]?.toUpperCase() + threadId.slice(1), unread: this.#unread.get(threadId) ?? 0, lastActivity: null, muted: false, preview: null };
  }

  /** A message as the workspace batches it; returns its seq. */
  message(threadId: string, sender: string, body: string | null, opts: { seq?: number | null; own?: boolean; encrypted?: boolean; ts?: number } = {}): number | null {
    const seq = opts.seq === undefined ? (this.#seq.get(threadId) ?? 0) + 1 : opts.seq;
    if (seq !== null) this.#seq.set(threadId, Math.max(seq, this.#seq.get(threadId) ?? 0));
    const own = opts.own ?? false;
    if (!own) this.#unread.set(threadId, (this.#unread.get(threadId) ?? 0) + 1);
    const item: MessageItem = {
      kind: 'message',
      key: `m:${threadId}-${seq}`,
      threadId,
      id: `${threadId}-${seq}`,
      seq,
      sender,
      body: opts.encrypted ? null : body,
      encrypted: opts.encrypted ?? false,
      ts: opts.ts ?? this.clock.now(),
      own,
      delivery: own ? 'delivered' : 'received',
      failure: null,
    };
    this.batch({ threads: [this.view(threadId)], items: [item] });
    return seq;
  }

  /** The thread read (here or on another device): its view with unread 0. */
  read(threadId: string): void {
    this.#unread.set(threadId, 0);
    this.batch({ threads: [this.view(threadId)] });
  }

  notice(n: Partial<Notice> & Pick<Notice, 'message'>): void {
    const notice: Notice = { id: `n#${this.clock.now()}`, kind: 'notification', level: 'info', title: null, at: this.clock.now(), ...n };
    this.batch({ notices: [notice] });
  }

  /**
   * Several notices arriving within one batch, given oldest first. The workspace batches them
   * newest first (src/main/workspace/batch.ts), with its own ids for notices the server gave none.
   */
  notices(list: (Partial<Notice> & Pick<Notice, 'message'>)[]): void {
    const at = this.clock.now();
    const all = list.map((n): Notice => ({ id: `n#${at}-${++this.#noticeCount}`, kind: 'notification', level: 'info', title: null, at, ...n }));
    this.batch({ notices: all.reverse() });
  }

  /** An Activity line as the workspace batches it (the latest of its key). */
  activity(line: Partial<ActivityItem> & Pick<ActivityItem, 'title'>): ActivityItem {
    const full: ActivityItem = { key: `agent_status:${line.title}`, source: 'agent_status', action: null, detail: null, state: null, level: 'info', ts: this.clock.now(), ...line };
    this.batch({ activity: [full] });
    return full;
  }

  batch(b: Partial<WorkspaceBatch>): void {
    this.policy.onBatch({ reset: false, threads: [], items: [], people: [], notices: [], ...b });
  }

  shown(): Extract<NotifyDecision, { kind: 'show' | 'replace' }>[] {
    return this.decisions.filter((d): d is Extract<NotifyDecision, { kind: 'show' | 'replace' }> => d.kind === 'show' || d.kind === 'replace');
  }

  skips(): string[] {
    return this.decisions.flatMap((d) => (d.kind === 'skip' ? [d.reason] : []));
  }

  take(): NotifyDecision[] {
    return this.decisions.splice(0);
  }
}
