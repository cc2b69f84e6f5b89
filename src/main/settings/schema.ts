// The settings schema, defined once with zod. Objects are strict so unknown
// keys are noticed (a file's are dropped with a log line, the UI's rejected);
// defaults live in DEFAULT_SETTINGS, not in the schema, so a parsed value is
// always complete and a patch cannot be silently padded.
import { z } from 'zod';
import { AutoAwayMinutesSchema, NotificationRulesSettingSchema, NotificationSettingsSchema, QuietHoursSchema, UserSettingsPatchSchema } from '../../shared/settings';
import { ProfileIdSchema } from '../../shared/protocol/profiles/ids';
import { PresenceStatusSchema, StrictTokenTransportSchema } from '../../shared/types';

export const SETTINGS_SCHEMA_VERSION = 6;

function isWsUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'ws:' || u.protocol === 'wss:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export const ServerUrlSchema = z
  .string()
  .max(2048, 'server URL is too long (2048 characters at most)')
  .refine(isWsUrl, 'server URL must be a ws:// or wss:// address, for example wss://chat.example.com/ws');

export { NotificationSettingsSchema, QuietHoursSchema };

export const PresenceSettingsSchema = z.strictObject({
  autoAwayMinutes: AutoAwayMinutesSchema,
  awayOnScreenLock: z.boolean(),
  /**
   * The status the user last chose (window, tray, or another device), restored
   * at start. Not part of a settings patch: it changes through presence:set only.
   */
  chosen: PresenceStatusSchema,
});

export const WindowBoundsSchema = z.strictObject({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
});

export const SettingsSchema = z.strictObject({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  /** The server of the current sign-in; null when signed out. */
  serverUrl: ServerUrlSchema.nullable(),
  /** The server of the last sign-in, kept after sign-out so the form can offer it again. */
  lastServerUrl: ServerUrlSchema.nullable(),
  tokenTransport: StrictTokenTransportSchema,
  /** Which server family the server is (src/shared/protocol/profiles): how Beacon speaks to it. */
  serverProfile: ProfileIdSchema,
  /** Allow ws:// to hosts other than loopback. */
  allowInsecureHosts: z.boolean(),
  notifications: NotificationSettingsSchema,
  /** The user's notification rules per server type (src/shared/protocol/profiles); a type absent uses its profile's defaults. */
  notificationRules: NotificationRulesSettingSchema,
  presence: PresenceSettingsSchema,
  launchAtLogin: z.boolean(),
  windowBounds: WindowBoundsSchema.nullable(),
  lastOpenThread: z.string().min(1).max(200).nullable(),
});

export type Settings = z.infer<typeof SettingsSchema>;
export type SettingsKey = Exclude<keyof Settings, 'schemaVersion'>;
export type QuietHours = z.infer<typeof QuietHoursSchema>;
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;
export type PresenceSettings = z.infer<typeof PresenceSettingsSchema>;
export type WindowBounds = z.infer<typeof WindowBoundsSchema>;

/**
 * What a caller (the UI over IPC included) may change in one go: any top-level
 * setting; the notifications, quietHours and presence groups may be partial
 * and are merged. Everything else is replaced whole.
 */
export const SettingsPatchSchema = UserSettingsPatchSchema.extend({
  serverUrl: SettingsSchema.shape.serverUrl.optional(),
  lastServerUrl: SettingsSchema.shape.lastServerUrl.optional(),
  tokenTransport: StrictTokenTransportSchema.optional(),
  serverProfile: ProfileIdSchema.optional(),
  windowBounds: WindowBoundsSchema.nullable().optional(),
  lastOpenThread: SettingsSchema.shape.lastOpenThread.optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze<Settings>({
  schemaVersion: SETTINGS_SCHEMA_VERSION,
  serverUrl: null,
  lastServerUrl: null,
  tokenTransport: { kind: 'header' },
  serverProfile: 'beacon-v1',
  allowInsecureHosts: false,
  notifications: {
    enabled: true,
    sound: true,
    showMessageText: true,
    mutedThreads: [],
    quietHours: { enabled: false, start: '22:00', end: '08:00' },
  },
  notificationRules: {},
  presence: { autoAwayMinutes: 10, awayOnScreenLock: true, chosen: 'online' },
  launchAtLogin: false,
  windowBounds: null,
  lastOpenThread: null,
});

export function defaultSettings(): Settings {
  return structuredClone(DEFAULT_SETTINGS) as Settings;
}

/** The same schema as JSON Schema (draft 2020-12), for docs and editors. */
export function settingsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(SettingsSchema) as Record<string, unknown>;
}
