// Showing the window in front, for real, from a notification or tray click:
// Windows and some Linux window managers ignore focus() from a process that is
// not in front (electron/electron#2867, #4766), and macOS does not activate an
// app that is not frontmost unless asked to steal. Plain: the window and app
// come in as parameters (tests pass fakes).
export interface FrontWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  moveTop(): void;
  setAlwaysOnTop(flag: boolean): void;
}

export interface FrontApp {
  focus(options?: { steal: boolean }): void;
}

export function bringToFront(win: FrontWindow, app: FrontApp, platform: NodeJS.Platform): void {
  if (win.isMinimized()) win.restore();
  if (platform === 'darwin') {
    win.show();
    app.focus({ steal: true });
    win.focus();
    return;
  }
  if (platform === 'win32') {
    // Briefly topmost: the known way to get past Windows' foreground lock.
    win.setAlwaysOnTop(true);
    win.show();
    win.focus();
    win.setAlwaysOnTop(false);
    return;
  }
  win.show();
  win.moveTop();
  win.focus();
}
