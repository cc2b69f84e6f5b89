// A workspace seed too big for one frame: enough threads for `threads` and
// enough people for `presence_snapshot` to come in pages from the reference
// relay (each page stays under 1 MiB; see src/relay/paging.ts), yet fewer
// threads than the client's bound (BOUNDS.threads).
import type { PresenceStatus } from '../../../src/shared/types';
import type { Relay } from '../../../src/relay';
import { WORKSPACE } from './setup';

/** About 370 bytes each on the wire: 4 000 of them take two pages. */
const THREADS = 4_000;
/** About 235 bytes each on the wire: 12 000 of them take three pages. */
const PEOPLE = 12_000;

export interface BigWorkspace {
  /** Every thread u1 is in, in creation order. */
  threadIds: string[];
  firstThread: string;
  lastThread: string;
  /** Everyone u1 shares a thread with (u1 included) and the status the relay gives them. */
  people: Map<string, PresenceStatus>;
}

/** Seeds `relay` (before u1 connects): u1 in THREADS more threads, one of them shared with PEOPLE people, every 97th of them away. */
export function bigWorkspace(relay: Relay): BigWorkspace {
  const peer = (i: number): string => `peer-${i}-`.padEnd(200, 'p');
  const crowd = Array.from({ length: PEOPLE }, (_, i) => peer(i));
  const added = Array.from({ length: THREADS }, (_, i) => `paged-${i}-`.padEnd(128, 't'));
  added.forEach((id, i) => relay.addThread({ id, title: `Thread ${i} `.padEnd(200, '~'), members: i === 0 ? ['u1', ...crowd] : ['u1'] }));
  const people = new Map<string, PresenceStatus>();
  for (const t of WORKSPACE.threads) for (const m of t.members) people.set(m, 'offline');
  crowd.forEach((id, i) => {
    const away = i % 97 === 0;
    if (away) relay.setPresence(id, 'away');
    people.set(id, away ? 'away' : 'offline');
  });
  people.set('u1', 'online');
  const threadIds = [...WORKSPACE.threads.map((t) => t.id), ...added];
  return { threadIds, firstThread: threadIds[0] ?? '', lastThread: threadIds[threadIds.length - 1] ?? '', people };
}
