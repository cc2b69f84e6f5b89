// The Activity list: what the server reports that is neither message nor
// notification (an agent's status, a task update, a plugin event), one line per
// agent or task, updated in place, the most recent on top. The level is said
// in words beside its colour.
import type { ActivityItem } from '../../../shared/ipc/server-schemas';
import { useNow } from '../state/useNow';
import { formatTime } from './format';

const LEVEL_TEXT: Readonly<Record<ActivityItem['level'], string>> = {
  info: 'Info',
  success: 'Success',
  warning: 'Warning',
  error: 'Error',
};

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

/** "now", "40 sec. ago", "3 min. ago", "2 hr. ago", else the time of day. */
export function relativeTime(ts: number, now: number): string {
  const s = Math.round((now - ts) / 1000);
  if (s < 10) return 'just now';
  if (s < 60) return relative.format(-s, 'second');
  if (s < 3600) return relative.format(-Math.floor(s / 60), 'minute');
  if (s < 86_400) return relative.format(-Math.floor(s / 3600), 'hour');
  return formatTime(ts);
}

interface Props {
  readonly activity: readonly ActivityItem[];
  /** Show "No activity yet" when empty (a server that reports activity); otherwise nothing is rendered while empty. */
  readonly expected: boolean;
}

export function ActivityPanel({ activity, expected }: Props): React.JSX.Element | null {
  const now = useNow(activity.length > 0, 15_000);
  if (activity.length === 0 && !expected) return null;
  return (
    <aside className="activity" aria-labelledby="activity-heading">
      <h2 id="activity-heading" className="activity__heading">
        Activity
      </h2>
      {activity.length === 0 ? (
        <p className="hint">No activity yet.</p>
      ) : (
        <ul className="activity__list" aria-labelledby="activity-heading">
          {activity.map((line) => (
            <li key={line.key} className={`activity__line activity__line--${line.level}`}>
              <div className="activity__top">
                {/* One line, never broken mid-word ("CLOUD_ASSISTANT"): a long one ends in an ellipsis, its whole text in the tooltip and to screen readers. */}
                <span className="activity__title" title={line.title}>
                  {line.title}
                </span>
                {line.state !== null && <span className="activity__state">{line.state}</span>}
                {line.state === null && line.action !== null && <span className="activity__state">{line.action}</span>}
              </div>
              {line.detail !== null && <p className="activity__detail">{line.detail}</p>}
              <div className="activity__meta">
                <span className={`activity__level activity__level--${line.level}`}>{LEVEL_TEXT[line.level]}</span>
                <time dateTime={new Date(line.ts).toISOString()} title={new Date(line.ts).toLocaleString()}>
                  {relativeTime(line.ts, now)}
                </time>
              </div>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
