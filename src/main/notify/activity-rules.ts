// Which activity notifies: the rules in effect (the user's for the server
// type, else its profile's defaults) matched against an Activity line and what
// was last seen for its key. Plain functions; the policy remembers and gates.
import { createHash } from 'node:crypto';
import type { ActivityItem } from '../../shared/ipc/server-schemas';
import { RULE_FIELDS, ruleTypeMatches, type NotificationRule } from '../../shared/protocol/profiles/rules';

/** What was seen of a key's line: one short hash per rule field, in RULE_FIELDS order. */
export type Fingerprint = readonly string[];

type RuleField = (typeof RULE_FIELDS)[number];

export function fieldValue(line: ActivityItem, field: RuleField): string | null {
  return line[field];
}

const hash = (value: string | null): string => (value === null ? '' : createHash('sha256').update(value).digest('hex').slice(0, 16));

export function fingerprint(line: ActivityItem): string[] {
  return RULE_FIELDS.map((f) => hash(fieldValue(line, f)));
}

export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Whether one rule asks for this line. `becomes`: the field has that value now and had another
 * (or none: a key seen for the first time) the last time this key was seen; `equals`: it has it.
 */
export function ruleMatches(rule: NotificationRule, line: ActivityItem, previous: Fingerprint | null): boolean {
  if (!ruleTypeMatches(rule.type, line.source)) return false;
  if (rule.action !== undefined && rule.action !== line.action) return false;
  if (rule.level !== undefined && rule.level !== line.level) return false;
  if (rule.field === undefined) return true;
  const value = fieldValue(line, rule.field);
  if (rule.equals !== undefined) return value === rule.equals;
  if (rule.becomes !== undefined) {
    if (value !== rule.becomes) return false;
    const at = RULE_FIELDS.indexOf(rule.field);
    return previous === null || previous[at] !== hash(value);
  }
  return true;
}

/** The first rule that asks for the line, or null. */
export function matchingRule(rules: readonly NotificationRule[], line: ActivityItem, previous: Fingerprint | null): NotificationRule | null {
  return rules.find((r) => ruleMatches(r, line, previous)) ?? null;
}

const MAX_TITLE = 300;
const MAX_BODY = 500;
const clip = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** "CLOUD_ASSISTANT: stopped" over the detail ("Deploy (45%)"). */
export function activityText(line: ActivityItem): { title: string; body: string } {
  const what = line.state ?? line.action;
  const title = what === null ? line.title : `${line.title}: ${what}`;
  return { title: clip(title, MAX_TITLE), body: clip(line.detail ?? (what === null ? line.source : ''), MAX_BODY) };
}

/** The policy's key for a line: one live notification per activity key (within the toast contract's 300 characters). */
export function activityNotificationKey(lineKey: string): string {
  return lineKey.length <= 280 ? `activity:${lineKey}` : `activity:#${createHash('sha256').update(lineKey).digest('hex').slice(0, 40)}`;
}
