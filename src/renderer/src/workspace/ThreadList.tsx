// The threads, most recent activity first, with a filter box. Each button is
// named by its title plus its unread count, so a screen reader (and a test)
// hears "Deploys, 2 unread".
import { useId, useState, type Ref } from 'react';
import type { ThreadView } from '../../../shared/ipc/workspace-schemas';

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

export function ThreadList({ threads, openThreadId, onOpen, headingRef }: Props): React.JSX.Element {
  const id = useId();
  const [filter, setFilter] = useState('');
  const shown = threads.filter((t) => matches(t, filter));
  return (
    <nav className="threads" aria-label="Threads">
      <h2 className="threads__heading" ref={headingRef} tabIndex={-1}>
        Threads
      </h2>
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
      {threads.length === 0 && <p className="hint threads__empty">No threads yet.</p>}
      {threads.length > 0 && shown.length === 0 && <p className="hint threads__empty">No thread matches “{filter.trim()}”.</p>}
      <ul className="threads__list">
        {shown.map((thread, index) => (
          <li key={thread.id}>
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
          </li>
        ))}
      </ul>
    </nav>
  );
}
