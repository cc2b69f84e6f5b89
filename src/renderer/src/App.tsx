import { SignedOut } from './signin/SignedOut';
import { useBeacon } from './state/useBeacon';
import { StatusBar } from './status/StatusBar';
import { Workspace } from './workspace/Workspace';

export function App(): React.JSX.Element {
  const view = useBeacon();
  const { session } = view;

  return (
    <div className="app">
      <StatusBar connection={view.connection} signedIn={session?.signedIn ?? false} onState={view.setConnection} />
      {view.error && (
        <p className="problem app__problem" role="alert">
          {view.error}
        </p>
      )}
      {!view.error && session === null && <p className="hint app__loading">Loading…</p>}
      {session && !session.signedIn && (
        <main className="content">
          <SignedOut session={session} onSignedIn={view.setSession} />
        </main>
      )}
      {session?.signedIn && (
        <Workspace
          key={`${session.serverUrl ?? ''} ${session.userId ?? ''}`}
          session={session}
          connection={view.connection}
          presence={view.presence}
          onPresence={view.setPresence}
          onSession={view.setSession}
        />
      )}
    </div>
  );
}
