// The tray's unread figures, derived from the workspace's thread views each
// time (never a count of its own), so reading a thread anywhere clears them.
import type { ThreadView } from '../../shared/ipc/workspace-schemas';

/** Threads listed in the menu. */
export const TOP_THREADS = 5;
/** Longest thread title shown in the menu. */
const MAX_MENU_TITLE = 40;

/** Unread messages of the threads that are not muted (muted threads never ask for attention). */
export function unreadTotal(threads: readonly ThreadView[]): number {
  let total = 0;
  for (const t of threads) if (!t.muted) total += t.unread;
  return total;
}

/** The threads with the most unread (ties: most recent activity, then title), at most TOP_THREADS. */
export function topUnread(threads: readonly ThreadView[]): ThreadView[] {
  return threads
    .filter((t) => !t.muted && t.unread > 0)
    .sort((a, b) => b.unread - a.unread || (b.lastActivity ?? -Infinity) - (a.lastActivity ?? -Infinity) || a.title.localeCompare(b.title))
    .slice(0, TOP_THREADS);
}

export function threadMenuLabel(t: ThreadView): string {
  const title = t.title.length > MAX_MENU_TITLE ? `${t.title.slice(0, MAX_MENU_TITLE - 1)}…` : t.title;
  return `${title} — ${t.unread}`;
}
