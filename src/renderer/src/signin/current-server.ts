// The server the window is signed in to, read once from the workspace snapshot
// for "Sign in again": undefined until the read answers (the form waits rather
// than start at Detect and jump), null when there is none or the read failed.
import { useEffect, useState } from 'react';
import type { ServerInfo } from '../../../shared/ipc/server-schemas';

export function useCurrentServer(): ServerInfo | null | undefined {
  const [info, setInfo] = useState<ServerInfo | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    window.beacon.workspace
      .snapshot()
      .then((s) => {
        if (live) setInfo(s.server ?? null);
      })
      .catch(() => {
        if (live) setInfo(null);
      });
    return () => {
      live = false;
    };
  }, []);
  return info;
}
