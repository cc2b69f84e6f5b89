// The Activity list and activity notifications in the web preview, in real
// Chromium, against the code-cloud-agents fake server (test/profiles/fakes):
// the agent's line shows and updates in place; a change to `stopped` raises one
// toast and a repeat none; the server's welcome toasts at most once across a
// forced reconnect; editing a rule in the settings screen changes what notifies.
import { beforeAll, expect, it } from 'vitest';
import { startCodeCloudAgentsFake, userIdForToken, CCA_WELCOME, type CodeCloudAgentsFake } from '../profiles/fakes/code-cloud-agents';
import { describeWhen } from '../support/system-gate';
import { sleep } from '../support/wait';
import { waitFor } from './helpers';
import { chromiumGate, SETUP_TIMEOUT_MS, usePreviewWindow } from './preview-fixture';
import { recordToastEvents, toastEvents } from './workspace-page';

const TOKEN = 'cca-e2e-token-0123456789';
const AGENT_KEY = 'activity:agent_status:CLOUD_ASSISTANT';
/** Longer than a decision takes to reach the window (batch, policy timer, IPC), with room for a busy machine. */
const SETTLE_MS = 1_500;

describeWhen(chromiumGate, 'activity in the web preview (code-cloud-agents fake)', () => {
  let fake: CodeCloudAgentsFake;
  const win = usePreviewWindow({
    name: 'activity-e2e',
    recordDecisions: true,
    servers: async (closeLater) => {
      fake = closeLater(await startCodeCloudAgentsFake({ agentStatusIntervalMs: 600_000 }));
    },
  });

  const activity = () => win.page.getByRole('complementary', { name: 'Activity' });
  const lines = () => activity().getByRole('list', { name: 'Activity' }).getByRole('listitem');
  const toasts = () => win.page.getByRole('log', { name: 'Notifications' });
  const pageEvents = () => toastEvents(win.page);
  const raised = async (key: string) => (await pageEvents()).filter((e) => (e.kind === 'show' || e.kind === 'replace') && e.key === key);
  const welcomes = async () => (await pageEvents()).filter((e) => (e.kind === 'show' || e.kind === 'replace') && e.body === CCA_WELCOME);
  const dialog = () => win.page.getByRole('dialog', { name: 'Settings' });

  beforeAll(async () => {
    await win.page.getByRole('button', { name: 'Sign in' }).waitFor();
    await recordToastEvents(win.page);
    await signIn();
  }, SETUP_TIMEOUT_MS);

  /** Through the sign-in form, choosing the server type. */
  const signIn = () => win.ui.signIn(fake.url, TOKEN, userIdForToken(TOKEN), 'Code Cloud Agents');

  it('shows the welcome as one toast', async () => {
    await toasts().getByText(CCA_WELCOME).waitFor({ timeout: 10_000 });
    expect(await welcomes()).toHaveLength(1);
  });

  it("lists the agent's status and updates its line in place", async () => {
    fake.setAgentStatus({ state: 'working', currentTask: 'Deploy', progress: 45 });
    await lines().filter({ hasText: 'CLOUD_ASSISTANT' }).filter({ hasText: 'working' }).getByText('Deploy (45%)').waitFor({ timeout: 10_000 });
    fake.setAgentStatus({ state: 'working', currentTask: 'Deploy', progress: 80 });
    await lines().filter({ hasText: 'Deploy (80%)' }).waitFor();
    expect(await lines().count()).toBe(1);
    // The level is said in words, not only by colour.
    await lines().first().getByText('Info', { exact: true }).waitFor();
    await sleep(SETTLE_MS);
    expect(await raised(AGENT_KEY)).toEqual([]);
  });

  it('a change to stopped raises one toast; the same status again raises none', async () => {
    fake.setAgentStatus({ state: 'stopped', currentTask: 'Deploy', progress: 80 });
    await toasts().getByRole('group', { name: 'CLOUD_ASSISTANT: stopped' }).getByText('Deploy (80%)').waitFor({ timeout: 10_000 });
    await lines().filter({ hasText: 'stopped' }).getByText('Warning', { exact: true }).waitFor();
    fake.setAgentStatus({ state: 'stopped', currentTask: 'Deploy', progress: 80 });
    fake.setAgentStatus({ state: 'stopped', currentTask: 'Deploy', progress: 80 });
    await sleep(SETTLE_MS);
    expect((await raised(AGENT_KEY)).map((e) => `${e.kind} ${e.title}`)).toEqual(['show CLOUD_ASSISTANT: stopped']);
    expect(await lines().count()).toBe(1);
  });

  it('a forced reconnect shows the welcome no second time', async () => {
    const upgrades = fake.upgrades;
    fake.dropAll();
    await waitFor('a reconnect', () => fake.upgrades > upgrades && fake.signedInUsers.length === 1, 15_000);
    await win.ui.statusIs(/^Connected as /);
    await sleep(SETTLE_MS);
    expect(await welcomes()).toHaveLength(1);
    // The status the server repeats after the reconnect is not news either.
    fake.setAgentStatus({ state: 'stopped' });
    await sleep(SETTLE_MS);
    expect(await raised(AGENT_KEY)).toHaveLength(1);
    expect(await lines().count()).toBe(1);
  });

  it('editing a rule in the settings screen changes what notifies', async () => {
    await win.page.getByRole('region', { name: 'Account' }).getByRole('button', { name: 'Settings', exact: true }).click();
    const rules = dialog().getByRole('group', { name: /^Notification rules/ });
    const rule = rules.getByRole('group', { name: 'Rule 1' });
    expect(await rule.getByRole('textbox', { name: 'Event type' }).inputValue()).toBe('agent_status');
    expect(await rule.getByRole('textbox', { name: 'Value' }).inputValue()).toBe('stopped');
    // A bad value is refused beside its field, and nothing is saved.
    const field = rule.getByRole('combobox', { name: 'Field' });
    await field.selectOption({ label: 'None' });
    await waitFor('the field to be marked invalid', async () => (await field.getAttribute('aria-invalid')) === 'true');
    const errorId = await field.getAttribute('aria-describedby');
    expect(await rule.getByRole('alert').getAttribute('id')).toBe(errorId);
    expect(await rule.getByRole('alert').innerText()).toMatch(/becomes and equals need a field/);
    const value = rule.getByRole('textbox', { name: 'Value' });
    expect(win.preview.services.settings.view().notificationRules.edited).toBe(false);
    // Notify when the agent starts working instead.
    await rule.getByRole('combobox', { name: 'Field' }).selectOption({ label: 'state' });
    await value.fill('working');
    await value.press('Enter');
    await waitFor('the rule saved', () => win.preview.services.settings.view().notificationRules.edited);
    expect(win.preview.services.settings.view().notificationRules.rules).toEqual([{ type: 'agent_status', field: 'state', becomes: 'working' }]);
    await dialog().getByRole('button', { name: 'Close' }).click();

    fake.setAgentStatus({ state: 'working', currentTask: 'Rebuild' });
    await toasts().getByRole('group', { name: 'CLOUD_ASSISTANT: working' }).waitFor({ timeout: 10_000 });
    fake.setAgentStatus({ state: 'stopped', currentTask: 'Rebuild' });
    await lines().filter({ hasText: 'stopped' }).filter({ hasText: 'Rebuild' }).waitFor();
    await sleep(SETTLE_MS);
    expect((await raised(AGENT_KEY)).map((e) => e.title)).toEqual(['CLOUD_ASSISTANT: stopped', 'CLOUD_ASSISTANT: working']);
    expect(win.decided.some((d) => d.kind === 'skip' && d.key === AGENT_KEY && d.reason === 'no-rule')).toBe(true);

    // Reset to defaults: stopped notifies again.
    await win.page.getByRole('region', { name: 'Account' }).getByRole('button', { name: 'Settings', exact: true }).click();
    await dialog().getByRole('button', { name: 'Reset to defaults' }).click();
    await waitFor('the defaults back', () => !win.preview.services.settings.view().notificationRules.edited);
    await dialog().getByRole('button', { name: 'Close' }).click();
    fake.setAgentStatus({ state: 'idle' });
    await lines().filter({ hasText: 'idle' }).waitFor();
    fake.setAgentStatus({ state: 'stopped' });
    await waitFor('a third toast', async () => (await raised(AGENT_KEY)).length === 3, 10_000);
  });

  it('after a sign-out and a new sign-in the welcome toasts once more, and only once', async () => {
    await win.page.getByRole('region', { name: 'Account' }).getByRole('button', { name: 'Sign out' }).click();
    await win.page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(win.preview.services.workspace.snapshot().activity).toEqual([]);
    await signIn();
    await waitFor('the second welcome', async () => (await welcomes()).length === 2, 10_000);
    const upgrades = fake.upgrades;
    fake.dropAll();
    await waitFor('a reconnect', () => fake.upgrades > upgrades && fake.signedInUsers.length === 1, 15_000);
    await sleep(SETTLE_MS);
    expect(await welcomes()).toHaveLength(2);
    expect(win.problems).toEqual([]);
  });
});
