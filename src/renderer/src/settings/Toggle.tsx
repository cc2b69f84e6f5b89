// A setting that is on or off: applied the moment it is clicked, disabled
// until main has answered, showing the new state meanwhile.
import { useId, useState } from 'react';
import type { UserSettingsPatch } from '../../../shared/settings';
import { describedBy, FieldNotes } from './FieldError';
import { useRefocus } from './useRefocus';
import { useApply, type SettingsState } from './useSettings';

interface Props {
  readonly label: string;
  readonly checked: boolean;
  readonly toPatch: (checked: boolean) => UserSettingsPatch;
  readonly update: SettingsState['update'];
  readonly hint?: string;
}

export function Toggle({ label, checked, toPatch, update, hint }: Props): React.JSX.Element {
  const { pending, error, run } = useApply();
  const [wanted, setWanted] = useState<boolean | null>(null);
  const { ref, mark } = useRefocus<HTMLInputElement>(pending);
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const change = (value: boolean): void => {
    mark();
    setWanted(value);
    void run(() => update(toPatch(value))).finally(() => setWanted(null));
  };
  return (
    <div className="settings__field">
      <label className="settings__check">
        <input
          ref={ref}
          type="checkbox"
          checked={pending && wanted !== null ? wanted : checked}
          disabled={pending}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(hintId, errorId, error)}
          onChange={(e) => change(e.target.checked)}
        />
        {label}
      </label>
      <FieldNotes hint={hint} hintId={hintId} errorId={errorId} error={error} />
    </div>
  );
}
