// The settings screen says what the quiet hours mean, in real Chromium against
// the web preview: equal Start and End are no quiet time at all (as the policy,
// src/main/notify/quiet-hours.ts, treats them), a window past midnight ends the
// next morning; and the policy then silences nothing.
import { beforeAll, expect, it } from 'vitest';
import { inQuietHours } from '../../src/main/notify';
import { describeWhen } from '../support/system-gate';
import { waitFor } from './helpers';
import { chromiumGate, SETUP_TIMEOUT_MS, usePreviewWindow } from './preview-fixture';

describeWhen(chromiumGate, 'the quiet-hours hint in the settings screen', () => {
  const win = usePreviewWindow({ name: 'quiet-e2e' });

  const dialog = () => win.page.getByRole('dialog', { name: 'Settings' });
  const quietHours = () => dialog().getByRole('group', { name: 'Quiet hours' });
  const hint = () => quietHours().getByRole('status');
  const saved = () => win.preview.services.settings.view().notifications.quietHours;

  async function setTime(name: 'Start' | 'End', value: string): Promise<void> {
    const field = quietHours().getByRole('textbox', { name });
    await field.fill(value);
    await field.press('Enter');
    await waitFor(`${name} saved`, () => saved()[name === 'Start' ? 'start' : 'end'] === value);
  }

  beforeAll(async () => {
    await win.page.getByRole('heading', { name: 'Sign in to a Beacon relay' }).waitFor();
    await win.page.getByRole('button', { name: 'Settings', exact: true }).click();
    await quietHours().waitFor();
  }, SETUP_TIMEOUT_MS);

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
    expect(win.problems).toEqual([]);
  });
});
