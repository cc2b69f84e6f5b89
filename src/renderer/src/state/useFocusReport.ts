// Tells main whether this window is visible and focused: its open thread then
// raises no notification (the policy's 'viewing' rule).
import { useEffect } from 'react';
import type { BeaconApi } from '../../../shared/ipc/client';

export type FocusApi = Pick<BeaconApi, 'window'>;

export function isLooking(doc: Pick<Document, 'hasFocus' | 'visibilityState'>): boolean {
  return doc.hasFocus() && doc.visibilityState === 'visible';
}

export function useFocusReport(api: FocusApi): void {
  useEffect(() => {
    let last: boolean | null = null;
    const report = (): void => {
      const focused = isLooking(document);
      if (focused === last) return;
      last = focused;
      api.window.focus({ focused }).catch(() => {
        last = null; // say it again at the next change
      });
    };
    report();
    window.addEventListener('focus', report);
    window.addEventListener('blur', report);
    document.addEventListener('visibilitychange', report);
    return () => {
      window.removeEventListener('focus', report);
      window.removeEventListener('blur', report);
      document.removeEventListener('visibilitychange', report);
    };
  }, [api]);
}
