import { describe, expect, it } from 'vitest';
import type { WorkspaceBatch } from '../../shared/ipc';
import type { ConnectionState, PresenceStatus, SessionStatus } from '../../shared/types';
import { forwardEvents } from './events';
import type { AppServices } from '../services/services';

function channel<T>() {
  const listeners = new Set<(value: T) => void>();
  return {
    subscribe: (l: (value: T) => void) => (listeners.add(l), () => void listeners.delete(l)),
    fire: (value: T) => {
      for (const l of listeners) l(value);
    },
    size: () => listeners.size,
  };
}

function fakeServices() {
  const connection = channel<ConnectionState>();
  const session = channel<SessionStatus>();
  const presence = channel<PresenceStatus>();
  const workspace = channel<WorkspaceBatch>();
  const services = {
    connection: { subscribe: connection.subscribe },
    session: { onStatus: session.subscribe },
    presence: { subscribe: presence.subscribe },
    workspace: { onBatch: workspace.subscribe },
  } as unknown as AppServices;
  return { services, connection, session, presence, workspace };
}

describe('forwardEvents', () => {
  it('sends each service change as its contract event, drops a payload outside the contract, and stops when asked', () => {
    const { services, connection, session, presence, workspace } = fakeServices();
    const sent: Array<[string, unknown]> = [];
    const lines: string[] = [];
    const stop = forwardEvents(services, (c, p) => sent.push([c, p]), (l) => lines.push(l));

    const status = { signedIn: true, serverUrl: 'wss://r.example/ws', lastServerUrl: 'wss://r.example/ws', userId: 'you', keychain: 'os', keychainProblem: null } as const;
    connection.fire({ state: 'stopped', since: 1 });
    // Only the public fields leave, whatever the service's status object carries.
    session.fire({ ...status, token: 'never-sent' } as SessionStatus);
    presence.fire('busy');
    presence.fire('asleep' as PresenceStatus);
    const batch: WorkspaceBatch = { reset: true, threads: [], items: [], people: [], notices: [] };
    workspace.fire(batch);
    workspace.fire({ ...batch, people: [{ id: 'alice', status: 'online', self: false, email: 'a@example.com' }] } as unknown as WorkspaceBatch);
    expect(sent).toEqual([
      ['connection:state', { state: 'stopped', since: 1 }],
      ['session:status', status],
      ['presence:changed', { status: 'busy' }],
      ['workspace:batch', batch],
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('dropped presence:changed: payload outside the contract');
    expect(lines[1]).toMatch(/dropped workspace:batch: payload outside the contract: .*Unrecognized key: "email"/);

    stop();
    expect([connection.size(), session.size(), presence.size(), workspace.size()]).toEqual([0, 0, 0, 0]);
  });
});
