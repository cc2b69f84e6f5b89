// A manual clock for unit tests of timing logic (backoff, heartbeat).
import type { Clock, TimerHandle } from '../../../src/main/connection';

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private t = 1_000_000;
  private seq = 0;
  private timers: Pending[] = [];

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const p = { id: ++this.seq, at: this.t + Math.max(0, ms), fn };
    this.timers.push(p);
    return { id: p.id };
  }

  clearTimeout(handle: TimerHandle): void {
    const id = (handle as { id: number }).id;
    this.timers = this.timers.filter((p) => p.id !== id);
  }

  get pending(): number {
    return this.timers.length;
  }

  /** The time of the earliest pending timer. */
  nextAt(): number | null {
    return this.timers.length ? Math.min(...this.timers.map((p) => p.at)) : null;
  }

  /** Moves time forward, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const due = this.timers.filter((p) => p.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((p) => p !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = target;
  }
}
