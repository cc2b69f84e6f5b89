// "Pause notifications": when the pause main holds ends (from settings:get,
// then every settings:changed, whoever paused: the window or the tray), and
// choosing one. A pause that runs out by itself reads as none here too.
import { useCallback, useEffect, useState } from 'react';
import type { BeaconApi } from '../../../shared/ipc/client';
import type { InvokeArg } from '../../../shared/ipc/contract';
import { failure } from '../errors';

export type PauseChoice = InvokeArg<'notifications:pause'>;
export type PauseApi = Pick<BeaconApi, 'settings' | 'notifications' | 'on'>;

export interface PauseView {
  /** Epoch ms; null when not paused. */
  readonly pausedUntil: number | null;
  readonly error: string | null;
  choose(choice: PauseChoice): void;
}

export function usePause(api: PauseApi): PauseView {
  const [until, setUntil] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    let seen = false;
    const off = api.on('settings:changed', (view) => {
      seen = true;
      setUntil(view.pausedUntil);
    });
    api.settings
      .get()
      .then((view) => {
        if (live && !seen) setUntil(view.pausedUntil);
      })
      .catch((e: unknown) => {
        if (live) setError(failure('Whether notifications are paused could not be read.', e));
      });
    return () => {
      live = false;
      off();
    };
  }, [api]);

  // Main tells no one when a pause simply runs out: render again at its end.
  useEffect(() => {
    if (until === null) return;
    const left = until - Date.now();
    if (left <= 0) return;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.min(left + 50, 2_147_483_647));
    return () => clearTimeout(timer);
  }, [until]);

  const choose = useCallback(
    (choice: PauseChoice) => {
      setError(null);
      api.notifications
        .pause(choice)
        .then((view) => setUntil(view.pausedUntil))
        .catch((e: unknown) => setError(failure(choice === 'resume' ? 'Notifications were not resumed.' : 'Notifications were not paused.', e)));
    },
    [api],
  );

  return { pausedUntil: until !== null && until > Date.now() ? until : null, error, choose };
}
