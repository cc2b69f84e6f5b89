import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { PROFILE_LABELS } from '../../../shared/protocol/profiles/labels';
import type { SessionStatus, TokenTransport } from '../../../shared/types';
import { messageOf } from '../errors';
import { setDetected } from './detected';
import { MemoryOnlyNote } from './MemoryOnlyNote';
import { isServerTypeChoice, KIND_LABELS, SERVER_TYPES, transportChoices, transportOf, type ServerTypeChoice, type TransportKind } from './server-types';

interface Props {
  readonly keychain: SessionStatus['keychain'];
  readonly keychainProblem: SessionStatus['keychainProblem'];
  readonly onSignedIn: (status: SessionStatus) => void;
  /** The server to offer: the last one signed in to, or the one whose token was refused. */
  readonly initialServerUrl?: string | null;
  /** A fixed heading (e.g. "Sign in again"); absent: the heading names the chosen server type. */
  readonly title?: string;
  readonly hint?: string;
  /** Focus lands here when the form appears (after sign-out, or on a refused token). */
  readonly focusOnMount?: boolean;
  /** The server type and token transport to start from (the current server's, for "Sign in again"). */
  readonly initialServerType?: ServerTypeChoice;
  readonly initialTransport?: TokenTransport | null;
}

/** The form's name, whatever type is chosen: what it is for. */
const FORM_NAME = 'Sign in to a Beacon relay or another server';

/** The heading names the chosen server type; Detect has the neutral one. */
export function signInTitle(choice: ServerTypeChoice): string {
  if (choice === 'detect') return FORM_NAME;
  return choice === 'beacon-v1' ? 'Sign in to a Beacon relay' : `Sign in to ${PROFILE_LABELS[choice]}`;
}

/** The transport choice to start from: the given one when the type allows it, else the type's default. */
function startingTransport(choice: ServerTypeChoice, given: TokenTransport | null | undefined): { kind: TransportKind; param: string; cookie: string } {
  const c = transportChoices(choice);
  const start = { kind: c.defaultKind, param: c.param.name, cookie: c.cookie.name };
  if (!given || !c.kinds.includes(given.kind)) return start;
  if (given.kind === 'query' && !c.param.fixed) return { ...start, kind: 'query', param: given.param ?? c.param.name };
  if (given.kind === 'cookie' && !c.cookie.fixed) return { ...start, kind: 'cookie', cookie: given.name };
  return { ...start, kind: given.kind };
}

export function SignInForm({
  keychain,
  keychainProblem,
  onSignedIn,
  initialServerUrl = null,
  title,
  hint = 'Beacon checks the server with your token first and saves it only if the server accepts it.',
  focusOnMount = true,
  initialServerType = 'detect',
  initialTransport = null,
}: Props): React.JSX.Element {
  const id = useId();
  const [serverUrl, setServerUrl] = useState(initialServerUrl ?? '');
  const urlField = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const tokenField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // With the server already filled in, what is left to type is the token.
    if (focusOnMount) (initialServerUrl ? tokenField : urlField).current?.focus();
    // Then the heading in view too: a form that appears lower in the window ("Sign in again") starts out of sight.
    headingRef.current?.scrollIntoView?.({ block: 'nearest' });
    // Only when the form appears, not on every keystroke.
  }, []);
  // The token goes from this field to main once, on submit; nothing ever sends it back.
  const [token, setToken] = useState('');
  const [serverType, setServerType] = useState<ServerTypeChoice>(initialServerType);
  const choices = transportChoices(serverType);
  const [start] = useState(() => startingTransport(initialServerType, initialTransport));
  const [kind, setKind] = useState<TransportKind>(start.kind);
  const [param, setParam] = useState(start.param);
  const [cookie, setCookie] = useState(start.cookie);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const transport = transportOf(kind, param, cookie);
    setPending(true);
    setProblem(null);
    window.beacon.session
      .signIn({ serverUrl, token, transport, profile: serverType })
      .then((result) => {
        if (result.ok) {
          setToken('');
          // The window replaces this form: it says which server type the check recognised.
          setDetected(serverType === 'detect' && result.profile ? PROFILE_LABELS[result.profile] : null);
          onSignedIn(result.status);
        } else {
          setProblem(result.message);
        }
      })
      .catch((e: unknown) => setProblem(messageOf(e)))
      .finally(() => setPending(false));
  };

  return (
    // A fixed title names the form; otherwise the form keeps one name while its heading follows the type.
    <form className="card signin" onSubmit={submit} {...(title ? { 'aria-labelledby': `${id}-title` } : { 'aria-label': FORM_NAME })} noValidate>
      <h1 id={`${id}-title`} ref={headingRef}>
        {title ?? signInTitle(serverType)}
      </h1>
      <p className="hint">{hint}</p>
      {keychain === 'memory-only' && <MemoryOnlyNote problem={keychainProblem} signedIn={false} />}

      <label htmlFor={`${id}-type`}>Server type</label>
      <select
        id={`${id}-type`}
        name="serverType"
        value={serverType}
        aria-describedby={`${id}-type-hint`}
        onChange={(e) => {
          const next = e.target.value;
          if (!isServerTypeChoice(next)) return;
          // Each server type takes the token its own way: start from its default.
          const c = transportChoices(next);
          setServerType(next);
          setKind(c.defaultKind);
          setParam(c.param.name);
          setCookie(c.cookie.name);
        }}
      >
        {SERVER_TYPES.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </select>
      <p className="hint" id={`${id}-type-hint`}>
        {serverType === 'detect' ? 'Beacon recognises the server from what it sends first, and says which type it picked.' : `Beacon speaks to this server as ${PROFILE_LABELS[serverType]}.`}
      </p>

      <label htmlFor={`${id}-url`}>Server URL</label>
      <input
        id={`${id}-url`}
        ref={urlField}
        name="serverUrl"
        type="text"
        inputMode="url"
        placeholder={choices.urlExample}
        aria-describedby={choices.pathHint ? `${id}-path` : undefined}
        autoComplete="url"
        spellCheck={false}
        required
        value={serverUrl}
        onChange={(e) => setServerUrl(e.target.value)}
      />
      {choices.pathHint && (
        <p className="hint" id={`${id}-path`}>
          The address ends in {choices.pathHint}: put your user id in place of {'{userId}'}.
        </p>
      )}

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
        {choices.kinds.map((k) => (
          <option key={k} value={k}>
            {k === choices.defaultKind ? `${KIND_LABELS[k]} (${serverType === 'detect' ? 'recommended' : 'this server’s default'})` : KIND_LABELS[k]}
          </option>
        ))}
      </select>

      {kind === 'query' && (
        <>
          <label htmlFor={`${id}-param`}>Query parameter name</label>
          <input
            id={`${id}-param`}
            name="param"
            type="text"
            spellCheck={false}
            readOnly={choices.param.fixed}
            value={param}
            onChange={(e) => setParam(e.target.value)}
          />
          <p className="hint">The token will be part of the connection URL, as this server requires.</p>
        </>
      )}

      {kind === 'cookie' && (
        <>
          <label htmlFor={`${id}-cookie`}>Cookie name</label>
          <input
            id={`${id}-cookie`}
            name="cookieName"
            type="text"
            spellCheck={false}
            readOnly={choices.cookie.fixed}
            value={cookie}
            onChange={(e) => setCookie(e.target.value)}
          />
          <p className="hint">The token is sent as this cookie when the connection opens, and nowhere else.</p>
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
