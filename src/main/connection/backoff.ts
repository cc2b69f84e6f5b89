// Reconnect backoff: full jitter over base * 2^(n-1), capped, forever, and a
// reset once a connection has stayed up long enough to count as stable.
import type { Clock, RandomSource, TimerHandle } from './clock';

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 30_000 };
export const DEFAULT_STABLE_AFTER_MS = 10_000;

/** The upper bound of the wait before retry number `attempt` (1-based). */
export function backoffCeiling(attempt: number, opts: BackoffOptions): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2^(n-1) overflows to Infinity long after the cap is hit; min() keeps it finite.
  return Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(n - 1, 60));
}

/** Full jitter: uniform over [0, ceiling). Spreads a fleet of clients after a server restart. */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: RandomSource): number {
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * backoffCeiling(attempt, opts));
}

/**
 * Counts consecutive failed connections. `connected()` arms the stability
 * timer; only a connection that outlives it resets the count, so a server
 * that accepts and drops at once still gets exponentially slower retries.
 */
export class ReconnectPolicy {
  private failures = 0;
  private stableTimer: TimerHandle | null = null;
  /** The current connection has been up for stableAfterMs (cleared when it ends). */
  private stable = false;

  constructor(
    private readonly opts: BackoffOptions,
    private readonly stableAfterMs: number,
    private readonly clock: Clock,
    private readonly random: RandomSource,
  ) {}

  /** How many retries have been scheduled since the last stable connection. */
  get attempts(): number {
    return this.failures;
  }

  connected(): void {
    this.clearStable();
    this.stable = false;
    this.stableTimer = this.clock.setTimeout(() => {
      this.stableTimer = null;
      this.failures = 0;
      this.stable = true;
    }, this.stableAfterMs);
  }

  /**
   * The link went away after a stable connection: true once, and the fast retry it allows
   * (1001, 1012) takes no backoff step. False otherwise: use nextRetry().
   */
  takeStable(): boolean {
    const was = this.stable;
    this.stable = false;
    return was;
  }

  /** The link went away: returns the retry number and its delay. */
  nextRetry(): { attempt: number; delayMs: number } {
    this.clearStable();
    this.stable = false;
    this.failures++;
    return { attempt: this.failures, delayMs: backoffDelay(this.failures, this.opts, this.random) };
  }

  reset(): void {
    this.clearStable();
    this.stable = false;
    this.failures = 0;
  }

  dispose(): void {
    this.clearStable();
  }

  private clearStable(): void {
    if (this.stableTimer !== null) this.clock.clearTimeout(this.stableTimer);
    this.stableTimer = null;
  }
}
