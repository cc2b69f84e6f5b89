// The settings screen's service over the real conf settings store (temp dir):
// what the view holds, how a patch merges, that a bad one changes nothing,
// and that the change signal fires once per change the screen shows and never
// for settings it does not show.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../src/shared/ipc/settings-schemas';
import { SettingsViewSchema } from '../../src/shared/ipc/settings-schemas';
import { quietHoursTimeProblem, autoAwayProblem } from '../../src/shared/settings-rules';
import { UserSettingsPatchSchema, type UserSettingsPatch } from '../../src/shared/settings';
import type { SessionStatus } from '../../src/shared/types';
import { openConfSettings, SettingsValidationError, type SettingsStore } from '../../src/main/settings';
import { SettingsViewService } from '../../src/main/services/settings-view';

/** The session's status as the view reads it, changed by the test. */
class FakeSession {
  #status: SessionStatus = { signedIn: false, serverUrl: null, lastServerUrl: null, userId: null, keychain: 'os', keychainProblem: null };
  readonly #listeners = new Set<(s: SessionStatus) => void>();
  status = (): SessionStatus => this.#status;
  onStatus = (listener: (s: SessionStatus) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  set(patch: Partial<SessionStatus>): void {
    this.#status = { ...this.#status, ...patch };
    for (const l of this.#listeners) l(this.#status);
  }
  get listeners(): number {
    return this.#listeners.size;
  }
}

/** The notification pause as the view reads it. */
class FakePause {
  #until: number | null = null;
  readonly #listeners = new Set<(until: number | null) => void>();
  pausedUntil = (): number | null => this.#until;
  onPause = (listener: (until: number | null) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  set(until: number | null): void {
    this.#until = until;
    for (const l of this.#listeners) l(until);
  }
}

let dir: string;
let settings: SettingsStore;
let session: FakeSession;
let pause: FakePause;
let service: SettingsViewService;
let seen: SettingsView[];
let warnings: string[];

const onDisk = (): Record<string, unknown> => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'beacon-settings-view-'));
  warnings = [];
  const log = { info: () => {}, warn: (m: string) => warnings.push(m) };
  settings = openConfSettings({ dir, log });
  session = new FakeSession();
  pause = new FakePause();
  service = new SettingsViewService({ settings, session, pause, log });
  seen = [];
  service.onChange((view) => seen.push(view));
});

afterEach(() => {
  service.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('SettingsViewService: the view', () => {
  it('shows the user-facing settings, the keychain state and the pause, and nothing else', () => {
    const view = service.view();
    expect(view).toEqual({
      notifications: { enabled: true, sound: true, showMessageText: true, mutedThreads: [], quietHours: { enabled: false, start: '22:00', end: '08:00' } },
      presence: { autoAwayMinutes: 10, awayOnScreenLock: true },
      launchAtLogin: false,
      allowInsecureHosts: false,
      keychain: { kind: 'os', problem: null },
      pausedUntil: null,
      notificationRules: { profile: 'beacon-v1', label: 'Beacon relay', edited: false, rules: [], defaults: [] },
    });
    // What leaves main is parsed with the contract's strict schema: no server, token transport or chosen presence in it.
    expect(SettingsViewSchema.parse(view)).toEqual(view);
  });

  it('hands out copies: changing a view does not change the settings', () => {
    const view = service.view();
    view.notifications.mutedThreads.push('t1');
    view.notifications.quietHours.start = '01:00';
    expect(settings.get('notifications').mutedThreads).toEqual([]);
    expect(service.view().notifications.quietHours.start).toBe('22:00');
  });

  it('shows memory-only with the reason, and the pause end', () => {
    session.set({ keychain: 'memory-only', keychainProblem: 'Your keyring is locked.' });
    pause.set(1_800_000_000_000);
    expect(service.view().keychain).toEqual({ kind: 'memory-only', problem: 'Your keyring is locked.' });
    expect(service.view().pausedUntil).toBe(1_800_000_000_000);
  });
});

describe('SettingsViewService: update', () => {
  it('merges groups key by key, returns the new view and writes the file', () => {
    settings.update({ notifications: { mutedThreads: ['deploys'] } });
    const view = service.update({ notifications: { quietHours: { start: '23:30' }, sound: false }, presence: { autoAwayMinutes: 0 } });
    expect(view.notifications).toEqual({
      enabled: true, sound: false, showMessageText: true, mutedThreads: ['deploys'], quietHours: { enabled: false, start: '23:30', end: '08:00' },
    });
    expect(view.presence).toEqual({ autoAwayMinutes: 0, awayOnScreenLock: true });
    const file = onDisk() as { notifications: { quietHours: { start: string } }; presence: { autoAwayMinutes: number; chosen: string } };
    expect(file.notifications.quietHours.start).toBe('23:30');
    expect(file.presence).toEqual({ autoAwayMinutes: 0, awayOnScreenLock: true, chosen: 'online' });
    expect(service.update({ launchAtLogin: true, allowInsecureHosts: true })).toMatchObject({ launchAtLogin: true, allowInsecureHosts: true });
    // Reopening the store (a restart) gives the same view.
    const quiet = { info: () => {}, warn: () => {} };
    const again = new SettingsViewService({ settings: openConfSettings({ dir, log: quiet }), session, pause, log: quiet });
    expect(again.view()).toEqual(service.view());
    again.dispose();
  });

  const bad: Array<[string, unknown]> = [
    ['quiet hours at 25:00', { notifications: { quietHours: { start: '25:00' } } }],
    ['quiet hours without a colon', { notifications: { quietHours: { end: '0800' } } }],
    ['auto-away of 1.5 minutes', { presence: { autoAwayMinutes: 1.5 } }],
    ['negative auto-away', { presence: { autoAwayMinutes: -3 } }],
    ['auto-away over 12 hours', { presence: { autoAwayMinutes: 1000 } }],
    ['a setting the screen does not know', { theme: 'dark' }],
    ['a good value beside a bad one', { launchAtLogin: true, notifications: { sound: false, quietHours: { start: '7:00' } } }],
  ];
  it.each(bad)('refuses %s whole: SettingsValidationError naming the field, nothing changes, no signal', (_what, patch) => {
    const before = service.view();
    const file = readFileSync(join(dir, 'config.json'), 'utf8');
    let thrown: unknown;
    try {
      service.update(patch as UserSettingsPatch);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SettingsValidationError);
    expect((thrown as Error).message).toMatch(/^Setting not saved: (notifications\.quietHours\.(start|end)|presence\.autoAwayMinutes|unknown setting "theme")/);
    expect(service.view()).toEqual(before);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(file);
    expect(seen).toEqual([]);
  });

  it("the screen's own checks (shared rules) agree with the schema main validates with", () => {
    for (const time of ['00:00', '23:59', '22:00', '24:00', '25:00', '7:00', '07:60', '0800', ' 08:00', '']) {
      const zod = UserSettingsPatchSchema.safeParse({ notifications: { quietHours: { start: time } } });
      expect(quietHoursTimeProblem(time) === null, time).toBe(zod.success);
      if (!zod.success) expect(zod.error.issues[0]?.message).toBe(quietHoursTimeProblem(time));
    }
    for (const minutes of [0, 1, 10, 720, 721, 1000, -1, -3, 1.5, Number.NaN]) {
      const zod = UserSettingsPatchSchema.safeParse({ presence: { autoAwayMinutes: minutes } });
      expect(autoAwayProblem(minutes) === null, String(minutes)).toBe(zod.success);
      if (!zod.success) expect(zod.error.issues[0]?.message).toBe(autoAwayProblem(minutes));
    }
  });
});

describe('SettingsViewService: notification rules', () => {
  const STOPPED = { type: 'agent_status', field: 'state', becomes: 'stopped' } as const;

  it("shows the rules in effect for the current server type: its profile's defaults until the user edits them", () => {
    settings.update({ serverProfile: 'code-cloud-agents' });
    expect(service.view().notificationRules).toEqual({ profile: 'code-cloud-agents', label: 'Code Cloud Agents', edited: false, rules: [STOPPED], defaults: [STOPPED] });
    const mine = [{ type: 'agent_status', field: 'state', becomes: 'working' } as const];
    const view = service.update({ notificationRules: { 'code-cloud-agents': mine } });
    expect(view.notificationRules).toMatchObject({ edited: true, rules: mine, defaults: [STOPPED] });
    expect(seen.at(-1)?.notificationRules.rules).toEqual(mine);
    // Another server type's rules are its own.
    settings.update({ serverProfile: 'beacon-v1' });
    expect(service.view().notificationRules).toMatchObject({ profile: 'beacon-v1', edited: false, rules: [] });
    settings.update({ serverProfile: 'code-cloud-agents' });
    // Reset to defaults: null.
    expect(service.update({ notificationRules: { 'code-cloud-agents': null } }).notificationRules).toMatchObject({ edited: false, rules: [STOPPED] });
    expect(onDisk()['notificationRules']).toEqual({});
    expect(SettingsViewSchema.parse(service.view())).toEqual(service.view());
  });

  it('refuses a bad rule with a message naming its part, and keeps the rules as they were', () => {
    settings.update({ serverProfile: 'code-cloud-agents' });
    const patch = { notificationRules: { 'code-cloud-agents': [STOPPED, { type: 'agent_status', becomes: 'idle' }] } };
    expect(UserSettingsPatchSchema.safeParse(patch).success).toBe(false);
    expect(() => service.update(patch)).toThrow(/notificationRules\.code-cloud-agents\.1\.field: becomes and equals need a field/);
    expect(service.view().notificationRules).toMatchObject({ edited: false, rules: [STOPPED] });
  });
});

describe('SettingsViewService: onChange', () => {
  it('fires once per change the screen shows, with the new view', () => {
    service.update({ notifications: { enabled: false } });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.notifications.enabled).toBe(false);
    // Another part of main writing a shown setting (a mute from the thread view).
    settings.update({ notifications: { mutedThreads: ['general'] } });
    expect(seen).toHaveLength(2);
    expect(seen[1]?.notifications.mutedThreads).toEqual(['general']);
    session.set({ keychain: 'memory-only', keychainProblem: 'No keychain service is running.' });
    expect(seen).toHaveLength(3);
    expect(seen[2]?.keychain).toEqual({ kind: 'memory-only', problem: 'No keychain service is running.' });
    pause.set(1_800_000_000_000);
    expect(seen).toHaveLength(4);
    expect(seen[3]?.pausedUntil).toBe(1_800_000_000_000);
    pause.set(null);
    expect(seen).toHaveLength(5);
    expect(seen.at(-1)).toEqual(service.view());
  });

  it('stays quiet for what the screen does not show, and for writes that change nothing', () => {
    settings.set('windowBounds', { x: 10, y: 10, width: 800, height: 600 });
    settings.set('presence', { ...settings.get('presence'), chosen: 'busy' });
    settings.set('lastOpenThread', 'general');
    settings.update({ serverUrl: 'wss://chat.example.com/ws' });
    session.set({ signedIn: true, serverUrl: 'wss://chat.example.com/ws', userId: 'you' });
    service.update({ notifications: { enabled: true } }); // already on
    pause.set(null); // already not paused
    expect(seen).toEqual([]);
    expect(service.view().notifications.enabled).toBe(true);
  });

  it('a listener that throws is logged and does not stop the others; dispose stops every signal', () => {
    const others: SettingsView[] = [];
    service.onChange(() => {
      throw new Error('boom');
    });
    service.onChange((view) => others.push(view));
    service.update({ launchAtLogin: true });
    expect(others).toHaveLength(1);
    expect(seen).toHaveLength(1);
    expect(warnings.some((w) => w.includes('boom'))).toBe(true);
    service.dispose();
    expect(session.listeners).toBe(0);
    settings.update({ launchAtLogin: false });
    pause.set(1);
    expect(seen).toHaveLength(1);
    expect(others).toHaveLength(1);
  });

  it('an unsubscribed listener hears nothing more', () => {
    const mine: SettingsView[] = [];
    const off = service.onChange((view) => mine.push(view));
    service.update({ allowInsecureHosts: true });
    off();
    service.update({ allowInsecureHosts: false });
    expect(mine).toHaveLength(1);
    expect(seen).toHaveLength(2);
  });
});
