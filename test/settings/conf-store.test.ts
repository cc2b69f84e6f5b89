// The SettingsStore on conf, on real temp dirs: what happens to bad files,
// old versions, unknown keys and bad values from the UI.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS, defaultSettings, openConfSettings, SETTINGS_SCHEMA_VERSION, SettingsValidationError, SettingsWriteError, type Settings,
} from '../../src/main/settings';

let dir: string;
let lines: Array<{ level: 'info' | 'warn'; message: string }>;
const log = {
  info: (message: string) => lines.push({ level: 'info', message }),
  warn: (message: string) => lines.push({ level: 'warn', message }),
};
const NOW = new Date('2026-11-21T10:00:00.000Z');
const open = (name = 'config') => openConfSettings({ dir, name, log, now: () => NOW });
const file = (name = 'config') => join(dir, `${name}.json`);
const onDisk = (name = 'config'): unknown => JSON.parse(readFileSync(file(name), 'utf8'));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'beacon-settings-'));
  lines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('opening settings', () => {
  it('starts a missing file with the defaults, readable by the user only, without a log line', () => {
    const s = open();
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(s.path).toBe(file());
    expect(onDisk()).toEqual(DEFAULT_SETTINGS);
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(lines).toEqual([]);
  });

  it('keeps what was saved across a restart', () => {
    open().update({ serverUrl: 'wss://chat.example.com/ws', notifications: { mutedThreads: ['t2'] } });
    const again = open();
    expect(again.get('serverUrl')).toBe('wss://chat.example.com/ws');
    expect(again.get('notifications').mutedThreads).toEqual(['t2']);
    expect(lines).toEqual([]);
  });

  it.each([
    ['not JSON', '{"serverUrl": "wss://chat.example.com",', /not valid JSON/],
    ['empty', '', /not valid JSON/],
    ['JSON but not an object', '[1,2,3]', /expected a JSON object, found an array/],
    ['wrong types', JSON.stringify({ schemaVersion: 2, launchAtLogin: 'yes', presence: { autoAwayMinutes: -3 } }), /launchAtLogin: .*expected boolean/],
    ['a bad value', JSON.stringify({ schemaVersion: 2, notifications: { quietHours: { enabled: true, start: '25:99', end: '07:00' } } }), /notifications\.quietHours\.start: use 24-hour HH:MM/],
    ['a newer version', JSON.stringify({ schemaVersion: 7, serverUrl: 'wss://x.example' }), /newer Beacon \(settings version 7/],
  ])('backs up a file that is %s beside itself and starts from defaults, with one log line', (_what, text, problem) => {
    writeFileSync(file(), text);
    const s = open();
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(onDisk()).toEqual(DEFAULT_SETTINGS);
    const backup = `config.json.corrupt-2026-11-21T10-00-00-000Z`;
    expect(readdirSync(dir).sort()).toEqual(['config.json', backup]);
    expect(readFileSync(join(dir, backup), 'utf8')).toBe(text);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('warn');
    expect(lines[0]?.message).toMatch(problem);
    expect(lines[0]?.message).toContain(join(dir, backup));
    expect(lines[0]?.message).toMatch(/started from defaults/);
    // and the store works normally afterwards
    s.set('launchAtLogin', true);
    expect(open().get('launchAtLogin')).toBe(true);
  });

  it('does not overwrite an earlier backup', () => {
    writeFileSync(file(), '{');
    open();
    writeFileSync(file(), '{{');
    open();
    expect(readdirSync(dir).filter((f) => f.includes('corrupt')).sort()).toEqual([
      'config.json.corrupt-2026-11-21T10-00-00-000Z',
      'config.json.corrupt-2026-11-21T10-00-00-000Z-2',
    ]);
  });

  it('drops unknown keys with one log line and keeps everything else', () => {
    const saved = { ...defaultSettings(), serverUrl: 'wss://chat.example.com/ws', theme: 'dark', notifications: { ...defaultSettings().notifications, sound: false, vibrate: true } };
    writeFileSync(file(), JSON.stringify(saved));
    const s = open();
    expect(s.get('serverUrl')).toBe('wss://chat.example.com/ws');
    expect(s.get('notifications').sound).toBe(false);
    expect(onDisk()).not.toHaveProperty('theme');
    expect((onDisk() as Settings).notifications).not.toHaveProperty('vibrate');
    expect(lines).toEqual([{ level: 'info', message: expect.stringMatching(/dropped unknown settings: notifications\.vibrate, theme$/) }]);
    expect(readdirSync(dir)).toEqual(['config.json']);
  });

  it('fills settings missing from an older file of the same version with defaults', () => {
    writeFileSync(file(), JSON.stringify({ schemaVersion: SETTINGS_SCHEMA_VERSION, launchAtLogin: true }));
    const s = open();
    expect(s.get()).toEqual({ ...defaultSettings(), launchAtLogin: true });
    expect(lines).toEqual([]);
  });

  it('migrates a v2 file to v6 once, remembering its server as the last one, with one log line', () => {
    const v2 = { ...defaultSettings(), schemaVersion: 2, serverUrl: 'wss://chat.example.com/ws', launchAtLogin: true } as Record<string, unknown>;
    delete v2['lastServerUrl'];
    writeFileSync(file(), JSON.stringify(v2));
    const s = open();
    const expected: Settings = { ...defaultSettings(), serverUrl: 'wss://chat.example.com/ws', lastServerUrl: 'wss://chat.example.com/ws', launchAtLogin: true };
    expect(s.get()).toEqual(expected);
    expect(onDisk()).toEqual(expected);
    expect(lines).toEqual([{
      level: 'info',
      message: `settings: ${file()}: migrated settings from version 2 to 3 (the last server is remembered after sign-out); migrated settings from version 3 to 4 (the chosen presence is remembered across restarts); migrated settings from version 4 to 5 (the server profile is remembered (existing servers are Beacon relays)); migrated settings from version 5 to 6 (notification rules per server type (none edited yet: the defaults apply))`,
    }]);
    expect(readdirSync(dir)).toEqual(['config.json']); // a migration is not a corrupt file: no backup
    // The server kept after sign-out survives the next start, without another migration.
    s.update({ serverUrl: null });
    lines = [];
    expect(open().get()).toEqual({ ...expected, serverUrl: null });
    expect(lines).toEqual([]);
  });

  it('migrates a signed-out v2 file to v6 with no last server', () => {
    writeFileSync(file(), JSON.stringify({ schemaVersion: 2, serverUrl: null }));
    expect(open().get()).toEqual(DEFAULT_SETTINGS);
    expect(onDisk()).toEqual(DEFAULT_SETTINGS);
    expect(lines).toEqual([{ level: 'info', message: expect.stringMatching(/migrated settings from version 2 to 3 .*; migrated settings from version 3 to 4 .*; migrated settings from version 4 to 5 .*; migrated settings from version 5 to 6 /) }]);
  });

  it('migrates a v3 file to v6 once: the chosen presence starts online, the presence settings stay', () => {
    const v3 = { ...defaultSettings(), schemaVersion: 3, serverUrl: 'wss://chat.example.com/ws', lastServerUrl: 'wss://chat.example.com/ws', presence: { autoAwayMinutes: 3, awayOnScreenLock: false } };
    writeFileSync(file(), JSON.stringify(v3));
    const s = open();
    const expected: Settings = { ...v3, schemaVersion: 6, presence: { autoAwayMinutes: 3, awayOnScreenLock: false, chosen: 'online' } };
    expect(s.get()).toEqual(expected);
    expect(onDisk()).toEqual(expected);
    expect(lines).toEqual([{ level: 'info', message: `settings: ${file()}: migrated settings from version 3 to 4 (the chosen presence is remembered across restarts); migrated settings from version 4 to 5 (the server profile is remembered (existing servers are Beacon relays)); migrated settings from version 5 to 6 (notification rules per server type (none edited yet: the defaults apply))` }]);
    expect(readdirSync(dir)).toEqual(['config.json']);
    // A choice saved afterwards survives the next start, without another migration.
    s.set('presence', { ...s.get('presence'), chosen: 'busy' });
    lines = [];
    expect(open().get('presence')).toEqual({ autoAwayMinutes: 3, awayOnScreenLock: false, chosen: 'busy' });
    expect(lines).toEqual([]);
  });

  it('migrates a v1 file to v6 once, with one log line', () => {
    writeFileSync(file(), JSON.stringify({
      schemaVersion: 1, serverUrl: 'wss://chat.example.com/ws', tokenTransport: 'query', tokenQueryParam: 'access_token',
      notificationsEnabled: false, notificationSound: true, mutedThreads: ['t3'], autoAwayMinutes: 30, launchAtLogin: true,
    }));
    const s = open();
    const expected: Settings = {
      ...defaultSettings(),
      serverUrl: 'wss://chat.example.com/ws',
      lastServerUrl: 'wss://chat.example.com/ws',
      tokenTransport: { kind: 'query', param: 'access_token' },
      notifications: { ...defaultSettings().notifications, enabled: false, sound: true, mutedThreads: ['t3'] },
      presence: { autoAwayMinutes: 30, awayOnScreenLock: true, chosen: 'online' },
      launchAtLogin: true,
    };
    expect(s.get()).toEqual(expected);
    expect(onDisk()).toEqual(expected);
    expect(lines).toEqual([{ level: 'info', message: expect.stringMatching(/migrated settings from version 1 to 2 \(.*\); migrated settings from version 2 to 3 \(.*\); migrated settings from version 3 to 4 \(.*\); migrated settings from version 4 to 5 \(.*\); migrated settings from version 5 to 6 \(.*\)$/) }]);
    lines = [];
    expect(open().get()).toEqual(expected);
    expect(lines).toEqual([]);
  });

  it('keeps working in memory when the file cannot be read at all', () => {
    mkdirSync(file());
    const s = open();
    expect(s.path).toBeNull();
    expect(lines).toEqual([{ level: 'warn', message: expect.stringMatching(/cannot be read .*using defaults in memory/) }]);
    expect(s.set('launchAtLogin', true).launchAtLogin).toBe(true);
  });
});

describe('changing settings', () => {
  it('rejects a bad value with a clear error and loses nothing', () => {
    const s = open();
    s.update({ serverUrl: 'wss://chat.example.com/ws', notifications: { quietHours: { enabled: true, start: '21:30' } } });
    const before = readFileSync(file(), 'utf8');
    const snapshot = s.get();
    const changes: Settings[] = [];
    s.onChange((next) => changes.push(next));
    const attempts: Array<[() => unknown, RegExp]> = [
      [() => s.set('serverUrl', 'http://chat.example.com'), /Setting not saved: serverUrl: server URL must be a ws:\/\/ or wss:\/\/ address/],
      [() => s.update({ notifications: { quietHours: { end: '7pm' } } }), /notifications\.quietHours\.end: use 24-hour HH:MM/],
      [() => s.update({ presence: { autoAwayMinutes: -1 } }), /presence\.autoAwayMinutes/],
      [() => s.update({ presence: { chosen: 'busy' } } as never), /unknown setting "chosen" in presence/],
      [() => s.set('presence', { ...snapshot.presence, chosen: 'asleep' } as never), /presence\.chosen/],
      [() => s.update({ theme: 'dark' } as never), /unknown setting "theme"/],
      [() => s.update({ tokenTransport: { kind: 'query', param: 'a&b' } }), /tokenTransport\.param: query parameter name must be 1-64 URL-safe characters/],
      [() => s.set('tokenTransport', { kind: 'header', param: 'x' } as never), /unknown setting "param" in tokenTransport/],
      [() => s.set('schemaVersion' as never, 9 as never), /unknown setting "schemaVersion"/],
      [() => s.set('launchAtLogin', 'yes' as never), /launchAtLogin/],
    ];
    for (const [attempt, message] of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(SettingsValidationError);
      expect((caught as Error).message).toMatch(message);
    }
    expect(s.get()).toEqual(snapshot);
    expect(readFileSync(file(), 'utf8')).toBe(before);
    expect(changes).toEqual([]);
  });

  it('merges groups in an update but replaces the token transport whole', () => {
    const s = open();
    s.set('tokenTransport', { kind: 'query', param: 'access_token' });
    const next = s.update({ tokenTransport: { kind: 'header' }, notifications: { quietHours: { enabled: true } }, presence: { awayOnScreenLock: false } });
    expect(next.tokenTransport).toEqual({ kind: 'header' });
    expect(next.notifications.quietHours).toEqual({ enabled: true, start: '22:00', end: '08:00' });
    expect(next.notifications.enabled).toBe(true);
    expect(next.presence).toEqual({ autoAwayMinutes: 10, awayOnScreenLock: false, chosen: 'online' });
    expect(onDisk()).toEqual(next);
  });

  it('tells listeners about real changes only, and resets', () => {
    const s = open();
    const seen: Array<[boolean, boolean]> = [];
    const off = s.onChange((next, prev) => seen.push([next.launchAtLogin, prev.launchAtLogin]));
    s.set('launchAtLogin', true);
    s.set('launchAtLogin', true);
    s.update({});
    s.reset('launchAtLogin');
    expect(seen).toEqual([[true, false], [false, true]]);
    off();
    s.set('launchAtLogin', true);
    expect(seen).toHaveLength(2);
    s.update({ windowBounds: { x: 10, y: 20, width: 800, height: 600 }, lastOpenThread: 't1' });
    expect(s.reset()).toEqual(DEFAULT_SETTINGS);
    expect(onDisk()).toEqual(DEFAULT_SETTINGS);
  });

  it('hands out copies, so a caller cannot change settings behind its back', () => {
    const s = open();
    const n = s.get('notifications');
    n.mutedThreads.push('t1');
    s.get().presence.autoAwayMinutes = 99;
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('reports a failed write and keeps the previous settings', () => {
    const s = open();
    rmSync(file());
    mkdirSync(file()); // the file's place is taken: the atomic write's rename fails
    let caught: unknown;
    try {
      s.set('launchAtLogin', true);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SettingsWriteError);
    expect((caught as Error).message).toMatch(/Settings could not be saved to .*config\.json/);
    expect(s.get('launchAtLogin')).toBe(false);
  });
});
