// What changed since the last batch, and the timer that sends the next one:
// at most one batch per `batchMs`, however many events arrive in between.
import type { ActivityItem } from '../../shared/ipc/server-schemas';
import { MAX_ACTIVITY_ITEMS } from '../../shared/ipc/server-schemas';
import type { Notice } from '../../shared/ipc/workspace-schemas';
import type { Entry } from './timeline';
import type { Schedule, Scheduled } from './types';

/** One batch's worth of changes. */
export interface Collected {
  threads: Set<string>;
  /** Per thread, the entries added or updated (by key). */
  items: Map<string, Map<string, Entry>>;
  people: Set<string>;
  notices: Notice[];
  /**
   * Activity lines in the order they were updated, a key's earlier ones too: a rule's `becomes`
   * must see "stopped" even when "working" followed it within the same batch.
   */
  activity: ActivityItem[];
  selfChanged: boolean;
  reset: boolean;
  /** Entries to append to each thread's file. */
  persist: Map<string, Entry[]>;
  /** Threads whose file is to be rewritten from what they hold (their history restarted). */
  rewrite: Set<string>;
  metaDirty: boolean;
}

function fresh(): Collected {
  return { threads: new Set(), items: new Map(), people: new Set(), notices: [], activity: [], selfChanged: false, reset: false, persist: new Map(), rewrite: new Set(), metaDirty: false };
}

export class Changes {
  private c: Collected = fresh();
  private timer: Scheduled | null = null;

  constructor(
    private readonly schedule: Schedule,
    private readonly batchMs: number,
    private readonly flush: () => void,
  ) {}

  thread(id: string): void {
    this.c.threads.add(id);
    this.c.metaDirty = true;
    this.arm();
  }

  item(threadId: string, e: Entry, persist: boolean): void {
    let m = this.c.items.get(threadId);
    if (!m) {
      m = new Map();
      this.c.items.set(threadId, m);
    }
    m.set(e.key, e);
    if (persist) {
      let list = this.c.persist.get(threadId);
      if (!list) {
        list = [];
        this.c.persist.set(threadId, list);
      }
      list.push(e);
    }
    this.thread(threadId);
  }

  person(id: string): void {
    this.c.people.add(id);
    this.arm();
  }

  notice(n: Notice): void {
    this.c.notices.push(n);
    this.arm();
  }

  activity(line: ActivityItem): void {
    this.c.activity.push(line);
    // A flood within one batch: the batch carries at most MAX_ACTIVITY_ITEMS lines, the newest.
    if (this.c.activity.length > 2 * MAX_ACTIVITY_ITEMS) this.c.activity.splice(0, MAX_ACTIVITY_ITEMS);
    this.arm();
  }

  self(): void {
    this.c.selfChanged = true;
    this.c.metaDirty = true;
    this.arm();
  }

  meta(): void {
    this.c.metaDirty = true;
    this.arm();
  }

  rewrite(threadId: string): void {
    this.c.rewrite.add(threadId);
    this.thread(threadId);
  }

  resetAll(): void {
    this.c.reset = true;
    this.arm();
  }

  /** Takes everything collected so far, leaving the collector empty and the timer off. */
  take(): Collected {
    this.cancel();
    const taken = this.c;
    this.c = fresh();
    return taken;
  }

  /** Forgets everything collected (sign-out). */
  drop(): void {
    this.take();
  }

  cancel(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = this.schedule(() => {
      this.timer = null;
      this.flush();
    }, this.batchMs);
  }
}
