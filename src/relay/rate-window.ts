// A fixed-window counter: at most `limit` events per `windowMs`.
export class RateWindow {
  private start = 0;
  private count = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts an event; false when the window is already full. */
  take(now = Date.now()): boolean {
    if (now - this.start >= this.windowMs) {
      this.start = now;
      this.count = 0;
    }
    if (this.count >= this.limit) return false;
    this.count++;
    return true;
  }

  /** Milliseconds until the window opens again. */
  untilNext(now = Date.now()): number {
    return Math.max(0, this.start + this.windowMs - now);
  }
}
