// The page↔host bridge of the web preview, in real Chromium against the real
// relay: a message too long for servers is refused in the composer before
// anything is sent (even one past the bridge's frame limit, which once cut the
// window off), a call too large for the bridge is refused by the bridge with
// a clear error, the window keeps working after either, and a lost host shows
// in the status bar instead of "Connected".
import { beforeAll, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../src/relay';
import { describeWhen } from '../support/system-gate';
import { waitFor } from './helpers';
import { chromiumGate, SETUP_TIMEOUT_MS, usePreviewWindow } from './preview-fixture';
import { relayLastSeq } from './workspace-page';

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
  const win = usePreviewWindow({
    name: 'bridge-e2e',
    servers: async (closeLater) => {
      relay = closeLater(await startRelay({ port: 0, workspace: WORKSPACE }));
    },
  });
  const composer = () => win.page.getByRole('textbox', { name: 'Message' });
  const alerts = () => win.page.getByRole('alert').allInnerTexts();

  beforeAll(async () => {
    await win.ui.signIn(relay.url, await relay.mintToken('you'));
    await win.ui.threadButton('General').click();
    await win.ui.timeline('General').waitFor();
  }, SETUP_TIMEOUT_MS);

  /** The window still reaches main and the relay: a short message goes out and is delivered. */
  async function stillSends(body: string): Promise<void> {
    await composer().fill(body);
    await composer().press('Enter');
    await win.ui.timeline('General').getByRole('article').filter({ hasText: body }).getByText('Delivered').waitFor({ timeout: 10_000 });
  }

  it('refuses a 1.1 MB message in the composer, keeps it there, and the window goes on working', async () => {
    await composer().fill('y'.repeat(1_100_000));
    await composer().press('Enter');
    await win.page.getByRole('alert').filter({ hasText: 'longer than' }).waitFor();
    expect(await alerts()).toEqual([TOO_LONG]);
    expect(await composer().getAttribute('aria-invalid')).toBe('true');
    expect((await composer().inputValue()).length).toBe(1_100_000);
    expect(await win.ui.status().textContent()).toBe('Connected as you');
    await stillSends('after the long one');
    expect(await alerts()).toEqual([]);
    expect(await relayLastSeq(relay, 'general')).toBe(1);
  });

  it('refuses a 300 KB message the same way', async () => {
    await composer().fill('z'.repeat(300_000));
    await win.page.getByRole('button', { name: 'Send' }).click();
    await win.page.getByRole('alert').filter({ hasText: 'longer than' }).waitFor();
    expect(await alerts()).toEqual([TOO_LONG]);
    await stillSends('after the 300 KB one');
  });

  it('the bridge refuses a call too large for the host with a clear error, and the next call works', async () => {
    const error = await win.page.evaluate(async () => {
      const beacon = (globalThis as unknown as { beacon: { message: { send(a: unknown): Promise<unknown> } } }).beacon;
      return beacon.message.send({ threadId: 'general', body: 'y'.repeat(1_100_000) }).then(
        () => 'sent',
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
    });
    expect(error).toMatch(/^message:send failed: this is too large to send \(\d+ KB; the most Beacon's web preview carries is 1024 KB\)$/);
    expect(await win.ui.status().textContent()).toBe('Connected as you');
    await stillSends('after the bridge said no');
    expect(win.problems).toEqual([]);
  });

  it('a lost host shows in the status bar, not "Connected", and calls say to reload', async () => {
    await win.preview.close();
    await win.ui.statusIs(/^Lost contact with Beacon — reload the page$/);
    await win.page.getByRole('banner').getByRole('button', { name: 'Reload' }).waitFor();
    await composer().fill('into the void');
    await composer().press('Enter');
    await waitFor('the composer to say so', async () => (await alerts()).includes('Lost contact with Beacon — reload the page.'));
    expect(await composer().inputValue()).toBe('into the void');
  });
});
