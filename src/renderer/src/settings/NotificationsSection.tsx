// Notifications: on/off, sound, message text, the pause (set from the tray),
// muted threads and quiet hours.
import { useState } from 'react';
import type { SettingsView } from '../../../shared/ipc/settings-schemas';
import { quietHoursTimeProblem } from '../../../shared/settings-rules';
import { messageOf } from '../errors';
import { formatTime } from '../workspace/format';
import { CommitField } from './CommitField';
import { MutedThreads } from './MutedThreads';
import { quietHoursHint } from '../../../shared/quiet-hours';
import { Toggle } from './Toggle';
import type { SettingsState } from './useSettings';

interface Props {
  readonly view: SettingsView;
  readonly update: SettingsState['update'];
  readonly adopt: SettingsState['adopt'];
}

const TIME_INPUT = { type: 'text', inputMode: 'numeric', placeholder: 'HH:MM', size: 6 } as const;

export function NotificationsSection({ view, update, adopt }: Props): React.JSX.Element {
  const n = view.notifications;
  return (
    <fieldset className="settings__group">
      <legend>Notifications</legend>
      <Toggle label="Show notifications" checked={n.enabled} update={update} toPatch={(enabled) => ({ notifications: { enabled } })} />
      <Paused until={view.pausedUntil} adopt={adopt} />
      <Toggle label="Play a sound" checked={n.sound} update={update} toPatch={(sound) => ({ notifications: { sound } })} />
      <Toggle
        label="Show message text"
        hint="Off: a notification says only who wrote and where."
        checked={n.showMessageText}
        update={update}
        toPatch={(showMessageText) => ({ notifications: { showMessageText } })}
      />
      <MutedThreads ids={n.mutedThreads} update={update} />
      <fieldset className="settings__group settings__group--inner">
        <legend>Quiet hours</legend>
        <Toggle
          label="No notifications during quiet hours"
          checked={n.quietHours.enabled}
          update={update}
          toPatch={(enabled) => ({ notifications: { quietHours: { enabled } } })}
        />
        <div className="settings__row">
          <CommitField
            label="Start"
            value={n.quietHours.start}
            input={TIME_INPUT}
            problem={quietHoursTimeProblem}
            update={update}
            toPatch={(start) => ({ notifications: { quietHours: { start } } })}
          />
          <CommitField
            label="End"
            value={n.quietHours.end}
            input={TIME_INPUT}
            problem={quietHoursTimeProblem}
            update={update}
            toPatch={(end) => ({ notifications: { quietHours: { end } } })}
          />
        </div>
        {/* What the saved times mean (start === end: none at all), said again when they change. */}
        {n.quietHours.enabled && (
          <p className="hint settings__hint" role="status">
            {quietHoursHint(n.quietHours)}
          </p>
        )}
      </fieldset>
    </fieldset>
  );
}

/** "Paused until 14:30" with Resume, while the tray's pause runs. */
function Paused({ until, adopt }: { readonly until: number | null; readonly adopt: SettingsState['adopt'] }): React.JSX.Element | null {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (until === null) return null;
  const resume = (): void => {
    setPending(true);
    setError(null);
    window.beacon.notifications
      .pause('resume')
      .then(adopt)
      .catch((e: unknown) => setError(messageOf(e)))
      .finally(() => setPending(false));
  };
  return (
    <div className="settings__field settings__paused">
      <p role="status">Paused until {formatTime(until)}</p>
      <button type="button" className="button button--small" onClick={resume} disabled={pending}>
        Resume notifications
      </button>
      {error && (
        <p className="problem settings__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
