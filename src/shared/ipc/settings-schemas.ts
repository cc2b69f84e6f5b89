// The settings screen's and the in-window notifications' side of the IPC
// contract: what the window may read and change of the settings, the
// notification policy's decisions shown as toasts (the web preview), and
// main asking the window to show a thread.
import { z } from 'zod';
import { NOTIFICATION_LEVELS } from '../protocol/events';
import { ProfileIdSchema } from '../protocol/profiles/ids';
import { NotificationRulesSchema } from '../protocol/profiles/rules';
import { NotificationSettingsSchema, AutoAwayMinutesSchema } from '../settings';
import { ThreadIdSchema } from './workspace-schemas';

/** Every user-facing setting, plus what the screen shows beside them (keychain, pause). */
export const SettingsViewSchema = z.strictObject({
  notifications: NotificationSettingsSchema,
  presence: z.strictObject({ autoAwayMinutes: AutoAwayMinutesSchema, awayOnScreenLock: z.boolean() }),
  launchAtLogin: z.boolean(),
  allowInsecureHosts: z.boolean(),
  /** Where the token is kept: the OS keychain, or memory only (with the reason, for the person). */
  keychain: z.strictObject({ kind: z.enum(['os', 'memory-only']), problem: z.string().max(1000).nullable() }),
  /** Epoch ms when "Pause notifications" ends; null when not paused. */
  pausedUntil: z.number().nullable(),
  /** The notification rules in effect for the current server type (settings serverProfile). */
  notificationRules: z.strictObject({
    profile: ProfileIdSchema,
    /** "Code Cloud Agents", … */
    label: z.string().max(100),
    /** True when the user's own rules are in effect; false: the profile's defaults. */
    edited: z.boolean(),
    rules: NotificationRulesSchema,
    defaults: NotificationRulesSchema,
  }),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export { UserSettingsPatchSchema } from '../settings';

export const PauseChoiceSchema = z.enum(['30m', '1h', 'tomorrow', 'resume'], {
  error: 'pause must be one of 30m, 1h, tomorrow, resume',
});

/** A notification's key as the policy names it ("thread:<id>", "server", "announcement", …). */
const NotificationKeySchema = z.string({ error: 'notification key must be text' }).min(1, 'notification key is required').max(300);
export const NotificationRef = z.strictObject({ key: NotificationKeySchema });

export const WindowFocusInput = z.strictObject({ focused: z.boolean({ error: 'focused must be true or false' }) });

/** One decision of the notification policy, as the web preview shows it (a toast). */
export const ToastEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.enum(['show', 'replace']),
    key: NotificationKeySchema,
    title: z.string().max(1000),
    body: z.string().max(4000),
    threadId: ThreadIdSchema.nullable(),
    level: z.enum(NOTIFICATION_LEVELS).nullable(),
  }),
  z.strictObject({ kind: z.literal('close'), key: NotificationKeySchema, threadId: ThreadIdSchema.nullable() }),
]);
export type ToastEvent = z.infer<typeof ToastEventSchema>;

/** Main asks the window to show this thread (a notification or tray click, a beacon:// link). */
export const ShowThreadEventSchema = z.strictObject({ threadId: ThreadIdSchema });
