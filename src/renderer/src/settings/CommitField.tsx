// A typed setting (a time, a number of minutes): the text is checked with the
// shared rules when the person is done with it (Enter or leaving the field),
// and only a valid value is sent. A refused value stays in the field with its
// reason beside it, and the setting keeps what it had.
import { useId, useRef, useState, type InputHTMLAttributes } from 'react';
import type { UserSettingsPatch } from '../../../shared/settings';
import { describedBy, FieldNotes } from './FieldError';
import { useRefocus } from './useRefocus';
import { useApply, type SettingsState } from './useSettings';

interface Props {
  readonly label: string;
  /** The saved value, as text. */
  readonly value: string;
  /** Why this text cannot be saved, or null. */
  readonly problem: (text: string) => string | null;
  readonly toPatch: (text: string) => UserSettingsPatch;
  readonly update: SettingsState['update'];
  readonly hint?: string;
  readonly input?: Pick<InputHTMLAttributes<HTMLInputElement>, 'type' | 'inputMode' | 'min' | 'max' | 'step' | 'placeholder' | 'size'>;
}

export function CommitField({ label, value, problem, toPatch, update, hint, input }: Props): React.JSX.Element {
  const { pending, error, setError, run } = useApply();
  // What the person typed and has not had saved; null shows the saved value (which follows changes from elsewhere).
  const [draft, setDraft] = useState<string | null>(null);
  const refused = useRef<string | null>(null);
  const { ref, mark } = useRefocus<HTMLInputElement>(pending);
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;

  const commit = async (): Promise<void> => {
    if (draft === null || pending || draft === refused.current) return;
    const text = draft.trim();
    if (text === value) {
      setDraft(null);
      setError(null);
      return;
    }
    const why = problem(text);
    refused.current = draft;
    if (why) {
      setError(why);
      return;
    }
    if (await run(() => update(toPatch(text)))) {
      refused.current = null;
      setDraft(null);
    }
  };

  return (
    <div className="settings__field">
      <label htmlFor={id}>{label}</label>
      <input
        {...input}
        ref={ref}
        id={id}
        className="settings__input"
        value={draft ?? value}
        disabled={pending}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId, error)}
        onChange={(e) => {
          setDraft(e.target.value);
          refused.current = null;
        }}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            mark();
            void commit();
          }
          if (e.key === 'Escape' && draft !== null) {
            // Back to the saved value; the dialog stays open.
            e.preventDefault();
            setDraft(null);
            setError(null);
          }
        }}
      />
      <FieldNotes hint={hint} hintId={hintId} errorId={errorId} error={error} />
    </div>
  );
}
