// The life cycle's Electron edge against a small fake of Electron's app:
// deep links reach the opener (and only valid ones show a thread), the
// protocol registration follows the plan, launchAtLogin reaches the OS login
// item (or the XDG autostart file), and a login start is recognised.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../src/shared/ipc/settings-schemas';
import type { UserSettingsPatch } from '../../src/shared/settings';
import {
  bindLaunchAtLogin,
  receiveDeepLinks,
  registerProtocolClient,
  startedAtLogin,
  type LifecycleApp,
  type LoginItemQuery,
} from '../../src/main/electron/lifecycle-edge';
import { DeepLinkOpener } from '../../src/main/lifecycle';
import type { AppServices } from '../../src/main/services';
import { FakeClock } from '../connection/support/fake-clock';

type Listener = (...args: never[]) => void;

class FakeApp implements LifecycleApp {
  readonly listeners = new Map<string, Listener>();
  readonly protocolCalls: unknown[][] = [];
  readonly loginSets: { openAtLogin: boolean; args?: string[] }[] = [];
  readonly loginQueries: (LoginItemQuery | undefined)[] = [];
  openAtLogin = false;
  wasOpenedAtLogin = false;
  /** Windows: false once the user deactivates the Run entry in Task Manager or Settings (the entry stays). */
  runEntryApproved = true;
  protocolResult = true;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, listener);
    return this;
  }
  secondInstance(argv: string[]): void {
    (this.listeners.get('second-instance') as (e: unknown, argv: string[]) => void)({}, argv);
  }
  openUrl(url: string): { prevented: boolean } {
    const event = { prevented: false, preventDefault() {
      this.prevented = true;
    } };
    (this.listeners.get('open-url') as (e: typeof event, url: string) => void)(event, url);
    return event;
  }
  setAsDefaultProtocolClient(...args: unknown[]): boolean {
    this.protocolCalls.push(args);
    return this.protocolResult;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    this.loginSets.push(settings);
    this.openAtLogin = settings.openAtLogin;
  }
  getLoginItemSettings(options?: LoginItemQuery): { openAtLogin: boolean; wasOpenedAtLogin: boolean; executableWillLaunchAtLogin: boolean } {
    this.loginQueries.push(options);
    return { openAtLogin: this.openAtLogin, wasOpenedAtLogin: this.wasOpenedAtLogin, executableWillLaunchAtLogin: this.openAtLogin && this.runEntryApproved };
  }
}

function linkRig(known: string[]) {
  const app = new FakeApp();
  const calls: string[] = [];
  const log: string[] = [];
  const batches = new Set<() => void>();
  const opener = new DeepLinkOpener(
    {
      hasThread: (id) => known.includes(id),
      showThread: (id) => (calls.push(`showThread:${id}`), true),
      onWorkspaceChange: (l) => (batches.add(l), () => batches.delete(l)),
      showWindow: () => calls.push('showWindow'),
    },
    new FakeClock(),
    (l) => log.push(l),
  );
  return { app, calls, log, opener, showWindow: () => calls.push('showWindow') };
}

describe('deep links from Electron', () => {
  it('links that came before the services (first launch, open-url, second instance) are opened in order once connected', () => {
    const r = linkRig(['t1', 't2', 't3']);
    const inbox = receiveDeepLinks(r.app, ['/opt/Beacon/beacon', 'beacon://thread/t1']);
    expect(r.app.openUrl('beacon://thread/t2').prevented).toBe(true);
    r.app.secondInstance(['/opt/Beacon/beacon', 'beacon://thread/t3']);
    expect(r.calls).toEqual([]);
    inbox.connect(r.opener, r.showWindow);
    expect(r.calls).toEqual(['showWindow', 'showThread:t1', 'showWindow', 'showThread:t2', 'showWindow', 'showThread:t3']);
  });

  it('after start: a second instance with a link shows that thread; without one or with a refused one, just the window (it is still a launch); a bad open-url nothing', () => {
    const r = linkRig(['deploys']);
    const inbox = receiveDeepLinks(r.app, ['/opt/Beacon/beacon']);
    inbox.connect(r.opener, r.showWindow);
    expect(r.calls).toEqual([]);
    r.app.secondInstance(['/opt/Beacon/beacon', '--some-switch', 'beacon://thread/deploys']);
    expect(r.calls).toEqual(['showWindow', 'showThread:deploys']);
    r.calls.length = 0;
    r.app.secondInstance(['/opt/Beacon/beacon']);
    expect(r.calls).toEqual(['showWindow']);
    r.calls.length = 0;
    r.app.secondInstance(['/opt/Beacon/beacon', 'beacon://thread/deploys?token=abc']);
    r.app.openUrl('beacon://settings/reset');
    expect(r.calls).toEqual(['showWindow']);
    expect(r.log).toEqual([
      'main: deep link from second instance: show a thread (id of 7 chars)',
      'main: deep link from second instance ignored: query-or-fragment',
      'main: deep link from open-url ignored: unsupported-target',
    ]);
  });
});

describe('beacon:// protocol registration', () => {
  const base = { isPackaged: true, defaultApp: false, argv: ['/opt/Beacon/beacon'], execPath: '/opt/Beacon/beacon', testProfile: false };

  it('packaged: setAsDefaultProtocolClient("beacon"); a refusal by the OS is logged', () => {
    const app = new FakeApp();
    const log: string[] = [];
    registerProtocolClient(app, base, (l) => log.push(l));
    expect(app.protocolCalls).toEqual([['beacon']]);
    expect(log).toEqual([]);
    app.protocolResult = false;
    registerProtocolClient(app, base, (l) => log.push(l));
    expect(log).toHaveLength(1);
  });

  it('development: with Electron and the app path; a test profile registers nothing and says why', () => {
    const app = new FakeApp();
    const log: string[] = [];
    registerProtocolClient(app, { ...base, isPackaged: false, defaultApp: true, argv: ['/dev/electron', '/src/beacon'], execPath: '/dev/electron' }, (l) => log.push(l));
    expect(app.protocolCalls).toEqual([['beacon', '/dev/electron', ['/src/beacon']]]);
    registerProtocolClient(app, { ...base, isPackaged: false, defaultApp: true, argv: ['/dev/electron', '/src/beacon'], execPath: '/dev/electron', testProfile: true }, (l) => log.push(l));
    expect(app.protocolCalls).toHaveLength(1);
    expect(log[0]).toMatch(/^main: not registering as the beacon:\/\/ handler: a test profile/);
  });
});

function settingsFake(launchAtLogin: boolean) {
  let view: SettingsView = {
    notifications: { enabled: true, sound: true, showMessageText: true, mutedThreads: [], quietHours: { enabled: false, start: '22:00', end: '08:00' } },
    presence: { autoAwayMinutes: 10, awayOnScreenLock: true },
    launchAtLogin,
    allowInsecureHosts: false,
    keychain: { kind: 'os', problem: null },
    pausedUntil: null,
    notificationRules: { profile: 'beacon-v1', label: 'Beacon relay', edited: false, rules: [], defaults: [] },
  };
  const listeners = new Set<(v: SettingsView) => void>();
  const updates: UserSettingsPatch[] = [];
  const settings: AppServices['settings'] = {
    view: () => view,
    update: (patch) => {
      updates.push(patch);
      const next = { ...view, ...(patch.launchAtLogin === undefined ? {} : { launchAtLogin: patch.launchAtLogin }) };
      const changed = JSON.stringify(next) !== JSON.stringify(view);
      view = next;
      if (changed) for (const l of listeners) l(view);
      return view;
    },
    onChange: (l) => (listeners.add(l), () => void listeners.delete(l)),
  };
  return { settings, updates, listeners, user: (on: boolean) => settings.update({ launchAtLogin: on }) };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('launch at login', () => {
  const env = (platform: NodeJS.Platform, log: string[], extra: Partial<Parameters<typeof bindLaunchAtLogin>[2]> = {}) => ({
    platform,
    isPackaged: true,
    env: {},
    execPath: '/Applications/Beacon.app/Contents/MacOS/Beacon',
    log: (l: string) => log.push(l),
    ...extra,
  });

  it('macOS: the setting is applied with setLoginItemSettings and read back from getLoginItemSettings', () => {
    const app = new FakeApp();
    const s = settingsFake(false);
    const log: string[] = [];
    const stop = bindLaunchAtLogin(app, s.settings, env('darwin', log));
    expect(app.loginSets).toEqual([]);
    s.user(true);
    expect(app.loginSets).toEqual([{ openAtLogin: true }]);
    s.user(false);
    expect(app.loginSets).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
    expect(log).toEqual(['launch at login: on', 'launch at login: off']);
    stop();
    expect(s.listeners.size).toBe(0);
  });

  it('Windows: the Run key carries --hidden, and reading it back asks with the same args', () => {
    const app = new FakeApp();
    const s = settingsFake(false);
    bindLaunchAtLogin(app, s.settings, env('win32', []));
    s.user(true);
    expect(app.loginSets).toEqual([{ openAtLogin: true, args: ['--hidden'] }]);
    expect(app.loginQueries.every((q) => JSON.stringify(q) === JSON.stringify({ args: ['--hidden'] }))).toBe(true);
  });

  it('Windows: a Run entry the user deactivated in Task Manager counts as off at start; it is not approved again', () => {
    const app = new FakeApp();
    app.openAtLogin = true;
    app.runEntryApproved = false;
    const s = settingsFake(true);
    const log: string[] = [];
    bindLaunchAtLogin(app, s.settings, env('win32', log));
    expect(app.loginSets).toEqual([]);
    expect(s.settings.view().launchAtLogin).toBe(false);
    expect(log).toEqual(['launch at login: the system reports off; the setting follows it']);
  });

  it('Windows: an approved entry, on and on, is written again at start', () => {
    const app = new FakeApp();
    app.openAtLogin = true;
    const s = settingsFake(true);
    bindLaunchAtLogin(app, s.settings, env('win32', []));
    expect(app.loginSets).toEqual([{ openAtLogin: true, args: ['--hidden'] }]);
    expect(s.settings.view().launchAtLogin).toBe(true);
  });

  it('reality wins at start: switched off in System Settings, the setting is updated to off', () => {
    const app = new FakeApp();
    const s = settingsFake(true);
    bindLaunchAtLogin(app, s.settings, env('darwin', []));
    expect(s.updates).toEqual([{ launchAtLogin: false }]);
    expect(s.settings.view().launchAtLogin).toBe(false);
    expect(app.loginSets).toEqual([]);
  });

  it('a failing OS call is logged and the screen shows off', () => {
    const app = new FakeApp();
    app.setLoginItemSettings = () => {
      throw new Error('not allowed');
    };
    const s = settingsFake(false);
    const log: string[] = [];
    bindLaunchAtLogin(app, s.settings, env('darwin', log));
    s.user(true);
    expect(s.settings.view().launchAtLogin).toBe(false);
    expect(log[0]).toBe('launch at login: could not turn it on: not allowed');
  });

  it('Linux: the autostart entry under $XDG_CONFIG_HOME starts the AppImage, and goes away when off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beacon-xdg-'));
    dirs.push(dir);
    const app = new FakeApp();
    const s = settingsFake(false);
    bindLaunchAtLogin(app, s.settings, env('linux', [], { env: { XDG_CONFIG_HOME: dir, APPIMAGE: '/home/ann/Apps/Beacon.AppImage' }, execPath: '/tmp/.mount_Beacon/beacon' }));
    const file = join(dir, 'autostart', 'beacon.desktop');
    expect(existsSync(file)).toBe(false);
    s.user(true);
    expect(readFileSync(file, 'utf8')).toContain('\nExec=/home/ann/Apps/Beacon.AppImage --hidden\n');
    s.user(false);
    expect(existsSync(file)).toBe(false);
    expect(app.loginSets).toEqual([]);
  });

  it('a development run registers nothing and logs why, whatever the setting says', () => {
    const app = new FakeApp();
    const s = settingsFake(true);
    const log: string[] = [];
    bindLaunchAtLogin(app, s.settings, env('darwin', log, { isPackaged: false }));
    s.user(false);
    s.user(true);
    expect(app.loginSets).toEqual([]);
    expect(app.loginQueries).toEqual([]);
    expect(log).toEqual(['launch at login: not registered: a development (unpackaged) run is never registered to start at login']);
  });

  it('a login start is recognised by --hidden, or on macOS by wasOpenedAtLogin', () => {
    const app = new FakeApp();
    expect(startedAtLogin(app, ['/opt/Beacon/beacon'], 'linux')).toBe(false);
    expect(startedAtLogin(app, ['/opt/Beacon/beacon', '--hidden'], 'linux')).toBe(true);
    app.wasOpenedAtLogin = true;
    expect(startedAtLogin(app, ['/Applications/Beacon.app/Contents/MacOS/Beacon'], 'darwin')).toBe(true);
    expect(startedAtLogin(app, ['C:\\Beacon\\Beacon.exe'], 'win32')).toBe(false);
  });
});
