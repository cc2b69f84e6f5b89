import { describe, expect, it } from 'vitest';
import { draftOf, draftProblems, EMPTY_DRAFT, ruleOf } from './rule-drafts';

describe('rule drafts (the settings screen)', () => {
  it('round-trips every kind of rule, leaving empty parts out', () => {
    for (const rule of [
      { type: 'agent_status', field: 'state', becomes: 'stopped' },
      { type: 'task_update', field: 'action', equals: 'failed' },
      { type: '*.completed', action: 'created', level: 'warning' },
    ] as const) {
      expect(ruleOf(draftOf(rule))).toEqual(rule);
    }
    expect(ruleOf({ ...EMPTY_DRAFT, type: '  agent_status ', action: ' ' })).toEqual({ type: 'agent_status' });
  });

  it('names the input at fault: the value for becomes/equals, the field when a value has none', () => {
    const problems = draftProblems([
      { ...EMPTY_DRAFT, type: 'ok' },
      EMPTY_DRAFT,
      { ...EMPTY_DRAFT, type: 'a', field: 'state' },
      { ...EMPTY_DRAFT, type: 'a', value: 'stopped' },
    ]);
    expect([...problems.keys()]).toEqual([1, 2, 3]);
    expect(problems.get(1)).toEqual({ type: expect.stringMatching(/event type is required/) });
    expect(problems.get(2)).toEqual({ value: expect.stringMatching(/needs a value/) });
    expect(problems.get(3)).toEqual({ field: expect.stringMatching(/need a field/) });
  });
});
