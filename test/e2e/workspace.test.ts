// The workspace in the web preview, in real Chromium, against the real relay
// (durable, so it can be restarted): threads, live messages, read state,
// sending, presence, notices, the keyboard, a long thread, reconnects and a
// restart of the preview. Writes the README's screenshots to docs/screenshots/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startRelay, type Relay, type RelayOptions } from '../../src/relay';
import { describeWhen } from '../support/system-gate';
import { focused } from './focus';
import { FAST_ENGINE, TEST_KEYCHAIN, waitFor } from './helpers';
import { chromiumGate, usePreviewWindow } from './preview-fixture';
import { observe, type Observer } from './relay-observer';
import { postMessages, relayLastSeq } from './workspace-page';
// Long enough a wait that the countdown shows; "Reconnect now" skips it.
const ENGINE = { ...FAST_ENGINE, backoff: { baseMs: 4_000, capMs: 4_000 } };

describeWhen(chromiumGate, 'the workspace in the web preview', () => {
  let relay: Relay;
  let relayOptions: RelayOptions;
  let self: Observer | null = null;
  // The first case opens the page itself; the last restarts the preview over the same data dir.
  const win = usePreviewWindow({
    name: 'ws-e2e',
    engineTiming: ENGINE,
    navigate: false,
    servers: async (closeLater) => {
      const relayDir = mkdtempSync(join(tmpdir(), 'beacon-ws-relay-'));
      closeLater({ close: () => rmSync(relayDir, { recursive: true, force: true }) });
      relayOptions = { port: 0, demo: true, demoIntervalMs: 600_000, dataDir: relayDir, fsyncIntervalMs: 50 };
      relay = await startRelay(relayOptions);
      relayOptions = { ...relayOptions, port: relay.port, adminToken: relay.adminToken };
      // The one running at the end: a case stops the relay and starts another on the same port.
      closeLater({ close: () => relay.close() });
    },
  });

  const post = (threadId: string, sender: string, body: string | string[]) => postMessages(relay, threadId, sender, body);
  const lastSeq = (threadId: string) => relayLastSeq(relay, threadId);

  // Registered after the window's, so it runs before the window closes.
  afterAll(() => self?.close());

  it('signed out: offers sign-in and the demo workspace', async () => {
    await win.page.goto(win.preview.host.launchUrl);
    await win.page.getByRole('heading', { name: 'Sign in to a Beacon relay' }).waitFor();
    await win.page.getByRole('button', { name: 'Try the demo workspace' }).waitFor();
    await waitFor('focus in the server field', async () => (await focused(win.page)).name === 'serverUrl');
    expect(await win.ui.status().textContent()).toBe('Not signed in');
    await win.ui.shot('signed-out.png');
  });

  it('shows the threads with their unread counts, most recent activity first', async () => {
    await win.ui.signIn(relay.url, await relay.mintToken('you'));
    await waitFor('the four demo threads', async () => (await win.ui.labels()).length === 4);
    expect((await win.ui.labels()).sort()).toEqual(['Deploys, 2 unread', 'Design review, 2 unread', 'General, 3 unread', 'Random, 1 unread']);
    // A message posted through the relay's HTTP API moves its thread to the top, one more unread.
    await post('deploys', 'dana', 'Build 43 is green.');
    await waitFor('Deploys on top with 3 unread', async () => (await win.ui.labels())[0] === 'Deploys, 3 unread');
    const filter = win.ui.threads().getByRole('textbox', { name: 'Filter threads' });
    await filter.fill('des');
    expect(await win.ui.labels()).toEqual(['Design review, 2 unread']);
    await filter.fill('');
    // Muting shows in the thread's name and survives nothing else changing.
    await filter.fill('deploys');
    await filter.press('Enter');
    await win.ui.timeline('Deploys').getByText('Build 43 is green.').waitFor();
    await win.page.getByRole('button', { name: 'Mute', pressed: false }).click();
    await waitFor('Deploys muted', async () => (await win.ui.labels()).includes('Deploys, muted'));
    await win.page.getByRole('button', { name: 'Mute', pressed: true }).click();
    await waitFor('Deploys unmuted', async () => (await win.ui.labels()).includes('Deploys'));
    await filter.fill('');
  });

  it('opening a thread reads it (the relay hears `read`), and new messages appear live', async () => {
    self = await observe(relay, 'you'); // a second device of the same user: the relay echoes reads to it
    await win.ui.threadButton('General').click();
    await win.ui.timeline('General').getByText('Morning all! Stand-up moved to 10:15 today.').waitFor();
    // A day separator, and each sender's presence as a dot that says what it means.
    await win.ui.timeline('General').getByText('Today', { exact: true }).first().waitFor();
    expect(await win.ui.timeline('General').getByRole('article').filter({ hasText: 'Thanks. I will demo' }).getByRole('img', { name: 'Away' }).count()).toBe(1);
    await waitFor('General to have no unread', async () => (await win.ui.labels()).includes('General'));
    const readUpTo = (seq: number) => self!.frames.some((f) => f.type === 'read' && f.thread_id === 'general' && f.seq === seq);
    await waitFor('the relay to pass on read up to 3', () => readUpTo(3));

    const [live] = await post('general', 'bob', 'Posted through the API, shown live.');
    await win.ui.timeline('General').getByText('Posted through the API, shown live.').waitFor();
    // Seen at the bottom of the open thread: read at once, no unread count left behind.
    await waitFor('read up to the live message', () => readUpTo(live!.seq));
    expect(await win.ui.labels()).toContain('General');
    expect((await win.page.getByRole('heading', { level: 2 }).allInnerTexts()).includes('General')).toBe(true);
  });

  it('sends: the message shows, is delivered, and appears exactly once', async () => {
    const composer = win.page.getByRole('textbox', { name: 'Message' });
    await composer.fill('First line');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('second line');
    expect(await composer.inputValue()).toBe('First line\nsecond line');
    await composer.press('Enter');
    expect(await composer.inputValue()).toBe('');
    const mine = win.ui.timeline('General').getByRole('article').filter({ hasText: 'First line' });
    await mine.getByText('Delivered').waitFor();
    await waitFor('the relay to hold it', async () => (await lastSeq('general')) === 5);
    await win.page.waitForTimeout(300); // the relay's broadcast of it comes after the ack: it must not add a second copy
    expect((await win.ui.bodies('General')).filter((b) => b === 'First line\nsecond line')).toHaveLength(1);
  });

  it("shows another user's presence change", async () => {
    const people = win.page.getByRole('complementary', { name: 'People' });
    await people.getByRole('region', { name: /^Online/ }).getByText('dana').waitFor();
    relay.setPresence('dana', 'busy');
    await people.getByRole('region', { name: /^Busy/ }).getByText('dana').waitFor();
    expect(await people.getByRole('region', { name: /^Online/ }).getByText('dana').count()).toBe(0);
    // The user's own presence chosen on another device shows here too.
    self!.send({ type: 'user_presence', data: 'away' });
    await waitFor('Away chosen elsewhere to show', () => win.page.getByRole('radio', { name: 'Away' }).isChecked());
    await win.page.getByRole('region', { name: 'Account' }).getByRole('img', { name: 'Away' }).waitFor();
    await win.page.getByRole('radio', { name: 'Online' }).check();
    await people.getByRole('region', { name: /^Online/ }).getByText('you', { exact: true }).waitFor();
  });

  it('shows server notifications as toasts and keeps them in a list', async () => {
    relay.notify({ level: 'warning', title: 'Deploy', message: 'Build 42 failed' });
    await win.page.getByRole('log', { name: 'Notifications' }).getByText('Build 42 failed').waitFor();
    await win.page.getByRole('button', { name: /^Notifications/ }).click();
    const list = win.page.getByRole('dialog', { name: 'All notifications' });
    await list.getByText('Build 42 failed').waitFor();
    await win.page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });
  });

  it('works from the keyboard: Ctrl+K switches thread, Alt+Down moves on, Esc closes', async () => {
    await win.page.keyboard.press('Control+k');
    const switcher = win.page.getByRole('dialog', { name: 'Switch thread' });
    await switcher.getByRole('textbox', { name: 'Thread name' }).fill('desi');
    await win.page.keyboard.press('Enter');
    await switcher.waitFor({ state: 'hidden' });
    await win.ui.timeline('Design review').waitFor();
    await win.page.keyboard.press('Control+k');
    await switcher.waitFor();
    await win.page.keyboard.press('Escape');
    await switcher.waitFor({ state: 'hidden' });
    const order = (await win.ui.labels()).map((l) => l.split(',')[0] ?? '');
    const next = order[(order.indexOf('Design review') + 1) % order.length] ?? '';
    await win.page.keyboard.press('Alt+ArrowDown');
    await win.ui.timeline(next).waitFor();
    await win.ui.threadButton('General').click();
    await win.ui.timeline('General').waitFor();
    // Some unread elsewhere, for the picture.
    await post('design', 'alice', 'Updated the mockups: have a look when you can.');
    await post('random', 'eli', 'Board games on Friday?');
    // Design review was read through the switcher; Random may or may not have been the Alt+Down stop.
    await waitFor('unread in two threads', async () => {
      const now = await win.ui.labels();
      return now.includes('Design review, 1 unread') && now.some((l) => /^Random, [12] unread$/.test(l));
    });
    await win.ui.shot('workspace.png');
    await win.page.emulateMedia({ colorScheme: 'dark' });
    await win.ui.shot('workspace-dark.png');
    await win.page.emulateMedia({ colorScheme: 'light' });
  });

  it('keeps the DOM small with thousands of messages, and pages back to the start', async () => {
    await win.ui.threadButton('Random').click();
    await win.ui.timeline('Random').getByText('Who wants coffee? Heading out in five.').waitFor();
    await post('random', 'eli', Array.from({ length: 3_000 }, (_, i) => `Bulk ${i + 1}`));
    await win.ui.timeline('Random').getByText('Bulk 3000', { exact: true }).waitFor({ timeout: 15_000 });
    const nodes = await win.ui.timeline('Random').evaluate((el) => el.querySelectorAll('*').length);
    expect(nodes).toBeLessThan(600);
    // Scrolled up: new messages are counted, not jumped to.
    await win.ui.timeline('Random').evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
    await post('random', 'eli', ['Bulk after scroll 1', 'Bulk after scroll 2']);
    await win.page.getByRole('button', { name: '2 new messages ↓' }).click();
    await win.ui.timeline('Random').getByText('Bulk after scroll 2').waitFor();
    // Back at the bottom of a visible window: what arrived meanwhile is read.
    await waitFor('Random to be read', async () => (await win.ui.labels()).includes('Random'));
    await waitFor('the first message after scrolling to the top', async () => {
      await win.ui.timeline('Random').evaluate((el) => el.scrollTo({ top: 0 }));
      return win.ui.timeline('Random').getByText('Who wants coffee? Heading out in five.').isVisible();
    }, 15_000, 100);
    // Opened again, the thread starts from main's newest page; older pages come in at the top,
    // down to the oldest main keeps (1 000 per thread).
    await win.ui.threadButton('General').click();
    await win.ui.timeline('General').waitFor();
    await win.ui.threadButton('Random').click();
    await win.ui.timeline('Random').getByText('Bulk after scroll 2').waitFor();
    expect(await win.ui.timeline('Random').getByText('Bulk 2900', { exact: true }).count()).toBe(0);
    await waitFor('the oldest message main keeps after paging to the top', async () => {
      await win.ui.timeline('Random').evaluate((el) => el.scrollTo({ top: 0 }));
      return win.ui.timeline('Random').getByText('Bulk 2003', { exact: true }).isVisible();
    }, 15_000, 100);
    expect(await win.ui.timeline('Random').getByText('Bulk 2002', { exact: true }).count()).toBe(0);
    await win.ui.threadButton('General').click();
    await win.ui.timeline('General').waitFor();
  });

  it('shows Reconnecting with a countdown while the relay is down, then delivers what was queued, once', async () => {
    self?.close();
    self = null;
    await win.ui.timeline('General').getByText('Posted through the API, shown live.').waitFor();
    const before = await win.ui.bodies('General');
    expect(before.length).toBeGreaterThanOrEqual(5);
    await relay.close();
    await win.ui.statusIs(/^Reconnecting: /);
    expect(await win.ui.status().textContent()).not.toMatch(/retrying|attempt/);
    await win.page.getByText(/^retrying in [1-9] s · attempt \d+$/).waitFor({ timeout: 10_000 });
    await win.page.getByRole('textbox', { name: 'Message' }).fill('Written while the relay was down');
    await win.page.keyboard.press('Enter');
    const queued = win.ui.timeline('General').getByRole('article').filter({ hasText: 'Written while the relay was down' });
    await queued.getByText('Sending…').waitFor();
    await win.page.getByRole('button', { name: 'Reconnect now' }).waitFor();
    await win.page.getByText(/^retrying in [1-9] s · attempt \d+$/).waitFor({ timeout: 10_000 });
    await win.ui.shot('reconnecting.png');

    relay = await startRelay(relayOptions);
    // "Reconnect now" skips the rest of the wait (it is not offered while an attempt is under way).
    const reconnectNow = win.page.getByRole('button', { name: 'Reconnect now' });
    await waitFor('connected again', async () => {
      if (await reconnectNow.isVisible()) await reconnectNow.click({ timeout: 500 }).catch(() => {});
      return /^Connected as you$/.test((await win.ui.status().textContent()) ?? '');
    }, 15_000, 100);
    await queued.getByText('Delivered').waitFor();
    await waitFor('the relay to hold the queued message', async () => (await lastSeq('general')) === 6);
    await win.page.waitForTimeout(300);
    expect(await win.ui.bodies('General')).toEqual([...before, 'Written while the relay was down']);
  });

  it('keeps history and unread counts across a restart of the preview', async () => {
    await post('deploys', 'bob', 'One more for Deploys.');
    await waitFor('Deploys with 1 unread', async () => (await win.ui.labels()).includes('Deploys, 1 unread'));
    const labelsBefore = (await win.ui.labels()).slice().sort();
    const bodiesBefore = await win.ui.bodies('General');
    await win.restartPreview();
    await win.page.goto(win.preview.host.launchUrl);
    if (TEST_KEYCHAIN === 'memory') {
      // No token survives a memory-only run; the server does.
      await win.page.getByRole('heading', { name: 'Sign in to a Beacon relay' }).waitFor();
      expect(await win.page.getByLabel('Server URL').inputValue()).toBe(relay.url.endsWith('/') ? relay.url : `${relay.url}/`);
      await win.page.getByLabel('Access token').fill(await relay.mintToken('you'));
      await win.page.getByRole('button', { name: 'Sign in' }).click();
    }
    await win.ui.statusIs(/^Connected as you$/);
    await win.ui.timeline('General').getByText('Written while the relay was down').waitFor();
    expect(await win.ui.bodies('General')).toEqual(bodiesBefore);
    await waitFor('the same threads and counts', async () => JSON.stringify((await win.ui.labels()).slice().sort()) === JSON.stringify(labelsBefore));
    expect(win.problems).toEqual([]);
  });
});
