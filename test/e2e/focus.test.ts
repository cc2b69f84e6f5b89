// Where the keyboard focus goes when what had it goes away or the thread
// changes, in real Chromium against the real relay (and the AgentCmd fake for
// Unfollow): never to the page body. A dismissed or clicked toast hands the
// focus to the next toast (the same button), or the open thread's heading when
// none is left; a thread opened with Ctrl+K, Alt+ArrowDown or from its toast
// takes the focus on its heading; Unfollow hands it to the neighbouring thread,
// or the channel field when none is left.
import type { Locator } from 'playwright';
import { beforeAll, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../src/relay';
import { mintAgentcmdToken, startAgentcmdFake, type AgentcmdFake } from '../profiles/fakes/agentcmd';
import { describeWhen } from '../support/system-gate';
import { waitFor } from './helpers';
import { chromiumGate, SETUP_TIMEOUT_MS, usePreviewWindow } from './preview-fixture';
const THREADS = [
  ['general', 'General'],
  ['deploys', 'Deploys'],
  ['design', 'Design'],
  ['random', 'Random'],
] as const;
const WORKSPACE = {
  users: [
    { id: 'you', name: 'You' },
    { id: 'ann', name: 'Ann' },
  ],
  threads: THREADS.map(([id, title]) => ({ id, title, members: ['you', 'ann'] })),
};

/** The focused element, as people and tests know it: its role and accessible name (the name as the page gives it). */
type FocusedElement = { role: string; name: string; inGroup: string | null; isBody: boolean };

describeWhen(chromiumGate, 'keyboard focus in the web preview', () => {
  let relay: Relay;
  let agentcmd: AgentcmdFake;
  const win = usePreviewWindow({
    name: 'focus-e2e',
    servers: async (closeLater) => {
      relay = closeLater(await startRelay({ port: 0, workspace: WORKSPACE }));
      agentcmd = closeLater(await startAgentcmdFake());
    },
  });
  const toasts = () => win.page.getByRole('log', { name: 'Notifications' });
  const toast = (title: string | RegExp) => toasts().getByRole('group', { name: title });

  function focusedElement(): Promise<FocusedElement> {
    return win.page.evaluate(() => {
      type El = {
        tagName: string;
        textContent: string | null;
        getAttribute(n: string): string | null;
        closest(s: string): El | null;
        labels?: ArrayLike<{ textContent: string | null }>;
      };
      const el = (globalThis as unknown as { document: { activeElement: El | null } }).document.activeElement;
      if (!el || el.tagName === 'BODY') return { role: '', name: '', inGroup: null, isBody: true };
      const implicit: Record<string, string> = { BUTTON: 'button', H1: 'heading', H2: 'heading', H3: 'heading', INPUT: 'textbox', TEXTAREA: 'textbox' };
      const role = el.getAttribute('role') ?? implicit[el.tagName] ?? el.tagName.toLowerCase();
      const name = el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '';
      return { role, name: name.trim(), inGroup: el.closest('[role="group"]')?.getAttribute('aria-label') ?? null, isBody: false };
    });
  }

  async function isFocused(locator: Locator): Promise<boolean> {
    return locator.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);
  }

  beforeAll(async () => {
    await win.ui.signIn(relay.url, await relay.mintToken('you'));
    await waitFor('the threads', async () => (await win.ui.labels()).length === THREADS.length);
    await win.ui.threadButton('General').click();
    await win.ui.timeline('General').waitFor();
  }, SETUP_TIMEOUT_MS);

  it('Enter on a toast\'s Dismiss moves the focus to the next toast\'s Dismiss, then to the open thread', async () => {
    await relay.postMessage('deploys', 'ann', 'build 7 is green');
    await toast('ann in Deploys').waitFor();
    await relay.postMessage('design', 'ann', 'new mockups');
    await toast('ann in Design').waitFor();

    await toast('ann in Deploys').getByRole('button', { name: 'Dismiss' }).focus();
    await win.page.keyboard.press('Enter');
    await toast('ann in Deploys').waitFor({ state: 'hidden' });
    await waitFor('the focus on the next Dismiss', async () => (await focusedElement()).inGroup === 'ann in Design');
    expect(await focusedElement()).toEqual({ role: 'button', name: 'Dismiss', inGroup: 'ann in Design', isBody: false });

    await win.page.keyboard.press('Enter');
    await toast('ann in Design').waitFor({ state: 'hidden' });
    await waitFor('the focus on the open thread', async () => !(await focusedElement()).isBody);
    expect(await focusedElement()).toEqual({ role: 'heading', name: 'General', inGroup: null, isBody: false });
  });

  it("clicking a server notice's toast moves the focus to the next toast, then to the open thread", async () => {
    relay.notify({ level: 'warning', title: 'Maintenance', message: 'Down at 22:00' });
    await toast('Maintenance').waitFor();
    await relay.postMessage('design', 'ann', 'one more mockup');
    await toast(/in Design$/).waitFor();

    await toast('Maintenance').getByRole('button', { name: /Maintenance/ }).click();
    await toast('Maintenance').waitFor({ state: 'hidden' });
    await waitFor('the focus on the next toast', async () => !(await focusedElement()).isBody);
    expect(await isFocused(toast(/in Design$/).getByRole('button', { name: /in Design/ }))).toBe(true);

    await win.page.keyboard.press('Tab');
    expect(await focusedElement()).toMatchObject({ role: 'button', name: 'Dismiss' });
    await win.page.keyboard.press('Enter');
    await toast(/in Design$/).waitFor({ state: 'hidden' });
    await waitFor('the focus on the open thread', async () => !(await focusedElement()).isBody);
    expect(await focusedElement()).toMatchObject({ role: 'heading', name: 'General' });
  });

  it("a message's toast, chosen from the keyboard, opens its thread with the focus in it", async () => {
    await relay.postMessage('random', 'ann', 'lunch?');
    await toast('ann in Random').waitFor();
    await toast('ann in Random').getByRole('button', { name: /^ann in Random/ }).focus();
    await win.page.keyboard.press('Enter');
    await win.ui.timeline('Random').waitFor();
    await waitFor('the focus in Random', async () => (await focusedElement()).name === 'Random');
    expect(await focusedElement()).toEqual({ role: 'heading', name: 'Random', inGroup: null, isBody: false });
  });

  it('Ctrl+K, a name and Enter put the focus in the opened thread; so does Alt+ArrowDown', async () => {
    await win.page.getByRole('button', { name: 'Settings' }).focus();
    await win.page.keyboard.press('Control+k');
    const switcher = win.page.getByRole('dialog', { name: 'Switch thread' });
    await switcher.getByRole('textbox', { name: 'Thread name' }).fill('depl');
    await win.page.keyboard.press('Enter');
    await switcher.waitFor({ state: 'hidden' });
    await win.ui.timeline('Deploys').waitFor();
    await waitFor('the focus in Deploys', async () => (await focusedElement()).name === 'Deploys');
    expect(await focusedElement()).toEqual({ role: 'heading', name: 'Deploys', inGroup: null, isBody: false });

    await win.page.getByRole('button', { name: 'Settings' }).focus();
    const order = (await win.ui.labels()).map((l) => l.split(',')[0] ?? '');
    const next = order[(order.indexOf('Deploys') + 1) % order.length] ?? '';
    await win.page.keyboard.press('Alt+ArrowDown');
    await win.ui.timeline(next).waitFor();
    await waitFor(`the focus in ${next}`, async () => (await focusedElement()).name === next);
    expect(await focusedElement()).toEqual({ role: 'heading', name: next, inGroup: null, isBody: false });

    // Typing in the composer, Alt+ArrowDown keeps the focus there (it is in the newly opened thread).
    const composer = win.page.getByRole('textbox', { name: 'Message' });
    await composer.focus();
    const after = order[(order.indexOf(next) + 1) % order.length] ?? '';
    await win.page.keyboard.press('Alt+ArrowDown');
    await win.ui.timeline(after).waitFor();
    await win.page.waitForTimeout(200);
    expect(await isFocused(composer)).toBe(true);
    expect(win.problems).toEqual([]);
  });

  it('Enter on Unfollow moves the focus to the neighbouring channel, then to the channel field', async () => {
    await win.page.getByRole('button', { name: 'Sign out' }).click();
    await win.ui.signIn(agentcmd.url, await mintAgentcmdToken('ada'), 'ada', 'AgentCmd');
    const followForm = win.ui.threads().getByRole('form', { name: 'Follow a channel' });
    const channel = followForm.getByRole('textbox', { name: 'Channel' });
    for (const name of ['session:1', 'session:2', 'session:3']) {
      await channel.fill(name);
      await followForm.getByRole('button', { name: 'Follow' }).click();
      await win.ui.threadButton(name).waitFor();
    }
    const titles = async () => (await win.ui.labels()).filter((l) => l.startsWith('session:'));
    const order = await titles();
    expect(order.sort()).toEqual(['session:1', 'session:2', 'session:3']);
    const listed = await win.ui.threads().getByRole('listitem').evaluateAll((els) => els.map((e) => (e as { textContent: string | null }).textContent ?? ''));
    const first = (listed[0] ?? '').replace(/Unfollow$/, '');
    const second = (listed[1] ?? '').replace(/Unfollow$/, '');

    await win.ui.threads().getByRole('button', { name: `Unfollow ${first}` }).focus();
    await win.page.keyboard.press('Enter');
    await waitFor(`${first} gone`, async () => (await win.ui.threadButton(first).count()) === 0);
    await waitFor('the focus on the neighbour', async () => !(await focusedElement()).isBody);
    expect(await isFocused(win.ui.threadButton(second))).toBe(true);

    for (const name of await titles()) {
      await win.ui.threads().getByRole('button', { name: `Unfollow ${name}` }).focus();
      await win.page.keyboard.press('Enter');
      await waitFor(`${name} gone`, async () => (await win.ui.threadButton(name).count()) === 0);
    }
    await waitFor('the focus somewhere', async () => !(await focusedElement()).isBody);
    expect(await isFocused(channel)).toBe(true);
  });
});
