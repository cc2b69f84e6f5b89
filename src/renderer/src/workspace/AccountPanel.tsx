// Who the user is here: name, presence (with the picker), server, settings, sign-out.
import { useState } from 'react';
import type { PresenceStatus, SessionStatus } from '../../../shared/types';
import { messageOf } from '../errors';
import { SettingsButton } from '../settings/SettingsButton';
import { MemoryOnlyNote } from '../signin/MemoryOnlyNote';
import { PresenceDot } from './PresenceDot';
import { PresencePicker } from './PresencePicker';

interface Props {
  readonly session: SessionStatus;
  readonly selfId: string | null;
  readonly presence: PresenceStatus | null;
  readonly onPresence: (status: PresenceStatus) => void;
  readonly onSignedOut: (status: SessionStatus) => void;
  /** The server's name when it shares no presence (the picker then says what the choice still does). */
  readonly noPresenceOn?: string | null;
}

export function AccountPanel({ session, selfId, presence, onPresence, onSignedOut, noPresenceOn = null }: Props): React.JSX.Element {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = selfId ?? session.userId ?? '—';

  const signOut = (): void => {
    setPending(true);
    setError(null);
    window.beacon.session
      .signOut()
      .then(onSignedOut)
      .catch((e: unknown) => {
        setError(messageOf(e));
        setPending(false);
      });
  };

  return (
    <section className="account" aria-label="Account">
      <p className="account__who">
        <PresenceDot status={presence} />
        <span className="account__name">{name}</span>
      </p>
      <p className="account__server" title={session.serverUrl ?? undefined}>
        {session.serverUrl ?? '—'}
        {session.keychain === 'memory-only' ? ' · token in memory only' : ''}
      </p>
      {session.keychain === 'memory-only' && (
        <details className="account__keychain">
          <summary>About the token storage</summary>
          <MemoryOnlyNote problem={session.keychainProblem} signedIn />
        </details>
      )}
      <PresencePicker
        presence={presence}
        onChange={onPresence}
        note={noPresenceOn ? `${noPresenceOn} does not share presence: others do not see this, and Busy still silences notifications.` : null}
      />
      {error && (
        <p className="problem" role="alert">
          {error}
        </p>
      )}
      <div className="account__actions">
        <SettingsButton />
        <button type="button" className="button button--small" onClick={signOut} disabled={pending}>
          {pending ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </section>
  );
}
