// Server notifications and announcements, newest first, the latest 100.
import type { Notice } from '../../shared/ipc/workspace-schemas';
import type { NotificationLevel } from '../../shared/protocol';

export const MAX_NOTICES = 100;
/** Notice ids are keys of at most this many characters (the schema's id + prefix bound). */
const MAX_ID = 512;
/** What the window's schema takes; the decoder bounds them already, this keeps a batch valid whatever it is given. */
const MAX_TITLE = 10_000;

export class Notices {
  private list: Notice[] = [];
  private counter = 0;

  add(kind: Notice['kind'], n: { id: string | null; level: NotificationLevel; title: string | null; message: string }, at: number): Notice {
    const base = n.id !== null && n.id.length <= MAX_ID ? `n:${n.id}` : `${kind === 'notification' ? 'n' : 'a'}#${at}-${++this.counter}`;
    const title = n.title === null ? null : n.title.slice(0, MAX_TITLE);
    const notice: Notice = { id: base, kind, level: n.level, title, message: n.message, at };
    // The same server notification again (a retry) replaces the old one instead of stacking.
    this.list = [notice, ...this.list.filter((x) => x.id !== base)].slice(0, MAX_NOTICES);
    return notice;
  }

  all(): Notice[] {
    return this.list.slice();
  }

  clear(): void {
    this.list = [];
  }
}
