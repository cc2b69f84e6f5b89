import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS, defaultSettings, MIGRATIONS, migrateToCurrent, SETTINGS_SCHEMA_VERSION, SettingsPatchSchema, SettingsSchema,
  settingsJsonSchema, type Migration,
} from '../../src/main/settings';

describe('settings schema', () => {
  it('accepts its own defaults', () => {
    expect(SettingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(defaultSettings()).not.toBe(defaultSettings());
  });

  it('exports a JSON Schema covering every setting', () => {
    const js = settingsJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }>; additionalProperties: unknown };
    expect(Object.keys(js.properties).sort()).toEqual(
      ['schemaVersion', 'serverUrl', 'lastServerUrl', 'tokenTransport', 'allowInsecureHosts', 'notifications', 'presence', 'launchAtLogin', 'windowBounds', 'lastOpenThread'].sort(),
    );
    expect(Object.keys(js.properties['notifications']?.properties ?? {}).sort()).toEqual(
      ['enabled', 'mutedThreads', 'quietHours', 'showMessageText', 'sound'],
    );
    expect(Object.keys(js.properties['presence']?.properties ?? {}).sort()).toEqual(['autoAwayMinutes', 'awayOnScreenLock']);
    expect(js.additionalProperties).toBe(false);
    expect(JSON.stringify(js.properties['tokenTransport'])).toContain('subprotocol');
  });

  it('checks the values a person could get wrong', () => {
    const bad = (patch: object) => SettingsSchema.safeParse({ ...defaultSettings(), ...patch }).success;
    expect(bad({ serverUrl: 'https://chat.example.com' })).toBe(false);
    expect(bad({ serverUrl: 'wss://chat.example.com/ws' })).toBe(true);
    expect(bad({ lastServerUrl: 'https://chat.example.com' })).toBe(false);
    expect(bad({ lastServerUrl: 'wss://chat.example.com/ws' })).toBe(true);
    expect(bad({ lastServerUrl: null })).toBe(true);
    expect(bad({ tokenTransport: { kind: 'query', param: 'access_token' } })).toBe(true);
    expect(bad({ tokenTransport: { kind: 'query' } })).toBe(false);
    expect(bad({ presence: { autoAwayMinutes: 2.5, awayOnScreenLock: true } })).toBe(false);
    expect(bad({ windowBounds: { x: -1200, y: 0, width: 900, height: 600 } })).toBe(true);
    expect(bad({ windowBounds: { x: 0, y: 0, width: 10, height: 600 } })).toBe(false);
    const qh = (start: string) => bad({ notifications: { ...defaultSettings().notifications, quietHours: { enabled: true, start, end: '07:00' } } });
    expect(qh('23:59')).toBe(true);
    expect(qh('24:00')).toBe(false);
    expect(qh('7:00')).toBe(false);
  });

  it('lets a patch be partial inside groups but not invent keys', () => {
    expect(SettingsPatchSchema.safeParse({ notifications: { quietHours: { start: '21:00' } } }).success).toBe(true);
    expect(SettingsPatchSchema.safeParse({ presence: { autoAwayMinutes: 5 } }).success).toBe(true);
    expect(SettingsPatchSchema.safeParse({ schemaVersion: 3 }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ lastServerUrl: 'wss://chat.example.com/ws' }).success).toBe(true);
    expect(SettingsPatchSchema.safeParse({ lastServerUrl: null }).success).toBe(true);
    expect(SettingsPatchSchema.safeParse({ lastServerUrl: 'http://chat.example.com' }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ theme: 'dark' }).success).toBe(false);
  });
});

describe('settings migrations', () => {
  const v1 = {
    schemaVersion: 1,
    serverUrl: 'wss://chat.example.com/ws',
    tokenTransport: 'query',
    tokenQueryParam: 'access_token',
    allowInsecureHosts: false,
    notificationsEnabled: false,
    notificationSound: false,
    showMessageText: true,
    mutedThreads: ['t9'],
    autoAwayMinutes: 15,
    launchAtLogin: true,
    lastOpenThread: 't1',
  };

  it('moves a v1 object through v2 to the v3 shape', () => {
    const r = migrateToCurrent(v1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.from).toBe(1);
    expect(r.applied.map((m) => `${m.from}->${m.to}`)).toEqual(['1->2', '2->3']);
    expect(r.value).toEqual({
      schemaVersion: 3,
      serverUrl: 'wss://chat.example.com/ws',
      lastServerUrl: 'wss://chat.example.com/ws',
      tokenTransport: { kind: 'query', param: 'access_token' },
      allowInsecureHosts: false,
      notifications: { enabled: false, sound: false, showMessageText: true, mutedThreads: ['t9'] },
      presence: { autoAwayMinutes: 15 },
      launchAtLogin: true,
      lastOpenThread: 't1',
    });
  });

  it('treats an unversioned non-empty object as v1 and an empty one as current', () => {
    const { schemaVersion: _, ...unversioned } = v1;
    expect(migrateToCurrent(unversioned)).toMatchObject({ ok: true, from: 1 });
    expect(migrateToCurrent({})).toEqual({ ok: true, value: { schemaVersion: SETTINGS_SCHEMA_VERSION }, from: SETTINGS_SCHEMA_VERSION, applied: [] });
    expect(migrateToCurrent({ schemaVersion: 1, tokenTransport: 'header' })).toMatchObject({ ok: true, value: { tokenTransport: { kind: 'header' } } });
  });

  it('moves a v2 object to v3: the current server becomes the last one', () => {
    const v2 = { ...defaultSettings(), schemaVersion: 2, serverUrl: 'wss://chat.example.com/ws' } as Record<string, unknown>;
    delete v2['lastServerUrl'];
    const r = migrateToCurrent(v2);
    expect(r).toMatchObject({ ok: true, from: 2 });
    if (!r.ok) return;
    expect(r.applied.map((m) => `${m.from}->${m.to}`)).toEqual(['2->3']);
    expect(r.value).toEqual({ ...v2, schemaVersion: 3, lastServerUrl: 'wss://chat.example.com/ws' });
    expect(SettingsSchema.parse(r.value)).toEqual({ ...defaultSettings(), serverUrl: 'wss://chat.example.com/ws', lastServerUrl: 'wss://chat.example.com/ws' });
    // Signed out (null) or never saved (absent): nothing to remember.
    expect(migrateToCurrent({ schemaVersion: 2, serverUrl: null })).toMatchObject({ ok: true, value: { schemaVersion: 3, serverUrl: null, lastServerUrl: null } });
    expect(migrateToCurrent({ schemaVersion: 2, launchAtLogin: true })).toEqual({
      ok: true, from: 2, applied: [MIGRATIONS[1]], value: { schemaVersion: 3, launchAtLogin: true, lastServerUrl: null },
    });
  });

  it('refuses versions it cannot understand', () => {
    expect(SETTINGS_SCHEMA_VERSION).toBe(3);
    expect(migrateToCurrent({ schemaVersion: 4 })).toEqual({ ok: false, problem: expect.stringMatching(/newer Beacon \(settings version 4; this version understands up to 3\)/) });
    expect(migrateToCurrent({ schemaVersion: 'two' })).toEqual({ ok: false, problem: expect.stringMatching(/whole number/) });
    expect(migrateToCurrent({ schemaVersion: 0 })).toMatchObject({ ok: false });
  });

  it('runs steps in order and stops at a gap', () => {
    const steps: Migration[] = [
      ...MIGRATIONS,
      { from: 3, to: 4, describe: 'rename', up: ({ lastOpenThread, ...rest }) => ({ ...rest, lastThread: lastOpenThread, schemaVersion: 4 }) },
    ];
    const r = migrateToCurrent({ schemaVersion: 1, serverUrl: 'wss://a.example/ws', lastOpenThread: 't1' }, steps, 4);
    expect(r).toMatchObject({ ok: true, value: { schemaVersion: 4, lastThread: 't1', lastServerUrl: 'wss://a.example/ws' } });
    expect(r.ok && r.applied.map((m) => `${m.from}->${m.to}`)).toEqual(['1->2', '2->3', '3->4']);
    expect(migrateToCurrent({ schemaVersion: 3 }, MIGRATIONS, 4)).toEqual({ ok: false, problem: 'no migration from settings version 3' });
  });
});
