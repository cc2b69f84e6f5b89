// The notification policy's decisions shown in the window (the web preview
// gets them from main; the app shows native notifications instead). Each toast
// opens its thread when clicked; it goes when closed, when the policy closes
// it (the thread was read), or after a while unless the pointer or focus is on
// it (as a native notification times out, which also counts as dismissed).
// When the toast that had the keyboard focus goes (dismissed, clicked, closed
// by the policy), the focus moves to the same button of the next toast, or
// the previous, or (none left) wherever the window says, never to the page body.
import { useCallback, useEffect, useRef, useState } from 'react';
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
      data-toast-key={toast.key}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <button type="button" className="toast__open" data-toast-control="open" onClick={() => onActivate(toast.key)}>
        {/* The level in words too, not only in the border's colour. */}
        {(toast.level === 'warning' || toast.level === 'error') && <span className="toast__level">{toast.level === 'warning' ? 'Warning' : 'Error'}</span>}
        <strong className="toast__title">{toast.title}</strong>
        <span className="toast__body">{toast.body}</span>
      </button>
      <button type="button" className="toast__close" data-toast-control="close" aria-label="Dismiss" onClick={() => onDismiss(toast.key)}>
        ×
      </button>
    </div>
  );
}

interface Props {
  readonly toasts: readonly Toast[];
  readonly onActivate: (key: string) => void;
  readonly onDismiss: (key: string) => void;
  /** The focused toast went and none is left: put the focus somewhere sensible. */
  readonly onFocusLeft: () => void;
}

/** The toast (and which of its buttons) the keyboard focus was last in. */
interface Held {
  readonly key: string;
  readonly index: number;
  readonly control: string;
}

export function Toasts({ toasts, onActivate, onDismiss, onFocusLeft }: Props): React.JSX.Element {
  const region = useRef<HTMLDivElement>(null);
  const held = useRef<Held | null>(null);

  useEffect(() => {
    const was = held.current;
    if (!was || toasts.some((t) => t.key === was.key)) return;
    held.current = null;
    // Only when the focus went with the toast: one that goes while the focus is elsewhere moves nothing.
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const groups = region.current?.querySelectorAll<HTMLElement>('[role="group"]') ?? [];
    const next = groups[Math.min(was.index, groups.length - 1)];
    const target = next?.querySelector<HTMLElement>(`[data-toast-control="${was.control}"]`);
    if (target) target.focus();
    else onFocusLeft();
  }, [toasts, onFocusLeft]);

  // A message's toast opens its thread, which takes the focus (Workspace): not the next toast.
  const activate = useCallback(
    (key: string) => {
      if (held.current?.key === key && toasts.find((t) => t.key === key)?.threadId) held.current = null;
      onActivate(key);
    },
    [toasts, onActivate],
  );

  return (
    <div
      className="toasts"
      role="log"
      aria-label="Notifications"
      ref={region}
      onFocus={(event) => {
        const target = event.target as HTMLElement;
        const control = target.dataset['toastControl'];
        const key = target.closest<HTMLElement>('[data-toast-key]')?.dataset['toastKey'];
        const index = toasts.findIndex((t) => t.key === key);
        held.current = control && key !== undefined && index !== -1 ? { key, index, control } : null;
      }}
      onBlur={(event) => {
        // Focus moved on by itself (not with a removed toast): nothing to restore.
        if (event.relatedTarget && !region.current?.contains(event.relatedTarget as Node)) held.current = null;
      }}
    >
      {toasts.map((toast) => (
        <ToastItem key={toast.key} toast={toast} onActivate={activate} onDismiss={onDismiss} />
      ))}
    </div>
  );
}
