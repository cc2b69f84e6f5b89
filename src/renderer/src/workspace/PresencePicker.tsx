import { useState } from 'react';
import { PRESENCE_LABELS } from '../../../shared/ipc/describe';
import type { PresenceStatus } from '../../../shared/types';
import { messageOf } from '../errors';

const CHOICES = Object.keys(PRESENCE_LABELS) as PresenceStatus[];

interface Props {
  readonly presence: PresenceStatus | null;
  readonly onChange: (status: PresenceStatus) => void;
  /** Shown under the choices (a server without presence: what the choice still does). */
  readonly note?: string | null;
}

export function PresencePicker({ presence, onChange, note = null }: Props): React.JSX.Element {
  const [error, setError] = useState<string | null>(null);

  // Shown at once (a radio that lags the click feels broken); put back if main refuses.
  const choose = (status: PresenceStatus): void => {
    const previous = presence;
    setError(null);
    onChange(status);
    window.beacon.presence
      .set(status)
      .then((info) => onChange(info.status))
      .catch((e: unknown) => {
        if (previous) onChange(previous);
        setError(messageOf(e));
      });
  };

  return (
    <fieldset className="presence">
      <legend>Your presence</legend>
      <div className="presence__choices">
        {CHOICES.map((status) => (
          <label key={status} className={`chip chip--${status}${presence === status ? ' chip--on' : ''}`}>
            <input
              type="radio"
              name="presence"
              value={status}
              checked={presence === status}
              onChange={() => choose(status)}
            />
            {PRESENCE_LABELS[status]}
          </label>
        ))}
      </div>
      {note && <p className="hint presence__note">{note}</p>}
      {error && <p className="problem" role="alert">{error}</p>}
    </fieldset>
  );
}
