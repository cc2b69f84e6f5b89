// Windows' AUMID: the appId when packaged (the installer's shortcut carries
// it), the Electron binary's path in development, nothing elsewhere.
import { describe, expect, it } from 'vitest';
import { APP_ID, appUserModelId } from '../../src/main/lifecycle';

describe('appUserModelId', () => {
  it('packaged on Windows: the appId', () => {
    expect(appUserModelId({ platform: 'win32', isPackaged: true, execPath: 'C:\\Program Files\\Beacon\\Beacon.exe' })).toBe(APP_ID);
    expect(APP_ID).toBe('app.beacon.desktop');
  });

  it('a development run on Windows: process.execPath, as Electron suggests', () => {
    expect(appUserModelId({ platform: 'win32', isPackaged: false, execPath: 'C:\\src\\beacon\\node_modules\\electron\\dist\\electron.exe' })).toBe(
      'C:\\src\\beacon\\node_modules\\electron\\dist\\electron.exe',
    );
  });

  it('macOS and Linux: none', () => {
    expect(appUserModelId({ platform: 'darwin', isPackaged: true, execPath: '/Applications/Beacon.app/Contents/MacOS/Beacon' })).toBeNull();
    expect(appUserModelId({ platform: 'linux', isPackaged: true, execPath: '/opt/Beacon/beacon' })).toBeNull();
  });
});
