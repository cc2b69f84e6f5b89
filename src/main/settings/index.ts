// Settings: one zod schema, one SettingsStore interface, two engines (conf in
// Node, electron-store in the app). Importing this never loads Electron.
export {
  SETTINGS_SCHEMA_VERSION,
  SettingsSchema,
  SettingsPatchSchema,
  DEFAULT_SETTINGS,
  defaultSettings,
  settingsJsonSchema,
} from './schema';
// SettingsKey and SettingsPatch are what SettingsStore's set/update/reset take
// (kept for the settings screen to come).
export type { Settings, SettingsKey, SettingsPatch } from './schema';
export { MIGRATIONS, migrateToCurrent } from './migrations';
export type { Migration } from './migrations';
export { SettingsValidationError, SettingsWriteError } from './store';
export type { SettingsStore } from './store';
export { openConfSettings } from './conf-backend';
export { openElectronSettings } from './electron-backend';
