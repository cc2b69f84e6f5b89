// The notification policy as a service: fed the workspace's batches, told by
// the shell whether the window is focused, holding the tray's pause; its
// decisions go to whoever shows them (the Electron adapter).
import { join } from 'node:path';
import type { WorkspaceBatch } from '../../shared/ipc/workspace-schemas';
import type { PresenceStatus } from '../../shared/types';
import { systemClock, type Clock } from '../connection/clock';
import type { Logger } from '../log';
import { FileNotifiedStore, NotificationPolicy, PauseState, type NotifiedStore, type NotifyDecision, type PauseChoice } from '../notify';
import type { NotificationRule } from '../../shared/protocol/profiles/rules';
import type { Settings } from '../settings';
import type { NotificationSettings } from '../settings/schema';
import { rulesInEffect } from './settings-view';
import type { NotificationService } from './services';

export interface NotificationHostOptions {
  readonly store: NotifiedStore;
  readonly settings: () => NotificationSettings;
  /** The user's chosen presence. */
  readonly presence: () => PresenceStatus;
  /** The thread the window has open (whether or not it is focused). */
  readonly openThreadId: () => string | null;
  /** See PolicyContext.scope. */
  readonly scope: () => string | null;
  /** The notification rules in effect for activity (PolicyContext.rules). */
  readonly rules?: () => readonly NotificationRule[];
  readonly log: Logger;
  readonly clock?: Clock;
  /** A notification of this thread was clicked: show it (navigation). */
  readonly showThread?: (threadId: string) => void;
}

export class NotificationHost implements NotificationService {
  readonly #policy: NotificationPolicy;
  readonly #pause: PauseState;
  readonly #listeners = new Set<(decision: NotifyDecision) => void>();
  readonly #log: Logger;
  readonly #showThread: (threadId: string) => void;
  /** The thread (or null) of each notification on screen, by key: what a click on it opens. */
  readonly #live = new Map<string, string | null>();
  /** The renderer's report (window:focus). */
  #rendererFocused = false;
  /** Main's window events (Electron); null where there are none (the web preview). */
  #shellFocused: boolean | null = null;

  constructor(o: NotificationHostOptions) {
    const clock = o.clock ?? systemClock;
    this.#log = o.log;
    this.#showThread = o.showThread ?? (() => {});
    this.#pause = new PauseState(() => clock.now());
    this.#policy = new NotificationPolicy({
      clock,
      store: o.store,
      context: {
        settings: o.settings,
        presence: o.presence,
        paused: () => this.#pause.isPaused(),
        viewing: () => (this.#focused() ? o.openThreadId() : null),
        scope: o.scope,
        rules: o.rules ?? (() => []),
      },
      decide: (decision) => this.#emit(decision),
    });
  }

  onBatch(batch: WorkspaceBatch): void {
    this.#policy.onBatch(batch);
  }

  onDecision(listener: (decision: NotifyDecision) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  dismissed(key: string): void {
    this.#live.delete(key);
    this.#policy.dismissed(key);
  }

  activate(key: string): void {
    const live = this.#live.has(key);
    const threadId = this.#live.get(key) ?? null;
    this.dismissed(key);
    if (!live) {
      this.#log.info(`notify: a click on "${key.slice(0, 80)}", which is no longer shown: ignored`);
      return;
    }
    if (threadId !== null) this.#showThread(threadId);
  }

  setWindowFocused(focused: boolean): void {
    this.#rendererFocused = focused;
  }

  setShellFocused(focused: boolean): void {
    this.#shellFocused = focused;
  }

  /** Two writers, one answer: both must say focused (main owns it in Electron; the preview has only the renderer). */
  #focused(): boolean {
    return this.#rendererFocused && (this.#shellFocused ?? true);
  }

  pausedUntil(): number | null {
    return this.#pause.until();
  }

  pause(choice: PauseChoice): void {
    this.#pause.choose(choice);
  }

  onPause(listener: (until: number | null) => void): () => void {
    return this.#pause.subscribe(listener);
  }

  dispose(): void {
    this.#policy.dispose();
    this.#listeners.clear();
  }

  #emit(decision: NotifyDecision): void {
    if (decision.kind === 'show' || decision.kind === 'replace') this.#live.set(decision.key, decision.threadId);
    else if (decision.kind === 'close') this.#live.delete(decision.key);
    for (const listener of this.#listeners) {
      try {
        listener(decision);
      } catch (error) {
        this.#log.warn(`notify: a decision listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** The service over the app's workspace and settings, its store beside the settings file. */
export function openNotifications(o: {
  readonly dataDir: string;
  readonly settings: { get(): Settings; get(key: 'notifications'): NotificationSettings };
  readonly presence: { get(): PresenceStatus };
  readonly workspaces: { onBatch(listener: (batch: WorkspaceBatch) => void): () => void; openThreadId(): string | null; scope(): string | null };
  readonly log: Logger;
  readonly showThread: (threadId: string) => void;
}): { service: NotificationHost; close(): void } {
  // Outside the per-server session folders on purpose: signing out and in again replays nothing.
  const store = new FileNotifiedStore(join(o.dataDir, 'notified.json'), (line) => o.log.warn(line));
  const service = new NotificationHost({
    store,
    settings: () => o.settings.get('notifications'),
    presence: () => o.presence.get(),
    openThreadId: () => o.workspaces.openThreadId(),
    scope: () => o.workspaces.scope(),
    // The user's rules for the current server type, else its profile's defaults.
    rules: () => rulesInEffect(o.settings.get()).rules,
    log: o.log,
    showThread: o.showThread,
  });
  const off = o.workspaces.onBatch((batch) => service.onBatch(batch));
  return {
    service,
    close() {
      off();
      service.dispose();
      store.flushSync();
    },
  };
}
