// The settings screen's service: the user-facing settings with the keychain
// state and the notification pause beside them, one view, and one change
// signal whatever moved it (the screen, the tray's pause, a keychain problem,
// another part of main writing a setting).
import type { SettingsView } from '../../shared/ipc/settings-schemas';
import { getProfile, PROFILE_LABELS, type NotificationRule } from '../../shared/protocol/profiles';
import type { UserSettingsPatch } from '../../shared/settings';
import type { SessionStatus } from '../../shared/types';
import type { Logger } from '../log';
import type { Settings, SettingsStore } from '../settings';
import type { SettingsService } from './services';

export interface SettingsViewSources {
  readonly settings: Pick<SettingsStore, 'get' | 'update' | 'onChange'>;
  readonly session: { status(): SessionStatus; onStatus(listener: (status: SessionStatus) => void): () => void };
  readonly pause: { pausedUntil(): number | null; onPause(listener: (until: number | null) => void): () => void };
  readonly log: Logger;
}

/** The rules in effect for the current server type: the user's, else its profile's defaults. */
export function rulesInEffect(s: Pick<Settings, 'serverProfile' | 'notificationRules'>): { rules: NotificationRule[]; defaults: NotificationRule[]; edited: boolean } {
  const copy = (rules: readonly NotificationRule[]): NotificationRule[] => rules.map((r) => ({ ...r }));
  const defaults = copy(getProfile(s.serverProfile)?.notificationRules ?? []);
  const own = s.notificationRules[s.serverProfile];
  return own === undefined ? { rules: copy(defaults), defaults, edited: false } : { rules: copy(own), defaults, edited: true };
}

export function settingsView(s: Settings, status: SessionStatus, pausedUntil: number | null): SettingsView {
  return {
    notifications: structuredClone(s.notifications),
    presence: { autoAwayMinutes: s.presence.autoAwayMinutes, awayOnScreenLock: s.presence.awayOnScreenLock },
    launchAtLogin: s.launchAtLogin,
    allowInsecureHosts: s.allowInsecureHosts,
    keychain: { kind: status.keychain, problem: status.keychainProblem },
    pausedUntil,
    notificationRules: { profile: s.serverProfile, label: PROFILE_LABELS[s.serverProfile], ...rulesInEffect(s) },
  };
}

export class SettingsViewService implements SettingsService {
  readonly #o: SettingsViewSources;
  readonly #listeners = new Set<(view: SettingsView) => void>();
  readonly #offs: Array<() => void>;
  #last: string;

  constructor(o: SettingsViewSources) {
    this.#o = o;
    this.#last = JSON.stringify(this.view());
    const changed = (): void => this.#changed();
    this.#offs = [o.settings.onChange(changed), o.session.onStatus(changed), o.pause.onPause(changed)];
  }

  view(): SettingsView {
    return settingsView(this.#o.settings.get(), this.#o.session.status(), this.#o.pause.pausedUntil());
  }

  update(patch: UserSettingsPatch): SettingsView {
    this.#o.settings.update(patch);
    return this.view();
  }

  onChange(listener: (view: SettingsView) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  dispose(): void {
    for (const off of this.#offs.splice(0)) off();
    this.#listeners.clear();
  }

  /** Tells listeners only when what the screen shows really changed (a presence choice or bounds write does not). */
  #changed(): void {
    const view = this.view();
    const text = JSON.stringify(view);
    if (text === this.#last) return;
    this.#last = text;
    for (const listener of this.#listeners) {
      try {
        listener(view);
      } catch (error) {
        this.#o.log.warn(`settings: a view listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
