// The workspace window as the e2e suites see it: parts found by role and
// name, the relay's admin API, screenshots, and a watch on console errors.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import type { Relay } from '../../src/relay';
import { startPreview, type Preview, type PreviewOptions } from '../../src/web/preview';
import { CHROMIUM, CHROMIUM_ARGS, REPO, TEST_KEYCHAIN } from './helpers';

export const SHOTS = join(REPO, 'docs/screenshots');

export function workspacePage(page: Page) {
  const status = () => page.getByRole('status', { name: 'Connection' });
  const threads = () => page.getByRole('navigation', { name: 'Threads' });
  const timeline = (title: string) => page.getByRole('log', { name: title, exact: true });
  return {
    /** The status bar's announced text (the live region), e.g. "Connected as you". */
    status,
    statusIs: (text: RegExp) => status().filter({ hasText: text }).waitFor({ timeout: 15_000 }),
    threads,
    threadButton: (title: string) => threads().getByRole('button', { name: new RegExp(`^${title}(,|$)`) }),
    /** Each thread button's accessible name, top to bottom ("Deploys, 3 unread"). */
    labels: () => threads().getByRole('button').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? '')),
    timeline,
    /** The message texts the open thread's log shows (rendered rows only: it is virtualized). */
    bodies: (title: string) => timeline(title).getByRole('article').locator('p').allInnerTexts(),
    /** Through the sign-in form; `serverType` is chosen by hand when given (Detect otherwise). */
    async signIn(serverUrl: string, token: string, user = 'you', serverType?: string): Promise<void> {
      if (serverType !== undefined) await page.getByLabel('Server type').selectOption({ label: serverType });
      await page.getByLabel('Server URL').fill(serverUrl);
      await page.getByLabel('Access token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await status().filter({ hasText: new RegExp(`^Connected as ${user}$`) }).waitFor({ timeout: 15_000 });
    },
    async shot(name: string): Promise<void> {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, name) });
    },
  };
}

/** Collects console errors, warnings (CSP violations among them) and page errors. */
export function watchProblems(page: Page, problems: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}

/** Posts through the relay's admin HTTP API, as a bot or integration would. */
export async function postMessages(relay: Relay, threadId: string, sender: string, body: string | string[]): Promise<{ id: string; seq: number }[]> {
  const res = await fetch(`${relay.httpUrl}/api/threads/${threadId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${relay.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(Array.isArray(body) ? { sender, bodies: body } : { sender, body }),
  });
  if (res.status !== 201) throw new Error(`posting to ${threadId} answered ${res.status}`);
  return ((await res.json()) as { messages: { id: string; seq: number }[] }).messages;
}

/** A thread's last seq as the relay holds it. */
export async function relayLastSeq(relay: Relay, threadId: string): Promise<number> {
  const res = await fetch(`${relay.httpUrl}/api/workspace`, { headers: { authorization: `Bearer ${relay.adminToken}` } });
  const workspace = (await res.json()) as { threads: { id: string; lastSeq: number }[] };
  return workspace.threads.find((t) => t.id === threadId)?.lastSeq ?? -1;
}

/** The web preview over services on `dataDir` (a new one, or one a preview before it used), quiet and with the test keychain. */
export function startTestPreview(dataDir: string, engineTiming: PreviewOptions['engineTiming']): Promise<Preview> {
  return startPreview({ dataDir, log: () => {}, keychain: TEST_KEYCHAIN, engineTiming });
}

/** The web preview on `dataDir` and a Chromium page (1100×700 unless given) watched for problems: what each window suite starts with (through preview-fixture.ts). */
export async function openPreviewWindow(
  dataDir: string,
  engineTiming: PreviewOptions['engineTiming'],
  problems: string[],
  viewport: { width: number; height: number } = { width: 1100, height: 700 },
): Promise<{ preview: Preview; browser: Browser; page: Page; ui: ReturnType<typeof workspacePage> }> {
  const preview = await startTestPreview(dataDir, engineTiming);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport });
  watchProblems(page, problems);
  return { preview, browser, page, ui: workspacePage(page) };
}

/** A toast event as the page receives it: show and replace are what would have been shown natively. */
export type ToastEvent = { kind: 'show' | 'replace' | 'close'; key: string; title?: string; body?: string };

/** Records every toast event the window gets, beside what it shows (read with `toastEvents`). */
export async function recordToastEvents(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as { toastEvents: unknown[]; beacon: { on(e: string, l: (p: unknown) => void): () => void } };
    g.toastEvents = [];
    g.beacon.on('notification:toast', (p) => g.toastEvents.push(p));
  });
}

/** The toast events recorded so far. */
export function toastEvents(page: Page): Promise<ToastEvent[]> {
  return page.evaluate(() => [...((globalThis as unknown as { toastEvents: ToastEvent[] }).toastEvents ?? [])]);
}
