// What the reference relay never sends, from a scripted protocol-v1 server
// over a real socket: an end-to-end encrypted message, a gap, a send the
// server refuses. Then the one-click demo workspace. Real preview, real Chromium.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Preview } from '../../src/web/preview';
import { closed, describeWhen, OPEN } from '../support/system-gate';
import { focused } from './focus';
import { CHROMIUM, ensureBuilt, FAST_ENGINE, waitFor } from './helpers';
import { ACCEPT, startScriptedServer, type ScriptedServer } from './scripted-server';
import { openPreviewWindow, workspacePage } from './workspace-page';

const chromiumGate = existsSync(CHROMIUM) ? OPEN : closed(`${CHROMIUM} is not installed (apt-get install chromium)`);

describeWhen(chromiumGate, 'the workspace with a scripted server, and the demo', () => {
  let scripted: ScriptedServer;
  let preview: Preview;
  let browser: Browser;
  let page: Page;
  let ui: ReturnType<typeof workspacePage>;
  let dataDir: string;
  const problems: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    scripted = await startScriptedServer(
      'you',
      [
        {
          id: 'vault',
          title: 'Vault',
          lastSeq: 6,
          replay: [
            { type: 'gap', from: 1, to: 4 },
            { type: 'message', id: 'v5', seq: 5, sender: 'mallory', ciphertext: 'q83vEjRWeJA=', iv: 'AAAAAAAAAAAAAAAA', ts: new Date().toISOString() },
            { type: 'message', id: 'v6', seq: 6, sender: 'mallory', body: 'After the gap.', ts: new Date().toISOString() },
          ],
        },
      ],
      // The first send is refused the way the relay refuses one (an error naming it); the retry goes through.
      (request, n) =>
        n === 1
          ? [{ type: 'error', data: { error: 'send rejected: the vault is read-only today', thread_id: request.thread_id, client_id: request.client_id } }]
          : ACCEPT(request, n),
    );
    dataDir = mkdtempSync(join(tmpdir(), 'beacon-compat-e2e-'));
    ({ preview, browser, page, ui } = await openPreviewWindow(dataDir, FAST_ENGINE, problems));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    await scripted?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows an encrypted message and a gap as markers; a refused send fails with the reason and Retry', async () => {
    await page.goto(preview.host.launchUrl);
    await ui.signIn(scripted.url, 'scripted-token');
    await ui.threadButton('Vault').click();
    const vault = ui.timeline('Vault');
    await vault.getByText('After the gap.').waitFor();
    await vault.getByText('Some messages could not be loaded').waitFor();
    await vault.getByText('Encrypted message').waitFor();
    expect(await vault.innerText()).not.toContain('q83vEjRWeJA=');

    await page.getByRole('textbox', { name: 'Message' }).fill('Into the vault');
    await page.keyboard.press('Enter');
    const mine = vault.getByRole('article').filter({ hasText: 'Into the vault' });
    await mine.getByText(/^Not sent: .*read-only today/).waitFor();
    await mine.getByRole('button', { name: 'Retry' }).click();
    await waitFor('the retried message delivered, shown once', async () => {
      const texts = await ui.bodies('Vault');
      return texts.filter((t) => t === 'Into the vault').length === 1 && (await mine.getByText('Delivered').count()) === 1;
    });
  });

  it('starts the demo workspace in one click', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to a Beacon relay' }).waitFor();
    await waitFor('focus in the sign-in form', async () => ['serverUrl', 'token'].includes((await focused(page)).name ?? ''));
    await page.getByRole('button', { name: 'Try the demo workspace' }).click();
    await ui.statusIs(/^Connected as you$/);
    await ui.threadButton('General').waitFor();
    expect((await ui.labels()).map((l) => l.split(',')[0]).sort()).toEqual(['Deploys', 'Design review', 'General', 'Random']);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to a Beacon relay' }).waitFor();
    expect(problems).toEqual([]);
  });
});
