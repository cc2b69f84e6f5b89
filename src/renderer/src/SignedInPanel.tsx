import { useState } from 'react';
import type { PresenceStatus, SessionStatus } from '../../shared/types';
import { messageOf } from './errors';
import { MemoryOnlyNote } from './MemoryOnlyNote';
import { PresencePicker } from './PresencePicker';

interface Props {
  readonly session: SessionStatus;
  readonly presence: PresenceStatus | null;
  readonly onPresence: (status: PresenceStatus) => void;
  readonly onSignedOut: (status: SessionStatus) => void;
}

export function SignedInPanel({ session, presence, onPresence, onSignedOut }: Props): React.JSX.Element {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const signOut = (): void => {
    setPending(true);
    setError(null);
    window.beacon.session
      .signOut()
      .then(onSignedOut)
      .catch((e: unknown) => setError(messageOf(e)))
      .finally(() => setPending(false));
  };

  return (
    <section className="card account" aria-label="Account">
      <dl className="facts">
        <dt>Signed in as</dt>
        <dd data-testid="user-id">{session.userId ?? '—'}</dd>
        <dt>Server</dt>
        <dd data-testid="server-url">{session.serverUrl ?? '—'}</dd>
        <dt>Token storage</dt>
        <dd data-testid="keychain-mode">{session.keychain === 'os' ? 'System keychain' : 'Memory only (this session)'}</dd>
      </dl>

      {session.keychain === 'memory-only' && <MemoryOnlyNote problem={session.keychainProblem} signedIn />}

      <PresencePicker presence={presence} onChange={onPresence} />

      {error && <p className="problem" role="alert">{error}</p>}
      <button type="button" className="button" onClick={signOut} disabled={pending}>
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
    </section>
  );
}
