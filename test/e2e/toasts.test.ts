// In-window notifications in the web preview, in real Chromium, against the
// real relay: the toasts are the notification policy's decisions (what the app
// would show natively). One message raises one toast; the open thread of a
// focused window raises none; Busy and Pause silence them and Resume brings
// them back; a click opens the thread and reads it; a burst raises a few.
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../src/relay';
import { describeWhen } from '../support/system-gate';
import { sleep } from '../support/wait';
import { waitFor } from './helpers';
import { chromiumGate, SETUP_TIMEOUT_MS, usePreviewWindow } from './preview-fixture';
import { postMessages, recordToastEvents, toastEvents, type ToastEvent } from './workspace-page';

const THREADS = [
  ['deploys', 'Deploys'],
  ['general', 'General'],
  ['design', 'Design'],
  ['random', 'Random'],
  ['ops', 'Ops'],
  ['qa', 'QA'],
] as const;
const WORKSPACE = {
  users: [
    { id: 'you', name: 'You' },
    { id: 'ann', name: 'Ann' },
    { id: 'bob', name: 'Bob' },
  ],
  threads: THREADS.map(([id, title]) => ({ id, title, members: ['you', 'ann', 'bob'] })),
};
/** Longer than the policy gathers a thread's messages (0.5 s), with room for the socket hops. */
const SETTLE_MS = 1_500;

describeWhen(chromiumGate, 'notifications as toasts in the web preview', () => {
  let relay: Relay;
  /** `win.decided`: what the policy decided, seen in the preview's services (the reason a message was skipped). */
  const win = usePreviewWindow({
    name: 'toasts-e2e',
    recordDecisions: true,
    servers: async (closeLater) => {
      relay = closeLater(await startRelay({ port: 0, workspace: WORKSPACE }));
    },
  });

  const toasts = () => win.page.getByRole('log', { name: 'Notifications' });
  const toast = (title: string | RegExp) => toasts().getByRole('group', { name: title });
  const toastTitles = () => toasts().getByRole('group').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  /** The toast events the page received: show and replace are what would have been shown natively. */
  const pageEvents = () => toastEvents(win.page);
  const raised = (events: ToastEvent[]) => events.filter((e) => e.kind === 'show' || e.kind === 'replace');
  const skipped = (threadId: string) => win.decided.flatMap((d) => (d.kind === 'skip' && d.threadId === threadId ? [d.reason] : []));

  async function dismissAll(): Promise<void> {
    for (let left = await toasts().getByRole('group').count(); left > 0; left = await toasts().getByRole('group').count()) {
      // One may time out by itself meanwhile: count again either way.
      await toasts().getByRole('group').first().getByRole('button', { name: 'Dismiss' }).click({ timeout: 2_000 }).catch(() => {});
    }
  }

  beforeAll(async () => {
    await win.ui.signIn(relay.url, await relay.mintToken('you'));
    await waitFor('the six threads', async () => (await win.ui.labels()).length === THREADS.length);
    await recordToastEvents(win.page);
  }, SETUP_TIMEOUT_MS);

  // Each case starts with none on screen (also after a failed one).
  beforeEach(() => dismissAll());

  it('a message from another user in a thread not open raises exactly one toast, worded as the policy words it', async () => {
    await relay.postMessage('deploys', 'ann', 'build 42 is green');
    await toast('ann in Deploys').getByText('build 42 is green').waitFor();
    await sleep(SETTLE_MS);
    expect(await toastTitles()).toEqual(['ann in Deploys']);
    expect(raised(await pageEvents()).map((e) => `${e.kind} ${e.title}`)).toEqual(['show ann in Deploys']);
    await toast('ann in Deploys').getByRole('button', { name: 'Dismiss' }).click();
    await toast('ann in Deploys').waitFor({ state: 'hidden' });
    // Dismissed in main too: the next message in Deploys is a new notification, not a replacement.
    await relay.postMessage('deploys', 'bob', 'build 43 is green');
    await toast('2 new messages in Deploys').getByText('bob: build 43 is green').waitFor({ timeout: 10_000 });
    expect(raised(await pageEvents()).map((e) => e.kind)).toEqual(['show', 'show']);
  });

  it('the thread open in a focused window raises none; another thread still does', async () => {
    await win.page.bringToFront();
    await win.ui.threadButton('General').click();
    await win.ui.timeline('General').waitFor();
    await waitFor('the page to have the focus', () => win.page.evaluate(() => (globalThis as unknown as { document: { hasFocus(): boolean } }).document.hasFocus()));
    const before = (await pageEvents()).length;
    await relay.postMessage('general', 'ann', 'seen as it arrives');
    await relay.postMessage('design', 'bob', 'mockups are up');
    await win.ui.timeline('General').getByText('seen as it arrives').waitFor();
    await toast('bob in Design').waitFor();
    await sleep(SETTLE_MS);
    expect(await toastTitles()).toEqual(['bob in Design']);
    expect(raised((await pageEvents()).slice(before)).map((e) => e.key)).toEqual(['thread:design']);
    // Not silenced by chance (read before the policy's gathering ran out): the focus report reached main.
    expect(skipped('general')).toContain('viewing');
  });

  it('Busy, chosen in the window, silences them; Online brings them back', async () => {
    const account = win.page.getByRole('region', { name: 'Account' });
    await account.getByRole('radio', { name: 'Busy' }).check();
    await waitFor('main to hold busy', () => win.preview.services.presence.get() === 'busy');
    const before = (await pageEvents()).length;
    await relay.postMessage('random', 'ann', 'anyone for lunch?');
    await waitFor('Random to count it', async () => (await win.ui.labels()).includes('Random, 1 unread'));
    await sleep(SETTLE_MS);
    expect(await toastTitles()).toEqual([]);
    expect(raised((await pageEvents()).slice(before))).toEqual([]);
    expect(skipped('random')).toEqual(['busy']);

    await account.getByRole('radio', { name: 'Online' }).check();
    await waitFor('main to hold online', () => win.preview.services.presence.get() === 'online');
    await relay.postMessage('random', 'ann', 'last call for lunch');
    await toast('ann in Random').getByText('last call for lunch').waitFor();
  });

  it('Pause silences them, with a line saying until when; Resume brings them back', async () => {
    const paused = win.page.getByRole('status', { name: 'Notification pause' });
    await win.page.getByRole('button', { name: 'Pause notifications' }).click();
    await win.page.getByRole('menu', { name: 'Pause notifications' }).getByRole('menuitem', { name: 'For 30 minutes' }).click();
    await paused.filter({ hasText: /^Notifications paused until \d{1,2}:\d{2}/ }).waitFor();
    expect(win.preview.services.notifications.pausedUntil()).toBeGreaterThan(Date.now() + 29 * 60_000);
    const before = (await pageEvents()).length;
    await relay.postMessage('ops', 'bob', 'disk at 91%');
    await waitFor('Ops to count it', async () => (await win.ui.labels()).includes('Ops, 1 unread'));
    await sleep(SETTLE_MS);
    expect(await toastTitles()).toEqual([]);
    expect(raised((await pageEvents()).slice(before))).toEqual([]);
    expect(skipped('ops')).toEqual(['paused']);

    await win.page.getByRole('button', { name: 'Resume notifications' }).click();
    await waitFor('the pause line gone', async () => ((await paused.textContent()) ?? '') === '');
    expect(win.preview.services.notifications.pausedUntil()).toBeNull();
    await relay.postMessage('ops', 'bob', 'disk at 95%');
    await toast('bob in Ops').getByText('disk at 95%').waitFor();
  });

  it('the pause menu needs a choice: arrows only move, Escape leaves it, Enter on an item pauses', async () => {
    const button = win.page.getByRole('button', { name: 'Pause notifications' });
    const menu = win.page.getByRole('menu', { name: 'Pause notifications' });
    const focusedItem = () => win.page.evaluate(() => {
      const el = (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null; textContent: string | null } | null } }).document.activeElement;
      return `${el?.getAttribute('role') ?? ''} ${el?.textContent ?? ''}`;
    });
    await button.focus();
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await win.page.keyboard.press('ArrowDown');
    await menu.waitFor();
    expect(await focusedItem()).toBe('menuitem For 30 minutes');
    await win.page.keyboard.press('ArrowDown');
    await win.page.keyboard.press('ArrowDown');
    expect(await focusedItem()).toBe('menuitem Until tomorrow 08:00');
    await win.page.keyboard.press('ArrowDown');
    expect(await focusedItem()).toBe('menuitem For 30 minutes');
    await sleep(300);
    expect(win.preview.services.notifications.pausedUntil()).toBeNull();
    await win.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    expect(await focusedItem()).toBe(' Pause notifications');
    expect(win.preview.services.notifications.pausedUntil()).toBeNull();

    await win.page.keyboard.press('Enter');
    await menu.waitFor();
    await win.page.keyboard.press('ArrowUp');
    expect(await focusedItem()).toBe('menuitem Until tomorrow 08:00');
    await win.page.keyboard.press('ArrowUp');
    await win.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
    await win.page.getByRole('status', { name: 'Notification pause' }).filter({ hasText: /^Notifications paused until/ }).waitFor();
    const until = win.preview.services.notifications.pausedUntil() ?? 0;
    expect(until).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect(until).toBeLessThan(Date.now() + 61 * 60_000);
    expect(await focusedItem()).toBe(' Pause notifications');
    // Paused, the menu offers Resume now too.
    await win.page.keyboard.press('ArrowUp');
    expect(await focusedItem()).toBe('menuitem Resume now');
    await win.page.keyboard.press('Enter');
    await waitFor('the pause to end', () => win.preview.services.notifications.pausedUntil() === null);
  });

  it('clicking a toast opens its thread, and its unread count clears', async () => {
    await relay.postMessage('qa', 'ann', 'test plan ready for review');
    await toast('ann in QA').waitFor();
    expect(await win.ui.labels()).toContain('QA, 1 unread');
    await toast('ann in QA').getByRole('button', { name: /^ann in QA/ }).click();
    await win.ui.timeline('QA').getByText('test plan ready for review').waitFor();
    expect(await win.ui.threadButton('QA').getAttribute('aria-current')).toBe('page');
    await waitFor('QA read', async () => (await win.ui.labels()).includes('QA'));
    await toast('ann in QA').waitFor({ state: 'hidden' });
  });

  it('a burst of 200 messages across five threads raises only a few toasts', async () => {
    const before = (await pageEvents()).length;
    const burstThreads = ['deploys', 'general', 'design', 'random', 'ops'];
    // Ten waves 200 ms apart, four messages per thread in each, from two senders.
    for (let wave = 0; wave < 10; wave++) {
      await Promise.all(
        burstThreads.map((threadId, i) =>
          postMessages(relay, threadId, i % 2 === 0 ? 'ann' : 'bob', Array.from({ length: 4 }, (_, n) => `burst ${wave}.${n} in ${threadId}`)),
        ),
      );
      await sleep(200);
    }
    await waitFor('all 200 counted', async () => (await win.ui.labels()).filter((l) => / 4\d unread$/.test(l)).length === 5, 15_000);
    // Past the longest a burst is gathered (5 s) and a rate period after it.
    await sleep(7_000);
    const raisedNow = raised((await pageEvents()).slice(before));
    expect(raisedNow.length).toBeGreaterThanOrEqual(burstThreads.length);
    expect(raisedNow.length).toBeLessThanOrEqual(12);
    const shown = await toastTitles();
    expect(shown.length).toBeLessThanOrEqual(burstThreads.length);
    expect(shown.every((t) => /^\d+ new messages in (Deploys|General|Design|Random|Ops)$/.test(t))).toBe(true);
    expect(win.problems).toEqual([]);
  }, 60_000);
});
