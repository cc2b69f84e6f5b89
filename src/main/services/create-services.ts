// Builds the real services (settings, vault, session, connection engine,
// workspace, demo relay) and adapts them to AppServices. The Electron app and the web preview both come
// through here; only the settings engine differs (electron-store vs conf).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionEngineOptions } from '../connection';
import { createSessionManager } from '../session';
import { openConfSettings, openElectronSettings, type SettingsStore } from '../settings';
import { createTokenStore } from '../vault';
import { DemoRelay } from '../demo';
import { settingsBoundsStore } from '../lifecycle';
import { loggerOver, type Log } from '../log';
import { AutoAway, PresenceController } from '../presence';
import { ConnectionFacade } from './connection-facade';
import { Navigation } from './navigation';
import { openNotifications } from './notification-host';
import { SettingsViewService } from './settings-view';
import type { AppServices } from './services';
import { ServerWorkspace } from './server-workspace';
import { WorkspaceHost } from './workspace-host';

export interface CreateServicesOptions {
  /** Settings file and per-server session files live here (the app: userData). */
  readonly dataDir: string;
  readonly settingsEngine: 'electron' | 'conf';
  readonly log: Log;
  /**
   * 'os' uses the system keychain when it works (memory-only otherwise, and
   * the UI says so); 'memory' never touches it (tests outside a throwaway keyring).
   */
  readonly keychain?: 'os' | 'memory';
  /** With keychain 'memory': what switched the keychain off, shown to the person (the app: "BEACON_NO_KEYCHAIN=1"). */
  readonly keychainSwitchedOffBy?: string;
  /** Engine timings (tests shorten them). */
  readonly engineTiming?: Pick<
    ConnectionEngineOptions,
    'heartbeatMs' | 'pongTimeoutMs' | 'handshakeTimeoutMs' | 'stableAfterMs' | 'backoff'
  >;
  readonly probeTimeoutMs?: number;
  /** How often the demo workspace's bot acts (default 4 000 ms; tests slow it down). */
  readonly demoBotIntervalMs?: number;
}

export async function createAppServices(options: CreateServicesOptions): Promise<AppServices> {
  const { dataDir, log } = options;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logger = loggerOver(log);

  const settings: SettingsStore =
    options.settingsEngine === 'electron'
      ? await openElectronSettings({ dir: dataDir, log: logger })
      : openConfSettings({ dir: dataDir, log: logger });
  const tokens =
    options.keychain === 'memory'
      ? createTokenStore({ log: logger, keychain: 'off', switchedOffBy: options.keychainSwitchedOffBy ?? '' })
      : createTokenStore({ log: logger });
  const sessionsDir = join(dataDir, 'sessions');

  // The last choice comes back at start, and every new one (window, tray, another device) is kept for the next.
  // (Its sender reaches the session's engine only when called, after the session exists.)
  const presence = new PresenceController((status) => session.engine()?.setPresence(status), settings.get('presence').chosen);
  // Mutes live in the settings: the workspace and the server's view of it read and write the same list.
  const isMuted = (threadId: string): boolean => settings.get('notifications').mutedThreads.includes(threadId);
  const setMuted = (threadId: string, muted: boolean): void => {
    const others = settings.get('notifications').mutedThreads.filter((id) => id !== threadId);
    settings.update({ notifications: { mutedThreads: muted ? [...others, threadId] : others } });
  };
  const workspaces = new WorkspaceHost({
    dataDir: sessionsDir,
    log: logger,
    isMuted,
    setMuted,
    onOwnPresence: (status) => presence.adoptRemote(status),
  });
  // What the window sees: the workspace plus the server's profile (read-only, channels to follow).
  const serverWorkspace = new ServerWorkspace(workspaces, {
    dataDir: sessionsDir,
    log: logger,
    isMuted,
    setMuted,
  });
  const session = createSessionManager({
    tokens,
    settings,
    dataDir: sessionsDir,
    log: logger,
    // Each engine resumes from what its server's workspace has stored.
    engine: (init) => {
      const stored = workspaces.forServer(init.url.href);
      // The cursors belong to one seq numbering: a server that restarted its own must not have its new messages skipped.
      return { ...options.engineTiming, cursors: stored.storedCursors(), historyId: stored.storedHistoryId() };
    },
    clearSessionData: () => workspaces.clear(),
    ...(options.probeTimeoutMs === undefined ? {} : { probeTimeoutMs: options.probeTimeoutMs }),
  });
  const demo = new DemoRelay({ dir: join(dataDir, 'demo'), log: logger, botIntervalMs: options.demoBotIntervalMs });

  const connection = new ConnectionFacade(session);
  const navigation = new Navigation({ open: (threadId) => void workspaces.openThread(threadId), log: logger });
  const notifications = openNotifications({ dataDir, settings, presence, workspaces, log: logger, showThread: (threadId) => navigation.showThread(threadId) });
  const settingsService = new SettingsViewService({ settings, session, pause: notifications.service, log: logger });
  presence.subscribe((status) => {
    try {
      settings.set('presence', { ...settings.get('presence'), chosen: status });
    } catch (error) {
      logger.warn(`presence: "${status}" is in effect but could not be saved for the next start: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  const autoAway = new AutoAway({ settings: settings.get('presence'), setAway: (away) => presence.setAutoAway(away), log: (line) => logger.info(line) });
  const offSettings = settings.onChange((next) => autoAway.configure(next.presence));
  // A new engine starts from "online": tell it the current choice before it authenticates.
  const offEngine = session.onEngine((engine) => {
    workspaces.follow(engine, session.status().serverUrl);
    serverWorkspace.attach(engine, session.status().serverUrl);
    if (engine) presence.reapply();
  });
  // A saved sign-in to the demo needs the demo relay running before the session connects.
  const savedServer = settings.get().serverUrl;
  if (savedServer !== null && savedServer === demo.lastUrl()) {
    await demo.start().catch((error: unknown) => logger.warn(`demo relay: could not start: ${error instanceof Error ? error.message : String(error)}`));
  }
  await session.start();

  const signOut = async () => {
    const server = session.status().serverUrl;
    const status = await session.signOut();
    if (server !== null && server === demo.lastUrl()) await demo.discard();
    return status;
  };

  let closing: Promise<void> | null = null;
  return {
    session: {
      status: () => session.status(),
      signIn: (request) => session.signIn(request),
      signOut,
      onStatus: (listener) => session.onStatus(listener),
    },
    connection,
    presence,
    workspace: serverWorkspace,
    notifications: notifications.service,
    demo: {
      async start() {
        const relay = await demo.start();
        const token = await demo.mintToken();
        return session.signIn({ serverUrl: relay.url, token, transport: { kind: 'header' } });
      },
    },
    settings: settingsService,
    navigation,
    windowBounds: settingsBoundsStore(settings, (line) => logger.warn(line)),
    autoAway,
    close() {
      closing ??= session
        .close()
        .then(() => workspaces.close())
        .then(() => demo.stop())
        .finally(() => {
          notifications.close();
          settingsService.dispose();
          offEngine();
          offSettings();
          autoAway.dispose();
          connection.dispose();
        });
      return closing;
    },
  };
}
