// Issue 9 §7, the Electron app in the background (its window hidden, as its
// close button leaves it): a relay message raises a native notification (on
// Linux, the Notify call on D-Bus); clicking it (on Linux, the server's
// ActionInvoked) brings the window in front on that thread, read.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Relay } from '../../../src/relay';
import { allGates, describeWhen } from '../../support/system-gate';
import { sleep } from '../../support/wait';
import { waitFor } from '../helpers';
import { postMessages } from '../workspace-page';
import { electronGate, expectInFrontOn, launchBeacon, REQUIRED, startQuietRelay, type Beacon } from './launch';
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
    await expectInFrontOn(beacon, 'Random', 'Native hello from alice');
  });
}, REQUIRED);
