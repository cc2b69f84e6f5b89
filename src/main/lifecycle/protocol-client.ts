// Whether and how Beacon asks the OS to hand it beacon:// links
// (app.setAsDefaultProtocolClient). Packaged builds also declare the scheme in
// electron-builder.yml (Info.plist, the NSIS registry keys, the .desktop
// MimeType); asking at run time as well covers a moved app or a portable copy.
import { resolve } from 'node:path';
import { DEEP_LINK_SCHEME } from './deep-link';

export interface ProtocolClientInput {
  readonly isPackaged: boolean;
  /** process.defaultApp: run as `electron path/to/app` (development). */
  readonly defaultApp: boolean;
  readonly argv: readonly string[];
  readonly execPath: string;
  /** A test or throwaway profile (BEACON_USER_DATA_DIR): it must not change how this machine opens links. */
  readonly testProfile: boolean;
}

export type ProtocolClientPlan =
  | { readonly register: true; readonly scheme: string; readonly path?: string; readonly args?: readonly string[] }
  | { readonly register: false; readonly reason: string };

export function protocolClientPlan(input: ProtocolClientInput): ProtocolClientPlan {
  if (input.isPackaged) return { register: true, scheme: DEEP_LINK_SCHEME };
  if (input.testProfile) return { register: false, reason: 'a test profile (BEACON_USER_DATA_DIR) must not become the handler of beacon:// links' };
  // Electron's docs: in development the OS must start Electron with the app's path, or a link would start a bare Electron.
  const appPath = input.argv[1];
  if (!input.defaultApp || appPath === undefined || appPath.startsWith('-')) {
    return { register: false, reason: 'development run without an app path to hand the OS' };
  }
  return { register: true, scheme: DEEP_LINK_SCHEME, path: input.execPath, args: [resolve(appPath)] };
}
