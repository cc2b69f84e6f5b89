// The user-facing settings' shapes, shared by main (which stores them) and the
// renderer's settings screen (which checks a field before sending it). One
// definition: main's full schema and patch are built from these.
import { z } from 'zod';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use 24-hour HH:MM, for example 22:00');

export const QuietHoursSchema = z.strictObject({
  enabled: z.boolean(),
  start: HHMM,
  end: HHMM,
});

export const MAX_MUTED_THREADS = 1000;

export const NotificationSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  sound: z.boolean(),
  /** Show the message body in the notification (off: only who and where). */
  showMessageText: z.boolean(),
  mutedThreads: z.array(z.string().min(1).max(200)).max(MAX_MUTED_THREADS),
  quietHours: QuietHoursSchema,
});

/** Minutes idle before the status becomes away; 0 turns auto-away off. */
export const AutoAwayMinutesSchema = z
  .number({ error: 'auto-away must be a number of minutes' })
  .int('whole minutes only')
  .min(0, 'auto-away cannot be negative (0 turns it off)')
  .max(720, 'auto-away is at most 720 minutes (12 hours)');

/**
 * What the settings screen may change in one go. The groups may be partial and
 * are merged; main's SettingsPatchSchema extends this with what only main sets.
 */
export const UserSettingsPatchSchema = z.strictObject({
  allowInsecureHosts: z.boolean().optional(),
  notifications: NotificationSettingsSchema.extend({ quietHours: QuietHoursSchema.partial() }).partial().optional(),
  presence: z.strictObject({ autoAwayMinutes: AutoAwayMinutesSchema, awayOnScreenLock: z.boolean() }).partial().optional(),
  launchAtLogin: z.boolean().optional(),
});
export type UserSettingsPatch = z.infer<typeof UserSettingsPatchSchema>;
