// The life cycle with Electron's real app; the work is in lifecycle-edge.ts.
import { app } from 'electron';
import type { AppServices } from '../services';
import { bindLaunchAtLogin, receiveDeepLinks, registerProtocolClient, startedAtLogin, type DeepLinkInbox } from './lifecycle-edge';

/** Must run before ready: macOS delivers open-url early, and a second instance may knock while this one starts. */
export function listenForDeepLinks(): DeepLinkInbox {
  return receiveDeepLinks(app, process.argv);
}

export function registerBeaconProtocol(testProfile: boolean, log: (line: string) => void): void {
  registerProtocolClient(app, { isPackaged: app.isPackaged, defaultApp: process.defaultApp === true, argv: process.argv, execPath: process.execPath, testProfile }, log);
}

export function bindLoginItem(settings: AppServices['settings'], log: (line: string) => void): () => void {
  return bindLaunchAtLogin(app, settings, { platform: process.platform, isPackaged: app.isPackaged, env: process.env, execPath: process.execPath, log });
}

/** This run was started by the login item: the window stays in the tray. */
export function launchedAtLogin(): boolean {
  return startedAtLogin(app, process.argv, process.platform);
}
