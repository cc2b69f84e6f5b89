// Settings on electron-store, in the app. It is conf with Electron's paths, so
// this adapter only builds it; all behaviour is in store.ts and tested on conf.
// electron-store imports electron, so it is loaded only when this is called.
import { resolve } from 'node:path';
import type { OpenFileSettingsOptions } from './conf-backend';
import { SETTINGS_FILE_MODE } from './conf-backend';
import { openSettingsStore, type SettingsStore } from './store';

/** In main: `await openElectronSettings({ dir: app.getPath('userData'), log })`. */
export async function openElectronSettings(opts: OpenFileSettingsOptions): Promise<SettingsStore> {
  const { default: ElectronStore } = await import('electron-store');
  const name = opts.name ?? 'config';
  return openSettingsStore({
    path: resolve(opts.dir, `${name}.json`),
    log: opts.log,
    now: opts.now,
    createBackend: () =>
      new ElectronStore<Record<string, unknown>>({
        cwd: opts.dir,
        name,
        clearInvalidConfig: false,
        accessPropertiesByDotNotation: false,
        configFileMode: SETTINGS_FILE_MODE,
      }),
  });
}
