// The one main window as the tray app handles it: created on demand, brought
// to front, hidden (not closed) by its close button unless quitting, and its
// focus reported. Plain: the window comes from a factory (index.ts passes
// createMainWindow; tests a fake).
import type { FrontWindow } from './bring-to-front';

export type FocusEvent = 'focus' | 'blur' | 'show' | 'hide' | 'minimize' | 'restore';

/** The part of BrowserWindow used here. */
export interface ShellWindow extends FrontWindow {
  isDestroyed(): boolean;
  isVisible(): boolean;
  isFocused(): boolean;
  hide(): void;
  on(event: FocusEvent, listener: () => void): unknown;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'query-session-end' | 'session-end', listener: (event: { reasons?: readonly string[] }) => void): unknown;
  once(event: 'show', listener: () => void): unknown;
}

export interface WindowShellOptions {
  /** A new window; it shows itself on 'ready-to-show' (window.ts). */
  create(): ShellWindow;
  bringToFront(win: ShellWindow): void;
  /** Visible, not minimized and focused, as main's window events tell it. */
  reportFocus(focused: boolean): void;
  /** A quit has begun: the close button closes instead of hiding. */
  isQuitting(): boolean;
  /** Windows is ending the session ('query-session-end', then 'session-end'); no before-quit comes. */
  sessionEnding(what: string, final: boolean): void;
  log(line: string): void;
}

export class WindowShell {
  #win: ShellWindow | null = null;
  #shownOnce = false;
  #started = false;

  constructor(private readonly o: WindowShellOptions) {}

  /** Shows the window, creating it if needed; a notification, tray or link click must bring it in front. */
  show(): void {
    const existing = this.#win;
    if (!existing || existing.isDestroyed()) {
      this.#open();
      return;
    }
    // Not shown yet (a link at launch right after creating it): 'ready-to-show'
    // shows it; showing it now would flash an empty frame.
    if (!this.#shownOnce) return;
    this.o.bringToFront(existing);
  }

  /** start() has finished: the services exist and the first window (if any) was asked for. */
  started(): void {
    this.#started = true;
  }

  /**
   * macOS 'activate' (the app launched or reopened). It can come before
   * 'ready' (electron/electron#5272; a BrowserWindow then throws) and while
   * starting, when start() decides itself: shown, or left in the tray after a
   * login start. Only a later one (the user reopening Beacon) shows it.
   */
  activate(): void {
    if (!this.#started) {
      this.o.log('main: activate before the start finished: ignored (the start decides whether the window shows)');
      return;
    }
    this.show();
  }

  #open(): void {
    const win = this.o.create();
    this.#win = win;
    this.#shownOnce = false;
    win.once('show', () => {
      if (this.#win === win) this.#shownOnce = true;
    });
    const reportFocus = (): void => this.o.reportFocus(!win.isDestroyed() && win.isVisible() && !win.isMinimized() && win.isFocused());
    for (const event of ['focus', 'blur', 'show', 'hide', 'minimize', 'restore'] as const) win.on(event, reportFocus);
    // A tray app: closing the window hides it; Quit (tray) really quits.
    win.on('close', (event) => {
      if (this.o.isQuitting()) return;
      event.preventDefault();
      win.hide();
    });
    const reasons = (event: { reasons?: readonly string[] }): string => (event.reasons?.length ? ` (${event.reasons.join(', ')})` : '');
    win.on('query-session-end', (event) => this.o.sessionEnding(`Windows is ending the session${reasons(event)}`, false));
    win.on('session-end', (event) => this.o.sessionEnding(`Windows ends the session${reasons(event)}`, true));
  }
}
