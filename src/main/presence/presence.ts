// The presence the user chose, plus an automatic "away" (idle, screen lock,
// sleep: see auto-away.ts) that overrides "online" only while it lasts. The
// effective status goes to the connection through `apply`; listeners hear
// every new choice (the settings keep it for the next start).
import type { PresenceStatus } from '../../shared/types';
import type { PresenceService } from '../services';

export class PresenceController implements PresenceService {
  #chosen: PresenceStatus;
  #autoAway = false;
  #applied: PresenceStatus | null = null;
  readonly #apply: (effective: PresenceStatus) => void;
  readonly #listeners = new Set<(status: PresenceStatus) => void>();
  readonly #effectiveListeners = new Set<(status: PresenceStatus) => void>();
  #lastEffective: PresenceStatus;

  constructor(apply: (effective: PresenceStatus) => void, initial: PresenceStatus = 'online') {
    this.#apply = apply;
    this.#chosen = initial;
    this.#lastEffective = initial;
  }

  get(): PresenceStatus {
    return this.#chosen;
  }

  /** What the server is told: the choice, or away while auto-away holds over "online". */
  effective(): PresenceStatus {
    return this.#chosen === 'online' && this.#autoAway ? 'away' : this.#chosen;
  }

  set(status: PresenceStatus): void {
    const changed = status !== this.#chosen;
    this.#chosen = status;
    this.#push();
    if (changed) for (const l of this.#listeners) l(status);
  }

  /**
   * The server says the user chose this elsewhere (another device): adopt it
   * as the choice here too. The server already has it, so nothing is sent back.
   */
  adoptRemote(status: PresenceStatus): void {
    if (status === this.#chosen) return;
    // A server that echoes our own auto-away back to us: that "away" is not a choice.
    if (this.#autoAway && status === this.effective()) return;
    this.#chosen = status;
    this.#applied = this.effective();
    for (const l of this.#listeners) l(status);
    this.#effectiveChanged();
  }

  setAutoAway(away: boolean): void {
    this.#autoAway = away;
    this.#push();
  }

  /** Re-send the effective status (e.g. to a freshly started engine). */
  reapply(): void {
    this.#applied = null;
    this.#push();
  }

  subscribe(listener: (status: PresenceStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Every change of what others see (the tray's dot): a choice, or auto-away starting or ending. */
  onEffective(listener: (status: PresenceStatus) => void): () => void {
    this.#effectiveListeners.add(listener);
    return () => {
      this.#effectiveListeners.delete(listener);
    };
  }

  #push(): void {
    const effective = this.effective();
    this.#effectiveChanged();
    if (effective === this.#applied) return;
    this.#applied = effective;
    this.#apply(effective);
  }

  #effectiveChanged(): void {
    const effective = this.effective();
    if (effective === this.#lastEffective) return;
    this.#lastEffective = effective;
    for (const l of this.#effectiveListeners) l(effective);
  }
}
