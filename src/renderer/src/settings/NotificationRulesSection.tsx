// Notification rules for the current server type: which activity (an agent's
// status, a task update) raises a notification. The rules in effect are shown
// (the user's, or the server type's defaults); a row is checked when the person
// is done with a field (Enter, leaving it, a choice made) and the whole list is
// sent only when every rule is valid. "Reset to defaults" drops the user's rules.
import { useEffect, useId, useRef, useState } from 'react';
import type { SettingsView } from '../../../shared/ipc/settings-schemas';
import { RULE_FIELD_NAMES, RULE_LEVELS } from '../../../shared/settings-rules';
import { describedBy, FieldError } from './FieldError';
import { draftOf, draftProblems, EMPTY_DRAFT, ruleOf, type Draft, type DraftPart } from './rule-drafts';
import type { SettingsState } from './useSettings';

interface Props {
  readonly view: SettingsView;
  readonly update: SettingsState['update'];
}

type Problems = ReturnType<typeof draftProblems>;

export function NotificationRulesSection({ view, update }: Props): React.JSX.Element {
  const r = view.notificationRules;
  const saved = JSON.stringify(r.rules);
  const [drafts, setDrafts] = useState<Draft[]>(() => r.rules.map(draftOf));
  const [problems, setProblems] = useState<Problems>(new Map());
  const [refusal, setRefusal] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const focusRow = useRef<number | null>(null);
  const hintId = useId();

  // The saved rules changed (here, or from elsewhere): the rows show them.
  useEffect(() => {
    setDrafts((JSON.parse(saved) as SettingsView['notificationRules']['rules']).map(draftOf));
    setProblems(new Map());
  }, [saved, r.profile]);

  const send = async (patchRules: SettingsView['notificationRules']['rules'] | null): Promise<void> => {
    setPending(true);
    setRefusal(await update({ notificationRules: { [r.profile]: patchRules } }));
    setPending(false);
  };

  /** Checks every row; sends the list when all are valid and it differs from what is saved. */
  const commit = (next: Draft[] = drafts): void => {
    const found = draftProblems(next);
    setProblems(found);
    if (found.size > 0) return;
    const rules = next.map(ruleOf) as SettingsView['notificationRules']['rules'];
    if (JSON.stringify(rules) === saved) return;
    void send(rules);
  };

  const change = (i: number, part: Partial<Draft>, now = false): void => {
    const next = drafts.map((d, at) => (at === i ? { ...d, ...part } : d));
    setDrafts(next);
    if (now) commit(next);
  };

  const remove = (i: number): void => {
    const next = drafts.filter((_, at) => at !== i);
    setDrafts(next);
    commit(next);
  };

  const add = (): void => {
    focusRow.current = drafts.length;
    setDrafts([...drafts, EMPTY_DRAFT]);
  };

  return (
    <fieldset className="settings__group" aria-describedby={hintId}>
      <legend>Notification rules</legend>
      <p id={hintId} className="hint settings__hint">
        For {r.label} servers: an activity event (an agent&apos;s status, a task update) raises a notification when a rule matches it.{' '}
        {r.edited ? 'Your own rules.' : 'The defaults for this server type.'}
      </p>
      {drafts.length === 0 && <p className="hint">No rules: activity raises no notification.</p>}
      {drafts.map((d, i) => (
        <RuleRow
          key={i}
          index={i}
          draft={d}
          problems={problems.get(i) ?? {}}
          autoFocus={focusRow.current === i}
          onChange={(part, now) => change(i, part, now)}
          onCommit={() => commit()}
          onRemove={() => remove(i)}
        />
      ))}
      <div className="settings__row settings__rules-actions">
        <button type="button" className="button button--small" onClick={add}>
          Add rule
        </button>
        <button type="button" className="button button--small" onClick={() => void send(null)} disabled={pending || !r.edited}>
          Reset to defaults
        </button>
      </div>
      <FieldError id={`${hintId}-refusal`} error={refusal} />
    </fieldset>
  );
}

interface RowProps {
  readonly index: number;
  readonly draft: Draft;
  readonly problems: Partial<Record<DraftPart, string>>;
  readonly autoFocus: boolean;
  readonly onChange: (part: Partial<Draft>, now?: boolean) => void;
  readonly onCommit: () => void;
  readonly onRemove: () => void;
}

function RuleRow({ index, draft, problems, autoFocus, onChange, onCommit, onRemove }: RowProps): React.JSX.Element {
  const id = useId();
  const n = index + 1;
  const text = (part: 'type' | 'action' | 'value', label: string, placeholder: string): React.JSX.Element => (
    <div className="settings__field">
      <label htmlFor={`${id}-${part}`}>{label}</label>
      <input
        id={`${id}-${part}`}
        className="settings__input"
        value={draft[part]}
        placeholder={placeholder}
        size={14}
        autoFocus={autoFocus && part === 'type'}
        aria-invalid={problems[part] ? true : undefined}
        aria-describedby={describedBy(null, `${id}-${part}-error`, problems[part] ?? null)}
        onChange={(e) => onChange({ [part]: e.target.value })}
        onBlur={onCommit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onCommit();
        }}
      />
      <FieldError id={`${id}-${part}-error`} error={problems[part] ?? null} />
    </div>
  );
  const choice = (part: 'level' | 'field' | 'mode', label: string, options: readonly (readonly [string, string])[]): React.JSX.Element => (
    <div className="settings__field">
      <label htmlFor={`${id}-${part}`}>{label}</label>
      <select
        id={`${id}-${part}`}
        className="settings__input"
        value={draft[part]}
        aria-invalid={part !== 'mode' && problems[part] ? true : undefined}
        aria-describedby={part === 'mode' ? undefined : describedBy(null, `${id}-${part}-error`, problems[part] ?? null)}
        onChange={(e) => onChange({ [part]: e.target.value }, true)}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {part !== 'mode' && <FieldError id={`${id}-${part}-error`} error={problems[part] ?? null} />}
    </div>
  );
  return (
    <fieldset className="settings__group settings__group--inner settings__rule">
      <legend>Rule {n}</legend>
      <div className="settings__row">
        {text('type', 'Event type', 'agent_status')}
        {text('action', 'Action', 'any')}
        {choice('level', 'Level', [['', 'Any'], ...RULE_LEVELS.map((l) => [l, l] as const)])}
      </div>
      <div className="settings__row">
        {choice('field', 'Field', [['', 'None'], ...RULE_FIELD_NAMES.map((f) => [f, f] as const)])}
        {choice('mode', 'Condition', [
          ['becomes', 'becomes'],
          ['equals', 'equals'],
        ])}
        {text('value', 'Value', 'stopped')}
      </div>
      <button type="button" className="button button--small" onClick={onRemove}>
        Remove rule {n}
      </button>
    </fieldset>
  );
}
