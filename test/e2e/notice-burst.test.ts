// A burst of server notices in the web preview, in real Chromium, against the
// code-cloud-agents fake (test/profiles/fakes): the one live toast of the
// server's notices ends at the burst's last error at once, and a mixed burst
// ends at its last notice within the rate (docs/notifications.md).
import { beforeAll, expect, it } from 'vitest';
import { RATE_MS } from '../../src/main/notify';
import { startCodeCloudAgentsFake, userIdForToken, CCA_WELCOME, type CodeCloudAgentsFake } from '../profiles/fakes/code-cloud-agents';
import { describeWhen } from '../support/system-gate';
import { sleep } from '../support/wait';
import { chromiumGate, SETUP_TIMEOUT_MS, usePreviewWindow } from './preview-fixture';

const TOKEN = 'cca-burst-token-0123456789';
/** Longer than a decision takes to reach the window (frames, batch, policy, IPC), with room for a busy machine. */
const SETTLE_MS = 1_500;

describeWhen(chromiumGate, 'a burst of server notices in the web preview (code-cloud-agents fake)', () => {
  let fake: CodeCloudAgentsFake;
  const win = usePreviewWindow({
    name: 'burst-e2e',
    servers: async (closeLater) => {
      fake = closeLater(await startCodeCloudAgentsFake({ agentStatusIntervalMs: 600_000 }));
    },
  });

  const toasts = () => win.page.getByRole('log', { name: 'Notifications' });
  /** The server's notices have no title here: their toast is named "Beacon". */
  const serverToast = () => toasts().getByRole('group', { name: 'Beacon' });

  beforeAll(async () => {
    await win.ui.signIn(fake.url, TOKEN, userIdForToken(TOKEN), 'Code Cloud Agents');
    await serverToast().getByText(CCA_WELCOME).waitFor({ timeout: 10_000 });
  }, SETUP_TIMEOUT_MS);

  it('ten errors in a row: the toast shows the last one at once, and keeps showing it', async () => {
    const start = Date.now();
    for (let i = 0; i < 10; i++) fake.notify('error', `burst error ${i}`);
    await serverToast().getByText('burst error 9', { exact: true }).waitFor({ timeout: SETTLE_MS * 2 });
    // At once: well within the per-key rate the info notices wait for.
    expect(Date.now() - start).toBeLessThan(RATE_MS);
    await serverToast().getByText('Error', { exact: true }).waitFor();
    await sleep(SETTLE_MS);
    expect(await serverToast().count()).toBe(1);
    expect(await serverToast().getByRole('button').first().innerText()).toContain('burst error 9');
    expect(await win.page.getByRole('button', { name: /^Notifications/ }).innerText()).toContain('11');
  });

  it('a mixed burst: its last error at once, then its last notice (info) within the rate', async () => {
    await serverToast().getByRole('button', { name: 'Dismiss' }).click();
    // Past the rate of the last decision, so the info's wait is measured from the burst's error.
    await sleep(RATE_MS);
    for (let i = 0; i < 30; i++) fake.notify(i % 2 ? 'info' : 'error', `burst notice ${i}`);
    await serverToast().getByText('burst notice 28', { exact: true }).waitFor({ timeout: SETTLE_MS * 2 });
    await serverToast().getByText('burst notice 29', { exact: true }).waitFor({ timeout: RATE_MS + SETTLE_MS * 2 });
    expect(await serverToast().count()).toBe(1);
    expect(win.problems).toEqual([]);
  });
});
