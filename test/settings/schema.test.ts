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
      ['schemaVersion', 'serverUrl', 'lastServerUrl', 'tokenTransport', 'serverProfile', 'allowInsecureHosts', 'notifications', 'notificationRules', 'presence', 'launchAtLogin', 'windowBounds', 'lastOpenThread'].sort(),
    );
    expect(Object.keys(js.properties['notifications']?.properties ?? {}).sort()).toEqual(
      ['enabled', 'mutedThreads', 'quietHours', 'showMessageText', 'sound'],
    );
    expect(Object.keys(js.properties['presence']?.properties ?? {}).sort()).toEqual(['autoAwayMinutes', 'awayOnScreenLock', 'chosen']);
    expect(js.additionalProperties).toBe(false);
    expect(JSON.stringify(js.properties['tokenTransport'])).toContain('subprotocol');
    expect(JSON.stringify(js.properties['tokenTransport'])).toContain('cookie');
    expect(JSON.stringify(js.properties['serverProfile'])).toContain('code-cloud-agents');
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
    expect(bad({ presence: { autoAwayMinutes: 2.5, awayOnScreenLock: true, chosen: 'online' } })).toBe(false);
    expect(bad({ presence: { autoAwayMinutes: 5, awayOnScreenLock: true, chosen: 'busy' } })).toBe(true);
    expect(bad({ presence: { autoAwayMinutes: 5, awayOnScreenLock: true, chosen: 'asleep' } })).toBe(false);
    expect(bad({ presence: { autoAwayMinutes: 5, awayOnScreenLock: true } })).toBe(false);
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
    // The chosen presence changes through presence:set only, never through a settings patch.
    expect(SettingsPatchSchema.safeParse({ presence: { chosen: 'busy' } }).success).toBe(false);
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

  it('moves a v1 object through v2 … v5 to the v6 shape', () => {
    const r = migrateToCurrent(v1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.from).toBe(1);
    expect(r.applied.map((m) => `${m.from}->${m.to}`)).toEqual(['1->2', '2->3', '3->4', '4->5', '5->6']);
    expect(r.value).toEqual({
      schemaVersion: 6,
      serverUrl: 'wss://chat.example.com/ws',
      lastServerUrl: 'wss://chat.example.com/ws',
      tokenTransport: { kind: 'query', param: 'access_token' },
      allowInsecureHosts: false,
      notifications: { enabled: false, sound: false, showMessageText: true, mutedThreads: ['t9'] },
      presence: { autoAwayMinutes: 15, chosen: 'online' },
      launchAtLogin: true,
      lastOpenThread: 't1',
      serverProfile: 'beacon-v1',
      notificationRules: {},
    });
  });

  it('treats an unversioned non-empty object as v1 and an empty one as current', () => {
    const { schemaVersion: _, ...unversioned } = v1;
    expect(migrateToCurrent(unversioned)).toMatchObject({ ok: true, from: 1 });
    expect(migrateToCurrent({})).toEqual({ ok: true, value: { schemaVersion: SETTINGS_SCHEMA_VERSION }, from: SETTINGS_SCHEMA_VERSION, applied: [] });
    expect(migrateToCurrent({ schemaVersion: 1, tokenTransport: 'header' })).toMatchObject({ ok: true, value: { tokenTransport: { kind: 'header' } } });
  });

  it('moves a v2 object to v3: the current server becomes the last one', () => {
    const v2 = { ...defaultSettings(), schemaVersion: 2, serverUrl: 'wss://chat.example.com/ws', presence: { autoAwayMinutes: 10, awayOnScreenLock: true } } as Record<string, unknown>;
    delete v2['lastServerUrl'];
    const r = migrateToCurrent(v2);
    expect(r).toMatchObject({ ok: true, from: 2 });
    if (!r.ok) return;
    expect(r.applied.map((m) => `${m.from}->${m.to}`)).toEqual(['2->3', '3->4', '4->5', '5->6']);
    expect(r.value).toEqual({ ...v2, schemaVersion: 6, lastServerUrl: 'wss://chat.example.com/ws', presence: { autoAwayMinutes: 10, awayOnScreenLock: true, chosen: 'online' } });
    expect(SettingsSchema.parse(r.value)).toEqual({ ...defaultSettings(), serverUrl: 'wss://chat.example.com/ws', lastServerUrl: 'wss://chat.example.com/ws' });
    // Signed out (null) or never saved (absent): nothing to remember.
    expect(migrateToCurrent({ schemaVersion: 2, serverUrl: null })).toMatchObject({ ok: true, value: { schemaVersion: 6, serverUrl: null, lastServerUrl: null } });
    expect(migrateToCurrent({ schemaVersion: 2, launchAtLogin: true })).toEqual({
      ok: true, from: 2, applied: [MIGRATIONS[1], MIGRATIONS[2], MIGRATIONS[3], MIGRATIONS[4]], value: { schemaVersion: 6, launchAtLogin: true, lastServerUrl: null, presence: { chosen: 'online' }, serverProfile: 'beacon-v1', notificationRules: {} },
    });
  });

  it('moves a v3 object to v4: the chosen presence starts as online, the other presence settings are kept', () => {
    const { chosen: _, ...v3Presence } = { ...defaultSettings().presence, autoAwayMinutes: 25, awayOnScreenLock: false };
    const v3 = { ...defaultSettings(), schemaVersion: 3, serverUrl: 'wss://chat.example.com/ws', presence: v3Presence };
    const r = migrateToCurrent(v3);
    expect(r).toEqual({
      ok: true, from: 3, applied: [MIGRATIONS[2], MIGRATIONS[3], MIGRATIONS[4]],
      value: { ...v3, schemaVersion: 6, presence: { autoAwayMinutes: 25, awayOnScreenLock: false, chosen: 'online' } },
    });
    expect(r.ok && SettingsSchema.parse(r.value).presence).toEqual({ autoAwayMinutes: 25, awayOnScreenLock: false, chosen: 'online' });
    // No presence group at all: only the new key (the defaults fill the rest); a broken group is left for the schema.
    expect(migrateToCurrent({ schemaVersion: 3 })).toMatchObject({ ok: true, value: { schemaVersion: 6, presence: { chosen: 'online' } } });
    const broken = migrateToCurrent({ schemaVersion: 3, presence: 'busy' });
    expect(broken).toMatchObject({ ok: true, value: { schemaVersion: 6, presence: 'busy' } });
    expect(broken.ok && SettingsSchema.safeParse({ ...defaultSettings(), ...broken.value }).success).toBe(false);
    expect(MIGRATIONS[2]?.describe).toBe('the chosen presence is remembered across restarts');
  });

  it('moves a v4 object to v5: its server was a Beacon relay (the only kind before profiles)', () => {
    const { serverProfile: _, ...v4 } = { ...defaultSettings(), schemaVersion: 4, serverUrl: 'wss://chat.example.com/ws', lastServerUrl: 'wss://chat.example.com/ws' };
    const r = migrateToCurrent(v4);
    expect(r).toEqual({ ok: true, from: 4, applied: [MIGRATIONS[3], MIGRATIONS[4]], value: { ...v4, schemaVersion: 6, serverProfile: 'beacon-v1' } });
    expect(r.ok && SettingsSchema.parse(r.value).serverProfile).toBe('beacon-v1');
    expect(SettingsSchema.safeParse({ ...defaultSettings(), serverProfile: 'code-cloud-agents' }).success).toBe(true);
    expect(SettingsSchema.safeParse({ ...defaultSettings(), serverProfile: 'irc' }).success).toBe(false);
  });

  it('moves a v5 object to v6: no rules edited yet, so every server type uses its defaults', () => {
    const { notificationRules: _, ...v5 } = { ...defaultSettings(), schemaVersion: 5, serverProfile: 'code-cloud-agents' as const };
    const r = migrateToCurrent(v5);
    expect(r).toEqual({ ok: true, from: 5, applied: [MIGRATIONS[4]], value: { ...v5, schemaVersion: 6, notificationRules: {} } });
    expect(r.ok && SettingsSchema.parse(r.value).notificationRules).toEqual({});
    expect(MIGRATIONS[4]?.describe).toMatch(/notification rules/);
  });

  it('refuses versions it cannot understand', () => {
    expect(SETTINGS_SCHEMA_VERSION).toBe(6);
    expect(migrateToCurrent({ schemaVersion: 7 })).toEqual({ ok: false, problem: expect.stringMatching(/newer Beacon \(settings version 7; this version understands up to 6\)/) });
    expect(migrateToCurrent({ schemaVersion: 'two' })).toEqual({ ok: false, problem: expect.stringMatching(/whole number/) });
    expect(migrateToCurrent({ schemaVersion: 0 })).toMatchObject({ ok: false });
  });

  it('runs steps in order and stops at a gap', () => {
    const steps: Migration[] = [
      ...MIGRATIONS,
      { from: 6, to: 7, describe: 'rename', up: ({ lastOpenThread, ...rest }) => ({ ...rest, lastThread: lastOpenThread, schemaVersion: 7 }) },
    ];
    const r = migrateToCurrent({ schemaVersion: 1, serverUrl: 'wss://a.example/ws', lastOpenThread: 't1' }, steps, 7);
    expect(r).toMatchObject({ ok: true, value: { schemaVersion: 7, lastThread: 't1', lastServerUrl: 'wss://a.example/ws', presence: { chosen: 'online' }, serverProfile: 'beacon-v1' } });
    expect(r.ok && r.applied.map((m) => `${m.from}->${m.to}`)).toEqual(['1->2', '2->3', '3->4', '4->5', '5->6', '6->7']);
    expect(migrateToCurrent({ schemaVersion: 6 }, MIGRATIONS, 7)).toEqual({ ok: false, problem: 'no migration from settings version 6' });
  });
});
