// Automatic "away": the system idle time, the screen lock and sleep decide,
// the PresenceController keeps the user's choice. This machine only says
// "away now" / "not any more" (setAway); since the controller lays that over
// "online" alone, busy and appear-offline are never overridden and the end of
// auto-away restores exactly the choice, whatever it became meanwhile.
//
// Polling costs almost nothing but is still kept rare: while active, the next
// poll is at the earliest moment the threshold could be reached (capped at
// maxPollMs, so near the threshold it lands on it); while away by idle, every
// awayPollMs so activity is noticed soon; never while locked-away, suspended
// or with auto-away off.
import type { Clock, TimerHandle } from '../connection';

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface AutoAwaySettings {
  /** Minutes of system idle time before away; 0 turns idle auto-away off. */
  readonly autoAwayMinutes: number;
  readonly awayOnScreenLock: boolean;
}

export type AutoAwayReason = 'idle' | 'lock' | 'suspend';

export interface AutoAwayOptions {
  readonly settings: AutoAwaySettings;
  /** Told on every change only. */
  readonly setAway: (away: boolean) => void;
  readonly clock?: Clock;
  readonly log?: (line: string) => void;
  /** Longest wait between polls while active (default 30 s). */
  readonly maxPollMs?: number;
  /** Shortest wait between polls, so a threshold reached "now" cannot spin (default 1 s). */
  readonly minPollMs?: number;
  /** Wait between polls while away by idle, to notice activity (default 5 s). */
  readonly awayPollMs?: number;
}

/** What the system tells auto-away; the Electron power adapter feeds it and decides nothing. */
export interface AutoAwayInputs {
  lock(): void;
  unlock(): void;
  suspend(): void;
  resume(): void;
  /** Starts polling the system idle time (seconds); returns the stop function. */
  watchIdle(getIdleSeconds: () => number): () => void;
}

export class AutoAway implements AutoAwayInputs {
  #settings: AutoAwaySettings;
  readonly #o: AutoAwayOptions;
  readonly #clock: Clock;
  #getIdleSeconds: (() => number) | null = null;
  #timer: TimerHandle | null = null;
  #locked = false;
  #suspended = false;
  #idle = false;
  /** Activity the system idle counter may not know of (an unlock): idle time counts from here at most. */
  #activeAt: number | null = null;
  #away = false;

  constructor(options: AutoAwayOptions) {
    this.#o = options;
    this.#settings = { ...options.settings };
    this.#clock = options.clock ?? realClock;
  }

  get away(): boolean {
    return this.#away;
  }

  /** Why away holds (the strongest reason), or null. */
  reason(): AutoAwayReason | null {
    if (this.#suspended) return 'suspend';
    if (this.#locked && this.#settings.awayOnScreenLock) return 'lock';
    return this.#idle ? 'idle' : null;
  }

  watchIdle(getIdleSeconds: () => number): () => void {
    this.#getIdleSeconds = getIdleSeconds;
    this.#reschedule(0);
    return () => {
      if (this.#getIdleSeconds !== getIdleSeconds) return;
      this.#getIdleSeconds = null;
      this.#cancel();
      this.#idle = false;
      this.#update();
    };
  }

  /** A settings change at run time; a change of anything else (the chosen presence) costs nothing. */
  configure(settings: AutoAwaySettings): void {
    const { autoAwayMinutes, awayOnScreenLock } = settings;
    if (autoAwayMinutes === this.#settings.autoAwayMinutes && awayOnScreenLock === this.#settings.awayOnScreenLock) return;
    this.#settings = { autoAwayMinutes, awayOnScreenLock };
    if (autoAwayMinutes === 0) this.#idle = false;
    this.#reschedule(0);
    this.#update();
  }

  lock(): void {
    this.#locked = true;
    if (!this.#polling()) this.#cancel();
    this.#update();
  }

  /** Unlocking is activity, even where the system idle counter does not count it. */
  unlock(): void {
    this.#locked = false;
    this.#activeAt = this.#clock.now();
    this.#idle = false;
    this.#reschedule(0);
    this.#update();
  }

  /** Asleep: certainly away; no polls until resume. */
  suspend(): void {
    this.#suspended = true;
    this.#cancel();
    this.#update();
  }

  /** Awake (the screen may still be locked, or nobody there: a scheduled wake): the idle time decides at once. */
  resume(): void {
    this.#suspended = false;
    this.#reschedule(0);
    this.#update();
  }

  dispose(): void {
    this.#getIdleSeconds = null;
    this.#cancel();
  }

  #polling(): boolean {
    return (
      this.#getIdleSeconds !== null &&
      this.#settings.autoAwayMinutes > 0 &&
      !this.#suspended &&
      !(this.#locked && this.#settings.awayOnScreenLock)
    );
  }

  #reschedule(ms: number): void {
    this.#cancel();
    if (!this.#polling()) return;
    if (ms === 0) return this.#poll();
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#poll();
    }, ms);
  }

  #cancel(): void {
    if (this.#timer === null) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #poll(): void {
    const read = this.#getIdleSeconds;
    if (!read || !this.#polling()) return;
    const thresholdS = this.#settings.autoAwayMinutes * 60;
    const idleS = this.#idleSeconds(read);
    this.#idle = idleS >= thresholdS;
    this.#update();
    const maxMs = this.#o.maxPollMs ?? 30_000;
    const minMs = this.#o.minPollMs ?? 1_000;
    const next = this.#idle ? (this.#o.awayPollMs ?? 5_000) : Math.min(maxMs, Math.max(minMs, Math.ceil((thresholdS - idleS) * 1000)));
    this.#reschedule(next);
  }

  #idleSeconds(read: () => number): number {
    let reported: number;
    try {
      reported = read();
    } catch (error) {
      this.#o.log?.(`auto-away: reading the idle time failed: ${error instanceof Error ? error.message : String(error)}`);
      reported = 0;
    }
    if (!Number.isFinite(reported) || reported < 0) reported = 0;
    if (this.#activeAt === null) return reported;
    const sinceActive = (this.#clock.now() - this.#activeAt) / 1000;
    // The counter has seen activity since: it knows better from now on.
    if (reported <= sinceActive) this.#activeAt = null;
    return Math.min(reported, sinceActive);
  }

  #update(): void {
    const reason = this.reason();
    const away = reason !== null;
    if (away === this.#away) return;
    this.#away = away;
    this.#o.log?.(away ? `auto-away: away (${reason})` : 'auto-away: back');
    this.#o.setAway(away);
  }
}
