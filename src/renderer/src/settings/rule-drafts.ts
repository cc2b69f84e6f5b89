// The rules as the settings screen edits them: every part as text (empty =
// left out), "becomes" or "equals" as a choice beside one value; turned into a
// rule and checked with the shared plain rules before anything is sent.
import type { NotificationRule } from '../../../shared/protocol/profiles/rules';
import { ruleProblems, type RuleDraft } from '../../../shared/settings-rules';

export interface Draft {
  readonly type: string;
  readonly action: string;
  readonly level: string;
  readonly field: string;
  readonly mode: 'becomes' | 'equals';
  readonly value: string;
}

/** The inputs of a rule row, named as the problems name a rule's parts. */
export type DraftPart = 'type' | 'action' | 'level' | 'field' | 'value';

export const EMPTY_DRAFT: Draft = { type: '', action: '', level: '', field: '', mode: 'becomes', value: '' };

export function draftOf(rule: NotificationRule): Draft {
  return {
    type: rule.type,
    action: rule.action ?? '',
    level: rule.level ?? '',
    field: rule.field ?? '',
    mode: rule.equals !== undefined ? 'equals' : 'becomes',
    value: rule.equals ?? rule.becomes ?? '',
  };
}

/** The rule a draft stands for (empty parts left out), as the patch carries it. */
export function ruleOf(d: Draft): RuleDraft {
  const out: { -readonly [K in keyof RuleDraft]: RuleDraft[K] } = { type: d.type.trim() };
  if (d.action.trim() !== '') out.action = d.action.trim();
  if (d.level !== '') out.level = d.level;
  if (d.field !== '') out.field = d.field;
  if (d.value.trim() !== '') out[d.mode] = d.value.trim();
  return out;
}

/** Each draft's problems by input; an empty map when every rule is valid. */
export function draftProblems(drafts: readonly Draft[]): Map<number, Partial<Record<DraftPart, string>>> {
  const out = new Map<number, Partial<Record<DraftPart, string>>>();
  drafts.forEach((d, i) => {
    const problems = ruleProblems(ruleOf(d));
    if (problems.length === 0) return;
    const byPart: Partial<Record<DraftPart, string>> = {};
    for (const p of problems) {
      const part: DraftPart = p.field === 'becomes' || p.field === 'equals' ? 'value' : p.field;
      byPart[part] ??= p.message;
    }
    out.set(i, byPart);
  });
  return out;
}
