// The rules of the user-facing settings as plain data and checks, without the
// schema library: the renderer's settings screen checks a field with these
// before sending it (the renderer bundle carries no zod; see
// test/security/token-leak.test.ts), and src/shared/settings.ts builds main's
// zod schemas from the same constants, so the two cannot drift apart.

export const HHMM_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
export const HHMM_MESSAGE = 'use 24-hour HH:MM, for example 22:00';

export const AUTO_AWAY_MAX_MINUTES = 720;
export const AUTO_AWAY_MESSAGES = {
  type: 'auto-away must be a number of minutes',
  int: 'whole minutes only',
  min: 'auto-away cannot be negative (0 turns it off)',
  max: `auto-away is at most ${AUTO_AWAY_MAX_MINUTES} minutes (12 hours)`,
} as const;

/** Why a quiet-hours time is refused, or null when it is a valid HH:MM. */
export function quietHoursTimeProblem(value: string): string | null {
  return HHMM_PATTERN.test(value) ? null : HHMM_MESSAGE;
}

/** Why an auto-away value is refused, or null when it is whole minutes 0-720. */
export function autoAwayProblem(value: number): string | null {
  if (typeof value !== 'number' || Number.isNaN(value)) return AUTO_AWAY_MESSAGES.type;
  if (!Number.isInteger(value)) return AUTO_AWAY_MESSAGES.int;
  if (value < 0) return AUTO_AWAY_MESSAGES.min;
  if (value > AUTO_AWAY_MAX_MINUTES) return AUTO_AWAY_MESSAGES.max;
  return null;
}

/** The event fields a notification rule may test (the same list as RULE_FIELDS in protocol/profiles/rules.ts; a test checks). */
export const RULE_FIELD_NAMES = ['state', 'action', 'level', 'title', 'detail'] as const;
export type RuleFieldName = (typeof RULE_FIELD_NAMES)[number];
/** The levels a rule may name (protocol/events NOTIFICATION_LEVELS). */
export const RULE_LEVELS = ['info', 'success', 'warning', 'error'] as const;
export const MAX_RULE_TEXT = 200;
export const MAX_RULES = 200;

export const RULE_MESSAGES = {
  typeRequired: 'the event type is required (for example agent_status, or *.completed)',
  tooLong: `at most ${MAX_RULE_TEXT} characters`,
  emptyText: 'leave it out rather than empty',
  level: `level must be one of ${RULE_LEVELS.join(', ')}`,
  field: `field must be one of ${RULE_FIELD_NAMES.join(', ')}`,
  needsField: 'becomes and equals need a field to test',
  needsValue: 'a field needs a value to become or equal',
  both: 'use becomes or equals, not both',
  tooMany: `at most ${MAX_RULES} rules`,
} as const;

/** A rule as the settings screen holds it (every part optional but the type). */
export interface RuleDraft {
  readonly type: string;
  readonly action?: string | undefined;
  readonly level?: string | undefined;
  readonly field?: string | undefined;
  readonly becomes?: string | undefined;
  readonly equals?: string | undefined;
}

export interface RuleProblem {
  /** The rule's part at fault: type, action, level, field, becomes or equals. */
  readonly field: keyof RuleDraft;
  readonly message: string;
}

function textProblem(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.length === 0) return RULE_MESSAGES.emptyText;
  return value.length > MAX_RULE_TEXT ? RULE_MESSAGES.tooLong : null;
}

/** Why a rule is refused, each naming its part; [] when it is a valid rule. */
export function ruleProblems(rule: RuleDraft): RuleProblem[] {
  const out: RuleProblem[] = [];
  if (rule.type.trim().length === 0) out.push({ field: 'type', message: RULE_MESSAGES.typeRequired });
  else if (rule.type.length > MAX_RULE_TEXT) out.push({ field: 'type', message: RULE_MESSAGES.tooLong });
  for (const part of ['action', 'becomes', 'equals'] as const) {
    const why = textProblem(rule[part]);
    if (why) out.push({ field: part, message: why });
  }
  if (rule.level !== undefined && !(RULE_LEVELS as readonly string[]).includes(rule.level)) out.push({ field: 'level', message: RULE_MESSAGES.level });
  if (rule.field !== undefined && !(RULE_FIELD_NAMES as readonly string[]).includes(rule.field)) out.push({ field: 'field', message: RULE_MESSAGES.field });
  if (rule.becomes !== undefined && rule.equals !== undefined) out.push({ field: 'equals', message: RULE_MESSAGES.both });
  else if ((rule.becomes !== undefined || rule.equals !== undefined) && rule.field === undefined) out.push({ field: 'field', message: RULE_MESSAGES.needsField });
  else if (rule.field !== undefined && rule.becomes === undefined && rule.equals === undefined) out.push({ field: 'becomes', message: RULE_MESSAGES.needsValue });
  return out;
}
