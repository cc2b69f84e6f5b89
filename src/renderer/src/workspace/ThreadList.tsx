// The threads, most recent activity first, with a filter box. Each button is
// named by its title plus its unread count, so a screen reader (and a test)
// hears "Deploys, 2 unread". On servers whose threads are channels the user
// names (agentcmd `session:123`), a "Follow" form adds one and each thread can
// be unfollowed. Below the heading: the server's type ("Detected: …" after
// detection). Unfollowing moves the focus to the thread that took its place
// (or the one before; the channel field when none is left).
import { useEffect, useId, useRef, useState, type FormEvent, type Ref, type RefObject } from 'react';
import type { ServerInfo } from '../../../shared/ipc/server-schemas';
import type { ThreadView } from '../../../shared/ipc/workspace-schemas';
import { failure, messageOf } from '../errors';
import { useDetected } from '../signin/detected';
import { useServerInfo } from './server-info';

interface Props {
  readonly threads: readonly ThreadView[];
  readonly openThreadId: string | null;
  readonly onOpen: (threadId: string) => void;
  /** False while the workspace is (re)loading: the list may be empty only for now. */
  readonly ready?: boolean;
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
interface FollowProps {
  readonly follow: NonNullable<ServerInfo['follow']>;
  readonly onFollowed: (threadId: string) => void;
  readonly inputRef: RefObject<HTMLInputElement | null>;
}

function FollowForm({ follow, onFollowed, inputRef }: FollowProps): React.JSX.Element {
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
        ref={inputRef}
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

export function ThreadList({ threads, openThreadId, onOpen, ready = true, headingRef }: Props): React.JSX.Element {
  const id = useId();
  const [filter, setFilter] = useState('');
  const [unfollowProblem, setUnfollowProblem] = useState<string | null>(null);
  const server = useServerInfo();
  const detected = useDetected();
  const shown = threads.filter((t) => matches(t, filter));
  const follow = server?.follow ?? null;
  const list = useRef<HTMLUListElement>(null);
  const followInput = useRef<HTMLInputElement>(null);
  const filterInput = useRef<HTMLInputElement>(null);
  /** The thread being unfollowed from the keyboard focus, and where it was in the list. */
  const leaving = useRef<{ readonly threadId: string; readonly index: number } | null>(null);

  // Once it is gone from the list, the focus (which went with its button) goes to its neighbour.
  useEffect(() => {
    const gone = leaving.current;
    // Unfollowing reloads the workspace: wait for the list that follows.
    if (!gone || !ready || threads.some((t) => t.id === gone.threadId)) return;
    leaving.current = null;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>(':scope > li > button:first-child') ?? [];
    const next = buttons[Math.min(gone.index, buttons.length - 1)];
    (next ?? followInput.current ?? filterInput.current)?.focus();
  }, [threads, ready]);

  const unfollow = (thread: ThreadView, index: number): void => {
    setUnfollowProblem(null);
    leaving.current = { threadId: thread.id, index };
    window.beacon.thread.follow({ threadId: thread.id, follow: false }).catch((e: unknown) => {
      leaving.current = null;
      setUnfollowProblem(failure(`${thread.title} was not unfollowed.`, e));
    });
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
      {follow && <FollowForm follow={follow} onFollowed={onOpen} inputRef={followInput} />}
      {unfollowProblem && (
        <p className="problem" role="alert">
          {unfollowProblem}
        </p>
      )}
      <input
        ref={filterInput}
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
      <ul className="threads__list" ref={list}>
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
              <button type="button" className="button button--small threads__unfollow" aria-label={`Unfollow ${thread.title}`} onClick={() => unfollow(thread, index)}>
                Unfollow
              </button>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
