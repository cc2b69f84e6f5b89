// Builds the real services (settings, vault, session, connection engine) and
// adapts them to AppServices. The Electron app and the web preview both come
// through here; only the settings engine differs (electron-store vs conf).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionEngineOptions } from '../connection';
import { createSessionManager } from '../session';
import { openConfSettings, openElectronSettings, type SettingsStore } from '../settings';
import { createTokenStore } from '../vault';
import { ConnectionFacade } from './connection-facade';
import type { Log } from '../log';
import { PresenceController } from '../presence';
import type { AppServices } from './services';

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
}

export async function createAppServices(options: CreateServicesOptions): Promise<AppServices> {
  const { dataDir, log } = options;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logger = { info: (m: string) => log(m), warn: (m: string) => log(`warning: ${m}`) };

  const settings: SettingsStore =
    options.settingsEngine === 'electron'
      ? await openElectronSettings({ dir: dataDir, log: logger })
      : openConfSettings({ dir: dataDir, log: logger });
  const tokens =
    options.keychain === 'memory'
      ? createTokenStore({ log: logger, keychain: 'off', switchedOffBy: options.keychainSwitchedOffBy ?? '' })
      : createTokenStore({ log: logger });

  const session = createSessionManager({
    tokens,
    settings,
    dataDir: join(dataDir, 'sessions'),
    log: logger,
    ...(options.engineTiming === undefined ? {} : { engine: options.engineTiming }),
    ...(options.probeTimeoutMs === undefined ? {} : { probeTimeoutMs: options.probeTimeoutMs }),
  });

  const connection = new ConnectionFacade(session);
  const presence = new PresenceController((status) => session.engine()?.setPresence(status));
  // A new engine starts from "online": tell it the current choice before it authenticates.
  const offEngine = session.onEngine((engine) => {
    if (engine) presence.reapply();
  });
  await session.start();

  let closing: Promise<void> | null = null;
  return {
    session: {
      status: () => session.status(),
      signIn: (request) => session.signIn(request),
      signOut: () => session.signOut(),
      onStatus: (listener) => session.onStatus(listener),
    },
    connection,
    presence,
    preferences: { awayOnScreenLock: () => settings.get('presence').awayOnScreenLock },
    close() {
      closing ??= session.close().finally(() => {
        offEngine();
        connection.dispose();
      });
      return closing;
    },
  };
}
