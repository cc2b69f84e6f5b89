import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SessionStatus, TokenTransport } from '../../../shared/types';
import { messageOf } from '../errors';
import { MemoryOnlyNote } from './MemoryOnlyNote';

// The cookie transport (server profiles) is not offered by this form yet.
type TransportKind = Exclude<TokenTransport['kind'], 'cookie'>;

interface Props {
  readonly keychain: SessionStatus['keychain'];
  readonly keychainProblem: SessionStatus['keychainProblem'];
  readonly onSignedIn: (status: SessionStatus) => void;
  /** The server to offer: the last one signed in to, or the one whose token was refused. */
  readonly initialServerUrl?: string | null;
  readonly title?: string;
  readonly hint?: string;
  /** Focus lands here when the form appears (after sign-out, or on a refused token). */
  readonly focusOnMount?: boolean;
}

export function SignInForm({
  keychain,
  keychainProblem,
  onSignedIn,
  initialServerUrl = null,
  title = 'Sign in to a Beacon relay',
  hint = 'Beacon checks the server with your token first and saves it only if the server accepts it.',
  focusOnMount = true,
}: Props): React.JSX.Element {
  const id = useId();
  const [serverUrl, setServerUrl] = useState(initialServerUrl ?? '');
  const urlField = useRef<HTMLInputElement>(null);
  const tokenField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!focusOnMount) return;
    // With the server already filled in, what is left to type is the token.
    (initialServerUrl ? tokenField : urlField).current?.focus();
    // Only when the form appears, not on every keystroke.
  }, []);
  // The token goes from this field to main once, on submit; nothing ever sends it back.
  const [token, setToken] = useState('');
  const [kind, setKind] = useState<TransportKind>('header');
  const [param, setParam] = useState('token');
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const transport: TokenTransport = kind === 'query' ? { kind, param: param.trim() } : { kind };
    setPending(true);
    setProblem(null);
    window.beacon.session
      .signIn({ serverUrl, token, transport })
      .then((result) => {
        if (result.ok) {
          setToken('');
          onSignedIn(result.status);
        } else {
          setProblem(result.message);
        }
      })
      .catch((e: unknown) => setProblem(messageOf(e)))
      .finally(() => setPending(false));
  };

  return (
    <form className="card signin" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h1 id={`${id}-title`}>{title}</h1>
      <p className="hint">{hint}</p>
      {keychain === 'memory-only' && <MemoryOnlyNote problem={keychainProblem} signedIn={false} />}

      <label htmlFor={`${id}-url`}>Server URL</label>
      <input
        id={`${id}-url`}
        ref={urlField}
        name="serverUrl"
        type="text"
        inputMode="url"
        placeholder="wss://relay.example.com/ws"
        autoComplete="url"
        spellCheck={false}
        required
        value={serverUrl}
        onChange={(e) => setServerUrl(e.target.value)}
      />

      <label htmlFor={`${id}-token`}>Access token</label>
      <input
        id={`${id}-token`}
        ref={tokenField}
        name="token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        required
        value={token}
        onChange={(e) => setToken(e.target.value)}
      />

      <label htmlFor={`${id}-transport`}>How the server expects the token</label>
      <select id={`${id}-transport`} name="transport" value={kind} onChange={(e) => setKind(e.target.value as TransportKind)}>
        <option value="header">Authorization header (recommended)</option>
        <option value="query">Query parameter (older servers)</option>
        <option value="subprotocol">WebSocket subprotocol</option>
      </select>

      {kind === 'query' && (
        <>
          <label htmlFor={`${id}-param`}>Query parameter name</label>
          <input
            id={`${id}-param`}
            name="param"
            type="text"
            spellCheck={false}
            value={param}
            onChange={(e) => setParam(e.target.value)}
          />
          <p className="hint">The token will be part of the connection URL, as this server requires.</p>
        </>
      )}

      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}

      <button type="submit" className="button button--primary" disabled={pending || !serverUrl.trim() || !token.trim()}>
        {pending ? 'Checking the server…' : 'Sign in'}
      </button>
    </form>
  );
}
