// "Pause notifications" from the tray: until a time, or until resumed. Kept
// in memory on purpose: a pause is a passing choice, and a restart ends it.
export type PauseChoice = '30m' | '1h' | 'tomorrow' | 'resume';

/** Where "until tomorrow" ends: this local hour of the next day. */
export const TOMORROW_HOUR = 8;

/** The end of a pause chosen at `now` (null: resume). */
export function pauseEnd(choice: PauseChoice, now: number): number | null {
  switch (choice) {
    case '30m':
      return now + 30 * 60_000;
    case '1h':
      return now + 60 * 60_000;
    case 'tomorrow': {
      const d = new Date(now);
      d.setDate(d.getDate() + 1);
      d.setHours(TOMORROW_HOUR, 0, 0, 0);
      return d.getTime();
    }
    case 'resume':
      return null;
  }
}

export class PauseState {
  #until: number | null = null;
  readonly #now: () => number;
  readonly #listeners = new Set<(until: number | null) => void>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The end of the current pause; null when not paused (an elapsed pause reads as none). */
  until(): number | null {
    if (this.#until !== null && this.#until <= this.#now()) this.#until = null;
    return this.#until;
  }

  isPaused(): boolean {
    return this.until() !== null;
  }

  choose(choice: PauseChoice): void {
    this.#until = pauseEnd(choice, this.#now());
    for (const listener of this.#listeners) listener(this.#until);
  }

  subscribe(listener: (until: number | null) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
