// "Detected: Code Cloud Agents": the sign-in form learns which server type the
// check recognised, and the window (which replaces the form) says it. A tiny
// store for that one sentence, kept until the next sign-in.
import { useSyncExternalStore } from 'react';

let detected: string | null = null;
const listeners = new Set<() => void>();

/** After a sign-in: the detected server type's label, or null when the user chose one. */
export function setDetected(label: string | null): void {
  detected = label;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useDetected(): string | null {
  return useSyncExternalStore(subscribe, () => detected);
}
