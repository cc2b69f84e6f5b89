// The keys Chromium binds to DevTools. With webPreferences.devTools false they
// already do nothing; a packaged window still swallows them so no later menu or
// Electron default can bring DevTools back.
export interface KeyInput {
  readonly type: string;
  readonly key: string;
  /** The physical key (KeyI, F12): on macOS Option composes `key` (⌥⌘I gives "ˆ"), so the letter is read from here. */
  readonly code: string;
  readonly control: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
}

const INSPECTOR_KEYS = new Set(['KeyI', 'KeyJ', 'KeyC']);

export function isDevToolsShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  if (input.code === 'F12' || input.key === 'F12') return true;
  if (!INSPECTOR_KEYS.has(input.code)) return false;
  // Ctrl+Shift+I/J/C elsewhere, Cmd+Alt+I/J/C on macOS.
  return (input.control && input.shift) || (input.meta && input.alt);
}
