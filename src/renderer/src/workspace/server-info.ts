// The server the window is signed in to (its type, whether it takes messages,
// whether it has channels to follow), read from the workspace snapshot and
// again after every reset (sign-in to another server or server type).
// (ThreadView reads it from the workspace store; the thread list gets no store
// from Workspace.tsx, so it asks here.)
import { useEffect, useState } from 'react';
import type { ServerInfo } from '../../../shared/ipc/server-schemas';

export function useServerInfo(): ServerInfo | null {
  const [info, setInfo] = useState<ServerInfo | null>(null);
  useEffect(() => {
    let live = true;
    const read = (): void => {
      window.beacon.workspace
        .snapshot()
        .then((s) => {
          if (live) setInfo(s.server ?? null);
        })
        .catch(() => {
          // The workspace store reports a failed snapshot; this only adds the server's type to it.
        });
    };
    read();
    const off = window.beacon.on('workspace:batch', (batch) => {
      if (batch.reset) read();
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  return info;
}
