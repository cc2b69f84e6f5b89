// Rebuilding state from a log that has damaged lines. Everything intact before
// and after a damaged line is kept (a lost message becomes a hole that replay
// reports as a gap), a damaged membership record never re-admits anyone, and
// what was skipped is said loudly.
import type { LoadedLog } from './journal';
import type { RelayStore } from './store';

export function applyLog(store: RelayStore, loaded: LoadedLog, log: (line: string) => void): void {
  /** Threads whose latest membership record is damaged: who was removed by it cannot be known. */
  const suspect = new Set<string>();
  let unknownKind = 0;
  for (const entry of loaded.entries) {
    if ('record' in entry) {
      if (entry.record.k === 'thread') suspect.delete(entry.record.id);
      store.apply(entry.record);
      continue;
    }
    const { kind, threadId } = entry.damaged;
    if (kind === 'thread' && threadId !== null) suspect.add(threadId);
    else if (kind === null) unknownKind++;
  }
  if (loaded.damaged.length === 0) return;
  const lines = loaded.damaged.map((d) => d.line);
  log(`log: SKIPPED ${lines.length} damaged line(s) (failed their check): line ${lines.slice(0, 20).join(', ')}${lines.length > 20 ? ', …' : ''}; everything intact around them was kept, lost messages are reported to clients as gaps`);
  for (const id of suspect) {
    const thread = store.threads.get(id);
    if (!thread) continue;
    // The damaged record may have removed someone: no one keeps access until an admin sets the members again.
    store.apply({ k: 'thread', id, title: thread.title, members: [] });
    log(`log: thread ${JSON.stringify(id)}: its latest membership record is damaged, so it has no members until they are set again (POST /api/threads)`);
  }
  if (unknownKind > 0) log(`log: ${unknownKind} damaged line(s) of unknown kind`);
}
