import { useEffect, useState, useSyncExternalStore } from 'react';
import { WorkspaceStore, type WorkspaceState } from './workspace-store';

/** One store per signed-in window; it lives as long as the component that asks for it. */
export function useWorkspace(): readonly [WorkspaceState, WorkspaceStore] {
  const [store] = useState(() => new WorkspaceStore(window.beacon));
  useEffect(() => store.start(), [store]);
  const state = useSyncExternalStore(store.subscribe, store.getState);
  return [state, store] as const;
}
