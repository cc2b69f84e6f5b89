// The keys Chromium binds to DevTools. With webPreferences.devTools false they
// already do nothing; a packaged window still swallows them so no later menu or
// Electron default can bring DevTools back.
export interface KeyInput {
  readonly type: string;
  readonly key: string;
  readonly control: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
}

const INSPECTOR_LETTERS = new Set(['i', 'j', 'c']);

export function isDevToolsShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  if (key === 'f12') return true;
  if (!INSPECTOR_LETTERS.has(key)) return false;
  // Ctrl+Shift+I/J/C elsewhere, Cmd+Alt+I/J/C on macOS.
  return (input.control && input.shift) || (input.meta && input.alt);
}
