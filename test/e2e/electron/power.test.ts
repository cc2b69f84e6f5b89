// Issue 9 §3, in the Electron app: the system's power and lock events reach
// the engine and auto-away through the real powerMonitor wiring. Suspend takes
// the connection down (the window says why, the relay sees the user go), resume
// reconnects at once; a screen lock makes the user away for others, the unlock
// brings back exactly what they had chosen. The events are emitted on Electron's
// own powerMonitor, where the app listens; the OS is not put to sleep.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Relay } from '../../../src/relay';
import { describeWhen } from '../../support/system-gate';
import { waitFor } from '../helpers';
import { observe, sawPresence, type Observer } from '../relay-observer';
import { electronGate, launchBeacon, REQUIRED, startQuietRelay, type Beacon } from './launch';

type PowerEvent = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen';

/** Emits a powerMonitor event in the app's main process; true when the app had a listener for it. */
function emitPower(beacon: Beacon, event: PowerEvent): Promise<boolean> {
  return beacon.app.evaluate(({ powerMonitor }, name) => powerMonitor.emit(name), event);
}

/** How many times alice saw `you` become `status`. */
function seen(o: Observer, status: string): number {
  return o.frames.filter((f) => f.type === 'user_presence' && (f.data as { userId?: unknown; status?: unknown } | undefined)?.userId === 'you' && (f.data as { status?: unknown }).status === status).length;
}

describeWhen(electronGate, 'Electron app: suspend, resume and screen lock', () => {
  let relay: Relay;
  let beacon: Beacon;
  let alice: Observer;

  beforeAll(async () => {
    relay = await startQuietRelay();
    beacon = await launchBeacon();
    await beacon.signIn(relay);
    alice = await observe(relay, 'alice');
  }, 240_000);

  afterAll(async () => {
    alice?.close();
    await beacon?.close();
    await relay?.close();
  });

  it('suspend: offline with the reason, the relay sees the user go; resume: connected again at once', async () => {
    expect(await emitPower(beacon, 'suspend')).toBe(true);
    await beacon.ui.statusIs(/^Offline: the computer is asleep$/);
    await waitFor('the relay to see you offline', () => sawPresence(alice, 'you', 'offline'));
    const before = seen(alice, 'online');
    expect(await emitPower(beacon, 'resume')).toBe(true);
    // No backoff wait after a resume: the window is connected again within the status wait (15 s), well before a retry would be.
    await beacon.ui.statusIs(/^Connected as you$/);
    await waitFor('the relay to see you online again', () => seen(alice, 'online') > before);
  });

  it('screen lock: away for others; unlock: back to what was chosen (Busy stays Busy)', async () => {
    expect(await emitPower(beacon, 'lock-screen')).toBe(true);
    await waitFor('the relay to see you away', () => sawPresence(alice, 'you', 'away'));
    const online = seen(alice, 'online');
    expect(await emitPower(beacon, 'unlock-screen')).toBe(true);
    await waitFor('the relay to see you online again', () => seen(alice, 'online') > online);

    // Busy is never overridden by auto-away: a lock changes nothing others see.
    await beacon.page.getByRole('group', { name: 'Your presence' }).getByRole('radio', { name: 'Busy' }).check();
    await waitFor('the relay to see you busy', () => sawPresence(alice, 'you', 'busy'));
    const away = seen(alice, 'away');
    expect(await emitPower(beacon, 'lock-screen')).toBe(true);
    expect(await emitPower(beacon, 'unlock-screen')).toBe(true);
    // Give a wrong "away" the time to arrive, then check none did.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(seen(alice, 'away')).toBe(away);
  });
}, REQUIRED);
