// Liveness of one link: a ping every intervalMs, and the link is declared dead
// when nothing at all has arrived for intervalMs + timeoutMs. One timer, re-armed
// for whichever comes first (next ping or the deadline), so a busy link costs
// no timer churn: each frame just records its arrival time.
import type { Clock, TimerHandle } from './clock';

export interface HeartbeatOptions {
  intervalMs: number;
  timeoutMs: number;
  clock: Clock;
  sendPing: () => void;
  onDead: (silentMs: number) => void;
}

export class Heartbeat {
  private timer: TimerHandle | null = null;
  private lastRx = 0;
  private nextPingAt = 0;
  private pingSentAt: number | null = null;
  private running = false;
  /** The latest round-trip time measured from our ping to the server's pong. */
  rttMs: number | null = null;

  constructor(private readonly o: HeartbeatOptions) {}

  start(): void {
    const now = this.o.clock.now();
    this.running = true;
    this.lastRx = now;
    this.nextPingAt = now + this.o.intervalMs;
    this.arm(now);
  }

  /** Anything arrived: data frame, control frame, pong. */
  noteActivity(): void {
    this.lastRx = this.o.clock.now();
  }

  /** A protocol-level pong: completes the outstanding RTT measurement. Returns the new RTT, if any. */
  notePong(): number | null {
    const now = this.o.clock.now();
    this.lastRx = now;
    if (this.pingSentAt === null) return null;
    this.rttMs = now - this.pingSentAt;
    this.pingSentAt = null;
    return this.rttMs;
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(now: number): void {
    const deadline = this.lastRx + this.o.intervalMs + this.o.timeoutMs;
    const at = Math.min(this.nextPingAt, deadline);
    this.timer = this.o.clock.setTimeout(() => this.tick(), Math.max(0, at - now));
  }

  private tick(): void {
    this.timer = null;
    if (!this.running) return;
    const now = this.o.clock.now();
    const silent = now - this.lastRx;
    if (silent >= this.o.intervalMs + this.o.timeoutMs) {
      this.running = false;
      this.o.onDead(silent);
      return;
    }
    if (now >= this.nextPingAt) {
      // Keep the oldest outstanding ping: overwriting it would under-report a slow link.
      if (this.pingSentAt === null) this.pingSentAt = now;
      this.nextPingAt = now + this.o.intervalMs;
      this.o.sendPing();
    }
    if (this.running) this.arm(now);
  }
}
