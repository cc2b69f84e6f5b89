// The connection, always in view. Only the stable part (state and reason) is
// in the live region; the countdown, attempt and round trip tick beside it,
// hidden from screen readers, so they hear state changes and nothing else.
import { useState } from 'react';
import { describeConnection, type ConnectionText } from '../../../shared/ipc/describe';
import type { ConnectionState } from '../../../shared/types';
import { failure } from '../errors';
import { useNow } from '../state/useNow';
import { useBridgeLost } from './useBridgeLost';

interface Props {
  readonly connection: ConnectionState | null;
  readonly signedIn: boolean;
  readonly onState: (state: ConnectionState) => void;
}

const LOADING: ConnectionText = { label: 'Loading…', detail: null, tone: 'idle', announce: 'Loading…', ticking: null };
const SIGNED_OUT: ConnectionText = { label: 'Not signed in', detail: null, tone: 'idle', announce: 'Not signed in', ticking: null };
const LOST_TEXT = 'Lost contact with Beacon — reload the page';
const LOST: ConnectionText = { label: LOST_TEXT, detail: null, tone: 'error', announce: LOST_TEXT, ticking: null };

export function StatusBar({ connection, signedIn, onState }: Props): React.JSX.Element {
  const now = useNow(connection?.state === 'reconnecting');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The web preview's bridge is gone: whatever main last said is stale, and no call gets through.
  const lost = useBridgeLost();
  const text = lost ? LOST : !connection ? LOADING : !signedIn && connection.state === 'stopped' ? SIGNED_OUT : describeConnection(connection, now);
  const canReconnect = !lost && signedIn && connection !== null && (connection.state === 'reconnecting' || connection.state === 'offline');
  const rtt = !lost && connection?.state === 'connected' && connection.rttMs !== null ? `Round trip ${Math.round(connection.rttMs)} ms` : undefined;

  const reconnect = (): void => {
    setBusy(true);
    setError(null);
    window.beacon.connection
      .reconnectNow()
      .then(onState)
      .catch((e: unknown) => setError(failure('Beacon could not reconnect.', e)))
      .finally(() => setBusy(false));
  };

  return (
    <header className={`statusbar statusbar--${text.tone}`} title={rtt}>
      <span className="statusbar__dot" aria-hidden="true" />
      <span className="statusbar__label" role="status" aria-label="Connection">
        {text.announce}
      </span>
      {text.ticking && (
        <span className="statusbar__ticking" aria-hidden="true">
          {text.ticking}
        </span>
      )}
      {error && (
        <span className="statusbar__error" role="alert">
          {error}
        </span>
      )}
      {lost && (
        <button type="button" className="button button--small statusbar__action" onClick={() => window.location.reload()}>
          Reload
        </button>
      )}
      {canReconnect && (
        <button type="button" className="button button--small statusbar__action" onClick={reconnect} disabled={busy}>
          Reconnect now
        </button>
      )}
    </header>
  );
}
