// Automatic "away": the system idle time, the screen lock and sleep decide,
// the PresenceController keeps the user's choice. This machine only says
// "away now" / "not any more" (setAway); since the controller lays that over
// "online" alone, busy and appear-offline are never overridden and the end of
// auto-away restores exactly the choice, whatever it became meanwhile.
//
// Polling costs almost nothing but is still kept rare: while active, the next
// poll is at the earliest moment the threshold could be reached (capped at
// maxPollMs, so near the threshold it lands on it); while away by idle or by a
// polled lock, every awayPollMs so the return is noticed soon; never while
// locked by the lock event, suspended, or with nothing to watch.
//
// The lock comes as an event where Electron has one (macOS, Windows) and is
// also read at each poll (`isLocked`): Linux has no lock event.
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
  /** Wait between polls while away by idle or by a polled lock, to notice the return (default 5 s). */
  readonly awayPollMs?: number;
}

/** What the system tells auto-away; the Electron power adapter feeds it and decides nothing. */
export interface AutoAwayInputs {
  lock(): void;
  unlock(): void;
  suspend(): void;
  resume(): void;
  /** Starts polling the system idle time (seconds) and, if given, the lock state; returns the stop function. */
  watchIdle(getIdleSeconds: () => number, isLocked?: () => boolean): () => void;
}

interface Watch {
  readonly idleSeconds: () => number;
  readonly isLocked: (() => boolean) | null;
}

export class AutoAway implements AutoAwayInputs {
  #settings: AutoAwaySettings;
  readonly #o: AutoAwayOptions;
  readonly #clock: Clock;
  #watch: Watch | null = null;
  #timer: TimerHandle | null = null;
  #lockedByEvent = false;
  #lockedByPoll = false;
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
    if ((this.#lockedByEvent || this.#lockedByPoll) && this.#settings.awayOnScreenLock) return 'lock';
    return this.#idle ? 'idle' : null;
  }

  watchIdle(getIdleSeconds: () => number, isLocked?: () => boolean): () => void {
    const watch: Watch = { idleSeconds: getIdleSeconds, isLocked: isLocked ?? null };
    this.#watch = watch;
    this.#reschedule(0);
    return () => {
      if (this.#watch !== watch) return;
      this.#watch = null;
      this.#cancel();
      this.#idle = false;
      this.#lockedByPoll = false;
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
    this.#lockedByEvent = true;
    if (!this.#polling()) this.#cancel();
    this.#update();
  }

  /** Unlocking is activity, even where the system idle counter does not count it. */
  unlock(): void {
    this.#lockedByEvent = false;
    this.#unlocked();
    this.#reschedule(0);
    this.#update();
  }

  #unlocked(): void {
    this.#lockedByPoll = false;
    this.#activeAt = this.#clock.now();
    this.#idle = false;
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
    this.#watch = null;
    this.#cancel();
  }

  #polling(): boolean {
    const watch = this.#watch;
    if (watch === null || this.#suspended) return false;
    // Locked-away by the event: its unlock event ends it, no poll needed meanwhile.
    if (this.#lockedByEvent && this.#settings.awayOnScreenLock) return false;
    return this.#settings.autoAwayMinutes > 0 || this.#pollsLock(watch);
  }

  #pollsLock(watch: Watch): boolean {
    return watch.isLocked !== null && this.#settings.awayOnScreenLock;
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
    const watch = this.#watch;
    if (!watch || !this.#polling()) return;
    const { autoAwayMinutes } = this.#settings;
    if (!this.#pollsLock(watch)) this.#lockedByPoll = false;
    else if (watch.isLocked && this.#read(watch.isLocked, 'the lock state') === true) this.#lockedByPoll = true;
    else if (this.#lockedByPoll) this.#unlocked();
    const thresholdS = autoAwayMinutes * 60;
    const idleS = autoAwayMinutes > 0 ? this.#idleSeconds(watch.idleSeconds) : 0;
    this.#idle = autoAwayMinutes > 0 && idleS >= thresholdS;
    this.#update();
    const maxMs = this.#o.maxPollMs ?? 30_000;
    const minMs = this.#o.minPollMs ?? 1_000;
    const awayMs = this.#o.awayPollMs ?? 5_000;
    let next = maxMs;
    if (this.#idle || this.#lockedByPoll) next = awayMs;
    else if (autoAwayMinutes > 0) next = Math.min(maxMs, Math.max(minMs, Math.ceil((thresholdS - idleS) * 1000)));
    this.#reschedule(next);
  }

  #read<T>(source: () => T, what: string): T | null {
    try {
      return source();
    } catch (error) {
      this.#o.log?.(`auto-away: reading ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  #idleSeconds(source: () => number): number {
    let reported = this.#read(source, 'the idle time') ?? 0;
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
