import { SignedInPanel } from './SignedInPanel';
import { SignInForm } from './SignInForm';
import { StatusBar } from './StatusBar';
import { useBeacon } from './useBeacon';

export function App(): React.JSX.Element {
  const view = useBeacon();
  const { session } = view;

  return (
    <div className="app">
      <StatusBar connection={view.connection} signedIn={session?.signedIn ?? false} onState={view.setConnection} />
      <main className="content">
        {view.error && (
          <p className="problem" role="alert">
            {view.error}
          </p>
        )}
        {!view.error && session === null && <p className="hint">Loading…</p>}
        {session && !session.signedIn && <SignInForm keychain={session.keychain} keychainProblem={session.keychainProblem} onSignedIn={view.setSession} />}
        {session?.signedIn && (
          <SignedInPanel
            session={session}
            presence={view.presence}
            onPresence={view.setPresence}
            onSignedOut={view.setSession}
          />
        )}
      </main>
    </div>
  );
}
