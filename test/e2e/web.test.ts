// The web preview in real Chromium against a real relay: what a person does,
// through the same renderer and contract the Electron app uses.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../src/relay';
import { startPreview, type Preview } from '../../src/web/preview';
import { INVOKE_CHANNELS } from '../../src/shared/ipc/channels';
import { closed, describeWhen, OPEN } from '../support/system-gate';
import { focused } from './focus';
import { CHROMIUM, CHROMIUM_ARGS, ensureBuilt, FAST_ENGINE, REPO, TEST_KEYCHAIN, waitFor } from './helpers';
import { observe, sawPresence, snapshotStatus, type Observer } from './relay-observer';

const chromiumGate = existsSync(CHROMIUM) ? OPEN : closed(`${CHROMIUM} is not installed (apt-get install chromium)`);
// A memory-only relay draws a new secret at every start: the restarted one must accept the same token.
const RELAY = { demo: true, demoIntervalMs: 60_000, secret: randomBytes(24).toString('base64url') } as const;

describeWhen(chromiumGate, 'web preview in Chromium', () => {
  let relay: Relay;
  let relayPort = 0;
  let preview: Preview;
  let browser: Browser;
  let page: Page;
  let observer: Observer | null = null;
  let dataDir: string;
  const frames: string[] = [];
  const problems: string[] = [];
  const logs: string[] = [];

  /** The status bar's announced text (the live region), e.g. "Connected as you". */
  const status = () => page.getByRole('status', { name: 'Connection' });
  const statusIs = (text: RegExp) => status().filter({ hasText: text }).waitFor({ timeout: 15_000 });

  beforeAll(async () => {
    await ensureBuilt();
    relay = await startRelay({ port: 0, ...RELAY });
    relayPort = relay.port;
    dataDir = mkdtempSync(join(tmpdir(), 'beacon-web-e2e-'));
    preview = await startPreview({ dataDir, log: (l) => logs.push(l), keychain: TEST_KEYCHAIN, engineTiming: FAST_ENGINE });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 900, height: 640 } });
    page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => frames.push(String(payload))));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  }, 60_000);

  afterAll(async () => {
    observer?.close();
    await browser?.close();
    await preview?.close();
    await relay?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the renderer with the CSP header and installs a frozen window.beacon', async () => {
    const response = await page.goto(preview.host.launchUrl);
    expect(response?.url()).toBe(`${preview.host.origin}/`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:`);
    const facts = await page.evaluate(() => {
      const w = globalThis as unknown as { beacon: unknown; require?: unknown };
      const before = w.beacon;
      try {
        w.beacon = 'replaced';
      } catch {
        // strict-mode code would throw; either way it must not change
      }
      return {
        require: typeof w.require,
        frozen: Object.isFrozen(w.beacon),
        same: w.beacon === before,
        keys: Object.keys(w.beacon as object).sort(),
      };
    });
    expect(facts).toEqual({
      require: 'undefined',
      frozen: true,
      same: true,
      // Exactly the contract's namespaces (from its channel list, as in electron.test.ts), plus apiVersion and on.
      keys: ['apiVersion', 'on', ...new Set(INVOKE_CHANNELS.map((c) => c.split(':')[0]))].sort(),
    });
    await page.getByRole('heading', { name: 'Sign in to a Beacon relay' }).waitFor();
    expect(await status().textContent()).toBe('Not signed in');
  });

  it('signs in with a minted token and shows the connection', async () => {
    const token = await relay.mintToken('you');
    if (TEST_KEYCHAIN === 'memory') {
      expect(await page.getByRole('note').textContent()).toBe(
        'Beacon will keep your token in memory for this session only.' +
          'The system keychain is switched off for this run. Beacon keeps your token in memory only: you will need to sign in again after Beacon restarts.',
      );
    }
    await page.getByLabel('Server URL').fill(relay.url);
    await page.getByLabel('Access token').fill(token);
    expect(await page.getByLabel('Access token').getAttribute('type')).toBe('password');
    await page.getByLabel('How the server expects the token').selectOption('query');
    expect(await page.getByLabel('Query parameter name').inputValue()).toBe('token');
    mkdirSync(join(REPO, '.tmp'), { recursive: true });
    await page.screenshot({ path: join(REPO, '.tmp/e2e-web-sign-in.png') });
    await page.getByLabel('How the server expects the token').selectOption('header');
    // A wrong token first: the server's refusal is shown and nothing is stored.
    await page.getByLabel('Access token').fill(`${token}x`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/refused the token/);
    expect(preview.services.session.status().signedIn).toBe(false);
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await statusIs(/^Connected as you$/);
    // Focus goes to the thread list, not the page body.
    await waitFor('focus on the thread list heading', async () => (await focused(page)).text === 'Threads');
    const account = page.getByRole('region', { name: 'Account' });
    expect(await account.textContent()).toContain('you');
    expect(await account.textContent()).toContain(`${relay.url}/`.replace(/\/\/$/, '/'));
    const warning = account.getByRole('note');
    if (TEST_KEYCHAIN === 'memory') {
      // Switched off on purpose: said as such, not as an error with an "until then".
      await account.getByText('About the token storage').click();
      const text = (await warning.textContent()) ?? '';
      expect(text).toContain('Your token is kept in memory for this session only.');
      expect(text).toContain('The system keychain is switched off for this run.');
      expect(text).not.toMatch(/unexpected error|Until then|cannot be used/);
    } else {
      // Inside scripts/with-keychain.sh: a real, unlocked Secret Service.
      expect(await account.textContent()).not.toContain('token in memory only');
      expect(await warning.count()).toBe(0);
    }
    expect(frames.filter((f) => f.includes(token))).toEqual([]);
  });

  it('sets presence, and other users see it', async () => {
    observer = await observe(relay, 'alice');
    await page.getByRole('radio', { name: 'Busy' }).check();
    await waitFor('alice to see you busy', () => sawPresence(observer!, 'you', 'busy'));
    expect(await page.getByRole('radio', { name: 'Busy' }).isChecked()).toBe(true);
    expect(preview.services.presence.get()).toBe('busy');
    // The round trip is a tooltip on the status bar, never in its announced text.
    await waitFor('the round trip in the tooltip', async () => /^Round trip \d+ ms$/.test((await page.getByRole('banner').getAttribute('title')) ?? ''));
    expect(await status().textContent()).toBe('Connected as you');
    await page.screenshot({ path: join(REPO, '.tmp/e2e-web-signed-in.png') });
  });

  it('shows reconnecting when the relay goes away and connected when it is back', async () => {
    observer?.close();
    observer = null;
    await relay.close();
    await statusIs(/^Reconnecting: /);
    // The countdown and attempt tick outside the live region.
    await page.getByText(/^retrying (in \d+ s|now) · attempt \d+$/).waitFor();
    expect(await status().textContent()).not.toMatch(/attempt|retrying/);
    await page.getByRole('button', { name: 'Reconnect now' }).waitFor();
    await page.screenshot({ path: join(REPO, '.tmp/e2e-web-reconnecting.png') });
    relay = await startRelay({ port: relayPort, ...RELAY });
    await statusIs(/^Connected as you$/);
    // The chosen presence is re-sent after the reconnect: a newcomer's snapshot shows it.
    await waitFor('a snapshot with you busy after the reconnect', async () => {
      const newcomer = await observe(relay, 'bob');
      try {
        return await waitFor('bob to get a presence snapshot', () => snapshotStatus(newcomer, 'you'), 2_000).then((s) => s === 'busy');
      } finally {
        newcomer.close();
      }
    });
  });

  it('offers sign-in in place, server filled in, when the token expires', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Access token').fill(await relay.mintToken('you', { expiresInSec: 2 }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await statusIs(/^Connected as you$/);
    // The relay closes the connection with 4401 when the token's exp passes.
    await statusIs(/^Sign-in needed: /);
    const form = page.getByRole('form', { name: 'Sign in again' });
    expect(await form.getByLabel('Server URL').inputValue()).toBe(`${relay.url}/`.replace(/\/\/$/, '/'));
    await waitFor('focus on the token field', async () => (await focused(page)).name === 'token');
    await page.getByRole('navigation', { name: 'Threads' }).waitFor();
    await form.getByLabel('Access token').fill(await relay.mintToken('you'));
    await form.getByRole('button', { name: 'Sign in' }).click();
    await statusIs(/^Connected as you$/);
    await form.waitFor({ state: 'detached' });
  });

  it('signs out back to the form, with no console errors or CSP violations on the way', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to a Beacon relay' }).waitFor();
    await statusIs(/^Not signed in$/);
    // The last server is offered again, and focus waits in the form for the token.
    expect(await page.getByLabel('Server URL').inputValue()).toBe(`${relay.url}/`.replace(/\/\/$/, '/'));
    await waitFor('focus on the token field', async () => (await focused(page)).name === 'token');
    expect(problems).toEqual([]);
  });
});
