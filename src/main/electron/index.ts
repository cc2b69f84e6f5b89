// The thin Electron edge: the only folder (besides main's index.ts and the
// preload) that imports 'electron'. Each adapter forwards what a plain module decided.
export { bindIpc, type IpcOptions } from './ipc';
export { bringToFront } from './bring-to-front';
export { bindNotifications, showNotice } from './notifications';
export { bindLoginItem, launchedAtLogin, listenForDeepLinks, registerBeaconProtocol } from './lifecycle';
export type { DeepLinkInbox } from './lifecycle-edge';
export { bindPower, type PowerOptions } from './power';
export { registerAppScheme, serveRenderer } from './protocol';
export { createTray } from './tray';
export { createMainWindow, hardenSession, type MainWindowOptions } from './window';
export { WindowShell, type ShellWindow, type WindowShellOptions } from './window-shell';
