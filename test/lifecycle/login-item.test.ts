// Launch at login: the mechanism per platform, the XDG autostart entry in a
// temp dir (path rules, escaping, atomic write, removal), and the sync between
// the setting and what the OS reports.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  autostartExecutable,
  autostartFile,
  desktopEntry,
  loginItemMechanism,
  quoteExecArg,
  syncLoginItem,
  xdgAutostart,
  type LaunchAtLoginSetting,
  type LoginItemBackend,
} from '../../src/main/lifecycle';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-autostart-'));
  dirs.push(dir);
  return dir;
}

describe('loginItemMechanism', () => {
  it('Electron login items on macOS and Windows, XDG autostart on Linux, nothing in a development run', () => {
    expect(loginItemMechanism({ platform: 'darwin', isPackaged: true })).toEqual({ kind: 'electron' });
    expect(loginItemMechanism({ platform: 'win32', isPackaged: true })).toEqual({ kind: 'electron' });
    expect(loginItemMechanism({ platform: 'linux', isPackaged: true })).toEqual({ kind: 'xdg' });
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(loginItemMechanism({ platform, isPackaged: false })).toMatchObject({ kind: 'none', reason: expect.stringContaining('development') });
    }
  });
});

describe('autostart paths', () => {
  it('$XDG_CONFIG_HOME/autostart when it is absolute, ~/.config/autostart otherwise', () => {
    expect(autostartFile({ XDG_CONFIG_HOME: '/cfg' }, '/home/ann')).toBe('/cfg/autostart/beacon.desktop');
    expect(autostartFile({}, '/home/ann')).toBe('/home/ann/.config/autostart/beacon.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: '' }, '/home/ann')).toBe('/home/ann/.config/autostart/beacon.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: 'relative/cfg' }, '/home/ann')).toBe('/home/ann/.config/autostart/beacon.desktop');
  });

  it('starts the AppImage itself when run from one (execPath is inside its temporary mount)', () => {
    expect(autostartExecutable({ APPIMAGE: '/home/ann/Apps/Beacon.AppImage' }, '/tmp/.mount_BeaconX/beacon')).toBe('/home/ann/Apps/Beacon.AppImage');
    expect(autostartExecutable({}, '/opt/Beacon/beacon')).toBe('/opt/Beacon/beacon');
    expect(autostartExecutable({ APPIMAGE: 'rel.AppImage' }, '/opt/Beacon/beacon')).toBe('/opt/Beacon/beacon');
  });
});

describe('desktop entry escaping', () => {
  it('quotes arguments with reserved characters and escapes ", `, $ and \\ inside; % becomes %%', () => {
    expect(quoteExecArg('/opt/Beacon/beacon')).toBe('/opt/Beacon/beacon');
    expect(quoteExecArg('/home/ann/My Apps/Beacon.AppImage')).toBe('"/home/ann/My Apps/Beacon.AppImage"');
    expect(quoteExecArg('/a/$HOME`x`"q"\\b')).toBe('"/a/\\$HOME\\`x\\`\\"q\\"\\\\b"');
    expect(quoteExecArg('/a/100%')).toBe('/a/100%%');
    expect(quoteExecArg('')).toBe('""');
    expect(() => quoteExecArg('/a\nExec=evil')).toThrow(/line break/);
  });

  it('the Exec value escapes backslashes a second time (string value level)', () => {
    const entry = desktopEntry('/home/ann/odd\\dir/Beacon.AppImage');
    expect(entry).toContain('Exec="/home/ann/odd\\\\\\\\dir/Beacon.AppImage" --hidden\n');
    expect(entry.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
  });
});

describe('xdgAutostart', () => {
  it('writes the entry (creating autostart/), reports it, rewrites it atomically, and removes it when off', () => {
    const dir = temp();
    const file = autostartFile({ XDG_CONFIG_HOME: dir }, '/nowhere');
    const entry = xdgAutostart(file, '/home/ann/My Apps/Beacon.AppImage');
    expect(entry.isEnabled()).toBe(false);
    entry.set(true);
    expect(entry.isEnabled()).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('Exec="/home/ann/My Apps/Beacon.AppImage" --hidden\n');
    entry.set(true);
    expect(readdirSync(join(dir, 'autostart'))).toEqual(['beacon.desktop']);
    entry.set(false);
    expect(entry.isEnabled()).toBe(false);
    expect(readdirSync(join(dir, 'autostart'))).toEqual([]);
    entry.set(false);
  });

  it("an entry the desktop switched off (Hidden=true, GNOME's own switch) counts as off", () => {
    const dir = temp();
    const file = join(dir, 'beacon.desktop');
    const entry = xdgAutostart(file, '/opt/Beacon/beacon');
    writeFileSync(file, `${desktopEntry('/opt/Beacon/beacon')}Hidden=true\n`);
    expect(entry.isEnabled()).toBe(false);
    writeFileSync(file, desktopEntry('/opt/Beacon/beacon').replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect(entry.isEnabled()).toBe(false);
  });
});

function syncRig(os: boolean, setting: boolean, failSet = false) {
  const state = { os, setting, sets: [] as boolean[] };
  const listeners = new Set<(enabled: boolean) => void>();
  const backend: LoginItemBackend = {
    isEnabled: () => state.os,
    set: (enabled) => {
      state.sets.push(enabled);
      if (failSet) throw new Error('access denied');
      state.os = enabled;
    },
  };
  const settingApi: LaunchAtLoginSetting = {
    get: () => state.setting,
    set: (enabled) => {
      state.setting = enabled;
      for (const l of listeners) l(enabled);
    },
    onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
  const log: string[] = [];
  const stop = syncLoginItem(backend, settingApi, (l) => log.push(l));
  return { state, log, stop, user: (enabled: boolean) => settingApi.set(enabled), listeners };
}

describe('syncLoginItem', () => {
  it('at start the OS wins: switched off in the system, the setting turns off (nothing written)', () => {
    const r = syncRig(false, true);
    expect(r.state).toMatchObject({ setting: false, sets: [] });
    expect(r.log).toEqual(['launch at login: the system reports off; the setting follows it']);
  });

  it('on and on: written again at start (a moved app), then each change applied and read back', () => {
    const r = syncRig(true, true);
    expect(r.state.sets).toEqual([true]);
    r.user(false);
    expect(r.state).toMatchObject({ os: false, setting: false, sets: [true, false] });
    r.user(false);
    expect(r.state.sets).toEqual([true, false]);
    r.user(true);
    expect(r.state).toMatchObject({ os: true, sets: [true, false, true] });
    r.stop();
    expect(r.listeners.size).toBe(0);
  });

  it('off and off: nothing written at start', () => {
    expect(syncRig(false, false).state.sets).toEqual([]);
  });

  it('a failure is logged clearly and the setting shows what the system really does', () => {
    const r = syncRig(false, false, true);
    r.user(true);
    expect(r.state).toMatchObject({ os: false, setting: false });
    expect(r.log).toEqual([
      'launch at login: could not turn it on: access denied',
      'launch at login: asked for on, but the system reports off; the setting shows that',
    ]);
  });
});
