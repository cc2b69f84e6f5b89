// Server types in the window (issue 11 §3-4), in real Chromium against the
// web preview and each server's fake: "Detect" recognises Code Cloud Agents
// and says so; "Hush" chosen by hand signs in with the cookie, shows an
// encrypted message as such and a read-only composer with the reason; on
// AgentCmd a channel is followed from the window, subscribed on the server,
// and unfollowed again.
import { expect, it } from 'vitest';
import { describeWhen } from '../support/system-gate';
import { mintAgentcmdToken, startAgentcmdFake, type AgentcmdFake } from '../profiles/fakes/agentcmd';
import { startCodeCloudAgentsFake, userIdForToken, type CodeCloudAgentsFake } from '../profiles/fakes/code-cloud-agents';
import { mintHushToken, startHushFake, type HushFake } from '../profiles/fakes/hush';
import { waitFor } from './helpers';
import { chromiumGate, usePreviewWindow } from './preview-fixture';

const CONVERSATION = '6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b';

describeWhen(chromiumGate, 'server types in the web preview', () => {
  let cca: CodeCloudAgentsFake;
  let hush: HushFake;
  let agentcmd: AgentcmdFake;
  const win = usePreviewWindow({
    name: 'server-types',
    servers: async (closeLater) => {
      cca = closeLater(await startCodeCloudAgentsFake());
      hush = closeLater(await startHushFake({ conversations: { [CONVERSATION]: ['ada', 'bob'] } }));
      agentcmd = closeLater(await startAgentcmdFake());
    },
  });

  const form = () => win.page.getByRole('form', { name: 'Sign in to a Beacon relay' });

  async function signIn(serverUrl: string, token: string, serverType: string | undefined, user: string): Promise<void> {
    await form().waitFor();
    await win.ui.signIn(serverUrl, token, user, serverType);
  }

  async function signOut(): Promise<void> {
    await win.page.getByRole('button', { name: 'Sign out' }).click();
    await form().waitFor();
  }

  it('offers Detect first, then each server type; the token control and placeholder follow the type', async () => {
    const type = form().getByLabel('Server type');
    expect(await type.locator('option').allInnerTexts()).toEqual(['Detect', 'Beacon relay', 'Code Cloud Agents', 'Hush', 'Mozaiks', 'AgentCmd']);
    expect(await type.inputValue()).toBe('detect');
    const transport = form().getByLabel('How the server expects the token');

    await type.selectOption({ label: 'Hush' });
    expect(await transport.locator('option').allInnerTexts()).toEqual(['Cookie (this server’s default)']);
    expect(await form().getByLabel('Cookie name').inputValue()).toBe('access_token');
    expect(await form().getByLabel('Server URL').getAttribute('placeholder')).toBe('ws://localhost:8000/ws');

    await type.selectOption({ label: 'Code Cloud Agents' });
    expect(await transport.inputValue()).toBe('query');
    expect(await form().getByLabel('Query parameter name').inputValue()).toBe('token');

    await type.selectOption({ label: 'Mozaiks' });
    await form().getByText('The address ends in /ws/notifications/{userId}: put your user id in place of {userId}.').waitFor();

    await type.selectOption({ label: 'Detect' });
    expect(await transport.inputValue()).toBe('header');
  });

  it('a refused token is refused in the server type’s own words', async () => {
    await form().getByLabel('Server type').selectOption({ label: 'Hush' });
    await form().getByLabel('Server URL').fill(hush.url);
    await form().getByLabel('Access token').fill('not-a-token-of-this-server');
    await form().getByRole('button', { name: 'Sign in' }).click();
    await form().getByRole('alert').filter({ hasText: 'Hush did not accept your sign-in: the access token has expired or is not valid.' }).waitFor();
    await form().getByLabel('Server type').selectOption({ label: 'Detect' });
  });

  it('Detect recognises Code Cloud Agents and says so in the window', async () => {
    const token = 'tok-a1b2c3d4e5';
    await signIn(cca.url, token, undefined, userIdForToken(token));
    await win.ui.threads().getByText('Detected: Code Cloud Agents').waitFor();
    // Detected with the header, signed in with the `token` query parameter this server reads.
    expect(cca.signedInUsers).toContain(userIdForToken(token));
    cca.postChat('alice', 'The build agent is ready.', { conversationId: 'agents' });
    const thread = win.ui.threads().getByRole('listitem').first().getByRole('button');
    await thread.click();
    await win.page.getByRole('log').getByText('The build agent is ready.').waitFor();
    await win.page.getByRole('note').filter({ hasText: 'Code Cloud Agents does not take messages from Beacon' }).waitFor();
    await signOut();
  });

  it('Hush chosen by hand: signs in with the cookie, shows an encrypted message as such and a read-only composer saying why', async () => {
    await signIn(hush.url, await mintHushToken('ada'), 'Hush', 'ada');
    await win.ui.threads().getByText(/^Hush$/).waitFor();
    await waitFor('subscribed to every conversation', () => hush.subscriptionsOf('ada').length > 0);
    hush.postEncrypted(CONVERSATION, 'bob');
    await win.ui.threadButton(CONVERSATION).click();
    const log = win.ui.timeline(CONVERSATION);
    await log.getByText('Encrypted message').waitFor();
    const composer = win.page.getByRole('textbox', { name: 'Message' });
    expect(await composer.isDisabled()).toBe(true);
    await win.page.getByRole('note').filter({ hasText: 'Hush messages are end-to-end encrypted and Beacon holds none of your keys' }).waitFor();
    expect(await win.page.getByRole('button', { name: 'Send' }).count()).toBe(0);
    // No ciphertext anywhere on the page.
    const text = await win.page.locator('body').innerText();
    expect(text).not.toMatch(/[A-Za-z0-9+/]{24,}={0,2}/);
    // Hush shares no presence: nobody is listed as offline, and the picker says what the choice still does.
    const people = win.page.getByRole('complementary', { name: 'People' });
    await people.getByText('This server does not share presence.').waitFor();
    expect(await people.getByRole('region', { name: /^Offline/ }).count()).toBe(0);
    await win.page.getByRole('group', { name: 'Your presence' }).getByText('Busy still silences notifications').waitFor();
    await win.ui.shot('hush-read-only.png');
    await signOut();
  });

  it('AgentCmd: follow a channel from the window, the server subscribes it, unfollow removes it', async () => {
    await signIn(agentcmd.url, await mintAgentcmdToken('ada'), 'AgentCmd', 'ada');
    const followForm = win.ui.threads().getByRole('form', { name: 'Follow a channel' });
    const channel = followForm.getByRole('textbox', { name: 'Channel' });
    expect(await channel.getAttribute('placeholder')).toBe('session:123');

    // A name the window may not send comes back inline, and nothing is followed.
    await channel.fill(`session:${'9'.repeat(600)}`);
    await followForm.getByRole('button', { name: 'Follow' }).click();
    await followForm.getByRole('alert').filter({ hasText: /thread id is longer than/ }).waitFor();
    expect(await win.ui.threads().getByRole('listitem').count()).toBe(0);

    await channel.fill('session:123');
    await followForm.getByRole('button', { name: 'Follow' }).click();
    await win.ui.threadButton('session:123').waitFor();
    await waitFor('subscribed on the server', () => agentcmd.subscriptionsOf('ada').flat().includes('session:123'));
    agentcmd.publish('session:123', 'session.completed', { message: 'Run finished' });
    // What arrives on the channel is activity (the Activity list's own suite covers it): it shows there.
    await win.page.getByRole('complementary', { name: 'Activity' }).getByText('Run finished').waitFor();
    // The channel is open (following opens it): its composer is read-only with AgentCmd's reason.
    await win.page.getByRole('note').filter({ hasText: 'AgentCmd sessions are driven from AgentCmd itself' }).waitFor();
    await win.ui.shot('agentcmd-follow.png');

    await win.ui.threads().getByRole('button', { name: 'Unfollow session:123' }).click();
    await waitFor('session:123 gone from the list', async () => (await win.ui.threadButton('session:123').count()) === 0);
    await waitFor('unsubscribed on the server', () => !agentcmd.subscriptionsOf('ada').flat().includes('session:123'));
    await signOut();
    expect(win.problems).toEqual([]);
  });
});
