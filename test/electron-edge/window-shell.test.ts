// The main window as the tray app handles it, against a fake BrowserWindow
// that, like Electron's, stays hidden until 'ready-to-show' shows it.
import { describe, expect, it } from 'vitest';
import { WindowShell, type ShellWindow } from '../../src/main/electron/window-shell';

type Listener = (...args: never[]) => void;

class FakeWindow implements ShellWindow {
  readonly listeners = new Map<string, Listener[]>();
  readonly calls: string[] = [];
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== wrapped));
      listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => void)(...args);
  }
  /** Electron's ready-to-show, on which window.ts shows the new window. */
  readyToShow(): void {
    this.show();
  }
  isDestroyed = (): boolean => this.destroyed;
  isVisible = (): boolean => this.visible;
  isFocused = (): boolean => this.focused;
  isMinimized = (): boolean => this.minimized;
  show(): void {
    this.calls.push('show');
    const was = this.visible;
    this.visible = true;
    this.focused = true;
    if (!was) this.emit('show');
    this.emit('focus');
  }
  hide(): void {
    this.calls.push('hide');
    this.visible = false;
    this.focused = false;
    this.emit('hide');
  }
  restore(): void {
    this.minimized = false;
  }
  focus(): void {
    this.focused = true;
  }
  moveTop(): void {}
  setAlwaysOnTop(): void {}
  close(): { prevented: boolean } {
    const event = { prevented: false, preventDefault() {
      this.prevented = true;
    } };
    this.emit('close', event);
    if (!event.prevented) this.destroyed = true;
    return event;
  }
}

function rig() {
  const windows: FakeWindow[] = [];
  const fronted: FakeWindow[] = [];
  const focus: boolean[] = [];
  const log: string[] = [];
  let quitting = false;
  const ending: [string, boolean][] = [];
  const shell = new WindowShell({
    create: () => {
      const win = new FakeWindow();
      windows.push(win);
      return win;
    },
    bringToFront: (win) => {
      fronted.push(win as FakeWindow);
      win.show();
    },
    reportFocus: (focused) => focus.push(focused),
    isQuitting: () => quitting,
    sessionEnding: (what, final) => {
      ending.push([what, final]);
      quitting = true;
    },
    log: (line) => log.push(line),
  });
  return { shell, windows, fronted, focus, log, ending, quit: () => (quitting = true) };
}

describe('WindowShell', () => {
  it('a link at launch does not show the new window before ready-to-show (no empty frame); afterwards it is brought to front', () => {
    const r = rig();
    r.shell.show();
    r.shell.show(); // the deep link opener asks again right away
    expect(r.windows).toHaveLength(1);
    expect(r.windows[0]?.calls).toEqual([]);
    expect(r.fronted).toEqual([]);
    r.windows[0]?.readyToShow();
    r.windows[0]?.hide();
    r.shell.show();
    expect(r.fronted).toEqual([r.windows[0]]);
    expect(r.windows[0]?.visible).toBe(true);
  });

  it('macOS activate before the start finished (even before ready) creates nothing; after it, it shows the window', () => {
    const r = rig();
    r.shell.activate();
    expect(r.windows).toEqual([]);
    expect(r.log).toHaveLength(1);
    r.shell.started();
    r.shell.activate();
    expect(r.windows).toHaveLength(1);
  });

  it('a login start (--hidden): an activate while starting does not pull the window out of the tray', () => {
    const r = rig();
    r.shell.activate(); // macOS: the launch itself
    r.shell.started(); // start() left the window in the tray
    expect(r.windows).toEqual([]);
  });

  it('the close button hides the window unless quitting; focus follows the window events', () => {
    const r = rig();
    r.shell.show();
    const win = r.windows[0]!;
    win.readyToShow();
    expect(win.close().prevented).toBe(true);
    expect(win.visible).toBe(false);
    expect(r.focus.at(-1)).toBe(false);
    r.shell.show();
    expect(r.focus.at(-1)).toBe(true);
    r.quit();
    expect(win.close().prevented).toBe(false);
    r.shell.show();
    expect(r.windows).toHaveLength(2);
  });

  it("Windows ending the session (no before-quit): 'query-session-end' lets the window close, 'session-end' is final", () => {
    const r = rig();
    r.shell.show();
    const win = r.windows[0]!;
    win.readyToShow();
    win.emit('query-session-end', { reasons: ['logoff'] });
    expect(r.ending).toEqual([['Windows is ending the session (logoff)', false]]);
    expect(win.close().prevented).toBe(false);
    win.emit('session-end', { reasons: ['shutdown'] });
    expect(r.ending.at(-1)).toEqual(['Windows ends the session (shutdown)', true]);
  });
});
