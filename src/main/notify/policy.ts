// The notification policy: from the workspace's batches (new messages, server
// notices, thread unread counts) to decisions — show, replace, close, skip —
// that the Electron adapter (or the preview's toasts) only carries out.
// Coalescing per key: one live notification per thread, at most one new
// decision per key every RATE_MS, a burst gathered until it goes quiet.
import type { ActivityItem } from '../../shared/ipc/server-schemas';
import type { MessageItem, Notice, ThreadView, WorkspaceBatch } from '../../shared/ipc/workspace-schemas';
import { activityNotificationKey, activityText, fingerprint, matchingRule, sameFingerprint } from './activity-rules';
import { Budget } from './budget';
import { NotifiedMemory } from './memory';
import { localMinuteOfDay } from './quiet-hours';
import { globalSkip, threadSkip, type Gates, type SkipReason } from './rules';
import { messageText, type LatestMessage } from './text';
import type { NotificationLevel } from '../../shared/protocol';
import { ANNOUNCEMENT_KEY, BURST_BUDGET, MAX_WAIT_MS, QUIET_MS, RATE_MS, SERVER_KEY, threadKey } from './policy-types';
import type { PolicyOptions, Slot } from './policy-types';

export { ANNOUNCEMENT_KEY, BURST_BUDGET, MAX_WAIT_MS, QUIET_MS, RATE_MS, SERVER_KEY, threadKey };
export type { NotifyDecision, PolicyContext, PolicyOptions } from './policy-types';

export class NotificationPolicy {
  readonly #o: PolicyOptions;
  readonly #slots = new Map<string, Slot>();
  readonly #titles = new Map<string, string>();
  readonly #unread = new Map<string, number>();
  readonly #budget: Budget;
  readonly #memory: NotifiedMemory;

  constructor(options: PolicyOptions) {
    this.#o = options;
    this.#memory = new NotifiedMemory(options.store);
    this.#budget = new Budget(BURST_BUDGET, RATE_MS, options.clock.now());
  }

  /** One workspace batch: thread views first (titles, unread), then new items and notices. */
  onBatch(batch: WorkspaceBatch): void {
    const scope = this.#o.context.scope();
    this.#memory.scope(scope, this.#o.clock.now());
    let dirty = false;
    // Signed out (the workspace is gone): the next sign-in may show the server's welcome once more.
    if (batch.reset && scope === null && this.#memory.forgetWelcomes()) dirty = true;
    if (batch.reset) {
      this.#titles.clear();
      this.#unread.clear();
      // Signed out or another server: what is on screen for a thread no longer there goes.
      const kept = new Set(batch.threads.map((t) => t.id));
      for (const slot of this.#slots.values()) if (slot.threadId !== null && !kept.has(slot.threadId)) this.#settle(slot);
    }
    for (const view of batch.threads) this.#thread(view);
    for (const item of batch.items) if (item.kind === 'message' && this.#message(item)) dirty = true;
    // Notices come newest first (like the window's list): read oldest first, so a key ends at its latest.
    const urgent = new Map<Slot, Notice>();
    for (const notice of batch.notices.slice().reverse()) if (this.#notice(notice, urgent)) dirty = true;
    for (const [slot, notice] of urgent) this.#urgent(slot, notice);
    // Oldest first, so a key's memory ends at its latest line.
    for (const line of (batch.activity ?? []).slice().reverse()) if (this.#activity(line)) dirty = true;
    if (dirty) this.#memory.save();
  }

  /** The adapter saw the notification closed or clicked: the next one for its key is new, not a replacement. */
  dismissed(key: string): void {
    const slot = this.#slots.get(key);
    if (slot) slot.live = false;
  }

  dispose(): void {
    for (const slot of this.#slots.values()) this.#cancel(slot);
    this.#slots.clear();
  }

  #gates(): Gates {
    const c = this.#o.context;
    const now = this.#o.clock.now();
    return {
      settings: c.settings(),
      presence: c.presence(),
      paused: c.paused(),
      minuteOfDay: (c.minuteOfDay ?? localMinuteOfDay)(now),
      viewing: c.viewing(),
    };
  }

  #thread(view: ThreadView): void {
    this.#titles.set(view.id, view.title);
    this.#unread.set(view.id, view.unread);
    if (view.unread > 0) return;
    // Read here or anywhere: nothing left to tell about this thread.
    const slot = this.#slots.get(threadKey(view.id));
    if (slot) this.#settle(slot);
  }

  /** Nothing left to tell: drop what was gathered, close what is shown. */
  #settle(slot: Slot): void {
    this.#cancel(slot);
    slot.pending = null;
    slot.count = 0;
    if (!slot.live) return;
    slot.live = false;
    this.#o.decide({ kind: 'close', key: slot.key, threadId: slot.threadId });
  }

  /** Returns whether the remembered marks changed. */
  #message(item: MessageItem): boolean {
    const key = threadKey(item.threadId);
    const skip = (reason: SkipReason): void => this.#o.decide({ kind: 'skip', key, threadId: item.threadId, reason });
    if (item.own || item.delivery !== 'received') {
      skip('own');
      return false;
    }
    // Decided once, never again: a message skipped now (busy, muted…) stays skipped after a replay.
    const sight = this.#memory.sight(item);
    if (sight === 'replayed') {
      skip('replayed');
      return false;
    }
    if (sight === 'history') {
      skip('history');
      return true;
    }
    if (this.#unread.get(item.threadId) === 0) {
      skip('read');
      return true;
    }
    const reason = threadSkip(this.#gates(), item.threadId);
    if (reason) {
      skip(reason);
      return true;
    }
    const slot = this.#slot(key, item.threadId);
    const latest: LatestMessage = { sender: item.sender, body: item.body, encrypted: item.encrypted };
    if (slot.pending?.kind === 'messages') {
      slot.pending.count++;
      slot.pending.latest = latest;
    } else {
      slot.pending = { kind: 'messages', count: 1, latest };
      slot.firstAt = this.#o.clock.now();
    }
    slot.lastAt = this.#o.clock.now();
    this.#schedule(slot);
    return true;
  }

  /**
   * Warnings, errors and announcements go at once (a batch's several as one decision, its latest);
   * info and success wait their turn. `urgent` gathers the batch's latest urgent notice per key.
   */
  #notice(notice: Notice, urgent: Map<Slot, Notice>): boolean {
    const key = notice.kind === 'announcement' ? ANNOUNCEMENT_KEY : SERVER_KEY;
    if (!this.#memory.firstNotice(notice)) {
      this.#o.decide({ kind: 'skip', key, threadId: null, reason: 'replayed' });
      return false;
    }
    const reason = globalSkip(this.#gates());
    if (reason) {
      this.#o.decide({ kind: 'skip', key, threadId: null, reason });
      return true;
    }
    const slot = this.#slot(key, null);
    slot.firstAt = slot.lastAt = this.#o.clock.now();
    if (notice.kind === 'announcement' || notice.level === 'warning' || notice.level === 'error') {
      // What waited its turn is older: overtaken by this one.
      this.#cancel(slot);
      slot.pending = null;
      urgent.set(slot, notice);
    } else {
      slot.pending = { kind: 'notice', notice };
      this.#schedule(slot, true);
    }
    return true;
  }

  /** Shows an urgent notice now; an info one that came after it in the same batch waits the rate from here. */
  #urgent(slot: Slot, notice: Notice): void {
    const later = slot.pending;
    slot.pending = { kind: 'notice', notice };
    this.#flush(slot);
    if (later === null) return;
    slot.pending = later;
    this.#schedule(slot, true);
  }

  /**
   * An Activity line notifies when a rule in effect asks for it. What was seen of its key is
   * remembered whatever is decided (a line skipped while busy is not news later), so a repeat, or
   * the same status after a restart, notifies nothing; `becomes` needs a change. One live
   * notification per key, at most one new decision per key every RATE_MS.
   */
  #activity(line: ActivityItem): boolean {
    const key = activityNotificationKey(line.key);
    const skip = (reason: SkipReason): void => this.#o.decide({ kind: 'skip', key, threadId: null, reason });
    const previous = this.#memory.activitySight(line);
    if (previous !== null && sameFingerprint(previous, fingerprint(line))) {
      skip('replayed');
      return false;
    }
    if (matchingRule(this.#o.context.rules?.() ?? [], line, previous) === null) {
      skip('no-rule');
      return true;
    }
    const reason = globalSkip(this.#gates());
    if (reason) {
      skip(reason);
      return true;
    }
    const slot = this.#slot(key, null);
    slot.pending = { kind: 'activity', line };
    slot.firstAt = slot.lastAt = this.#o.clock.now();
    this.#schedule(slot, true);
    return true;
  }

  #slot(key: string, threadId: string | null): Slot {
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = { key, threadId, pending: null, firstAt: 0, lastAt: 0, lastDecisionAt: null, live: false, count: 0, timer: null };
      this.#slots.set(key, slot);
    }
    return slot;
  }

  #schedule(slot: Slot, noGather = false): void {
    const gathered = noGather ? slot.lastAt : Math.min(slot.lastAt + QUIET_MS, slot.firstAt + MAX_WAIT_MS);
    const due = Math.max(gathered, slot.lastDecisionAt === null ? -Infinity : slot.lastDecisionAt + RATE_MS);
    this.#cancel(slot);
    const clock = this.#o.clock;
    slot.timer = clock.setTimeout(() => {
      slot.timer = null;
      this.#flush(slot);
    }, Math.max(0, due - clock.now()));
  }

  #cancel(slot: Slot): void {
    if (slot.timer !== null) this.#o.clock.clearTimeout(slot.timer);
    slot.timer = null;
  }

  /** Shows what the slot gathered, unless something that silences it began meanwhile. */
  #flush(slot: Slot): void {
    this.#cancel(slot);
    const pending = slot.pending;
    slot.pending = null;
    if (!pending) return;
    const gates = this.#gates();
    const reason = slot.threadId !== null ? threadSkip(gates, slot.threadId) : globalSkip(gates);
    if (reason) {
      this.#o.decide({ kind: 'skip', key: slot.key, threadId: slot.threadId, reason });
      return;
    }
    const now = this.#o.clock.now();
    if (pending.kind === 'messages' && !this.#budget.take(now)) {
      // Over budget (a flood): a thread not shown yet waits for the next turn; one already on screen
      // keeps its notification as is, and what came meanwhile counts in its next one.
      slot.pending = pending;
      if (!slot.live) slot.timer = this.#o.clock.setTimeout(() => this.#flush(slot), this.#budget.nextAt(now) - now);
      return;
    }
    let text: { title: string; body: string };
    let level: NotificationLevel | null = null;
    if (pending.kind === 'messages') {
      slot.count += pending.count;
      const threadId = slot.threadId ?? '';
      text = messageText(this.#titles.get(threadId) ?? threadId, slot.count, pending.latest, gates.settings.showMessageText);
    } else if (pending.kind === 'activity') {
      level = pending.line.level;
      text = activityText(pending.line);
    } else {
      const n = pending.notice;
      level = n.level;
      text = { title: n.title ?? (n.kind === 'announcement' ? 'Announcement' : 'Beacon'), body: n.message };
    }
    const kind = slot.live ? 'replace' : 'show';
    slot.live = true;
    slot.lastDecisionAt = now;
    this.#o.decide({ kind, key: slot.key, title: text.title, body: text.body, threadId: slot.threadId, silent: !gates.settings.sound, level });
  }
}
