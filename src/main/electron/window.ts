// The one BrowserWindow, locked down: isolated, sandboxed preload, no Node,
// CSP header on every response, no navigation, no popups, no permissions.
import { BrowserWindow, screen, type Session } from 'electron';
import { systemClock, type Clock } from '../connection/clock';
import { isDevToolsShortcut } from '../launch';
import { DEFAULT_WINDOW_SIZE, restoreBounds, trackBounds, type BoundsStore, type Rect } from '../lifecycle';

export interface MainWindowOptions {
  readonly preloadPath: string;
  /** app://beacon/index.html, or the dev server URL. */
  readonly url: string;
  readonly isTrustedUrl: (url: string) => boolean;
  /** False in packaged builds: DevTools cannot be opened at all. */
  readonly devTools: boolean;
  readonly log: (line: string) => void;
  /** Where the bounds are kept: restored when still on a connected display, saved as they change. Absent: default size, nothing saved. */
  readonly bounds?: BoundsStore;
  /** For tests: the clock that debounces saving. */
  readonly clock?: Clock;
}

/** Session-wide rules; run once before the first window loads. */
export function hardenSession(ses: Session, csp: string): void {
  // Covers http(s) loads (the dev server); app:// responses set it themselves.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** The saved bounds if a connected display still shows them, else the default centred on the primary display. */
function openingBounds(store: BoundsStore): Rect {
  return restoreBounds(store.load(), screen.getAllDisplays(), screen.getPrimaryDisplay());
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const restored = options.bounds ? openingBounds(options.bounds) : null;
  const win = new BrowserWindow({
    ...(restored ?? DEFAULT_WINDOW_SIZE),
    minWidth: 420,
    minHeight: 360,
    show: false,
    title: 'Beacon',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: options.devTools,
      // Middle-click would otherwise ask for a new window (denied below anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    options.log(`window: blocked navigation to ${safeOrigin(url)}`);
  });
  contents.on('will-redirect', (event, url) => {
    if (!options.isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (!options.devTools) {
    contents.on('before-input-event', (event, input) => {
      if (isDevToolsShortcut(input)) event.preventDefault();
    });
    // Belt and braces: should anything still open them, close them at once.
    contents.on('devtools-opened', () => {
      contents.closeDevTools();
      options.log('window: closed DevTools (packaged build)');
    });
  }
  contents.setWindowOpenHandler(({ url }) => {
    options.log(`window: blocked a new window for ${safeOrigin(url)}`);
    return { action: 'deny' };
  });
  if (options.bounds) {
    const store = options.bounds;
    const stop = trackBounds(win, (b) => store.save(b), options.clock ?? systemClock, restored);
    win.once('closed', stop);
  }
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.url);
  return win;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}
