// Enter sends, Shift+Enter starts a new line. The message shows in the
// timeline through the next batch (pending), so the field clears at once.
import { useState, type KeyboardEvent } from 'react';
import { messageOf } from '../errors';

interface Props {
  readonly threadTitle: string;
  readonly onSend: (body: string) => Promise<void>;
  readonly disabled: boolean;
}

export function Composer({ threadTitle, onSend, disabled }: Props): React.JSX.Element {
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);

  const send = (): void => {
    const text = body;
    if (text.trim() === '') return;
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
        disabled={disabled}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="button button--primary composer__send" disabled={disabled || body.trim() === ''}>
        Send
      </button>
      {error && (
        <p className="problem composer__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
