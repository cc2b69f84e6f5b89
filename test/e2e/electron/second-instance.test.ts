// Issue 9 §7, one Beacon per profile: starting the app again on the same
// profile (BEACON_USER_DATA_DIR) quits that second process at once, and the
// first comes in front; given a beacon://thread/<id> link, on that thread.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Relay } from '../../../src/relay';
import { describeWhen } from '../../support/system-gate';
import { sleep } from '../../support/wait';
import { waitFor } from '../helpers';
import { postMessages } from '../workspace-page';
import { electronGate, electronPath, expectInFrontOn, launchBeacon, MAIN_SCRIPT, REQUIRED, SANDBOX_ARGS, startQuietRelay, type Beacon } from './launch';
import { hideWindow, windowState } from './main-probe';

/** Long for a process that only finds the lock taken, but a loaded 2-core machine starts Electron slowly. */
const EXIT_WITHIN_MS = 15_000;

describeWhen(electronGate, 'Electron app: second instance', () => {
  let relay: Relay;
  let beacon: Beacon;

  beforeAll(async () => {
    relay = await startQuietRelay();
    beacon = await launchBeacon();
    await beacon.signIn(relay);
  }, 240_000);

  afterAll(async () => {
    await beacon?.close();
    await relay?.close();
  });

  /** Starts the binary again on the first one's profile and environment; resolves with how it exited, or null if it did not. */
  async function secondInstance(...args: string[]): Promise<[number | null, NodeJS.Signals | null] | null> {
    const second = spawn(electronPath(), [...SANDBOX_ARGS, MAIN_SCRIPT, ...args], { env: beacon.env, stdio: 'ignore' });
    const exited = once(second, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const outcome = await Promise.race([exited, sleep(EXIT_WITHIN_MS).then(() => null)]);
    if (outcome === null) {
      second.kill('SIGKILL');
      await exited;
    }
    return outcome;
  }

  async function hidden(): Promise<void> {
    await hideWindow(beacon.app);
    await waitFor('the window hidden', async () => (await windowState(beacon.app))?.visible === false);
  }

  it('a second launch quits at once and brings the first window in front', async () => {
    await hidden();
    expect(await secondInstance(), `the second instance exits (code 0) within ${EXIT_WITHIN_MS} ms`).toEqual([0, null]);
    await waitFor('the first window shown and focused', async () => {
      const w = await windowState(beacon.app);
      return w !== null && w.visible && w.focused;
    });
    expect(beacon.app.process().exitCode).toBeNull();
  });

  it('a second launch with a beacon://thread link shows that thread in front, read', async () => {
    await postMessages(relay, 'design', 'alice', 'Deep link target');
    await waitFor('Design review unread', async () => (await beacon.ui.labels()).some((l) => /^Design review, 1 unread/.test(l)));
    await hidden();
    expect(await secondInstance('beacon://thread/design'), `the second instance exits (code 0) within ${EXIT_WITHIN_MS} ms`).toEqual([0, null]);
    await expectInFrontOn(beacon, 'Design review', 'Deep link target');
    expect(beacon.app.process().exitCode).toBeNull();
  });
}, REQUIRED);
