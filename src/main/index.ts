// Electron entry: single instance, deep links, services, tray, window, IPC.
// Everything with logic lives in plain, Node-tested modules (lifecycle/,
// notify/, tray/, …); this file and main/electron only connect it to Electron.
import { join } from 'node:path';
import { app, powerMonitor, session } from 'electron';
import { openDemoIfSignedOut } from './demo';
import {
  bindIpc,
  bindLoginItem,
  bindNotifications,
  bindPower,
  bringToFront,
  createMainWindow,
  createTray,
  hardenSession,
  type DeepLinkInbox,
  launchedAtLogin,
  listenForDeepLinks,
  registerAppScheme,
  registerBeaconProtocol,
  serveRenderer,
  showNotice,
  WindowShell,
} from './electron';
import { launchOptions } from './launch';
import { appUserModelId, DeepLinkOpener, QuitSequence, type BoundsStore } from './lifecycle';
import { systemClock } from './connection/clock';
import { stderrLog as log } from './log';
import { watchConnectionNotices } from './notify';
import { APP_ENTRY_URL, contentSecurityPolicy, rendererTrust } from './serve';
import { createAppServices, type AppServices } from './services';

// Every renderer sandboxed, whatever a window's webPreferences say; must precede ready.
app.enableSandbox();
// Windows: toasts, the taskbar and the login item's Run value go by this AUMID (the installer's shortcut carries the appId).
const aumid = appUserModelId({ platform: process.platform, isPackaged: app.isPackaged, execPath: process.execPath });
if (aumid !== null) app.setAppUserModelId(aumid);

// Dev server, test profiles and DevTools: development only (launch/).
const launch = launchOptions({ isPackaged: app.isPackaged, env: process.env });
for (const line of launch.refused) log(`main: ${line}`);
if (launch.userDataDir) app.setPath('userData', launch.userDataDir);

const devServerUrl = launch.devServerUrl;
const isTrusted = rendererTrust({ devServerUrl });
// Loosened only for the dev server launch/ honoured (never in a packaged build).
const csp = contentSecurityPolicy({ devServerUrl });
// Quit by the tray, or the OS ending the session (Windows emits no before-quit then).
const quit = new QuitSequence({ quit: () => app.quit(), exit: (code) => app.exit(code), log });
/** Tells the notification policy whether the window is in front (set once services exist). */
let onWindowFocus: (focused: boolean) => void = () => {};
/** The settings' windowBounds, once the services exist (a window made before them opens at the default size). */
let boundsStore: BoundsStore | undefined;

registerAppScheme();

const mainWindow = new WindowShell({
  create: () =>
    createMainWindow({
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      url: devServerUrl ?? APP_ENTRY_URL,
      isTrustedUrl: isTrusted,
      devTools: launch.devTools,
      log,
      ...(boundsStore ? { bounds: boundsStore } : {}),
    }),
  // A notification, tray or second-instance click must really bring it in front, on every OS.
  bringToFront: (win) => bringToFront(win, app, process.platform),
  reportFocus: (focused) => onWindowFocus(focused),
  isQuitting: () => quit.quitting,
  sessionEnding: (what, final) => quit.sessionEnding(what, final),
  log,
});
const showWindow = (): void => mainWindow.show();

async function start(): Promise<AppServices> {
  hardenSession(session.defaultSession, csp);
  serveRenderer(join(import.meta.dirname, '../renderer'), csp);
  const services = await createAppServices({
    dataDir: app.getPath('userData'),
    settingsEngine: 'electron',
    log,
    // Tests run the app outside a throwaway keyring; they must not touch the user's.
    keychain: process.env['BEACON_NO_KEYCHAIN'] === '1' ? 'memory' : 'os',
    keychainSwitchedOffBy: 'BEACON_NO_KEYCHAIN=1',
  });
  // Main's window events; combined with the renderer's own report (window:focus) in NotificationHost.
  onWindowFocus = (focused) => services.notifications.setShellFocused(focused);
  boundsStore = services.windowBounds;
  // One path for a notification click, a tray item and a beacon:// link: the window in front,
  // then navigation marks the thread read and tells the window to show it.
  const openThread = (threadId: string | null): void => {
    showWindow();
    if (threadId !== null) services.navigation.showThread(threadId);
  };
  const links = new DeepLinkOpener(
    {
      hasThread: (threadId) => services.workspace.snapshot().threads.some((t) => t.id === threadId),
      showThread: (threadId) => services.navigation.showThread(threadId),
      onWorkspaceChange: (listener) => services.workspace.onBatch(() => listener()),
      showWindow,
    },
    systemClock,
    log,
  );
  registerBeaconProtocol(launch.userDataDir !== undefined, log);
  const cleanups = [
    () => links.dispose(),
    bindLoginItem(services.settings, log),
    bindIpc(services, { isTrustedSender: isTrusted, log }),
    bindNotifications(services.notifications, { openThread }),
    watchConnectionNotices((l) => services.connection.subscribe(l), services.connection.state(), showNotice),
    bindPower(services, { log }),
    createTray(services, { openWindow: showWindow, openThread, quit: () => app.quit(), log }),
  ];
  quit.attach(cleanups, () => services.close());
  app.on('before-quit', () => quit.beforeQuit());
  // Close the connection cleanly (1000) before the process goes.
  app.on('will-quit', (event) => quit.willQuit(event));
  // Linux (logind) and macOS: the system is shutting down or logging out.
  powerMonitor.on('shutdown', () => quit.sessionEnding('the system is shutting down', true));

  // Started by the login item: Beacon stays in the tray until asked (a link below still opens the window).
  if (launchedAtLogin()) log('main: started at login; the window stays in the tray');
  else showWindow();
  deepLinks?.connect(links, showWindow);
  mainWindow.started();
  // `npm run demo`: straight onto the demo workspace when nobody is signed in.
  if (process.env['BEACON_DEMO'] === '1') {
    openDemoIfSignedOut(services, log).catch((error: unknown) => log(`main: demo failed: ${error instanceof Error ? error.message : String(error)}`));
  }
  return services;
}

let deepLinks: DeepLinkInbox | null = null;
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second launch (with or without a beacon:// link) and macOS open-url; held until the services exist.
  deepLinks = listenForDeepLinks();
  // Closing every window must not quit a tray app.
  app.on('window-all-closed', () => {});
  // macOS; may come before ready (electron/electron#5272): the shell ignores it until start() is done.
  app.on('activate', () => mainWindow.activate());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log(`main: start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      app.exit(1);
    });
}
