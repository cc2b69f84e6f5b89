// The settings screen's view of main: one read, then `settings:changed`, so a
// change made elsewhere (the tray's pause, a mute from the thread view, a
// keychain problem) shows at once. Each control applies its own patch.
import { useCallback, useEffect, useState } from 'react';
import type { SettingsView } from '../../../shared/ipc/settings-schemas';
import type { UserSettingsPatch } from '../../../shared/settings';
import { messageOf } from '../errors';

export interface SettingsState {
  readonly view: SettingsView | null;
  /** The first read failed. */
  readonly loadError: string | null;
  /** Applies a patch; resolves to null when saved, else the refusal to show beside the field. */
  readonly update: (patch: UserSettingsPatch) => Promise<string | null>;
  /** Shows a view a call other than `update` returned (the pause, a thread's mute). */
  readonly adopt: (view: SettingsView) => void;
}

export function useSettings(): SettingsState {
  const [view, setView] = useState<SettingsView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    const api = window.beacon;
    let seen = false;
    let live = true;
    const off = api.on('settings:changed', (next) => {
      seen = true;
      setView(next);
    });
    api.settings
      .get()
      .then((first) => {
        if (live && !seen) setView(first);
      })
      .catch((e: unknown) => {
        if (live) setLoadError(messageOf(e));
      });
    return () => {
      live = false;
      off();
    };
  }, []);

  const update = useCallback(async (patch: UserSettingsPatch): Promise<string | null> => {
    try {
      setView(await window.beacon.settings.update(patch));
      return null;
    } catch (e: unknown) {
      return messageOf(e);
    }
  }, []);

  return { view, loadError, update, adopt: setView };
}

/** One control's call in flight and its refusal: the control is disabled meanwhile. */
export function useApply(): {
  readonly pending: boolean;
  readonly error: string | null;
  readonly setError: (message: string | null) => void;
  /** Runs a call that resolves to null when done, else its refusal; true when done. */
  readonly run: (call: () => Promise<string | null>) => Promise<boolean>;
} {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (call: () => Promise<string | null>): Promise<boolean> => {
    setPending(true);
    setError(null);
    const refusal = await call();
    setPending(false);
    setError(refusal);
    return refusal === null;
  }, []);
  return { pending, error, setError, run };
}
