// The app life cycle's Electron side, with Electron's app as a parameter
// (lifecycle.ts passes the real one; tests a fake): deep links from the OS
// handed to the DeepLinkOpener, the beacon:// protocol registration, and the
// launchAtLogin setting applied to the OS. Every decision is in main/lifecycle.
import { homedir } from 'node:os';
import {
  autostartExecutable,
  autostartFile,
  HIDDEN_ARG,
  loginItemMechanism,
  protocolClientPlan,
  syncLoginItem,
  xdgAutostart,
  type LoginItemBackend,
  type ProtocolClientInput,
} from '../lifecycle';
import type { AppServices } from '../services';

export interface LoginItemQuery {
  readonly args?: string[];
}

/** What Electron's getLoginItemSettings reports that we read. */
export interface LoginItemState {
  readonly openAtLogin: boolean;
  /** macOS. */
  readonly wasOpenedAtLogin?: boolean;
  /**
   * Windows: set to open at login and its Run entry not deactivated (Task
   * Manager's Startup tab, Settings > Apps > Startup). openAtLogin ignores that
   * switch (electron.d.ts, app.getLoginItemSettings).
   */
  readonly executableWillLaunchAtLogin?: boolean;
}

/** The part of Electron's app used here. */
export interface LifecycleApp {
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  getLoginItemSettings(options?: LoginItemQuery): LoginItemState;
}

export interface LinkHandler {
  openUrl(text: string, source: string): boolean;
  openArgv(argv: readonly string[], source: string): boolean;
}

export interface DeepLinkInbox {
  /** From now on links go to this handler; those that came earlier are handed over first, in order. */
  connect(handler: LinkHandler, showWindow: () => void): void;
}

/**
 * Listens for links at once (macOS sends open-url before ready, a second
 * instance can start while this one is still starting) and holds them until
 * the services exist. A second launch without a link just shows the window.
 */
export function receiveDeepLinks(app: LifecycleApp, firstArgv: readonly string[]): DeepLinkInbox {
  type Arrival = { kind: 'url'; text: string; source: string } | { kind: 'argv'; argv: readonly string[]; source: string };
  const queued: Arrival[] = [{ kind: 'argv', argv: firstArgv, source: 'launch' }];
  let target: { handler: LinkHandler; showWindow: () => void } | null = null;

  const deliver = (a: Arrival): void => {
    if (!target) {
      queued.push(a);
      return;
    }
    if (a.kind === 'url') target.handler.openUrl(a.text, a.source);
    else if (!target.handler.openArgv(a.argv, a.source) && a.source === 'second instance') target.showWindow();
  };
  app.on('second-instance', (_event, argv) => deliver({ kind: 'argv', argv: [...argv], source: 'second instance' }));
  app.on('open-url', (event, url) => {
    // Handled here: macOS must not try another handler.
    event.preventDefault();
    deliver({ kind: 'url', text: url, source: 'open-url' });
  });
  return {
    connect(handler, showWindow) {
      target = { handler, showWindow };
      for (const a of queued.splice(0)) deliver(a);
    },
  };
}

export function registerProtocolClient(app: Pick<LifecycleApp, 'setAsDefaultProtocolClient'>, input: ProtocolClientInput, log: (line: string) => void): void {
  const plan = protocolClientPlan(input);
  if (!plan.register) {
    log(`main: not registering as the beacon:// handler: ${plan.reason}`);
    return;
  }
  const ok = plan.path === undefined ? app.setAsDefaultProtocolClient(plan.scheme) : app.setAsDefaultProtocolClient(plan.scheme, plan.path, [...(plan.args ?? [])]);
  if (!ok) log('main: the OS did not make Beacon the beacon:// handler (links may open another app or nothing)');
}

export interface LoginItemEnv {
  readonly platform: NodeJS.Platform;
  readonly isPackaged: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly execPath: string;
  readonly home?: string;
  readonly log: (line: string) => void;
}

/** The OS side of launch at login: Electron's login items, or the XDG autostart file. */
export function loginItemBackend(app: Pick<LifecycleApp, 'setLoginItemSettings' | 'getLoginItemSettings'>, e: LoginItemEnv): LoginItemBackend | string {
  const mechanism = loginItemMechanism(e);
  if (mechanism.kind === 'none') return mechanism.reason;
  if (mechanism.kind === 'xdg') return xdgAutostart(autostartFile(e.env, e.home ?? homedir()), autostartExecutable(e.env, e.execPath));
  // Windows keeps the arguments in its Run key, and reading back needs the same ones; macOS has none.
  const query: LoginItemQuery = e.platform === 'win32' ? { args: [HIDDEN_ARG] } : {};
  return {
    isEnabled: () => {
      const state = app.getLoginItemSettings(query);
      // Windows: an entry the user switched off still reads openAtLogin true; it starts nothing.
      if (e.platform === 'win32') return state.openAtLogin && state.executableWillLaunchAtLogin === true;
      return state.openAtLogin;
    },
    set: (openAtLogin) => app.setLoginItemSettings({ openAtLogin, ...query }),
  };
}

/** Applies launchAtLogin at start and on every change of the setting; returns the stop. */
export function bindLaunchAtLogin(app: Pick<LifecycleApp, 'setLoginItemSettings' | 'getLoginItemSettings'>, settings: AppServices['settings'], e: LoginItemEnv): () => void {
  const backend = loginItemBackend(app, e);
  if (typeof backend === 'string') {
    e.log(`launch at login: not registered: ${backend}`);
    return () => {};
  }
  return syncLoginItem(
    backend,
    {
      get: () => settings.view().launchAtLogin,
      set: (enabled) => {
        try {
          settings.update({ launchAtLogin: enabled });
        } catch (error) {
          e.log(`launch at login: could not save the setting: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
      onChange: (listener) => settings.onChange((view) => listener(view.launchAtLogin)),
    },
    e.log,
  );
}

/**
 * Started by the login item (our --hidden argument, or macOS's own record):
 * stay in the tray. macOS 13+ (SMAppService) passes no arguments and often
 * leaves wasOpenedAtLogin false, so there a login start may show the window
 * (docs/lifecycle.md: accepted).
 */
export function startedAtLogin(app: Pick<LifecycleApp, 'getLoginItemSettings'>, argv: readonly string[], platform: NodeJS.Platform): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}
