// Builds the real services (settings, vault, session, connection engine) and
// adapts them to AppServices. The Electron app and the web preview both come
// through here; only the settings engine differs (electron-store vs conf).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionEngineOptions } from '../connection';
import { createSessionManager } from '../session';
import { openConfSettings, openElectronSettings, type SettingsStore } from '../settings';
import { createTokenStore, TokenStore, VaultError, type CheckableKeychain } from '../vault';
import { ConnectionFacade } from './connection-facade';
import type { Log } from './log';
import { PresenceController } from './presence';
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
  /** Engine timings (tests shorten them). */
  readonly engineTiming?: Pick<
    ConnectionEngineOptions,
    'heartbeatMs' | 'pongTimeoutMs' | 'handshakeTimeoutMs' | 'stableAfterMs' | 'backoff'
  >;
  readonly probeTimeoutMs?: number;
}

/**
 * A keychain that is switched off: nothing is in it and nothing can be put in
 * it, so the vault reports memory-only with this reason and clean-ups find nothing.
 */
function switchedOffKeychain(): CheckableKeychain {
  const refuse = (): Promise<never> =>
    Promise.reject(new VaultError('unknown', 'the system keychain is switched off for this run'));
  return {
    check: refuse,
    write: refuse,
    read: () => Promise.resolve(null),
    delete: () => Promise.resolve(false),
    list: () => Promise.resolve([]),
  };
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
    options.keychain === 'memory' ? new TokenStore(switchedOffKeychain(), logger) : createTokenStore({ log: logger });

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
