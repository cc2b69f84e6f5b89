// The settings screen says what the quiet hours mean, in real Chromium against
// the web preview: equal Start and End are no quiet time at all (as the policy,
// src/main/notify/quiet-hours.ts, treats them), a window past midnight ends the
// next morning; and the policy then silences nothing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inQuietHours } from '../../src/main/notify';
import type { Preview } from '../../src/web/preview';
import { closed, describeWhen, OPEN } from '../support/system-gate';
import { CHROMIUM, ensureBuilt, FAST_ENGINE, waitFor } from './helpers';
import { openPreviewWindow } from './workspace-page';

const chromiumGate = existsSync(CHROMIUM) ? OPEN : closed(`${CHROMIUM} is not installed (apt-get install chromium)`);

describeWhen(chromiumGate, 'the quiet-hours hint in the settings screen', () => {
  let preview: Preview;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  const problems: string[] = [];

  const dialog = () => page.getByRole('dialog', { name: 'Settings' });
  const quietHours = () => dialog().getByRole('group', { name: 'Quiet hours' });
  const hint = () => quietHours().getByRole('status');
  const saved = () => preview.services.settings.view().notifications.quietHours;

  async function setTime(name: 'Start' | 'End', value: string): Promise<void> {
    const field = quietHours().getByRole('textbox', { name });
    await field.fill(value);
    await field.press('Enter');
    await waitFor(`${name} saved`, () => saved()[name === 'Start' ? 'start' : 'end'] === value);
  }

  beforeAll(async () => {
    await ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'beacon-quiet-e2e-'));
    ({ preview, browser, page } = await openPreviewWindow(dataDir, FAST_ENGINE, problems));
    await page.goto(preview.host.launchUrl);
    await page.getByRole('heading', { name: 'Sign in to a Beacon relay' }).waitFor();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await quietHours().waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('says when it is quiet once quiet hours are on, the next morning for a window past midnight', async () => {
    expect(await hint().count()).toBe(0);
    await quietHours().getByRole('checkbox', { name: 'No notifications during quiet hours' }).check();
    await waitFor('quiet hours on', () => saved().enabled);
    await setTime('Start', '22:00');
    await setTime('End', '08:00');
    await hint().filter({ hasText: 'Quiet from 22:00 until 08:00 the next morning.' }).waitFor();
  });

  it('equal Start and End: says quiet hours are off, which is what the policy does', async () => {
    await setTime('End', '22:00');
    await hint().filter({ hasText: 'Start and end are the same: quiet hours are off (nothing is silenced).' }).waitFor();
    const q = saved();
    expect(Array.from({ length: 1440 }, (_, m) => m).some((m) => inQuietHours(q, m))).toBe(false);
    expect(problems).toEqual([]);
  });
});
