// How Beacon quits, whoever asks: the tray's Quit (before-quit, will-quit),
// or the OS ending the session. On Windows a log-off, restart or shutdown
// emits no before-quit (electron.d.ts, app 'before-quit'): the window's
// 'query-session-end' and 'session-end' are the only signs, and once
// 'session-end' returns Windows may end the process, so the cleanups run right
// then and the connection's close starts (its close frame goes out if the OS
// waits long enough). Linux and macOS say it with powerMonitor 'shutdown'.
// Plain: Electron's quit and exit come in as parameters (tests pass fakes).

export interface QuitActions {
  /** app.quit(): before-quit, the windows close, will-quit. */
  quit(): void;
  /** app.exit(code), once the services are closed. */
  exit(code: number): void;
  log(line: string): void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class QuitSequence {
  #quitting = false;
  #closing = false;
  #work: { readonly cleanups: (() => void)[]; readonly close: () => Promise<void> } | null = null;

  constructor(private readonly actions: QuitActions) {}

  /** True once a quit has begun: the window's close button then really closes it (instead of hiding it). */
  get quitting(): boolean {
    return this.#quitting;
  }

  /** What a quit undoes (the bindings, then the services' close); set once start() has made them. */
  attach(cleanups: readonly (() => void)[], close: () => Promise<void>): void {
    this.#work = { cleanups: [...cleanups], close };
  }

  /** app 'before-quit'. */
  beforeQuit(): void {
    this.#quitting = true;
  }

  /** app 'will-quit': held until the connection is closed cleanly (1000), then exit. */
  willQuit(event: { preventDefault(): void }): void {
    this.#quitting = true;
    if (!this.#work && !this.#closing) return; // nothing started yet: let Electron quit
    event.preventDefault();
    this.#shutDown();
  }

  /**
   * The OS is ending the session. `final` false (Windows 'query-session-end',
   * which another app may still veto): only stop hiding the window on close,
   * so Windows (or the Restart Manager's close) is not blocked. `final` true
   * (Windows 'session-end', powerMonitor 'shutdown'): clean up now and quit.
   */
  sessionEnding(what: string, final: boolean): void {
    if (!this.#quitting || final) this.actions.log(`main: ${what}${final ? '; quitting' : ''}`);
    this.#quitting = true;
    if (!final) return;
    this.#shutDown();
    this.actions.quit();
  }

  #shutDown(): void {
    if (this.#closing || !this.#work) return;
    this.#closing = true;
    const { cleanups, close } = this.#work;
    for (const cleanup of cleanups.splice(0)) {
      try {
        cleanup();
      } catch (error) {
        this.actions.log(`main: a cleanup failed: ${message(error)}`);
      }
    }
    close()
      .catch((error: unknown) => this.actions.log(`main: closing services failed: ${message(error)}`))
      .finally(() => this.actions.exit(0));
  }
}
