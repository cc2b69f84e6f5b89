// The user-facing settings' shapes, shared by main (which stores them) and the
// renderer's settings screen (which checks a field before sending it). One
// definition: main's full schema and patch are built from these.
import { z } from 'zod';
import { PROFILE_IDS, type ProfileId } from './protocol/profiles/ids';
import {
  AUTO_AWAY_MAX_MINUTES,
  AUTO_AWAY_MESSAGES,
  HHMM_MESSAGE,
  HHMM_PATTERN,
  MAX_RULES,
  RULE_FIELD_NAMES,
  RULE_LEVELS,
  RULE_MESSAGES,
  ruleProblems,
} from './settings-rules';

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

const RuleText = (what: string) => z.string({ error: `${what} must be text` });

/**
 * One notification rule as the user stores it: the shape of the profiles' NotificationRuleSchema
 * (protocol/profiles/rules.ts), checked with the plain rules the settings screen uses, so a
 * refusal names the rule's part ("notificationRules.code-cloud-agents.0.becomes: …").
 */
export const UserNotificationRuleSchema = z
  .strictObject({
    type: RuleText('type'),
    action: RuleText('action').optional(),
    level: z.enum(RULE_LEVELS, { error: RULE_MESSAGES.level }).optional(),
    field: z.enum(RULE_FIELD_NAMES, { error: RULE_MESSAGES.field }).optional(),
    becomes: RuleText('becomes').optional(),
    equals: RuleText('equals').optional(),
  })
  .superRefine((rule, ctx) => {
    for (const p of ruleProblems(rule)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  });
export type UserNotificationRule = z.infer<typeof UserNotificationRuleSchema>;

export const UserNotificationRulesSchema = z.array(UserNotificationRuleSchema, { error: 'rules must be a list' }).max(MAX_RULES, RULE_MESSAGES.tooMany);

function perProfile<T extends z.ZodType>(value: T): z.ZodObject<Record<ProfileId, z.ZodOptional<T>>, z.core.$strict> {
  const shape = Object.fromEntries(PROFILE_IDS.map((id) => [id, value.optional()])) as Record<ProfileId, z.ZodOptional<T>>;
  return z.strictObject(shape);
}

/** The user's notification rules per server type; a type not listed uses its profile's defaults. */
export const NotificationRulesSettingSchema = perProfile(UserNotificationRulesSchema);
export type NotificationRulesSetting = z.infer<typeof NotificationRulesSettingSchema>;

/**
 * What the settings screen may change in one go. The groups may be partial and
 * are merged; main's SettingsPatchSchema extends this with what only main sets.
 */
export const UserSettingsPatchSchema = z.strictObject({
  allowInsecureHosts: z.boolean().optional(),
  notifications: NotificationSettingsSchema.extend({ quietHours: QuietHoursSchema.partial() }).partial().optional(),
  presence: z.strictObject({ autoAwayMinutes: AutoAwayMinutesSchema, awayOnScreenLock: z.boolean() }).partial().optional(),
  launchAtLogin: z.boolean().optional(),
  /** Per server type: the rules to use, or null to go back to the profile's defaults. Merged by type. */
  notificationRules: perProfile(UserNotificationRulesSchema.nullable()).optional(),
});
export type UserSettingsPatch = z.infer<typeof UserSettingsPatchSchema>;
