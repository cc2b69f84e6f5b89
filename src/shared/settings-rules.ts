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
