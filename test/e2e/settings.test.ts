// The settings screen in the web preview, in real Chromium, with the real
// relay: opened from the signed-out screen and the account panel, every
// control round-trips (dialog closed and reopened, page reloaded, the
// settings file), bad values get an inline error and change nothing, main's
// own refusal shows beside the field, and changes made elsewhere show at once.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../src/relay';
import type { BeaconApi } from '../../src/shared/ipc/client';
import type { SettingsView } from '../../src/shared/ipc/settings-schemas';
import { describeWhen } from '../support/system-gate';
import { waitFor } from './helpers';
import { chromiumGate, usePreviewWindow } from './preview-fixture';

/** Each on/off setting: its checkbox's name and where it lives in the view. */
const TOGGLES: Array<[string, (v: SettingsView) => boolean]> = [
  ['Show notifications', (v) => v.notifications.enabled],
  ['Play a sound', (v) => v.notifications.sound],
  ['Show message text', (v) => v.notifications.showMessageText],
  ['No notifications during quiet hours', (v) => v.notifications.quietHours.enabled],
  ['Set me away when the screen locks', (v) => v.presence.awayOnScreenLock],
  ['Start Beacon when I log in', (v) => v.launchAtLogin],
  ['Allow ws:// to hosts other than this computer', (v) => v.allowInsecureHosts],
];

describeWhen(chromiumGate, 'the settings screen in the web preview', () => {
  let relay: Relay;
  // The preview's first page is the first case's to open (it checks the signed-out screen).
  const win = usePreviewWindow({
    name: 'settings-e2e',
    navigate: false,
    servers: async (closeLater) => {
      const relayDir = mkdtempSync(join(tmpdir(), 'beacon-settings-relay-'));
      closeLater({ close: () => rmSync(relayDir, { recursive: true, force: true }) });
      relay = closeLater(await startRelay({ port: 0, demo: true, demoIntervalMs: 600_000, dataDir: relayDir, fsyncIntervalMs: 50 }));
    },
  });

  const settingsFile = () => join(win.dataDir, 'config.json');
  /** The settings file as main last wrote it. */
  const onDisk = () => JSON.parse(readFileSync(settingsFile(), 'utf8')) as SettingsView & { presence: { chosen: string } };
  const view = () => win.preview.services.settings.view();
  const dialog = () => win.page.getByRole('dialog', { name: 'Settings' });
  const checkbox = (name: string) => dialog().getByRole('checkbox', { name, exact: true });
  const quietHours = () => dialog().getByRole('group', { name: 'Quiet hours' });
  const autoAway = () => dialog().getByRole('spinbutton', { name: 'Set me away after this many idle minutes' });

  async function openSettings(from: Locator | Page = win.page.getByRole('region', { name: 'Account' })): Promise<void> {
    await from.getByRole('button', { name: 'Settings', exact: true }).click();
    await dialog().getByRole('heading', { name: 'Settings' }).waitFor();
    await dialog().getByRole('group', { name: 'Notifications' }).waitFor();
  }
  async function closeSettings(): Promise<void> {
    await dialog().getByRole('button', { name: 'Close' }).click();
    await dialog().waitFor({ state: 'detached' });
  }
  /** The alert a field points at with aria-describedby, and the field marked invalid. */
  async function fieldError(field: Locator): Promise<string> {
    await waitFor('the field to be marked invalid', async () => (await field.getAttribute('aria-invalid')) === 'true');
    const ids = (await field.getAttribute('aria-describedby'))?.split(' ') ?? [];
    const alerts = dialog().getByRole('alert');
    for (const alert of await alerts.all()) {
      const id = await alert.getAttribute('id');
      if (id && ids.includes(id)) return alert.innerText();
    }
    throw new Error(`no alert among ${ids.join(', ')}`);
  }
  const checkedNow = async () => Promise.all(TOGGLES.map(([name]) => checkbox(name).isChecked()));

  it('opens from the signed-out screen and says where the token is kept', async () => {
    await win.page.goto(win.preview.host.launchUrl);
    await win.page.getByRole('heading', { name: 'Sign in to a Beacon relay' }).waitFor();
    await openSettings(win.page);
    const status = win.preview.services.session.status();
    const expected = status.keychain === 'os' ? 'Stored in the OS keychain' : `Memory only: ${status.keychainProblem ?? ''}`;
    const storage = dialog().getByRole('region', { name: 'Token storage' });
    expect(await storage.getByRole('paragraph').innerText()).toBe(expected);
    if (status.keychain === 'memory-only') expect(expected).toMatch(/^Memory only: The system keychain is switched off/);
    await dialog().getByText('No muted threads.').waitFor();
    expect(await autoAway().inputValue()).toBe('10');
    expect(await quietHours().getByRole('textbox', { name: 'Start' }).inputValue()).toBe('22:00');
    // Esc closes it, as every dialog.
    await win.page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
  });

  it('toggles every on/off setting, and each round-trips: dialog reopened, page reloaded, the settings file', async () => {
    await win.ui.signIn(relay.url, await relay.mintToken('you'));
    await openSettings();
    const before = await checkedNow();
    await win.ui.shot('settings.png');
    expect(before).toEqual(TOGGLES.map(([, of]) => of(view())));
    for (const [i, [name, of]] of TOGGLES.entries()) {
      await checkbox(name).click();
      await waitFor(`${name} saved`, async () => (await checkbox(name).isEnabled()) && of(onDisk()) === !before[i]);
      expect(await checkbox(name).isChecked()).toBe(!before[i]);
      expect(of(view())).toBe(!before[i]);
    }
    const flipped = before.map((b) => !b);
    await closeSettings();
    await openSettings();
    expect(await checkedNow()).toEqual(flipped);
    await closeSettings();
    await win.page.reload();
    await win.ui.statusIs(/^Connected as you$/);
    await openSettings();
    expect(await checkedNow()).toEqual(flipped);
    // And back, each with its own call; the chosen presence in the same file is left alone.
    for (const [name] of TOGGLES) await checkbox(name).click();
    await waitFor('every setting back', async () => JSON.stringify(TOGGLES.map(([, of]) => of(onDisk()))) === JSON.stringify(before));
    expect(await checkedNow()).toEqual(before);
    expect(onDisk().presence.chosen).toBe('online');
    // From the keyboard: the control keeps the focus through its call (disabled meanwhile), so Space works twice.
    const login = checkbox('Start Beacon when I log in');
    await login.focus();
    await win.page.keyboard.press('Space');
    await waitFor('launch at login on', () => onDisk().launchAtLogin);
    await waitFor('the checkbox enabled again', () => login.isEnabled());
    await win.page.keyboard.press('Space');
    await waitFor('launch at login off again', () => !onDisk().launchAtLogin);
    await closeSettings();
  });

  it('saves a quiet-hours time and auto-away minutes, and refuses bad ones inline without changing anything', async () => {
    await openSettings();
    const start = quietHours().getByRole('textbox', { name: 'Start' });
    const end = quietHours().getByRole('textbox', { name: 'End' });
    await start.fill('23:10');
    await start.press('Enter');
    await waitFor('start saved', () => onDisk().notifications.quietHours.start === '23:10');
    // The field keeps the focus through its call: typing on goes on in it.
    await waitFor('the field enabled again', () => start.isEnabled());
    await win.page.keyboard.press('ControlOrMeta+A');
    await win.page.keyboard.type('23:15');
    await win.page.keyboard.press('Enter');
    await waitFor('start saved again', () => onDisk().notifications.quietHours.start === '23:15');
    await end.fill('06:45');
    await end.press('Tab'); // leaving the field is done too
    await waitFor('end saved', () => onDisk().notifications.quietHours.end === '06:45');
    expect(await start.getAttribute('aria-invalid')).toBeNull();

    const file = readFileSync(settingsFile(), 'utf8');
    for (const bad of ['25:00', '7:30', 'noon']) {
      await start.fill(bad);
      await start.press('Enter');
      expect(await fieldError(start)).toBe('use 24-hour HH:MM, for example 22:00');
      expect(view().notifications.quietHours.start).toBe('23:15');
    }
    // Esc puts the saved value back (the dialog stays open).
    await start.press('Escape');
    expect(await start.inputValue()).toBe('23:15');
    expect(await start.getAttribute('aria-invalid')).toBeNull();
    await dialog().waitFor();

    const minutes: Array<[string, string]> = [
      ['1.5', 'whole minutes only'],
      ['-3', 'auto-away cannot be negative (0 turns it off)'],
      ['1000', 'auto-away is at most 720 minutes (12 hours)'],
      ['', 'auto-away must be a number of minutes'],
    ];
    for (const [text, message] of minutes) {
      await autoAway().fill(text);
      await autoAway().press('Enter');
      expect(await fieldError(autoAway())).toBe(message);
    }
    expect(view().presence.autoAwayMinutes).toBe(10);
    expect(readFileSync(settingsFile(), 'utf8')).toBe(file);
    await autoAway().fill('0');
    await autoAway().press('Enter');
    await waitFor('auto-away off saved', () => onDisk().presence.autoAwayMinutes === 0);
    expect(await autoAway().getAttribute('aria-invalid')).toBeNull();
    await closeSettings();
    await win.page.reload();
    await win.ui.statusIs(/^Connected as you$/);
    await openSettings();
    expect(await autoAway().inputValue()).toBe('0');
    expect([await start.inputValue(), await end.inputValue()]).toEqual(['23:15', '06:45']);
    await closeSettings();
  });

  it("shows main's refusal beside the field and keeps the setting (the settings file cannot be written)", async () => {
    // Main checks every patch itself, whatever the screen checked:
    const refused = await win.page.evaluate(() =>
      (globalThis as unknown as { beacon: BeaconApi }).beacon.settings
        .update({ presence: { autoAwayMinutes: 1.5 } })
        .then(() => 'saved', (e: Error) => e.message),
    );
    expect(refused).toMatch(/^settings:update: invalid argument — presence\.autoAwayMinutes: whole minutes only/);
    await openSettings();
    const sound = checkbox('Play a sound');
    const was = await sound.isChecked();
    // A directory where the file goes: the write fails in main, after the screen's own check passed.
    rmSync(settingsFile());
    mkdirSync(settingsFile());
    try {
      await sound.click();
      expect(await fieldError(sound)).toMatch(/Settings could not be saved to .*config\.json/);
      expect(await sound.isChecked()).toBe(was);
      expect(view().notifications.sound).toBe(was);
    } finally {
      rmSync(settingsFile(), { recursive: true, force: true });
    }
    await sound.click();
    await waitFor('sound saved once the file can be written', () => existsSync(settingsFile()) && onDisk().notifications.sound === !was);
    expect(await sound.getAttribute('aria-invalid')).toBeNull();
    await sound.click();
    await waitFor('sound back', () => onDisk().notifications.sound === was);
    await closeSettings();
  });

  describe('following changes made elsewhere', () => {
    it('lists muted threads by title (an unknown one by id) and unmutes them', async () => {
      // Muted from the thread view, and an id this workspace does not hold.
      await win.ui.threadButton('Deploys').click();
      await win.page.getByRole('button', { name: 'Mute', pressed: false }).click();
      await waitFor('Deploys muted', async () => (await win.ui.labels()).some((l) => /^Deploys,.*muted$/.test(l)));
      win.preview.services.settings.update({ notifications: { mutedThreads: [...view().notifications.mutedThreads, 'ghost-thread'] } });
      await openSettings();
      const muted = dialog().getByRole('list', { name: 'Muted threads' });
      expect(await muted.getByRole('listitem').allInnerTexts()).toEqual(['Deploys\nUnmute', 'ghost-thread\nUnmute']);
      await muted.getByRole('button', { name: 'Unmute Deploys' }).click();
      await waitFor('Deploys unmuted', () => JSON.stringify(onDisk().notifications.mutedThreads) === '["ghost-thread"]');
      await muted.getByRole('button', { name: 'Unmute Deploys' }).waitFor({ state: 'detached' });
      await waitFor('the thread list to show it unmuted', async () => (await win.ui.labels()).some((l) => /^Deploys(,|$)/.test(l) && !l.includes('muted')));
      await muted.getByRole('button', { name: 'Unmute ghost-thread' }).click();
      await dialog().getByText('No muted threads.').waitFor();
      expect(onDisk().notifications.mutedThreads).toEqual([]);
      await closeSettings();
    });

    it('shows a pause from the tray and a setting changed by main at once, while open', async () => {
      await openSettings();
      win.preview.services.notifications.pause('30m');
      const paused = dialog().getByRole('status').filter({ hasText: /^Paused until / });
      await paused.waitFor();
      win.preview.services.settings.update({ notifications: { sound: false } });
      await waitFor('sound shown off', async () => !(await checkbox('Play a sound').isChecked()));
      await dialog().getByRole('button', { name: 'Resume notifications' }).click();
      await paused.waitFor({ state: 'detached' });
      expect(win.preview.services.notifications.pausedUntil()).toBeNull();
      win.preview.services.settings.update({ notifications: { sound: true } });
      await waitFor('sound shown on', () => checkbox('Play a sound').isChecked());
      await closeSettings();
      expect(win.problems).toEqual([]);
    });
  });
});
