// Signed out: the sign-in form, and a one-click demo for someone who has no
// relay or token yet.
import { useState } from 'react';
import type { SessionStatus } from '../../../shared/types';
import { messageOf } from '../errors';
import { SettingsButton } from '../settings/SettingsButton';
import { SignInForm } from './SignInForm';

interface Props {
  readonly session: SessionStatus;
  readonly onSignedIn: (status: SessionStatus) => void;
}

export function SignedOut({ session, onSignedIn }: Props): React.JSX.Element {
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const startDemo = (): void => {
    setStarting(true);
    setProblem(null);
    window.beacon.demo
      .start()
      .then((result) => (result.ok ? onSignedIn(result.status) : setProblem(result.message)))
      .catch((e: unknown) => setProblem(messageOf(e)))
      .finally(() => setStarting(false));
  };

  return (
    <div className="signed-out">
      <SignInForm
        keychain={session.keychain}
        keychainProblem={session.keychainProblem}
        onSignedIn={onSignedIn}
        initialServerUrl={session.lastServerUrl}
      />
      <section className="card demo" aria-labelledby="demo-title">
        <h2 id="demo-title">No relay yet?</h2>
        <p className="hint">Beacon can start a demo workspace on this computer, with a few people and threads that keep talking.</p>
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        <button type="button" className="button button--primary" onClick={startDemo} disabled={starting}>
          {starting ? 'Starting the demo…' : 'Try the demo workspace'}
        </button>
      </section>
      <p className="signed-out__settings">
        <SettingsButton />
      </p>
    </div>
  );
}
