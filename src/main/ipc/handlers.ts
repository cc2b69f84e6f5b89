// The IPC handlers: each contract call mapped onto the services. Results are
// built field by field so nothing a service adds later can leak through
// (the registry's strict schemas would refuse it anyway).
import { IpcError, type Handlers } from '../../shared/ipc';
import { SettingsValidationError } from '../settings';
import type { SessionStatus } from '../../shared/types';
import type { AppServices } from '../services';

/** Exactly the fields the renderer may see. */
export function publicStatus(s: SessionStatus): SessionStatus {
  return {
    signedIn: s.signedIn,
    serverUrl: s.serverUrl,
    lastServerUrl: s.lastServerUrl,
    userId: s.userId,
    keychain: s.keychain,
    keychainProblem: s.keychainProblem,
  };
}

export function createIpcHandlers(services: AppServices): Handlers {
  const { session, connection, presence, workspace, demo, settings, notifications } = services;
  return {
    'session:getStatus': () => publicStatus(session.status()),
    'session:signIn': async (input) => {
      const outcome = await session.signIn(input);
      if (!outcome.ok) return { ok: false, reason: outcome.reason, message: outcome.message };
      return outcome.profile === undefined
        ? { ok: true, status: publicStatus(outcome.status) }
        : { ok: true, status: publicStatus(outcome.status), profile: outcome.profile };
    },
    'session:signOut': async () => publicStatus(await session.signOut()),
    'connection:getState': () => connection.state(),
    'connection:reconnectNow': () => {
      connection.reconnectNow();
      return connection.state();
    },
    'presence:get': () => ({ status: presence.get() }),
    'presence:set': (status) => {
      presence.set(status);
      return { status: presence.get() };
    },
    'workspace:snapshot': () => workspace.snapshot(),
    'thread:open': ({ threadId }) => workspace.openThread(threadId),
    'thread:messages': (input) => workspace.messages(input),
    'thread:markRead': ({ threadId }) => workspace.markRead(threadId),
    'thread:setMuted': ({ threadId, muted }) => workspace.setMuted(threadId, muted),
    'thread:follow': ({ threadId, follow }) => workspace.follow(threadId, follow),
    'message:send': ({ threadId, body }) => workspace.send(threadId, body),
    'message:retry': ({ clientId }) => workspace.retry(clientId),
    'demo:start': async () => {
      const outcome = await demo.start();
      return outcome.ok
        ? { ok: true, status: publicStatus(outcome.status) }
        : { ok: false, reason: outcome.reason, message: outcome.message };
    },
    'settings:get': () => settings.view(),
    'settings:update': (patch) => {
      try {
        return settings.update(patch);
      } catch (error) {
        // The contract's schema let it through, but the whole (say, quiet hours starting where they end) was refused.
        if (error instanceof SettingsValidationError) throw new IpcError('bad_argument', `settings:update: ${error.message}`);
        throw error;
      }
    },
    'notifications:pause': (choice) => {
      notifications.pause(choice);
      return settings.view();
    },
    'notification:activate': ({ key }) => {
      notifications.activate(key);
      return null;
    },
    'notification:dismiss': ({ key }) => {
      notifications.dismissed(key);
      return null;
    },
    'window:focus': ({ focused }) => {
      notifications.setWindowFocused(focused);
      return null;
    },
  };
}
