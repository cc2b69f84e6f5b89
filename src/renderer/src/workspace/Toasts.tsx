// The notification policy's decisions shown in the window (the web preview
// gets them from main; the app shows native notifications instead). Each toast
// opens its thread when clicked; it goes when closed, when the policy closes
// it (the thread was read), or after a while unless the pointer or focus is on
// it (as a native notification times out, which also counts as dismissed).
import { useEffect, useState } from 'react';
import type { Toast } from '../state/toast-list';

const SHOW_MS = 12_000;

interface ToastProps {
  readonly toast: Toast;
  readonly onActivate: (key: string) => void;
  readonly onDismiss: (key: string) => void;
}

function ToastItem({ toast, onActivate, onDismiss }: ToastProps): React.JSX.Element {
  const [held, setHeld] = useState(false);
  // Starts over with each replace (the version), and waits while the user is on it.
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => onDismiss(toast.key), SHOW_MS);
    return () => clearTimeout(timer);
  }, [toast.key, toast.version, held, onDismiss]);
  return (
    <div
      className={`toast toast--${toast.level ?? 'message'}`}
      role="group"
      aria-label={toast.title}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <button type="button" className="toast__open" onClick={() => onActivate(toast.key)}>
        {/* The level in words too, not only in the border's colour. */}
        {(toast.level === 'warning' || toast.level === 'error') && <span className="toast__level">{toast.level === 'warning' ? 'Warning' : 'Error'}</span>}
        <strong className="toast__title">{toast.title}</strong>
        <span className="toast__body">{toast.body}</span>
      </button>
      <button type="button" className="toast__close" aria-label="Dismiss" onClick={() => onDismiss(toast.key)}>
        ×
      </button>
    </div>
  );
}

interface Props {
  readonly toasts: readonly Toast[];
  readonly onActivate: (key: string) => void;
  readonly onDismiss: (key: string) => void;
}

export function Toasts({ toasts, onActivate, onDismiss }: Props): React.JSX.Element {
  return (
    <div className="toasts" role="log" aria-label="Notifications">
      {toasts.map((toast) => (
        <ToastItem key={toast.key} toast={toast} onActivate={onActivate} onDismiss={onDismiss} />
      ))}
    </div>
  );
}
