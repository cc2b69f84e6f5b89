// A token bucket over every thread's notifications: the per-thread rate alone
// lets ten busy threads raise twenty notifications in ten seconds; this keeps
// a flood to about a dozen whatever its length.
export class Budget {
  #tokens: number;
  #at: number;

  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }

  /** Spends one if there is one. */
  take(now: number): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** When the next one is there. */
  nextAt(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? now : now + Math.ceil((1 - this.#tokens) * this.refillMs);
  }

  #refill(now: number): void {
    if (now > this.#at) this.#tokens = Math.min(this.capacity, this.#tokens + (now - this.#at) / this.refillMs);
    this.#at = Math.max(this.#at, now);
  }
}
