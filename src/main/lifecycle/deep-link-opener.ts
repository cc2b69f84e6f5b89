// Carries out a deep link: the window comes to front at once, and the thread
// is shown as soon as the workspace knows it. A link that starts Beacon comes
// before sign-in has loaded the threads, so it waits (for a while) for a batch
// that brings its thread; a newer link replaces a waiting one.
import type { Clock, TimerHandle } from '../connection/clock';
import type { Log } from '../log';
import { deepLinkArg, describeDeepLink, parseDeepLink } from './deep-link';

/** How long a link may wait for its thread to appear (sign-in, first sync). */
export const PENDING_LINK_MS = 60_000;

export interface DeepLinkTarget {
  /** Whether the workspace knows this thread now. */
  hasThread(threadId: string): boolean;
  /** services.navigation.showThread: marks it read and tells the window. */
  showThread(threadId: string): boolean;
  onWorkspaceChange(listener: () => void): () => void;
  /** Shows the window and brings it in front. */
  showWindow(): void;
}

export class DeepLinkOpener {
  #pending: { threadId: string; timer: TimerHandle } | null = null;
  readonly #off: () => void;

  constructor(
    private readonly target: DeepLinkTarget,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {
    this.#off = target.onWorkspaceChange(() => this.#retry());
  }

  /** A link from the OS; returns whether it was a valid thread link. */
  openUrl(text: string, source: string): boolean {
    const result = parseDeepLink(text);
    this.log(`main: ${describeDeepLink(result, source)}`);
    if (!result.ok) return false;
    this.#cancel();
    this.target.showWindow();
    const { threadId } = result.link;
    if (this.#show(threadId)) return true;
    this.log('main: deep link waits for its thread to be known');
    this.#pending = {
      threadId,
      timer: this.clock.setTimeout(() => {
        this.#pending = null;
        this.log('main: deep link dropped: its thread did not appear');
      }, PENDING_LINK_MS),
    };
    return true;
  }

  /** A process's arguments (first launch, second instance): the link among them, if any. */
  openArgv(argv: readonly string[], source: string): boolean {
    const arg = deepLinkArg(argv);
    return arg === null ? false : this.openUrl(arg, source);
  }

  dispose(): void {
    this.#cancel();
    this.#off();
  }

  #show(threadId: string): boolean {
    return this.target.hasThread(threadId) && this.target.showThread(threadId);
  }

  #retry(): void {
    const pending = this.#pending;
    if (!pending || !this.#show(pending.threadId)) return;
    // The window came to front with the link; focus is not taken a second time.
    this.#cancel();
  }

  #cancel(): void {
    if (this.#pending) this.clock.clearTimeout(this.#pending.timer);
    this.#pending = null;
  }
}
