// Server notifications and announcements as they arrive: a few at a time,
// each gone after a while (the notifications list keeps them all).
import { useEffect } from 'react';
import type { Notice } from '../../../shared/ipc/workspace-schemas';

const SHOW_MS = 8_000;

function Toast({ notice, onDismiss }: { readonly notice: Notice; readonly onDismiss: (id: string) => void }): React.JSX.Element {
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(notice.id), SHOW_MS);
    return () => clearTimeout(timer);
  }, [notice.id, onDismiss]);
  return (
    <div className={`toast toast--${notice.level}`}>
      <p className="toast__text">
        {notice.title && <strong>{notice.title}: </strong>}
        {notice.message}
      </p>
      <button type="button" className="toast__close" aria-label="Dismiss" onClick={() => onDismiss(notice.id)}>
        ×
      </button>
    </div>
  );
}

export function Toasts({ toasts, onDismiss }: { readonly toasts: readonly Notice[]; readonly onDismiss: (id: string) => void }): React.JSX.Element {
  return (
    <div className="toasts" role="log" aria-label="Notifications">
      {toasts.map((notice) => (
        <Toast key={notice.id} notice={notice} onDismiss={onDismiss} />
      ))}
    </div>
  );
}
