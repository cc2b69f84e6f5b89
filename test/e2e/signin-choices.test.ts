// The sign-in form and "Sign in again" in real Chromium against the web
// preview and the servers' fakes: the heading names the chosen server type; a
// wrong server type is refused in words that say why (never a made-up user);
// the ws:// refusal points to the Settings toggle; "Sign in again" after a
// 4401 keeps the server type and transport chosen by hand, its heading in view;
// an AgentCmd channel the server refuses shows the refusal and is not kept.
import type { Locator } from 'playwright';
import { expect, it } from 'vitest';
import { describeWhen } from '../support/system-gate';
import { mintAgentcmdToken, startAgentcmdFake, type AgentcmdFake } from '../profiles/fakes/agentcmd';
import { startCodeCloudAgentsFake, userIdForToken, type CodeCloudAgentsFake } from '../profiles/fakes/code-cloud-agents';
import { waitFor } from './helpers';
import { chromiumGate, usePreviewWindow } from './preview-fixture';
const TOKEN = 'tok-a1b2c3d4e5';

describeWhen(chromiumGate, 'sign-in choices in the web preview', () => {
  let cca: CodeCloudAgentsFake;
  let agentcmd: AgentcmdFake;
  const win = usePreviewWindow({
    name: 'signin-choices',
    servers: async (closeLater) => {
      cca = closeLater(await startCodeCloudAgentsFake());
      agentcmd = closeLater(await startAgentcmdFake({ canAccess: (_user, channel) => channel !== 'session:999' }));
    },
  });

  const form = () => win.page.getByRole('form', { name: 'Sign in to a Beacon relay or another server' });
  const alerts = () => win.page.getByRole('alert').allInnerTexts();

  async function attempt(serverType: string, url: string, token: string): Promise<void> {
    await form().getByLabel('Server type').selectOption({ label: serverType });
    await form().getByLabel('Server URL').fill(url);
    await form().getByLabel('Access token').fill(token);
    await form().getByRole('button', { name: 'Sign in' }).click();
  }

  /** The element lies inside the window's viewport. */
  const inView = (l: Locator): Promise<boolean> =>
    l.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= (globalThis as unknown as { innerHeight: number }).innerHeight && r.height > 0;
    });

  it('the heading names the chosen server type, and Detect has a neutral one', async () => {
    const heading = form().getByRole('heading', { level: 1 });
    expect(await heading.innerText()).toBe('Sign in to a Beacon relay or another server');
    for (const [type, title] of [
      ['Hush', 'Sign in to Hush'],
      ['Mozaiks', 'Sign in to Mozaiks'],
      ['AgentCmd', 'Sign in to AgentCmd'],
      ['Code Cloud Agents', 'Sign in to Code Cloud Agents'],
      ['Beacon relay', 'Sign in to a Beacon relay'],
      ['Detect', 'Sign in to a Beacon relay or another server'],
    ] as const) {
      await form().getByLabel('Server type').selectOption({ label: type });
      expect(await heading.innerText()).toBe(title);
    }
  });

  it('Hush against Code Cloud Agents is refused as not a Hush token; Beacon relay there says where the token went', async () => {
    await attempt('Hush', cca.url, TOKEN);
    await waitFor('the refusal', async () => (await alerts()).length > 0);
    expect(await alerts()).toEqual([expect.stringMatching(/this token is not a Hush access token: Hush reads who you are from the token's `sub` claim, and this token is not a JWT\..*Detect/)]);
    expect(await win.ui.status().innerText()).not.toMatch(/Connected/);

    await attempt('Beacon relay', cca.url, TOKEN);
    await waitFor('the other refusal', async () => (await alerts()).some((a) => /did not receive the token/.test(a)));
    const [words] = await alerts();
    expect(words).toMatch(/did not receive the token where it expects it \(it answered "No token provided"\): it may be another type of server\. Choose Detect/);
    expect(words).not.toMatch(/refused the token/);
  });

  it('ws:// to another host points to the Settings toggle the signed-out screen reaches', async () => {
    await attempt('Detect', 'ws://192.0.2.7:8787/ws', TOKEN);
    await waitFor('the refusal', async () => (await alerts()).some((a) => a.includes('unencrypted')));
    const message = (await alerts()).find((a) => a.includes('unencrypted')) ?? '';
    expect(message).toMatch(/open Settings and turn on "Allow ws:\/\/ to hosts other than this computer"/);
    expect(message).not.toMatch(/config\.json|quit Beacon/);
    await win.page.getByRole('button', { name: 'Settings' }).click();
    const toggle = win.page.getByRole('dialog', { name: 'Settings' }).getByRole('checkbox', { name: 'Allow ws:// to hosts other than this computer' });
    expect(await toggle.isChecked()).toBe(false);
    await win.page.keyboard.press('Escape');
    await win.page.getByRole('dialog', { name: 'Settings' }).waitFor({ state: 'detached' });
  });

  it('"Sign in again" after a 4401 keeps Code Cloud Agents and its transport, with its heading in view', async () => {
    await attempt('Code Cloud Agents', cca.url, TOKEN);
    await win.ui.statusIs(new RegExp(`^Connected as ${userIdForToken(TOKEN)}$`));
    cca.dropAll(4401);
    const again = win.page.getByRole('form', { name: 'Sign in again' });
    await again.waitFor({ timeout: 15_000 });
    expect(await again.getByLabel('Server type').inputValue()).toBe('code-cloud-agents');
    expect(await again.getByLabel('How the server expects the token').inputValue()).toBe('query');
    expect(await again.getByLabel('Query parameter name').inputValue()).toBe('token');
    expect(await inView(again.getByRole('heading', { name: 'Sign in again' }))).toBe(true);
    await again.getByLabel('Access token').fill(TOKEN);
    await again.getByRole('button', { name: 'Sign in' }).click();
    await win.ui.statusIs(new RegExp(`^Connected as ${userIdForToken(TOKEN)}$`));
    await win.page.getByRole('button', { name: 'Sign out' }).click();
    await form().waitFor();
  });

  it('an AgentCmd channel the server refuses: the refusal is shown and the channel not kept; bad names and repeats are said inline', async () => {
    await attempt('AgentCmd', agentcmd.url, await mintAgentcmdToken('ada'));
    await win.ui.statusIs(/^Connected as ada$/);
    const followForm = win.ui.threads().getByRole('form', { name: 'Follow a channel' });
    const channel = followForm.getByRole('textbox', { name: 'Channel' });
    const follow = async (name: string): Promise<void> => {
      await channel.fill(name);
      await followForm.getByRole('button', { name: 'Follow' }).click();
    };

    await follow('session:999');
    const toasts = win.page.getByRole('log', { name: 'Notifications' });
    await toasts.getByText('Could not follow session:999: Access denied to session').waitFor({ timeout: 10_000 });
    await waitFor('session:999 gone from the list', async () => (await win.ui.threadButton('session:999').count()) === 0);

    await follow('session: 1');
    await followForm.getByRole('alert').filter({ hasText: '"session: 1" is not a channel name this server takes (for example session:123).' }).waitFor();

    await follow('session:123');
    await win.ui.threadButton('session:123').waitFor();
    await follow('session:123');
    await followForm.getByRole('alert').filter({ hasText: 'You already follow session:123.' }).waitFor();
    expect(await channel.inputValue()).toBe('session:123');
    expect(win.problems).toEqual([]);
  });
});
