// "Pause notifications" in the sidebar: 30 minutes, an hour, until tomorrow
// 08:00, or resume; while paused, a line says until when. The same pause as
// the tray's (main holds it; settings:changed follows either).
import { useId } from 'react';
import { usePause, type PauseApi, type PauseChoice } from '../state/usePause';
import { dayOf, formatTime } from './format';

const CHOICES: ReadonlyArray<readonly [PauseChoice, string]> = [
  ['30m', 'For 30 minutes'],
  ['1h', 'For 1 hour'],
  ['tomorrow', 'Until tomorrow 08:00'],
];

function isChoice(value: string): value is PauseChoice {
  return value === 'resume' || CHOICES.some(([c]) => c === value);
}

export function pausedText(until: number, now = Date.now()): string {
  return `Notifications paused until ${formatTime(until)}${dayOf(until) === dayOf(now) ? '' : ' tomorrow'}`;
}

export function PauseControl({ api }: { readonly api: PauseApi }): React.JSX.Element {
  const id = useId();
  const { pausedUntil, error, choose } = usePause(api);
  return (
    <div className="pause">
      <label className="pause__label" htmlFor={id}>
        Pause notifications
      </label>
      <select
        id={id}
        className="pause__select"
        value=""
        onChange={(e) => {
          if (isChoice(e.target.value)) choose(e.target.value);
        }}
      >
        <option value="" disabled>
          {pausedUntil === null ? 'Choose…' : 'Change…'}
        </option>
        {CHOICES.map(([choice, label]) => (
          <option key={choice} value={choice}>
            {label}
          </option>
        ))}
        {pausedUntil !== null && <option value="resume">Resume now</option>}
      </select>
      {/* Always there, so the line is announced when a pause starts (here or from the tray). */}
      <p className="pause__status" role="status" aria-label="Notification pause">
        {pausedUntil !== null && pausedText(pausedUntil)}
      </p>
      {pausedUntil !== null && (
        <button type="button" className="button button--small pause__resume" onClick={() => choose('resume')}>
          Resume notifications
        </button>
      )}
      {error && (
        <p className="problem" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
