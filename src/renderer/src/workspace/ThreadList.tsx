// The threads, most recent activity first, with a filter box. Each button is
// named by its title plus its unread count, so a screen reader (and a test)
// hears "Deploys, 2 unread". On servers whose threads are channels the user
// names (agentcmd `session:123`), a "Follow" form adds one and each thread can
// be unfollowed. Below the heading: the server's type ("Detected: …" after
// detection).
import { useId, useState, type FormEvent, type Ref } from 'react';
import type { ServerInfo } from '../../../shared/ipc/server-schemas';
import type { ThreadView } from '../../../shared/ipc/workspace-schemas';
import { messageOf } from '../errors';
import { useDetected } from '../signin/detected';
import { useServerInfo } from './server-info';

interface Props {
  readonly threads: readonly ThreadView[];
  readonly openThreadId: string | null;
  readonly onOpen: (threadId: string) => void;
  /** The heading takes focus after sign-in. */
  readonly headingRef?: Ref<HTMLHeadingElement>;
}

export function threadLabel(thread: ThreadView): string {
  const parts = [thread.title];
  if (thread.unread > 0) parts.push(`${thread.unread} unread`);
  if (thread.muted) parts.push('muted');
  return parts.join(', ');
}

export function matches(thread: ThreadView, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  return f === '' || thread.title.toLowerCase().includes(f) || thread.id.toLowerCase().includes(f);
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Follow a channel": the name, a Follow button, and what went wrong, inline. */
function FollowForm({ follow, onFollowed }: { readonly follow: NonNullable<ServerInfo['follow']>; readonly onFollowed: (threadId: string) => void }): React.JSX.Element {
  const id = useId();
  const [name, setName] = useState('');
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const threadId = name.trim();
    if (threadId === '') return;
    setPending(true);
    setProblem(null);
    window.beacon.thread
      .follow({ threadId, follow: true })
      .then(() => {
        setName('');
        onFollowed(threadId);
      })
      .catch((e: unknown) => setProblem(messageOf(e)))
      .finally(() => setPending(false));
  };
  return (
    <form className="threads__follow" onSubmit={submit} aria-label={`Follow a ${follow.noun}`} noValidate>
      <label htmlFor={`${id}-name`}>{capitalized(follow.noun)}</label>
      <input
        id={`${id}-name`}
        type="text"
        spellCheck={false}
        autoComplete="off"
        placeholder={follow.example}
        value={name}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="button button--small" disabled={pending || name.trim() === ''}>
        Follow
      </button>
      {problem && (
        <p className="problem threads__follow-problem" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

export function ThreadList({ threads, openThreadId, onOpen, headingRef }: Props): React.JSX.Element {
  const id = useId();
  const [filter, setFilter] = useState('');
  const [unfollowProblem, setUnfollowProblem] = useState<string | null>(null);
  const server = useServerInfo();
  const detected = useDetected();
  const shown = threads.filter((t) => matches(t, filter));
  const follow = server?.follow ?? null;
  const unfollow = (threadId: string): void => {
    setUnfollowProblem(null);
    window.beacon.thread.follow({ threadId, follow: false }).catch((e: unknown) => setUnfollowProblem(messageOf(e)));
  };
  return (
    <nav className="threads" aria-label="Threads">
      <h2 className="threads__heading" ref={headingRef} tabIndex={-1}>
        Threads
      </h2>
      {server && (
        <p className="hint threads__server" role="status">
          {detected === server.label ? `Detected: ${server.label}` : server.label}
        </p>
      )}
      {follow && <FollowForm follow={follow} onFollowed={onOpen} />}
      {unfollowProblem && (
        <p className="problem" role="alert">
          {unfollowProblem}
        </p>
      )}
      <input
        type="text"
        className="threads__filter"
        aria-label="Filter threads"
        placeholder="Filter threads"
        spellCheck={false}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        onKeyDown={(e) => {
          // Enter opens the first match: filter, Enter, read.
          const first = shown[0];
          if (e.key === 'Enter' && first) onOpen(first.id);
        }}
      />
      {threads.length === 0 && <p className="hint threads__empty">{follow ? `No ${follow.noun}s followed yet.` : 'No threads yet.'}</p>}
      {threads.length > 0 && shown.length === 0 && <p className="hint threads__empty">No thread matches “{filter.trim()}”.</p>}
      <ul className="threads__list">
        {shown.map((thread, index) => (
          <li key={thread.id} className={follow ? 'threads__followed' : undefined}>
            <button
              type="button"
              className={`thread${thread.id === openThreadId ? ' thread--open' : ''}${thread.unread > 0 ? ' thread--unread' : ''}${thread.muted ? ' thread--muted' : ''}`}
              aria-label={threadLabel(thread)}
              aria-describedby={thread.preview ? `${id}-${index}` : undefined}
              aria-current={thread.id === openThreadId ? 'page' : undefined}
              onClick={() => onOpen(thread.id)}
            >
              <span className="thread__title">{thread.title}</span>
              {thread.unread > 0 && <span className="thread__unread">{thread.unread > 999 ? '999+' : thread.unread}</span>}
              {thread.preview && (
                <span className="thread__preview" id={`${id}-${index}`}>
                  {thread.preview}
                </span>
              )}
            </button>
            {follow && (
              <button type="button" className="button button--small threads__unfollow" aria-label={`Unfollow ${thread.title}`} onClick={() => unfollow(thread.id)}>
                Unfollow
              </button>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
