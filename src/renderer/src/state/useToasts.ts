// The policy's decisions as toasts (only the web preview host sends them; the
// Electron app shows native notifications instead, so nothing doubles).
// A click reports the toast activated (main shows and reads its thread), the
// close button or the timeout reports it dismissed.
import { useCallback, useEffect, useState } from 'react';
import type { BeaconApi } from '../../../shared/ipc/client';
import { applyToast, removeToast, type Toast } from './toast-list';

export type ToastApi = Pick<BeaconApi, 'notification' | 'on'>;

export interface ToastsView {
  readonly toasts: readonly Toast[];
  activate(key: string): void;
  dismiss(key: string): void;
}

export function useToasts(api: ToastApi): ToastsView {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);

  useEffect(() => api.on('notification:toast', (event) => setToasts((now) => applyToast(now, event))), [api]);

  const activate = useCallback(
    (key: string) => {
      setToasts((now) => removeToast(now, key));
      // A toast main no longer knows is ignored there; nothing to show the user.
      api.notification.activate({ key }).catch(() => {});
    },
    [api],
  );
  const dismiss = useCallback(
    (key: string) => {
      setToasts((now) => removeToast(now, key));
      api.notification.dismiss({ key }).catch(() => {});
    },
    [api],
  );
  return { toasts, activate, dismiss };
}
