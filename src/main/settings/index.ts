// Settings: one zod schema, one SettingsStore interface, two engines (conf in
// Node, electron-store in the app). Importing this never loads Electron.
export {
  SETTINGS_SCHEMA_VERSION,
  SettingsSchema,
  SettingsPatchSchema,
  ServerUrlSchema,
  QuietHoursSchema,
  NotificationSettingsSchema,
  PresenceSettingsSchema,
  WindowBoundsSchema,
  DEFAULT_SETTINGS,
  defaultSettings,
  settingsJsonSchema,
} from './schema';
export type {
  Settings,
  SettingsKey,
  SettingsPatch,
  QuietHours,
  NotificationSettings,
  PresenceSettings,
  WindowBounds,
} from './schema';
export { MIGRATIONS, migrateToCurrent } from './migrations';
export type { Migration, MigrationResult } from './migrations';
export { parseStoredSettings, mergeSettings } from './validate';
export type { SettingsIssue } from './validate';
export { inspectSettingsText } from './file';
export {
  openSettingsStore,
  inMemorySettingsStore,
  isSettingsKey,
  SettingsValidationError,
  SettingsWriteError,
} from './store';
export type { SettingsStore, SettingsBackend, OpenSettingsOptions } from './store';
export { openConfSettings, SETTINGS_FILE_MODE } from './conf-backend';
export type { OpenFileSettingsOptions } from './conf-backend';
export { openElectronSettings } from './electron-backend';
