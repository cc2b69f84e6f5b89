// The in-window notifications (the web preview): what the notification policy
// decided, kept as a list the window shows. Main decides everything; this only
// applies its show / replace / close in order.
import type { ToastEvent } from '../../../shared/ipc/settings-schemas';

export interface Toast {
  readonly key: string;
  readonly title: string;
  readonly body: string;
  readonly threadId: string | null;
  readonly level: Extract<ToastEvent, { kind: 'show' | 'replace' }>['level'];
  /** Counts up with each replace, so the toast's timer starts over. */
  readonly version: number;
}

/** Oldest first (a log: new entries are announced as they are added at the end). */
export function applyToast(toasts: readonly Toast[], event: ToastEvent): readonly Toast[] {
  const at = toasts.findIndex((t) => t.key === event.key);
  if (event.kind === 'close') return at === -1 ? toasts : toasts.filter((t) => t.key !== event.key);
  const { key, title, body, threadId, level } = event;
  if (at === -1) return [...toasts, { key, title, body, threadId, level, version: 0 }];
  // One live notification per key: a replace (or a show racing a dismissal) updates it where it is.
  const next = toasts.slice();
  next[at] = { key, title, body, threadId, level, version: (toasts[at]?.version ?? 0) + 1 };
  return next;
}

/** Taken off the screen here (clicked, dismissed, timed out): main hears it separately. */
export function removeToast(toasts: readonly Toast[], key: string): readonly Toast[] {
  return toasts.some((t) => t.key === key) ? toasts.filter((t) => t.key !== key) : toasts;
}
