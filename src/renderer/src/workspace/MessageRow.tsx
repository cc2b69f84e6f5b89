// One timeline entry: a message (with its sender's presence, and for the
// user's own: pending, delivered or failed with Retry) or a gap marker.
import { memo, useState } from 'react';
import type { TimelineItem } from '../../../shared/ipc/workspace-schemas';
import type { PresenceStatus } from '../../../shared/types';
import { messageOf } from '../errors';
import { formatDay, formatTime } from './format';
import { PresenceDot } from './PresenceDot';

interface Props {
  readonly item: TimelineItem;
  /** The day to announce above this item (the first of its day), else null. */
  readonly dayTs: number | null;
  readonly senderPresence: PresenceStatus | null;
  readonly onRetry: (clientId: string) => Promise<void>;
}

function Delivery({ item, onRetry }: { readonly item: Extract<TimelineItem, { kind: 'message' }>; readonly onRetry: Props['onRetry'] }): React.JSX.Element | null {
  const [retrying, setRetrying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!item.own) return null;
  if (item.delivery === 'pending') return <span className="delivery delivery--pending">Sending…</span>;
  if (item.delivery === 'delivered') return <span className="delivery delivery--delivered">Delivered</span>;
  if (item.delivery !== 'failed') return null;
  const retry = (): void => {
    setRetrying(true);
    setError(null);
    onRetry(item.id)
      .catch((e: unknown) => setError(messageOf(e)))
      .finally(() => setRetrying(false));
  };
  return (
    <span className="delivery delivery--failed">
      <span>Not sent{item.failure ? `: ${item.failure}` : ''}</span>
      <button type="button" className="button button--small" onClick={retry} disabled={retrying}>
        Retry
      </button>
      {error && <span role="alert">{error}</span>}
    </span>
  );
}

export const MessageRow = memo(function MessageRow({ item, dayTs, senderPresence, onRetry }: Props): React.JSX.Element {
  const day = dayTs === null ? null : <div className="day">{formatDay(dayTs)}</div>;
  if (item.kind === 'gap') {
    return (
      <>
        {day}
        <p className="gap">
          Some messages could not be loaded
          <span className="gap__range">
            {' '}
            (#{item.from}
            {item.to !== item.from ? `–${item.to}` : ''})
          </span>
        </p>
      </>
    );
  }
  return (
    <>
      {day}
      <article className={`message${item.own ? ' message--own' : ''}${item.delivery === 'failed' ? ' message--failed' : ''}`}>
        <header className="message__head">
          <PresenceDot status={senderPresence} />
          <span className="message__sender">{item.sender}</span>
          {item.ts !== null && (
            <time className="message__time" dateTime={new Date(item.ts).toISOString()}>
              {formatTime(item.ts)}
            </time>
          )}
          <Delivery item={item} onRetry={onRetry} />
        </header>
        {item.body === null ? (
          <p className="message__body message__body--encrypted">Encrypted message</p>
        ) : (
          <p className="message__body">{item.body}</p>
        )}
      </article>
    </>
  );
});
