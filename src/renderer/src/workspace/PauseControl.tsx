// "Pause notifications" in the sidebar: 30 minutes, an hour, until tomorrow
// 08:00, or resume; while paused, a line says until when. The same pause as
// the tray's (main holds it; settings:changed follows either).
// A menu button, not a <select>: a select fires on every arrow key, so moving
// through its options paused at once. Here the arrows only move; Enter, Space
// or a click on an item chooses it, Escape or Tab leaves without choosing.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { usePause, type PauseApi, type PauseChoice } from '../state/usePause';
import { dayOf, formatTime } from './format';

const CHOICES: ReadonlyArray<readonly [PauseChoice, string]> = [
  ['30m', 'For 30 minutes'],
  ['1h', 'For 1 hour'],
  ['tomorrow', 'Until tomorrow 08:00'],
];

export function pausedText(until: number, now = Date.now()): string {
  return `Notifications paused until ${formatTime(until)}${dayOf(until) === dayOf(now) ? '' : ' tomorrow'}`;
}

/** Where focus goes when the menu opens: the first item, or the last (ArrowUp). */
type Opening = 'first' | 'last';

export function PauseControl({ api }: { readonly api: PauseApi }): React.JSX.Element {
  const id = useId();
  const { pausedUntil, error, choose } = usePause(api);
  const [open, setOpen] = useState<Opening | null>(null);
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<Array<HTMLButtonElement | null>>([]);
  const choices: ReadonlyArray<readonly [PauseChoice, string]> = pausedUntil === null ? CHOICES : [...CHOICES, ['resume', 'Resume now']];

  // Opening puts focus on an item (roving: only the active one is in the tab order).
  useEffect(() => {
    if (open === null) return;
    const at = open === 'first' ? 0 : choices.length - 1;
    setActive(at);
    items.current[at]?.focus();
    // Only when it opens (not as choices change): the arrows move focus themselves.
  }, [open]);

  const close = (refocus: boolean): void => {
    setOpen(null);
    if (refocus) button.current?.focus();
  };

  const pick = (choice: PauseChoice): void => {
    close(true);
    choose(choice);
  };

  const move = (to: number): void => {
    const at = (to + choices.length) % choices.length;
    setActive(at);
    items.current[at]?.focus();
  };

  const onButtonKey = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>): void => {
    // Alt+arrows and the like stay the window's (moving between threads).
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case 'ArrowDown':
        move(active + 1);
        break;
      case 'ArrowUp':
        move(active - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(choices.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        // Leaves the menu the usual way, without choosing.
        close(false);
        return;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div className="pause">
      <div className="pause__anchor">
        <button
          type="button"
          ref={button}
          className="button button--small pause__button"
          aria-haspopup="menu"
          aria-expanded={open !== null}
          aria-controls={open !== null ? `${id}-menu` : undefined}
          onClick={() => (open === null ? setOpen('first') : close(false))}
          onKeyDown={onButtonKey}
        >
          Pause notifications
        </button>
        {open !== null && (
          <ul
            className="pause__menu"
            id={`${id}-menu`}
            role="menu"
            aria-label="Pause notifications"
            onKeyDown={onMenuKey}
            onBlur={(event) => {
              // Focus left the menu (a click elsewhere): close it, leaving focus where it went.
              const next = event.relatedTarget as Node | null;
              if (!event.currentTarget.contains(next) && next !== button.current) close(false);
            }}
          >
            {choices.map(([choice, label], i) => (
              <li key={choice} role="none">
                <button
                  type="button"
                  role="menuitem"
                  className="pause__item"
                  tabIndex={i === active ? 0 : -1}
                  ref={(el) => {
                    items.current[i] = el;
                  }}
                  onClick={() => pick(choice)}
                >
                  {label}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
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
