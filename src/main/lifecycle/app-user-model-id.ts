// Windows' Application User Model ID: toasts are shown under the Start menu
// shortcut carrying the same AUMID (its name and icon, and the per-app switch
// in Settings > Notifications), and the login item's Run value is named after
// it. electron-builder's NSIS installer stamps the shortcut with the appId of
// electron-builder.yml; test/packaging checks APP_ID is that appId.
export const APP_ID = 'app.beacon.desktop';

export interface AppUserModelIdInput {
  readonly platform: NodeJS.Platform;
  readonly isPackaged: boolean;
  readonly execPath: string;
}

/**
 * The AUMID to set before anything is shown, or null off Windows. A
 * development run has no installed shortcut: Electron's docs suggest
 * process.execPath there, so its toasts show under the Electron binary.
 */
export function appUserModelId(input: AppUserModelIdInput): string | null {
  if (input.platform !== 'win32') return null;
  return input.isPackaged ? APP_ID : input.execPath;
}
