import { describe, expect, it } from 'vitest';
import type { SettingsView, WorkspaceBatch } from '../../shared/ipc';
import { FAKE_SETTINGS_VIEW } from '../../../test/ipc/fake-electron';
import type { NotifyDecision } from '../notify';
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
  const settings = channel<SettingsView>();
  const navigation = channel<string>();
  const decisions = channel<NotifyDecision>();
  const services = {
    connection: { subscribe: connection.subscribe },
    session: { onStatus: session.subscribe },
    presence: { subscribe: presence.subscribe },
    workspace: { onBatch: workspace.subscribe },
    settings: { onChange: settings.subscribe },
    navigation: { onShowThread: navigation.subscribe },
    notifications: { onDecision: decisions.subscribe },
  } as unknown as AppServices;
  return { services, connection, session, presence, workspace, settings, navigation, decisions };
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

  const view = FAKE_SETTINGS_VIEW;
  const show: NotifyDecision = { kind: 'show', key: 'thread:deploys', title: 'ann in Deploys', body: 'x'.repeat(5000), threadId: 'deploys', silent: false, level: null };

  it('sends settings changes and "show this thread" to every window', () => {
    const f = fakeServices();
    const sent: Array<[string, unknown]> = [];
    const stop = forwardEvents(f.services, (c, p) => sent.push([c, p]), () => {});
    f.settings.fire(view);
    f.navigation.fire('deploys');
    f.decisions.fire(show);
    expect(sent).toEqual([
      ['settings:changed', view],
      ['window:showThread', { threadId: 'deploys' }],
    ]);
    stop();
    expect([f.settings.size(), f.navigation.size(), f.decisions.size()]).toEqual([0, 0, 0]);
  });

  it('with toasts (the web preview): the policy decisions, skips left out, long text clipped to the contract', () => {
    const f = fakeServices();
    const sent: Array<[string, unknown]> = [];
    const lines: string[] = [];
    const stop = forwardEvents(f.services, (c, p) => sent.push([c, p]), (l) => lines.push(l), { toasts: true });
    f.decisions.fire(show);
    f.decisions.fire({ kind: 'skip', key: 'thread:deploys', threadId: 'deploys', reason: 'busy' });
    f.decisions.fire({ kind: 'close', key: 'thread:deploys', threadId: 'deploys' });
    expect(sent.map(([c, p]) => [c, (p as { kind: string }).kind])).toEqual([
      ['notification:toast', 'show'],
      ['notification:toast', 'close'],
    ]);
    const toast = sent[0]?.[1] as { body: string; title: string };
    expect(toast.title).toBe('ann in Deploys');
    expect(toast.body).toHaveLength(4000);
    expect(toast.body.endsWith('…')).toBe(true);
    expect(lines).toEqual([]);
    stop();
    expect(f.decisions.size()).toBe(0);
  });
});
