// Settings on conf: the engine electron-store is built on, usable without
// Electron (tests, the web preview host).
import { resolve } from 'node:path';
import Conf from 'conf';
import { openSettingsStore, type Logger, type SettingsStore } from './store';

export interface OpenFileSettingsOptions {
  /** Directory of the settings file (in the app: app.getPath('userData')). */
  dir: string;
  /** File name without extension; default "config" (electron-store's default too). */
  name?: string;
  log: Logger;
  now?: () => Date;
}

/** Settings files may name servers and threads: readable by the user only. */
export const SETTINGS_FILE_MODE = 0o600;

export function openConfSettings(opts: OpenFileSettingsOptions): SettingsStore {
  const name = opts.name ?? 'config';
  return openSettingsStore({
    path: resolve(opts.dir, `${name}.json`),
    log: opts.log,
    now: opts.now,
    createBackend: () =>
      new Conf<Record<string, unknown>>({
        cwd: opts.dir,
        configName: name,
        clearInvalidConfig: false,
        accessPropertiesByDotNotation: false,
        configFileMode: SETTINGS_FILE_MODE,
      }),
  });
}
