// What the reference relay never sends, from a scripted protocol-v1 server
// over a real socket: an end-to-end encrypted message, a gap, a send the
// server refuses. Then the one-click demo workspace. Real preview, real Chromium.
import { expect, it } from 'vitest';
import { describeWhen } from '../support/system-gate';
import { focused } from './focus';
import { waitFor } from './helpers';
import { chromiumGate, usePreviewWindow } from './preview-fixture';
import { ACCEPT, startScriptedServer, type ScriptedServer } from './scripted-server';

describeWhen(chromiumGate, 'the workspace with a scripted server, and the demo', () => {
  let scripted: ScriptedServer;
  // The first case opens the page itself.
  const win = usePreviewWindow({
    name: 'compat-e2e',
    navigate: false,
    servers: async (closeLater) => {
      scripted = closeLater(await startScriptedServer(
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
      ));
    },
  });

  it('shows an encrypted message and a gap as markers; a refused send fails with the reason and Retry', async () => {
    await win.page.goto(win.preview.host.launchUrl);
    await win.ui.signIn(scripted.url, 'scripted-token');
    await win.ui.threadButton('Vault').click();
    const vault = win.ui.timeline('Vault');
    await vault.getByText('After the gap.').waitFor();
    await vault.getByText('Some messages could not be loaded').waitFor();
    await vault.getByText('Encrypted message').waitFor();
    expect(await vault.innerText()).not.toContain('q83vEjRWeJA=');

    await win.page.getByRole('textbox', { name: 'Message' }).fill('Into the vault');
    await win.page.keyboard.press('Enter');
    const mine = vault.getByRole('article').filter({ hasText: 'Into the vault' });
    await mine.getByText(/^Not sent: .*read-only today/).waitFor();
    await mine.getByRole('button', { name: 'Retry' }).click();
    await waitFor('the retried message delivered, shown once', async () => {
      const texts = await win.ui.bodies('Vault');
      return texts.filter((t) => t === 'Into the vault').length === 1 && (await mine.getByText('Delivered').count()) === 1;
    });
  });

  it('starts the demo workspace in one click', async () => {
    await win.page.getByRole('button', { name: 'Sign out' }).click();
    await win.page.getByRole('heading', { name: 'Sign in to a Beacon relay' }).waitFor();
    await waitFor('focus in the sign-in form', async () => ['serverUrl', 'token'].includes((await focused(win.page)).name ?? ''));
    await win.page.getByRole('button', { name: 'Try the demo workspace' }).click();
    await win.ui.statusIs(/^Connected as you$/);
    await win.ui.threadButton('General').waitFor();
    expect((await win.ui.labels()).map((l) => l.split(',')[0]).sort()).toEqual(['Deploys', 'Design review', 'General', 'Random']);
    await win.page.getByRole('button', { name: 'Sign out' }).click();
    await win.page.getByRole('heading', { name: 'Sign in to a Beacon relay' }).waitFor();
    expect(win.problems).toEqual([]);
  });
});
