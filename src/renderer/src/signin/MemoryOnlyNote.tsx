// The note shown while tokens are kept in memory only. Main's `keychainProblem`
// is complete (what happened and what it means for the sign-in), so the
// headline states only the fact: the keychain may be broken, or switched off
// on purpose, and only main knows which.
interface Props {
  readonly problem: string | null;
  /** Signed in: the token is already held; on the sign-in form it will be. */
  readonly signedIn: boolean;
}

export function MemoryOnlyNote({ problem, signedIn }: Props): React.JSX.Element {
  return (
    <div className="warning" role="note">
      <p>
        <strong>
          {signedIn ? 'Your token is kept in memory for this session only.' : 'Beacon will keep your token in memory for this session only.'}
        </strong>
        {!problem && ' You will need to sign in again after Beacon restarts.'}
      </p>
      {problem && <p className="warning__detail">{problem}</p>}
    </div>
  );
}
