// The built Electron app (out/main/index.js) driven by Playwright: the window's
// lockdown, the bridge, the CSP header, and a real sign-in. The gates (binary,
// display, BEACON_REQUIRE_ELECTRON=1) and the launch are electron/launch.ts's;
// the notification, focus and tray suites are beside it in electron/.
import type { ElectronApplication, Page } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '../support/system-gate';
import { sleep } from '../support/wait';
import { startRelay, type Relay } from '../../src/relay';
import { INVOKE_CHANNELS } from '../../src/shared/ipc/channels';
import { waitFor } from './helpers';
import { electronGate, launchBeacon, REQUIRED, type Beacon } from './electron/launch';
import { postMessages, workspacePage } from './workspace-page';

describeWhen(electronGate, 'Electron app', () => {
  let beacon: Beacon;
  let app: ElectronApplication;
  let page: Page;
  let relay: Relay;

  beforeAll(async () => {
    relay = await startRelay({ port: 0, demo: true, demoIntervalMs: 60_000 });
    beacon = await launchBeacon();
    ({ app, page } = beacon);
  }, 240_000);

  afterAll(async () => {
    await beacon?.close();
    await relay?.close();
  });

  it('locks the window down: isolation, sandbox, no Node in the page', async () => {
    // getLastWebPreferences exists at run time (Electron's own IPC checks use it) but is not in the public typings.
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as {
        getLastWebPreferences?: () => Record<string, unknown> | null;
      };
      const p = contents.getLastWebPreferences?.() ?? null;
      return p && { contextIsolation: p['contextIsolation'], sandbox: p['sandbox'], nodeIntegration: p['nodeIntegration'], webSecurity: p['webSecurity'] };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(page.url()).toBe('app://beacon/index.html');
    const facts = await page.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      return { require: typeof w['require'], process: typeof w['process'], module: typeof w['module'] };
    });
    expect(facts).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined' });
  });

  it('exposes a frozen window.beacon with the contract and nothing else', async () => {
    const api = await page.evaluate(() => {
      const b = (globalThis as unknown as { beacon: Record<string, unknown> }).beacon;
      return {
        frozen: Object.isFrozen(b),
        keys: Object.keys(b).sort(),
        session: Object.keys(b['session'] as object).sort(),
        globals: Object.keys(globalThis).filter((k) => /electron|ipc/i.test(k)),
      };
    });
    // Exactly the contract's namespaces (from its channel list, so a new channel needs no edit here), plus apiVersion and on.
    const namespaces = new Set(INVOKE_CHANNELS.map((c) => c.split(':')[0]));
    expect(api).toEqual({
      frozen: true,
      keys: ['apiVersion', 'on', ...namespaces].sort(),
      session: INVOKE_CHANNELS.filter((c) => c.startsWith('session:')).map((c) => c.slice('session:'.length)).sort(),
      globals: [],
    });
    const bad = await page.evaluate(() =>
      (globalThis as unknown as { beacon: { presence: { set(s: string): Promise<unknown> } } }).beacon.presence
        .set('asleep')
        .then(() => 'accepted', (e: Error) => e.message),
    );
    expect(bad).toContain('presence:set: invalid argument');
  });

  it('sends the CSP as a response header and enforces it', async () => {
    const csp = await app.evaluate(async ({ net }) => (await net.fetch('app://beacon/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const evalResult = await page.evaluate(() => {
      try {
        return String(new Function('return 1')());
      } catch (e) {
        return (e as Error).name;
      }
    });
    expect(evalResult).toBe('EvalError');
  });

  it('denies new windows, navigation and permissions', async () => {
    type PageGlobals = {
      open(url: string): unknown;
      location: { href: string };
      navigator: { permissions: { query(d: { name: string }): Promise<{ state: string }> } };
    };
    const opened = await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.invalid/') === null);
    expect(opened).toBe(true);
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.invalid/';
    });
    await sleep(300);
    expect(page.url()).toBe('app://beacon/index.html');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    const permission = await page.evaluate(
      async () => (await (globalThis as unknown as PageGlobals).navigator.permissions.query({ name: 'notifications' })).state,
    );
    expect(permission).toBe('denied');
  });

  it('signs in against the real relay and shows connected', async () => {
    const token = await relay.mintToken('you');
    await page.getByLabel('Server URL').fill(relay.url);
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status', { name: 'Connection' }).filter({ hasText: /^Connected as you$/ }).waitFor({ timeout: 15_000 });
    await page.getByRole('navigation', { name: 'Threads' }).waitFor();
    await waitFor('the relay to count the connection', () => relay.connectionCount('you') >= 1);
    const html = await page.content();
    expect(html).not.toContain(token);
  });

  it('shows the workspace: threads with unread counts, a live message, a sent one delivered once, read reaching the relay', async () => {
    const ui = workspacePage(page);
    await waitFor('the demo threads with unread counts', async () => (await ui.labels()).some((l) => /^General, \d+ unread/.test(l)));
    await postMessages(relay, 'deploys', 'bob', 'Electron sees this live');
    await ui.threadButton('Deploys').click();
    await waitFor('the live message in the Deploys log', async () => (await ui.bodies('Deploys')).includes('Electron sees this live'));
    await waitFor('Deploys read', async () => (await ui.labels()).some((l) => /^Deploys$/.test(l)));
    await page.getByRole('textbox', { name: 'Message' }).fill('sent from Electron');
    await page.keyboard.press('Enter');
    await waitFor('delivered', async () => (await ui.timeline('Deploys').getByText('Delivered').count()) > 0);
    const bodies = await ui.bodies('Deploys');
    expect(bodies.filter((b) => b === 'sent from Electron')).toHaveLength(1);
  });

  it('signs out, then opens the embedded demo workspace in one click', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Try the demo workspace' }).click();
    await page.getByRole('status', { name: 'Connection' }).filter({ hasText: /^Connected as you$/ }).waitFor({ timeout: 15_000 });
    await waitFor('the demo threads', async () => (await workspacePage(page).labels()).length === 4);
  });
}, REQUIRED);
