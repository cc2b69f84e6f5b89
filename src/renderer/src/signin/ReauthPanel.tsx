// A refused or expired token while signed in: say why, and offer sign-in
// right here with the server, its type and how the token travels already
// filled in (no dead end at "Reconnect", no trip back to Detect).
import type { ConnectionState, SessionStatus } from '../../../shared/types';
import { describeReason } from '../../../shared/ipc/describe';
import { useCurrentServer } from './current-server';
import { SignInForm } from './SignInForm';

interface Props {
  readonly session: SessionStatus;
  readonly failure: Extract<ConnectionState, { state: 'auth_failed' }>;
  readonly onSignedIn: (status: SessionStatus) => void;
}

export function ReauthPanel({ session, failure, onSignedIn }: Props): React.JSX.Element | null {
  const server = useCurrentServer();
  const why = describeReason(failure.reason);
  // The form starts from the current server's type: wait for it (one snapshot read) rather than start at Detect.
  if (server === undefined) return null;
  return (
    <div className="reauth">
      <SignInForm
        keychain={session.keychain}
        keychainProblem={session.keychainProblem}
        onSignedIn={onSignedIn}
        initialServerUrl={session.serverUrl}
        initialServerType={server?.profile ?? 'detect'}
        initialTransport={server?.transport ?? null}
        title={failure.forbidden ? 'Access refused: sign in with another token' : 'Sign in again'}
        hint={`${why.charAt(0).toUpperCase()}${why.slice(1)}. Paste a new token for this server to carry on where you left off.`}
      />
    </div>
  );
}
