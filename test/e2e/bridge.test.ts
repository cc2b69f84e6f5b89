// The page↔host bridge of the web preview, in real Chromium against the real
// relay: a message too long for servers is refused in the composer before
// anything is sent (even one past the bridge's frame limit, which once cut the
// window off), a call too large for the bridge is refused by the bridge with
// a clear error, the window keeps working after either, and a lost host shows
// in the status bar instead of "Connected".
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../src/relay';
import type { Preview } from '../../src/web/preview';
import { closed, describeWhen, OPEN } from '../support/system-gate';
import { CHROMIUM, ensureBuilt, FAST_ENGINE, waitFor } from './helpers';
import { openPreviewWindow, relayLastSeq, workspacePage } from './workspace-page';

const chromiumGate = existsSync(CHROMIUM) ? OPEN : closed(`${CHROMIUM} is not installed (apt-get install chromium)`);
const WORKSPACE = {
  users: [
    { id: 'you', name: 'You' },
    { id: 'ann', name: 'Ann' },
  ],
  threads: [{ id: 'general', title: 'General', members: ['you', 'ann'] }],
};
const TOO_LONG = 'The message is longer than 65\u202f536 characters. Shorten it, or send it in parts.';

describeWhen(chromiumGate, 'the web bridge under oversized calls and a lost host', () => {
  let relay: Relay;
  let preview: Preview;
  let browser: Browser;
  let page: Page;
  let ui: ReturnType<typeof workspacePage>;
  let dataDir: string;
  const problems: string[] = [];
  const composer = () => page.getByRole('textbox', { name: 'Message' });
  const alerts = () => page.getByRole('alert').allInnerTexts();

  beforeAll(async () => {
    await ensureBuilt();
    relay = await startRelay({ port: 0, workspace: WORKSPACE });
    dataDir = mkdtempSync(join(tmpdir(), 'beacon-bridge-e2e-'));
    ({ preview, browser, page, ui } = await openPreviewWindow(dataDir, FAST_ENGINE, problems));
    await page.goto(preview.host.launchUrl);
    await ui.signIn(relay.url, await relay.mintToken('you'));
    await ui.threadButton('General').click();
    await ui.timeline('General').waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    await relay?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The window still reaches main and the relay: a short message goes out and is delivered. */
  async function stillSends(body: string): Promise<void> {
    await composer().fill(body);
    await composer().press('Enter');
    await ui.timeline('General').getByRole('article').filter({ hasText: body }).getByText('Delivered').waitFor({ timeout: 10_000 });
  }

  it('refuses a 1.1 MB message in the composer, keeps it there, and the window goes on working', async () => {
    await composer().fill('y'.repeat(1_100_000));
    await composer().press('Enter');
    await page.getByRole('alert').filter({ hasText: 'longer than' }).waitFor();
    expect(await alerts()).toEqual([TOO_LONG]);
    expect(await composer().getAttribute('aria-invalid')).toBe('true');
    expect((await composer().inputValue()).length).toBe(1_100_000);
    expect(await ui.status().textContent()).toBe('Connected as you');
    await stillSends('after the long one');
    expect(await alerts()).toEqual([]);
    expect(await relayLastSeq(relay, 'general')).toBe(1);
  });

  it('refuses a 300 KB message the same way', async () => {
    await composer().fill('z'.repeat(300_000));
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('alert').filter({ hasText: 'longer than' }).waitFor();
    expect(await alerts()).toEqual([TOO_LONG]);
    await stillSends('after the 300 KB one');
  });

  it('the bridge refuses a call too large for the host with a clear error, and the next call works', async () => {
    const error = await page.evaluate(async () => {
      const beacon = (globalThis as unknown as { beacon: { message: { send(a: unknown): Promise<unknown> } } }).beacon;
      return beacon.message.send({ threadId: 'general', body: 'y'.repeat(1_100_000) }).then(
        () => 'sent',
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
    });
    expect(error).toMatch(/^message:send failed: this is too large to send \(\d+ KB; the most Beacon's web preview carries is 1024 KB\)$/);
    expect(await ui.status().textContent()).toBe('Connected as you');
    await stillSends('after the bridge said no');
    expect(problems).toEqual([]);
  });

  it('a lost host shows in the status bar, not "Connected", and calls say to reload', async () => {
    await preview.close();
    await ui.statusIs(/^Lost contact with Beacon — reload the page$/);
    await page.getByRole('banner').getByRole('button', { name: 'Reload' }).waitFor();
    await composer().fill('into the void');
    await composer().press('Enter');
    await waitFor('the composer to say so', async () => (await alerts()).includes('Lost contact with Beacon — reload the page.'));
    expect(await composer().inputValue()).toBe('into the void');
  });
});
