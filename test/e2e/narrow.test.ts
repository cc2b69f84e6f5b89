// A narrow window (600×700) in the web preview, in real Chromium, against the
// code-cloud-agents fake (its Activity panel is the main content of a
// read-only server): the right column does not fit beside the thread, so the
// sidebar's "People and activity" toggle shows it as an overlay, by keyboard
// too; Esc and Close put it away and focus returns to the toggle. A wide
// window shows the column without the toggle, and an agent's name whole on one line.
import { beforeAll, expect, it } from 'vitest';
import { startCodeCloudAgentsFake, userIdForToken, type CodeCloudAgentsFake } from '../profiles/fakes/code-cloud-agents';
import { describeWhen } from '../support/system-gate';
import { chromiumGate, SETUP_TIMEOUT_MS, usePreviewWindow } from './preview-fixture';

const TOKEN = 'cca-narrow-token-0123456789';
const WIDTH = 600;

describeWhen(chromiumGate, 'a narrow window reaches People and Activity (code-cloud-agents fake)', () => {
  let fake: CodeCloudAgentsFake;
  const win = usePreviewWindow({
    name: 'narrow-e2e',
    viewport: { width: WIDTH, height: 700 },
    servers: async (closeLater) => {
      fake = closeLater(await startCodeCloudAgentsFake({ agentStatusIntervalMs: 600_000 }));
    },
  });

  const toggle = () => win.page.getByRole('button', { name: 'People and activity', exact: true });
  const activity = () => win.page.getByRole('complementary', { name: 'Activity' });
  const people = () => win.page.getByRole('complementary', { name: 'People' });
  const lines = () => activity().getByRole('list', { name: 'Activity' }).getByRole('listitem');
  /** The element the toggle's aria-controls names. */
  const controlled = async (): Promise<string> => (await toggle().getAttribute('aria-controls')) ?? '';
  const inColumn = async (what: 'focus' | 'Activity' | 'People'): Promise<boolean> => {
    const id = await controlled();
    if (what === 'focus') return toggle().evaluate((el, columnId) => el.ownerDocument.getElementById(columnId)?.contains(el.ownerDocument.activeElement) ?? false, id);
    return win.page.getByRole('complementary', { name: what, includeHidden: true }).evaluate((el, columnId) => el.ownerDocument.getElementById(columnId)?.contains(el) ?? false, id);
  };

  beforeAll(async () => {
    await win.ui.signIn(fake.url, TOKEN, userIdForToken(TOKEN), 'Code Cloud Agents');
    fake.setAgentStatus({ state: 'working', currentTask: 'Deploy', progress: 45 });
  }, SETUP_TIMEOUT_MS);

  it('hides the column behind a collapsed toggle that names what it controls', async () => {
    await toggle().waitFor();
    expect(await toggle().getAttribute('aria-expanded')).toBe('false');
    expect(await activity().isVisible()).toBe(false);
    expect(await people().isVisible()).toBe(false);
    // aria-controls names the column that holds both landmarks.
    expect(await inColumn('Activity')).toBe(true);
    expect(await inColumn('People')).toBe(true);
  });

  it('opens by keyboard: Activity (with the agent line) and People are there, within the window, focus inside', async () => {
    await toggle().focus();
    await win.page.keyboard.press('Enter');
    expect(await toggle().getAttribute('aria-expanded')).toBe('true');
    await activity().waitFor();
    await people().waitFor();
    await lines().filter({ hasText: 'CLOUD_ASSISTANT' }).getByText('Deploy (45%)').waitFor({ timeout: 10_000 });
    for (const landmark of [activity(), people()]) {
      const box = await landmark.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= WIDTH).toBe(true);
    }
    expect(await inColumn('focus')).toBe(true);
  });

  it('Esc closes it and focus returns to the toggle', async () => {
    await win.page.keyboard.press('Escape');
    await activity().waitFor({ state: 'hidden' });
    expect(await people().isVisible()).toBe(false);
    expect(await toggle().getAttribute('aria-expanded')).toBe('false');
    expect(await toggle().evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  });

  it('Space opens it again; its Close button and the toggle close it', async () => {
    await win.page.keyboard.press('Space');
    await people().waitFor();
    await win.page.getByRole('button', { name: 'Close people and activity' }).click();
    await people().waitFor({ state: 'hidden' });
    expect(await toggle().evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await toggle().click();
    await activity().waitFor();
    await toggle().click();
    await activity().waitFor({ state: 'hidden' });
  });

  it('a wide window shows the column beside the thread, without the toggle', async () => {
    await win.page.setViewportSize({ width: 1100, height: 700 });
    await activity().waitFor();
    await people().waitFor();
    expect(await toggle().isVisible()).toBe(false);
  });

  it('at 1100 px an agent title is one line, never split mid-word; a longer one ends in an ellipsis, whole in its tooltip and name', async () => {
    const title = (name: string) => lines().filter({ hasText: name }).getByText(name, { exact: true });
    /** Lines the text is laid out on, and whether it is cut short. */
    const layout = (name: string) => title(name).evaluate((el) => ({ lines: el.getClientRects().length, height: el.getBoundingClientRect().height, lineHeight: parseFloat(el.ownerDocument.defaultView?.getComputedStyle(el).lineHeight ?? 'NaN'), cut: el.scrollWidth > el.clientWidth }));
    const short = await layout('CLOUD_ASSISTANT');
    expect(short.lines).toBe(1);
    expect(short.height).toBeLessThan(short.lineHeight * 1.5);
    expect(short.cut).toBe(false);

    const long = 'NIGHTLY_BUILD_ORCHESTRATOR_FOR_EVERY_REPOSITORY';
    fake.setAgentStatus({ agentName: long, state: 'idle' });
    await title(long).waitFor({ timeout: 10_000 });
    const cut = await layout(long);
    expect(cut.lines).toBe(1);
    expect(cut.height).toBeLessThan(cut.lineHeight * 1.5);
    expect(cut.cut).toBe(true);
    expect(await title(long).getAttribute('title')).toBe(long);
    // Screen readers get the whole text: the ellipsis is only drawn.
    expect(await lines().filter({ hasText: long }).first().textContent()).toContain(long);
    expect(win.problems).toEqual([]);
  });
});
