// Who is online. A user's visible status is what they chose while at least one
// of their connections is open; with none it is the virtual status a bot or
// the HTTP API set, else offline. Choosing `offline` while connected is
// "appear offline": others see offline.
import type { PresenceStatus } from '../shared/types';

export interface PresenceChange {
  userId: string;
  status: PresenceStatus;
}

export class PresenceBook {
  private readonly chosen = new Map<string, PresenceStatus>();
  private readonly virtual = new Map<string, PresenceStatus>();
  private readonly connections = new Map<string, number>();

  status(userId: string): PresenceStatus {
    if ((this.connections.get(userId) ?? 0) > 0) return this.chosen.get(userId) ?? 'online';
    return this.virtual.get(userId) ?? 'offline';
  }

  connectionsOf(userId: string): number {
    return this.connections.get(userId) ?? 0;
  }

  /**
   * A connection opened. The first one makes the user visible with the status
   * they last chose during this relay's lifetime (online if they never chose).
   */
  connected(userId: string): PresenceChange | null {
    return this.track(userId, () => this.connections.set(userId, this.connectionsOf(userId) + 1));
  }

  disconnected(userId: string): PresenceChange | null {
    return this.track(userId, () => {
      const left = this.connectionsOf(userId) - 1;
      if (left > 0) this.connections.set(userId, left);
      else this.connections.delete(userId);
    });
  }

  choose(userId: string, status: PresenceStatus): PresenceChange | null {
    return this.track(userId, () => this.chosen.set(userId, status));
  }

  setVirtual(userId: string, status: PresenceStatus): PresenceChange | null {
    return this.track(userId, () => {
      if (status === 'offline') this.virtual.delete(userId);
      else this.virtual.set(userId, status);
    });
  }

  private track(userId: string, mutate: () => void): PresenceChange | null {
    const before = this.status(userId);
    mutate();
    const after = this.status(userId);
    return before === after ? null : { userId, status: after };
  }
}
