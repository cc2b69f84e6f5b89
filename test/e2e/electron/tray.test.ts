// Issue 9 §7, the tray of the Electron app: a presence picked in its menu
// reaches the relay (another user sees it), and the badge follows the unread
// count: N after N messages, 0 once the thread is open in the window.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Relay } from '../../../src/relay';
import { describeWhen } from '../../support/system-gate';
import { waitFor } from '../helpers';
import { observe, sawPresence, type Observer } from '../relay-observer';
import { postMessages } from '../workspace-page';
import { electronGate, launchBeacon, REQUIRED, SEED, startQuietRelay, type Beacon } from './launch';
import { badge, clickTrayItem, trayMenu } from './main-probe';

describeWhen(electronGate, 'Electron app: tray presence and badge', () => {
  let relay: Relay;
  let beacon: Beacon;
  let alice: Observer | null = null;

  beforeAll(async () => {
    relay = await startQuietRelay();
    beacon = await launchBeacon();
    await beacon.signIn(relay);
  }, 240_000);

  afterAll(async () => {
    alice?.close();
    await beacon?.close();
    await relay?.close();
  });

  it('picking Busy in the tray menu reaches the relay: another user sees you busy', async () => {
    alice = await observe(relay, 'alice');
    await waitFor('the signed-in tray menu', async () => (await trayMenu(beacon.app)).some((i) => i.label === 'Busy' && i.type === 'radio' && i.enabled));
    expect(await clickTrayItem(beacon.app, 'Busy')).toBeNull();
    const observer = alice;
    await waitFor('alice to see you busy', () => sawPresence(observer, 'you', 'busy'));
    // The menu is rebuilt from the new presence: Busy is the one checked.
    await waitFor('Busy checked in the tray menu', async () => {
      const radios = (await trayMenu(beacon.app)).filter((i) => i.type === 'radio');
      return radios.length > 1 && radios.every((i) => i.checked === (i.label === 'Busy'));
    });
  });

  it('the badge follows unread: N after N messages, 0 once the thread is open', async () => {
    // The quiet workspace has no history: nothing unread, so the badge is 0 (or was never set above 0).
    await waitFor('no unread', async () => (await beacon.ui.labels()).every((l) => !l.includes('unread')));
    expect((await badge(beacon.app)).requested ?? 0).toBe(0);
    // Open General, so Random is not the thread on screen (whose messages are read as they come).
    await beacon.ui.threadButton('General').click();
    await beacon.page.getByRole('heading', { name: 'General', exact: true }).waitFor();
    await postMessages(relay, 'random', 'bob', ['one', 'two', 'three']);
    await waitFor('Random, 3 unread in the window', async () => (await beacon.ui.labels()).some((l) => /^Random, 3 unread/.test(l)));
    const three = await waitFor('the badge at 3', async () => {
      const b = await badge(beacon.app);
      return b.requested === 3 ? b : null;
    });
    // Where the platform keeps a badge (macOS dock, Linux Unity), it reports it; elsewhere setBadgeCount answers false.
    if (three.kept) expect(three.reported).toBe(3);
    await beacon.ui.threadButton('Random').click();
    await waitFor('Random read', async () => (await beacon.ui.labels()).includes('Random'));
    const zero = await waitFor('the badge at 0', async () => {
      const b = await badge(beacon.app);
      return b.requested === 0 ? b : null;
    });
    if (zero.kept) expect(zero.reported).toBe(0);
    expect(SEED.threads.map((t) => t.title).sort()).toEqual((await beacon.ui.labels()).sort());
  });
}, REQUIRED);
