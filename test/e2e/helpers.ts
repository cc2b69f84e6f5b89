// Shared by the security and end-to-end suites: where Chromium is, building
// out/ once, polling. (The Electron binary: scripts/electron-binary.mjs.)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime } from '../../src/web/mtime';
import { pollUntil, sleep } from '../support/wait';
import { realKeychainGate } from '../vault/support/keychain-env';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT = join(REPO, 'out');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The keychain to use: the real one only inside scripts/with-keychain.sh (never a developer's own). */
export const TEST_KEYCHAIN: 'os' | 'memory' = realKeychainGate().available ? 'os' : 'memory';

/** Short engine timings so reconnect tests take seconds, not minutes. */
export const FAST_ENGINE = {
  heartbeatMs: 400,
  pongTimeoutMs: 400,
  handshakeTimeoutMs: 3_000,
  backoff: { baseMs: 150, capMs: 600 },
  stableAfterMs: 1_000,
} as const;

const BUILT = [join(OUT, 'renderer/index.html'), join(OUT, 'preload/index.cjs'), join(OUT, 'main/index.js')];
/** Sources whose change makes out/ stale: the main process the Electron suite launches, the preload and renderer, what they share, the build config. */
const BUNDLE_SOURCES = ['src/main', 'src/preload', 'src/renderer', 'src/shared', 'electron.vite.config.ts'].map((d) => join(REPO, d));

function upToDate(): boolean {
  if (!BUILT.every((f) => existsSync(f))) return false;
  const built = Math.min(...BUILT.map((f) => statSync(f).mtimeMs));
  return BUNDLE_SOURCES.every((dir) => newestMtime(dir) <= built);
}

/**
 * `npm test` builds first; a targeted run may not have, or may follow an
 * edit. Several suites may ask at once, so the build runs under a directory lock.
 */
export async function ensureBuilt(): Promise<void> {
  if (upToDate()) return;
  mkdirSync(OUT, { recursive: true });
  const lock = join(OUT, '.beacon-test-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`waited 120 s for ${lock}; remove it if no build is running`);
      await sleep(250);
    }
  }
  try {
    if (!upToDate()) {
      execFileSync(process.execPath, [join(REPO, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
        cwd: REPO,
        stdio: 'pipe',
      });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Polls until `check` returns a truthy value (a throw counts as not yet); fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000, everyMs = 50): Promise<NonNullable<T>> {
  let last: unknown;
  const attempt = async (): Promise<T | undefined> => {
    try {
      return await check();
    } catch (error) {
      last = error;
      return undefined;
    }
  };
  const describe = () => `${what}${last ? ` (last error: ${String(last)})` : ''}`;
  return (await pollUntil(describe, attempt, Boolean, { timeoutMs, everyMs })) as NonNullable<T>;
}
