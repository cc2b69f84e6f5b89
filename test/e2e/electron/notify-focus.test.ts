// Issue 9 §7, the Electron app in the background (its window hidden, as its
// close button leaves it): a relay message raises a native notification (on
// Linux, the Notify call on D-Bus); clicking it (on Linux, the server's
// ActionInvoked) brings the window in front on that thread, read; a second
// instance started with a beacon:// link quits at once and the first shows
// that thread, in front.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Relay } from '../../../src/relay';
import { allGates, describeWhen } from '../../support/system-gate';
import { sleep } from '../../support/wait';
import { waitFor } from '../helpers';
import { postMessages } from '../workspace-page';
import { electronGate, electronPath, launchBeacon, MAIN_SCRIPT, REQUIRED, SANDBOX_ARGS, startQuietRelay, type Beacon } from './launch';
import { clickNotification, hideWindow, shownNotifications, windowState } from './main-probe';
import { notificationBusGate, startNotificationBus, type NotificationBus } from './notification-bus';

const LINUX = process.platform === 'linux';

describeWhen(allGates(electronGate, notificationBusGate()), 'Electron app: native notifications and focus', () => {
  let relay: Relay;
  let bus: NotificationBus | null = null;
  let beacon: Beacon;

  beforeAll(async () => {
    relay = await startQuietRelay();
    // Linux: the app's own session bus, with the notification server and dbus-monitor on it.
    bus = LINUX ? await startNotificationBus() : null;
    beacon = await launchBeacon(bus ? { env: { DBUS_SESSION_BUS_ADDRESS: bus.address }, noKeychain: true } : {});
    await beacon.signIn(relay);
  }, 240_000);

  afterAll(async () => {
    await beacon?.close();
    await bus?.close();
    await relay?.close();
  });

  /** The window is shown and focused, on `title` (its heading, and `body` in its log), whose unread count is gone. */
  async function inFrontOn(title: string, body: string): Promise<void> {
    await waitFor('the window shown and focused', async () => {
      const w = await windowState(beacon.app);
      return w !== null && w.visible && w.focused && !w.minimized;
    });
    await beacon.page.getByRole('heading', { name: title, exact: true }).waitFor({ timeout: 10_000 });
    await waitFor(`${title} read`, async () => (await beacon.ui.labels()).includes(title));
    await waitFor(`"${body}" in the ${title} log`, async () => (await beacon.ui.bodies(title)).includes(body));
  }

  it('a message from another user raises one native notification: "<sender> in <thread>" and the text', async () => {
    expect(await beacon.app.evaluate(({ Notification }) => Notification.isSupported()), 'Notification.isSupported() (Linux: libnotify4 installed?)').toBe(true);
    await hideWindow(beacon.app);
    await waitFor('the window hidden', async () => (await windowState(beacon.app))?.visible === false);
    await postMessages(relay, 'random', 'alice', 'Native hello from alice');
    await waitFor('Random unread in the window', async () => (await beacon.ui.labels()).some((l) => /^Random, 1 unread/.test(l)));
    const wanted = { title: 'alice in Random', body: 'Native hello from alice' };
    await waitFor('the notification shown', async () => (await shownNotifications(beacon.app)).some((n) => n.title === wanted.title), 15_000);
    if (bus) {
      const notifyBus = bus;
      await waitFor('Notify on the session bus', () => notifyBus.notifies().some((c) => c.summary === wanted.title));
    }
    // Coalescing waits 0.5 s for more; nothing else may follow for this one message.
    await sleep(1_500);
    expect((await shownNotifications(beacon.app)).filter((n) => n.title.includes('Random'))).toEqual([wanted]);
    if (bus) expect(bus.notifies().filter((c) => c.summary.includes('Random')).map(({ summary, body }) => ({ title: summary, body }))).toEqual([wanted]);
  });

  it('clicking the notification brings the window in front on that thread, read', async () => {
    expect(await windowState(beacon.app)).toMatchObject({ visible: false });
    if (bus) {
      // Linux: the click comes as it does from a desktop's server: ActionInvoked(id, "default") on D-Bus,
      // which libnotify hands to Electron as the notification's 'click' (it offered "default" since the server has "actions").
      expect(bus.served().findLast((n) => n.summary === 'alice in Random')?.actions).toContain('default');
      bus.click('alice in Random');
    } else {
      // macOS, Windows: the OS's click cannot be scripted here; Electron's 'click' event on the instance the edge showed.
      expect(await clickNotification(beacon.app, 'alice in Random')).toBe(true);
    }
    await inFrontOn('Random', 'Native hello from alice');
  });

  it('a second instance with a beacon:// link quits at once; the first shows that thread in front', async () => {
    await postMessages(relay, 'design', 'alice', 'Deep link target');
    await waitFor('Design review unread', async () => (await beacon.ui.labels()).some((l) => /^Design review, 1 unread/.test(l)));
    await hideWindow(beacon.app);
    await waitFor('the window hidden', async () => (await windowState(beacon.app))?.visible === false);
    const second = spawn(electronPath(), [...SANDBOX_ARGS, MAIN_SCRIPT, 'beacon://thread/design'], { env: beacon.env, stdio: 'ignore' });
    const exited = once(second, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const outcome = await Promise.race([exited, sleep(15_000).then(() => null)]);
    if (outcome === null) second.kill('SIGKILL');
    expect(outcome, 'the second instance exits within 15 s').toEqual([0, null]);
    await inFrontOn('Design review', 'Deep link target');
    expect(beacon.app.process().exitCode).toBeNull();
  });
}, REQUIRED);
