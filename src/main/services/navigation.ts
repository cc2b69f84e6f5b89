// "Show this thread": one path for a notification click (native or in the
// window), a tray item and a beacon:// link. The thread is read at once (the
// badge clears even if the window is slow to follow), then the window is asked
// to show it.
import type { Logger } from '../log';
import type { NavigationService } from './services';

export class Navigation implements NavigationService {
  readonly #listeners = new Set<(threadId: string) => void>();

  constructor(
    private readonly o: {
      /** Throws when the workspace knows no such thread. */
      readonly markRead: (threadId: string) => void;
      readonly log: Logger;
    },
  ) {}

  showThread(threadId: string): boolean {
    try {
      this.o.markRead(threadId);
    } catch (error) {
      this.o.log.warn(`navigation: not showing thread: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    for (const listener of this.#listeners) {
      try {
        listener(threadId);
      } catch (error) {
        this.o.log.warn(`navigation: a listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return true;
  }

  onShowThread(listener: (threadId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
