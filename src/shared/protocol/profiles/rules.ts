// Notification rules for activity (and other) events, as data: stored in
// settings, edited in the settings screen, defaulted per profile. This file only
// defines their shape; evaluating them is the notification policy's job.
import { z } from 'zod';
import { NOTIFICATION_LEVELS } from '../events';

/** Fields of an activity event a rule may test. */
export const RULE_FIELDS = ['state', 'action', 'level', 'title', 'detail'] as const;

/**
 * "Notify when …". `type` is the server's event type: exact (`agent_status`), or a glob with `*`
 * (`*.completed`). `action` and `level` narrow it. `field` + `becomes`: only when that field of
 * the event changes to this value for the same key (a repeat of the same value does not notify);
 * `field` + `equals`: whenever it has this value. Without field the matching event always notifies.
 */
export const NotificationRuleSchema = z
  .strictObject({
    type: z.string().min(1).max(200),
    action: z.string().min(1).max(200).optional(),
    level: z.enum(NOTIFICATION_LEVELS).optional(),
    field: z.enum(RULE_FIELDS).optional(),
    becomes: z.string().min(1).max(200).optional(),
    equals: z.string().min(1).max(200).optional(),
  })
  .refine((r) => (r.becomes === undefined && r.equals === undefined) || r.field !== undefined, {
    message: 'becomes and equals need a field',
    path: ['field'],
  })
  .refine((r) => r.becomes === undefined || r.equals === undefined, { message: 'use becomes or equals, not both', path: ['equals'] });
export type NotificationRule = z.infer<typeof NotificationRuleSchema>;

export const NotificationRulesSchema = z.array(NotificationRuleSchema).max(200);

/** True when a rule's type pattern (`*` matches any run of characters) names this event type. */
export function ruleTypeMatches(pattern: string, type: string): boolean {
  if (!pattern.includes('*')) return pattern === type;
  const parts = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(type);
}
