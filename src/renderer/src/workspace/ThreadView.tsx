// The open thread: its title and mute switch, the timeline, the composer.
// While the reader is at the bottom of a visible window, what arrives is read.
// Opened from the keyboard (Ctrl+K, Alt+arrows) or a notification, the thread
// takes the focus: its heading, unless the focus is in it already (the composer).
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Person, ThreadView as Thread } from '../../../shared/ipc/workspace-schemas';
import { failure } from '../errors';
import type { OpenTimeline, WorkspaceStore } from '../state/workspace-store';
import { Composer } from './Composer';
import { Timeline } from './Timeline';

interface Props {
  readonly thread: Thread;
  readonly timeline: OpenTimeline;
  readonly people: readonly Person[];
  readonly store: WorkspaceStore;
  /** Set when the window wants the focus in this thread (it was opened from the keyboard or a notification). */
  readonly takeFocus?: boolean;
  /** Called once the focus is in it. */
  readonly onFocused?: () => void;
}

export function ThreadView({ thread, timeline, people, store, takeFocus = false, onFocused }: Props): React.JSX.Element {
  const section = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const byId = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const [atEnd, setAtEnd] = useState(true);
  const [followSignal, setFollowSignal] = useState(0);
  const [muteError, setMuteError] = useState<string | null>(null);
  // Read-only servers (end-to-end encrypted ones, say): the composer says why instead.
  const server = useSyncExternalStore(store.subscribe, () => store.getState().server);

  // New messages in the open thread count as read only when someone can see them.
  useEffect(() => {
    if (thread.unread === 0 || !atEnd || timeline.loading) return;
    const markIfVisible = (): void => {
      if (document.visibilityState === 'visible') store.markRead(thread.id);
    };
    markIfVisible();
    document.addEventListener('visibilitychange', markIfVisible);
    return () => document.removeEventListener('visibilitychange', markIfVisible);
  }, [thread.id, thread.unread, atEnd, timeline.loading, store]);

  useEffect(() => {
    if (!takeFocus) return;
    const active = document.activeElement;
    // Already in the thread (typing in the composer, say): leave it there.
    if (active && active !== heading.current && section.current?.contains(active)) {
      onFocused?.();
      return;
    }
    // On the heading already (the previous thread's): focus it anew, so the new title is announced.
    if (active === heading.current) heading.current?.blur();
    heading.current?.focus();
    onFocused?.();
  }, [takeFocus, thread.id, onFocused]);

  const toggleMute = (): void => {
    setMuteError(null);
    store.setMuted(thread.id, !thread.muted).catch((e: unknown) => setMuteError(failure(thread.muted ? 'The thread was not unmuted.' : 'The thread was not muted.', e)));
  };

  // Stable, so the memoized rows do not all re-render with every batch.
  const retry = useCallback((clientId: string) => store.retry(clientId), [store]);
  const loadOlder = useCallback(() => store.loadOlder(), [store]);

  const send = async (body: string): Promise<void> => {
    await store.send(thread.id, body);
    setFollowSignal((n) => n + 1);
  };

  return (
    <section className="thread-view" aria-labelledby="thread-title" ref={section}>
      <header className="thread-view__head">
        <h2 id="thread-title" ref={heading} tabIndex={-1}>
          {thread.title}
        </h2>
        <button type="button" className="button button--small" aria-pressed={thread.muted} title={thread.muted ? 'Muted: no notifications from this thread' : undefined} onClick={toggleMute}>
          Mute
        </button>
        {muteError && (
          <span className="problem" role="alert">
            {muteError}
          </span>
        )}
      </header>
      <Timeline
        key={thread.id}
        title={thread.title}
        timeline={timeline}
        people={byId}
        onRetry={retry}
        onLoadOlder={loadOlder}
        onAtEnd={setAtEnd}
        followSignal={followSignal}
        canSend={server?.canSend ?? true}
      />
      <Composer
        threadTitle={thread.title}
        onSend={send}
        disabled={timeline.loading}
        readOnlyReason={server && !server.canSend ? (server.cannotSendReason ?? `${server.label} servers take no messages from Beacon.`) : null}
      />
    </section>
  );
}
