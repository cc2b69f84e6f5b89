// Enter sends, Shift+Enter starts a new line. The message shows in the
// timeline through the next batch (pending), so the field clears at once.
// On a server Beacon can only read (end-to-end encrypted, say) the composer is
// read-only and says why, in the server profile's words. A body longer than
// servers take is refused here, before anything is sent.
import { useId, useState, type KeyboardEvent } from 'react';
import { MAX_BODY_CHARS } from '../../../shared/protocol/limits';
import { formatCount, messageOf } from '../errors';

/** The words main's refusal turns into too (errors.ts), so the two never differ. */
const TOO_LONG = `The message is longer than ${formatCount(MAX_BODY_CHARS)} characters.`;

interface Props {
  readonly threadTitle: string;
  readonly onSend: (body: string) => Promise<void>;
  /** No sending yet (the thread is loading). The field stays enabled: disabling it would drop the keyboard focus. */
  readonly disabled: boolean;
  /** Set when the server takes no messages from Beacon: the field is read-only and this says why. */
  readonly readOnlyReason?: string | null;
}

export function Composer({ threadTitle, onSend, disabled, readOnlyReason = null }: Props): React.JSX.Element {
  const noteId = useId();
  const errorId = useId();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);

  const send = (): void => {
    const text = body;
    if (text.trim() === '' || disabled) return;
    if (text.length > MAX_BODY_CHARS) {
      // Kept in the field, so it can be shortened or split.
      setError(`${TOO_LONG} Shorten it, or send it in parts.`);
      return;
    }
    setError(null);
    setBody('');
    onSend(text).catch((e: unknown) => {
      // Nothing was queued: give the text back.
      setBody((now) => (now === '' ? text : now));
      setError(messageOf(e));
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  if (readOnlyReason !== null) {
    return (
      <div className="composer composer--read-only">
        <textarea className="composer__field" aria-label="Message" aria-describedby={noteId} placeholder="Read-only: Beacon cannot send to this server" rows={1} disabled readOnly value="" />
        <p className="hint composer__note" id={noteId} role="note">
          {readOnlyReason}
        </p>
      </div>
    );
  }

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        className="composer__field"
        aria-label="Message"
        placeholder={`Message ${threadTitle} (Enter to send, Shift+Enter for a new line)`}
        rows={2}
        value={body}
        aria-invalid={body.length > MAX_BODY_CHARS}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="button button--primary composer__send" disabled={disabled || body.trim() === ''}>
        Send
      </button>
      {error && (
        <p className="problem composer__error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
