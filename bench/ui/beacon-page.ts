// Drives Beacon's window in the preview the way a person would get to a live
// thread: sign in (through window.beacon, as the sign-in form does), then open
// the thread from the sidebar; only the page's public API and roles are used.
import type { Page } from 'playwright';
import type { BeaconApi } from '../../src/shared/ipc/client';

type BeaconWindow = { readonly beacon?: BeaconApi };

async function poll<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function signIn(page: Page, launchUrl: string, serverUrl: string, token: string): Promise<void> {
  await page.goto(launchUrl);
  await page.waitForFunction(() => 'beacon' in globalThis, null, { timeout: 30_000 });
  const result = await page.evaluate(
    async ({ serverUrl, token }) => {
      const b = (globalThis as BeaconWindow).beacon!;
      const r = await b.session.signIn({ serverUrl, token, transport: { kind: 'header' } });
      return r.ok ? 'ok' : `${r.reason}: ${r.message}`;
    },
    { serverUrl, token },
  );
  if (result !== 'ok') throw new Error(`sign-in failed: ${result}`);
  await poll(
    'the preview to connect',
    () => page.evaluate(async () => (await (globalThis as BeaconWindow).beacon!.connection.getState()).state === 'connected'),
    30_000,
  );
}

/** Opens the thread from the sidebar and waits for its timeline (a log or feed named after it). */
export async function openThread(page: Page, title: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Threads' });
  const item = nav.getByRole('button', { name: title }).or(nav.getByRole('link', { name: title })).first();
  await item.click({ timeout: 30_000 });
  await page.getByRole('log', { name: title }).or(page.getByRole('feed', { name: title })).first().waitFor({ timeout: 30_000 });
}

/** How many of these threads main holds with their newest message's body containing `marker` (thread:messages, newest page of 1). */
export async function threadsHolding(page: Page, threadIds: readonly string[], marker: string): Promise<number> {
  return page.evaluate(
    async ({ threadIds, marker }) => {
      const b = (globalThis as BeaconWindow).beacon!;
      const pages = await Promise.all(threadIds.map((threadId) => b.thread.messages({ threadId, limit: 1 })));
      return pages.filter((p) => {
        const last = p.items[p.items.length - 1];
        return last?.kind === 'message' && (last.body ?? '').includes(marker);
      }).length;
    },
    { threadIds: [...threadIds], marker },
  );
}

export { poll };
