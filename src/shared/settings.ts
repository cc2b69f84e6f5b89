// The user-facing settings' shapes, shared by main (which stores them) and the
// renderer's settings screen (which checks a field before sending it). One
// definition: main's full schema and patch are built from these.
import { z } from 'zod';
import { AUTO_AWAY_MAX_MINUTES, AUTO_AWAY_MESSAGES, HHMM_MESSAGE, HHMM_PATTERN } from './settings-rules';

const HHMM = z.string().regex(HHMM_PATTERN, HHMM_MESSAGE);

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
  .number({ error: AUTO_AWAY_MESSAGES.type })
  .int(AUTO_AWAY_MESSAGES.int)
  .min(0, AUTO_AWAY_MESSAGES.min)
  .max(AUTO_AWAY_MAX_MINUTES, AUTO_AWAY_MESSAGES.max);

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
