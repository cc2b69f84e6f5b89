import { useState } from 'react';
import { describeConnection } from '../../shared/ipc/describe';
import type { ConnectionState } from '../../shared/types';
import { messageOf } from './errors';
import { useNow } from './useNow';

interface Props {
  readonly connection: ConnectionState | null;
  readonly signedIn: boolean;
  readonly onState: (state: ConnectionState) => void;
}

export function StatusBar({ connection, signedIn, onState }: Props): React.JSX.Element {
  const now = useNow(connection?.state === 'reconnecting');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const text = connection ? describeConnection(connection, now) : { label: 'Loading…', detail: null, tone: 'idle' as const };
  const canReconnect = signedIn && connection !== null && connection.state !== 'connected';

  const reconnect = (): void => {
    setBusy(true);
    setError(null);
    window.beacon.connection
      .reconnectNow()
      .then(onState)
      .catch((e: unknown) => setError(messageOf(e)))
      .finally(() => setBusy(false));
  };

  return (
    <header className={`status status--${text.tone}`} role="status" aria-live="polite" data-state={connection?.state ?? 'loading'}>
      <span className="status__dot" aria-hidden="true" />
      <span className="status__label" data-testid="connection-label">
        {signedIn || !connection || connection.state !== 'stopped' ? text.label : 'Not signed in'}
      </span>
      {text.detail && <span className="status__detail" data-testid="connection-detail">{text.detail}</span>}
      {error && <span className="status__error">{error}</span>}
      {canReconnect && (
        <button type="button" className="button button--small" onClick={reconnect} disabled={busy}>
          Reconnect now
        </button>
      )}
    </header>
  );
}
