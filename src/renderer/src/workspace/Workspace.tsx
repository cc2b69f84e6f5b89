// The signed-in window: threads on the left, the open thread in the middle,
// the server's activity (when it has any) and people on the right; toasts and overlays on top. Keyboard: Ctrl/Cmd+K
// switches thread, Alt+Up/Down moves between threads, Esc closes overlays.
// Main hears whether the window is focused (its open thread then raises no
// notification) and shows a thread here when a notification is clicked.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionState, PresenceStatus, SessionStatus } from '../../../shared/types';
import { ReauthPanel } from '../signin/ReauthPanel';
import { useFocusReport } from '../state/useFocusReport';
import { useToasts } from '../state/useToasts';
import { useWorkspace } from '../state/useWorkspace';
import { AccountPanel } from './AccountPanel';
import { ActivityPanel } from './ActivityPanel';
import { NoticesDialog } from './NoticesDialog';
import { PauseControl } from './PauseControl';
import { PeoplePanel } from './PeoplePanel';
import { SideColumn, SideToggle } from './SideColumn';
import { ThreadList } from './ThreadList';
import { ThreadSwitcher } from './ThreadSwitcher';
import { ThreadView } from './ThreadView';
import { Toasts } from './Toasts';

interface Props {
  readonly session: SessionStatus;
  readonly connection: ConnectionState | null;
  readonly presence: PresenceStatus | null;
  readonly onPresence: (status: PresenceStatus) => void;
  readonly onSession: (status: SessionStatus) => void;
}

type Overlay = 'switcher' | 'notices' | null;

export function Workspace({ session, connection, presence, onPresence, onSession }: Props): React.JSX.Element {
  const [ws, store] = useWorkspace();
  const toasts = useToasts(window.beacon);
  useFocusReport(window.beacon);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // A thread opened from the keyboard or a toast takes the focus once it shows (and any overlay has closed).
  const [focusThread, setFocusThread] = useState<string | null>(null);
  const focusTaken = useCallback(() => setFocusThread(null), []);
  // Narrow windows: the right column is an overlay opened from the sidebar.
  const [sideOpen, setSideOpen] = useState(false);
  const sideToggle = useRef<HTMLButtonElement>(null);
  const closeSide = useCallback(() => setSideOpen(false), []);

  // Signed in (or back after a restart): focus starts at the thread list, not the page body,
  // unless something inside (the re-sign-in form) has already taken it.
  useEffect(() => {
    if (!document.activeElement || document.activeElement === document.body) heading.current?.focus();
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOverlay((o) => (o === 'switcher' ? null : 'switcher'));
      } else if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        const threads = store.getState().threads;
        if (threads.length === 0) return;
        event.preventDefault();
        const at = threads.findIndex((t) => t.id === store.getState().openThreadId);
        const step = event.key === 'ArrowUp' ? -1 : 1;
        const next = at === -1 ? (step === 1 ? 0 : threads.length - 1) : (at + step + threads.length) % threads.length;
        const thread = threads[next];
        if (!thread) return;
        setFocusThread(thread.id);
        store.open(thread.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const thread = ws.threads.find((t) => t.id === ws.openThreadId) ?? null;
  const selfId = ws.selfId ?? session.userId;
  const authFailure = connection?.state === 'auth_failed' ? connection : null;

  return (
    <div className="workspace">
      <div className="sidebar">
        <ThreadList threads={ws.threads} openThreadId={ws.openThreadId} onOpen={(id) => store.open(id)} ready={ws.phase === 'ready'} headingRef={heading} />
        <button type="button" className="button button--small sidebar__notices" onClick={() => setOverlay('notices')}>
          Notifications{ws.notices.length > 0 ? ` (${ws.notices.length})` : ''}
        </button>
        <SideToggle open={sideOpen} onToggle={() => setSideOpen((o) => !o)} buttonRef={sideToggle} />
        <PauseControl api={window.beacon} />
        <AccountPanel
          session={session}
          selfId={selfId}
          presence={presence}
          onPresence={onPresence}
          onSignedOut={onSession}
          noPresenceOn={ws.server && !ws.server.presence ? ws.server.label : null}
        />
      </div>
      <main className="center">
        {authFailure && <ReauthPanel session={session} failure={authFailure} onSignedIn={onSession} />}
        {ws.phase === 'error' && (
          <p className="problem" role="alert">
            The workspace could not be loaded. {ws.error}
          </p>
        )}
        {ws.phase === 'loading' && <p className="hint center__note">Loading the workspace…</p>}
        {ws.phase === 'ready' && thread && ws.timeline && (
          <ThreadView thread={thread} timeline={ws.timeline} people={ws.people} store={store} takeFocus={overlay === null && focusThread === thread.id} onFocused={focusTaken} />
        )}
        {ws.phase === 'ready' && !thread && !authFailure && (
          <p className="hint center__note">{ws.threads.length > 0 ? 'Choose a thread on the left, or press Ctrl+K.' : 'No threads yet: when someone adds you to one, it shows up here.'}</p>
        )}
      </main>
      <SideColumn open={sideOpen} blocked={overlay !== null} onClose={closeSide} toggleRef={sideToggle}>
        {/* Servers that report activity show the list even before the first line; the Beacon relay has none. */}
        <ActivityPanel activity={ws.activity} expected={ws.server !== null && ws.server.profile !== 'beacon-v1'} />
        <PeoplePanel people={ws.people} presence={ws.server?.presence ?? true} />
      </SideColumn>
      <Toasts
        toasts={toasts.toasts}
        onActivate={(key) => {
          // A message's toast opens its thread (main asks the window to show it): the focus goes there.
          const threadId = toasts.toasts.find((t) => t.key === key)?.threadId;
          if (threadId) setFocusThread(threadId);
          toasts.activate(key);
        }}
        onDismiss={toasts.dismiss}
        onFocusLeft={() => (thread ? setFocusThread(thread.id) : heading.current?.focus())}
      />
      {overlay === 'switcher' && (
        <ThreadSwitcher
          threads={ws.threads}
          onOpen={(id) => {
            setFocusThread(id);
            store.open(id);
          }}
          onClose={() => setOverlay(null)}
        />
      )}
      {overlay === 'notices' && <NoticesDialog notices={ws.notices} onClose={() => setOverlay(null)} />}
    </div>
  );
}
