// Ctrl/Cmd+K: type part of a thread's name, Enter opens it, arrows choose.
import { useId, useState, type KeyboardEvent } from 'react';
import type { ThreadView } from '../../../shared/ipc/workspace-schemas';
import { Modal } from './Modal';
import { matches, threadLabel } from './ThreadList';

interface Props {
  readonly threads: readonly ThreadView[];
  readonly onOpen: (threadId: string) => void;
  readonly onClose: () => void;
}

export function ThreadSwitcher({ threads, onOpen, onClose }: Props): React.JSX.Element {
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const shown = threads.filter((t) => matches(t, query)).slice(0, 20);
  const current = Math.min(active, Math.max(shown.length - 1, 0));

  const choose = (threadId: string): void => {
    onOpen(threadId);
    onClose();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown') setActive((current + 1) % Math.max(shown.length, 1));
    else if (event.key === 'ArrowUp') setActive((current - 1 + shown.length) % Math.max(shown.length, 1));
    else if (event.key === 'Enter') {
      const thread = shown[current];
      if (thread) choose(thread.id);
    } else return;
    event.preventDefault();
  };

  return (
    <Modal label="Switch thread" onClose={onClose} className="switcher">
      <input
        type="text"
        className="switcher__input"
        aria-label="Thread name"
        placeholder="Go to thread…"
        aria-controls={`${id}-list`}
        aria-activedescendant={shown[current] ? `${id}-${current}` : undefined}
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={`${id}-list`} role="listbox" aria-label="Threads" className="switcher__list">
        {shown.map((thread, i) => (
          <li
            key={thread.id}
            id={`${id}-${i}`}
            role="option"
            aria-selected={i === current}
            className={`switcher__option${i === current ? ' switcher__option--active' : ''}`}
            onClick={() => choose(thread.id)}
          >
            {threadLabel(thread)}
          </li>
        ))}
        {shown.length === 0 && <li className="hint">No thread matches.</li>}
      </ul>
    </Modal>
  );
}
