// Settings on conf: the engine electron-store is built on, usable without
// Electron (tests, the web preview host).
import { resolve } from 'node:path';
import Conf from 'conf';
import type { Logger } from '../log';
import { openSettingsStore, type SettingsBackend, type SettingsStore } from './store';

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

/** What both engines are given: the same file, mode and flags, so the app's engine behaves as the one the tests run. */
export interface FileEngineOptions {
  readonly cwd: string;
  readonly clearInvalidConfig: false;
  readonly accessPropertiesByDotNotation: false;
  readonly configFileMode: number;
}

/** Settings in `<dir>/<name>.json` on a conf-compatible engine that `build` constructs (it names the file its own way). */
export function openFileSettings(
  opts: OpenFileSettingsOptions,
  build: (name: string, options: FileEngineOptions) => SettingsBackend,
): SettingsStore {
  const name = opts.name ?? 'config';
  const options: FileEngineOptions = {
    cwd: opts.dir,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    configFileMode: SETTINGS_FILE_MODE,
  };
  return openSettingsStore({
    path: resolve(opts.dir, `${name}.json`),
    log: opts.log,
    now: opts.now,
    createBackend: () => build(name, options),
  });
}

export function openConfSettings(opts: OpenFileSettingsOptions): SettingsStore {
  return openFileSettings(opts, (name, options) => new Conf<Record<string, unknown>>({ ...options, configName: name }));
}
