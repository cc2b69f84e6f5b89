// People the user shares a thread with, and their presence: the snapshot at
// connect, live updates, and anyone seen sending a message.
import type { Person } from '../../shared/ipc/workspace-schemas';
import type { PresenceEntry } from '../../shared/protocol';
import type { PresenceStatus } from '../../shared/types';

export class People {
  private readonly status = new Map<string, PresenceStatus>();
  private selfId: string | null = null;

  constructor(private readonly changed: (id: string) => void) {}

  setSelf(id: string | null): void {
    const before = this.selfId;
    this.selfId = id;
    if (before !== null && this.status.has(before)) this.changed(before);
    if (id !== null) this.ensure(id);
  }

  /** The server's full picture: everyone listed takes their status; nobody is dropped (senders stay). */
  snapshot(entries: readonly PresenceEntry[]): void {
    const listed = new Set<string>();
    for (const e of entries) {
      listed.add(e.userId);
      this.set(e.userId, e.status);
    }
    for (const id of this.status.keys()) if (!listed.has(id)) this.set(id, 'offline');
  }

  set(userId: string, status: PresenceStatus): void {
    if (this.status.get(userId) === status) return;
    this.status.set(userId, status);
    this.changed(userId);
  }

  /** A sender not met before shows, offline until the server says otherwise. */
  ensure(userId: string): void {
    if (userId === '' || this.status.has(userId)) return;
    this.status.set(userId, 'offline');
    this.changed(userId);
  }

  get(userId: string): Person | null {
    const status = this.status.get(userId);
    return status === undefined ? null : { id: userId, status, self: userId === this.selfId };
  }

  all(): Person[] {
    return [...this.status.keys()].sort().map((id) => this.get(id)).filter((p): p is Person => p !== null);
  }

  clear(): void {
    this.status.clear();
  }
}
