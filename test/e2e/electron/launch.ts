// Launching the built app (out/main/index.js) for the Electron suites: the
// gates (binary, display), a throwaway profile, the probe (main-probe.ts), a
// relay with a quiet workspace, and one app at a time across the suites.
//
// Machines without the Electron binary (installed with --ignore-scripts,
// download host unreachable) report the suites skipped with the reason;
// BEACON_REQUIRE_ELECTRON=1 turns that into a failure. On Linux the display
// must exist already: run under `xvfb-run -a` (docs/architecture.md).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright';
import { electronBinary } from '../../../scripts/electron-binary.mjs';
import { startRelay, type Relay } from '../../../src/relay';
import { allGates, closed, OPEN, type Gate, type Requirement } from '../../support/system-gate';
import { sleep } from '../../support/wait';
import { ensureBuilt, OUT, TEST_KEYCHAIN, waitFor } from '../helpers';
import { workspacePage } from '../workspace-page';
import { installProbe, windowState } from './main-probe';

const binary = electronBinary();

export const electronGate: Gate = allGates(
  binary.path === null ? closed(`Electron binary not installed: ${binary.reason}`) : OPEN,
  process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']
    ? closed('no display (set DISPLAY, e.g. run under xvfb-run -a)')
    : OPEN,
);
// Not CI=true: CI machines without Electron's download host have no binary.
export const REQUIRED: Requirement = { when: process.env['BEACON_REQUIRE_ELECTRON'] === '1', by: 'BEACON_REQUIRE_ELECTRON=1' };

export const MAIN_SCRIPT = join(OUT, 'main/index.js');

export function electronPath(): string {
  if (binary.path === null) throw new Error(`Electron binary not installed: ${binary.reason}`);
  return binary.path;
}

/**
 * What Playwright adds on Linux (unless asked for Chromium's sandbox): npm's
 * chrome-sandbox is not setuid root, and root may not use it at all. The
 * renderer sandbox (webPreferences, app.enableSandbox) still applies.
 */
export const SANDBOX_ARGS = process.platform === 'linux' ? ['--no-sandbox'] : [];

/** A quiet workspace (no history, no bot): every unread count and notification comes from the test. */
export const SEED = {
  users: [
    { id: 'you', name: 'You' },
    { id: 'alice', name: 'Alice Moreau' },
    { id: 'bob', name: 'Bob Okafor' },
  ],
  threads: [
    { id: 'general', title: 'General', members: ['you', 'alice', 'bob'] },
    { id: 'random', title: 'Random', members: ['you', 'alice', 'bob'] },
    { id: 'design', title: 'Design review', members: ['you', 'alice'] },
  ],
};

export function startQuietRelay(): Promise<Relay> {
  return startRelay({ port: 0, workspace: SEED });
}

// One app at a time across the suite files (vitest runs files in parallel):
// two apps on one display take each other's focus, and the machine has 2 cores.
const LOCK = join(tmpdir(), 'beacon-electron-suite.lock');

function holderAlive(): boolean {
  try {
    const pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's. No pid file yet: its holder is writing it.
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EPERM' || code === 'ENOENT';
  }
}

async function holdLock(timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch {
      if (!holderAlive()) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${LOCK}; remove it if no Electron suite is running`);
      await sleep(250);
    }
  }
}

export interface LaunchOptions {
  /** Extra environment (e.g. DBUS_SESSION_BUS_ADDRESS of a private bus). */
  readonly env?: Record<string, string>;
  /** The memory keychain even inside with-keychain.sh (a private bus has no Secret Service). */
  readonly noKeychain?: boolean;
}

export interface Beacon {
  readonly app: ElectronApplication;
  readonly page: Page;
  readonly ui: ReturnType<typeof workspacePage>;
  /** The profile (BEACON_USER_DATA_DIR): a second instance given it finds the first. */
  readonly userData: string;
  /** The environment the app was started with. */
  readonly env: Record<string, string>;
  signIn(relay: Relay, user?: string): Promise<void>;
  close(): Promise<void>;
}

/** Launches the app on a fresh profile with the probe installed; takes ~2 min at most when another suite holds the lock. */
export async function launchBeacon(options: LaunchOptions = {}): Promise<Beacon> {
  await ensureBuilt();
  const release = await holdLock(150_000);
  const userData = mkdtempSync(join(tmpdir(), 'beacon-electron-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  delete env['ELECTRON_RENDERER_URL'];
  delete env['ELECTRON_RUN_AS_NODE'];
  env['BEACON_USER_DATA_DIR'] = userData;
  if (TEST_KEYCHAIN === 'memory' || options.noKeychain) env['BEACON_NO_KEYCHAIN'] = '1';
  Object.assign(env, options.env);
  let app: ElectronApplication | null = null;
  const close = async (): Promise<void> => {
    try {
      await app?.close();
    } finally {
      rmSync(userData, { recursive: true, force: true });
      release();
    }
  };
  try {
    app = await _electron.launch({ executablePath: electronPath(), args: [...SANDBOX_ARGS, MAIN_SCRIPT], env, timeout: 30_000 });
    await installProbe(app);
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const ui = workspacePage(page);
    const signIn = async (relay: Relay, user = 'you'): Promise<void> => {
      await ui.signIn(relay.url, await relay.mintToken(user), user);
      await ui.threads().waitFor();
    };
    return { app, page, ui, userData, env, signIn, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The window is shown and focused, on `title` (its heading, `body` in its log), and the thread's unread count is gone. */
export async function expectInFrontOn(beacon: Beacon, title: string, body: string): Promise<void> {
  await waitFor('the window shown and focused', async () => {
    const w = await windowState(beacon.app);
    return w !== null && w.visible && w.focused && !w.minimized;
  });
  await beacon.page.getByRole('heading', { name: title, exact: true }).waitFor({ timeout: 10_000 });
  await waitFor(`"${body}" in the ${title} log`, async () => (await beacon.ui.bodies(title)).includes(body));
  await waitFor(`${title} read (no unread count on its button)`, async () => (await beacon.ui.labels()).includes(title));
}
