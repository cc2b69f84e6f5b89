// Settings on electron-store, in the app. It is conf with Electron's paths, so
// this adapter only builds it; all behaviour is in store.ts and tested on conf.
// electron-store imports electron, so it is loaded only when this is called.
import { openFileSettings, type OpenFileSettingsOptions } from './conf-backend';
import type { SettingsStore } from './store';

/** In main: `await openElectronSettings({ dir: app.getPath('userData'), log })`. */
export async function openElectronSettings(opts: OpenFileSettingsOptions): Promise<SettingsStore> {
  const { default: ElectronStore } = await import('electron-store');
  return openFileSettings(opts, (name, options) => new ElectronStore<Record<string, unknown>>({ ...options, name }));
}
