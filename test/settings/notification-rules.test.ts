// Settings v6 notificationRules: the user's rules per server type, merged by
// type, null back to the defaults, every bad rule refused with a message naming
// the rule's part; and the renderer's plain checks agree with main's schemas.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, openConfSettings, SettingsValidationError } from '../../src/main/settings';
import { NOTIFICATION_LEVELS } from '../../src/shared/protocol/events';
import { NotificationRuleSchema, RULE_FIELDS } from '../../src/shared/protocol/profiles/rules';
import { availableProfiles } from '../../src/shared/protocol/profiles';
import { UserNotificationRuleSchema } from '../../src/shared/settings';
import { RULE_FIELD_NAMES, RULE_LEVELS, ruleProblems, type RuleDraft } from '../../src/shared/settings-rules';

let dir: string;
let lines: string[];
const log = { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`) };
const open = () => openConfSettings({ dir, log });
const file = () => join(dir, 'config.json');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'beacon-rules-'));
  lines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const STOPPED = { type: 'agent_status', field: 'state', becomes: 'stopped' } as const;

describe('notificationRules in settings', () => {
  it('starts empty (every server type uses its defaults), keeps rules per type across a restart, and null goes back to the defaults', () => {
    const s = open();
    expect(s.get('notificationRules')).toEqual({});
    s.update({ notificationRules: { 'code-cloud-agents': [STOPPED, { type: '*.completed' }] } });
    s.update({ notificationRules: { agentcmd: [] } });
    // Merged by server type: the second patch kept the first type's rules.
    expect(open().get('notificationRules')).toEqual({ 'code-cloud-agents': [STOPPED, { type: '*.completed' }], agentcmd: [] });
    s.update({ notificationRules: { 'code-cloud-agents': null } });
    expect(open().get('notificationRules')).toEqual({ agentcmd: [] });
  });

  it.each([
    [{ type: '' }, /notificationRules\.code-cloud-agents\.0\.type: the event type is required/],
    [{ type: 'agent_status', becomes: 'stopped' }, /notificationRules\.code-cloud-agents\.0\.field: becomes and equals need a field/],
    [{ type: 'agent_status', field: 'state', becomes: 'stopped', equals: 'idle' }, /\.0\.equals: use becomes or equals, not both/],
    [{ type: 'agent_status', field: 'mood', becomes: 'happy' }, /\.0\.field: field must be one of state, action, level, title, detail/],
    [{ type: 'agent_status', level: 'loud' }, /\.0\.level: level must be one of info, success, warning, error/],
    [{ type: 'agent_status', field: 'state' }, /\.0\.becomes: a field needs a value/],
    [{ type: 'agent_status', action: '' }, /\.0\.action: leave it out rather than empty/],
    [{ type: 'x'.repeat(201) }, /\.0\.type: at most 200 characters/],
    [{ type: 'agent_status', colour: 'red' }, /unknown setting "colour" in notificationRules\.code-cloud-agents\.0/],
  ])('refuses %j, naming the part, and changes nothing', (rule, message) => {
    const s = open();
    s.update({ notificationRules: { 'code-cloud-agents': [STOPPED] } });
    const before = readFileSync(file(), 'utf8');
    expect(() => s.update({ notificationRules: { 'code-cloud-agents': [rule as never] } })).toThrow(message);
    expect(() => s.update({ notificationRules: { 'code-cloud-agents': [rule as never] } })).toThrow(SettingsValidationError);
    expect(s.get('notificationRules')).toEqual({ 'code-cloud-agents': [STOPPED] });
    expect(readFileSync(file(), 'utf8')).toBe(before);
  });

  it('refuses a server type that does not exist; a file naming one keeps the rest', () => {
    const s = open();
    expect(() => s.update({ notificationRules: { irc: [STOPPED] } as never })).toThrow(/unknown setting "irc" in notificationRules/);
    writeFileSync(file(), JSON.stringify({ ...defaultSettings(), notificationRules: { irc: [STOPPED], 'code-cloud-agents': [STOPPED] } }));
    expect(open().get('notificationRules')).toEqual({ 'code-cloud-agents': [STOPPED] });
    expect(lines.some((l) => l.includes('dropped unknown settings: notificationRules.irc'))).toBe(true);
  });
});

describe('the settings screen and main check rules alike', () => {
  it('names the same fields and levels as the profiles', () => {
    expect([...RULE_FIELD_NAMES]).toEqual([...RULE_FIELDS]);
    expect([...RULE_LEVELS]).toEqual([...NOTIFICATION_LEVELS]);
  });

  const samples: RuleDraft[] = [
    { type: 'agent_status' },
    { type: '*.completed', action: 'created', level: 'warning' },
    { type: 'agent_status', field: 'state', becomes: 'stopped' },
    { type: 'task_update', field: 'action', equals: 'failed' },
    { type: '' },
    { type: ' ' },
    { type: 'a', becomes: 'x' },
    { type: 'a', field: 'state', becomes: 'x', equals: 'y' },
    { type: 'a', field: 'nope', equals: 'y' },
    { type: 'a', level: 'loud' },
    { type: 'a', action: '' },
    { type: 'a', field: 'state', becomes: '' },
  ];
  it.each(samples)('%j: the plain check, main\'s schema and the profiles\' schema agree', (rule) => {
    const plain = ruleProblems(rule).length === 0;
    expect(UserNotificationRuleSchema.safeParse(rule).success).toBe(plain);
    // Whatever the user may store is a rule the profiles' schema takes too.
    if (plain) expect(NotificationRuleSchema.safeParse(rule).success).toBe(true);
  });

  it('every profile\'s default rules pass the user\'s check (Reset to defaults shows them as valid rules)', () => {
    for (const p of availableProfiles()) for (const r of p.notificationRules) expect(ruleProblems(r)).toEqual([]);
  });
});
