// "Show this thread": one path for a notification click (native or in the
// window), a tray item and a beacon:// link. The workspace opens the thread at
// once (it is read, so the badge clears even if the window is slow to follow,
// and a window created just now finds it as the snapshot's open thread), then
// a window already listening is asked to show it.
import type { Logger } from '../log';
import type { NavigationService } from './services';

export class Navigation implements NavigationService {
  readonly #listeners = new Set<(threadId: string) => void>();

  constructor(
    private readonly o: {
      /** Opens (and so reads) the thread in the workspace; throws when it knows no such thread. */
      readonly open: (threadId: string) => void;
      readonly log: Logger;
    },
  ) {}

  showThread(threadId: string): boolean {
    try {
      this.o.open(threadId);
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
