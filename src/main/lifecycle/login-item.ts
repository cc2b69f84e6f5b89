// Launch at login. macOS and Windows: Electron's login items (the edge calls
// app.setLoginItemSettings). Linux: an XDG autostart entry, written here in
// plain Node. A development run registers nothing: the entry would start a
// bare Electron (or this checkout) at every login.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { writeFileAtomicSync } from './atomic-write';

/** Passed by every login start: the app then starts in the tray, without the window. */
export const HIDDEN_ARG = '--hidden';

export type LoginItemMechanism =
  | { readonly kind: 'electron' }
  | { readonly kind: 'xdg' }
  | { readonly kind: 'none'; readonly reason: string };

export function loginItemMechanism(input: { platform: NodeJS.Platform; isPackaged: boolean }): LoginItemMechanism {
  if (!input.isPackaged) return { kind: 'none', reason: 'a development (unpackaged) run is never registered to start at login' };
  if (input.platform === 'darwin' || input.platform === 'win32') return { kind: 'electron' };
  if (input.platform === 'linux' || input.platform === 'freebsd' || input.platform === 'openbsd') return { kind: 'xdg' };
  return { kind: 'none', reason: `launch at login is not supported on ${input.platform}` };
}

/** $XDG_CONFIG_HOME/autostart/beacon.desktop; XDG_CONFIG_HOME counts only when absolute (the spec says ignore it otherwise). */
export function autostartFile(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const configured = env['XDG_CONFIG_HOME'];
  const config = configured && isAbsolute(configured) ? configured : join(home, '.config');
  return join(config, 'autostart', 'beacon.desktop');
}

/** What the entry starts: the AppImage when running from one ($APPIMAGE; execPath is then inside its temporary mount), else the executable. */
export function autostartExecutable(env: Readonly<Record<string, string | undefined>>, execPath: string): string {
  const appImage = env['APPIMAGE'];
  return appImage && isAbsolute(appImage) ? appImage : execPath;
}

// Desktop Entry Specification, "The Exec key".
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/** One Exec argument: quoted when it holds a reserved character, with ", `, $ and \ escaped inside the quotes. */
export function quoteExecArg(arg: string): string {
  if (/[\n\r\0]/.test(arg)) throw new Error('a command-line argument with a line break cannot go in a desktop entry');
  // "%" starts a field code; a literal one is "%%".
  const literal = arg.replace(/%/g, '%%');
  if (arg !== '' && !RESERVED.test(arg)) return literal;
  return `"${literal.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
}

/** A string value of a desktop entry: the quoted Exec line's backslashes are escaped once more (the spec's two levels). */
const escapeValue = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t');

export function desktopEntry(executable: string, args: readonly string[] = [HIDDEN_ARG]): string {
  const exec = [executable, ...args].map(quoteExecArg).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Beacon',
    'Comment=Start Beacon in the tray at login',
    `Exec=${escapeValue(exec)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export interface XdgAutostart {
  /** Whether an entry of ours is there and not switched off (Hidden=true, or GNOME's own switch). */
  isEnabled(): boolean;
  /** Writes (atomically) or removes the entry. */
  set(enabled: boolean): void;
}

export function xdgAutostart(file: string, executable: string): XdgAutostart {
  return {
    isEnabled() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return false;
      }
      return !/^Hidden\s*=\s*true\s*$/m.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
    },
    set(enabled) {
      if (!enabled) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
      writeFileAtomicSync(file, desktopEntry(executable), 0o644);
    },
  };
}
