// Carries out the notification policy's decisions with native notifications:
// one live per key, replaced by closing the old and showing the new, and a
// click that opens the thread. No decision is made here. Electron's API comes
// in as a parameter (notifications.ts passes the real one; tests a fake).
//
// Windows: a toast's own timeout emits 'close' too (electron.d.ts, Notification
// 'close': "programmatic dismissal …, by the user closing the notification, or
// via system timeout"), while the toast stays in the Action Center, clickable,
// and our close() still removes it (without a second 'close'). There 'close'
// only means "off screen": the notification stays live (a click still opens its
// thread, a read thread still removes it, the next message replaces it) until
// a click or our own close().
import type { NotifyDecision } from '../notify';
import type { NotificationService } from '../services';

export interface NativeNotification {
  show(): void;
  close(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

export interface NotificationApi {
  /** win32: 'close' is not a dismissal (see above). */
  readonly platform: NodeJS.Platform;
  isSupported(): boolean;
  create(options: { title: string; body: string; silent: boolean }): NativeNotification;
}

export interface NotificationShell {
  /** Shows and focuses the window on this thread (null: just the window). */
  openThread(threadId: string | null): void;
}

export function forwardDecisions(
  api: NotificationApi,
  notifications: Pick<NotificationService, 'onDecision' | 'dismissed'>,
  shell: NotificationShell,
): () => void {
  const live = new Map<string, NativeNotification>();

  const close = (key: string): void => {
    const shown = live.get(key);
    live.delete(key); // before close(): its own 'close' event must not count as the user's
    shown?.close();
  };

  const show = (d: Extract<NotifyDecision, { kind: 'show' | 'replace' }>): void => {
    close(d.key);
    if (!api.isSupported()) return;
    const n = api.create({ title: d.title, body: d.body, silent: d.silent });
    live.set(d.key, n);
    // Only the notification still shown for its key speaks for it.
    const current = (): boolean => live.get(d.key) === n;
    n.on('click', () => {
      if (!current()) return;
      live.delete(d.key);
      notifications.dismissed(d.key);
      shell.openThread(d.threadId);
    });
    n.on('close', () => {
      if (!current() || api.platform === 'win32') return;
      live.delete(d.key);
      notifications.dismissed(d.key);
    });
    n.show();
  };

  const off = notifications.onDecision((d) => {
    if (d.kind === 'show' || d.kind === 'replace') show(d);
    else if (d.kind === 'close') close(d.key);
  });
  return () => {
    off();
    for (const key of [...live.keys()]) close(key);
  };
}
