// Decides whether tests may use the real OS keychain, and runs the vault child
// process in a chosen D-Bus environment.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { closed, OPEN, type Gate } from '../../support/system-gate';

export const REPO = resolve(import.meta.dirname, '../../..');
const CHILD = join(REPO, 'test/vault/fixtures/vault-child.ts');

/**
 * The real keychain is only touched inside scripts/with-keychain.sh (which sets
 * BEACON_KEYCHAIN=1 and a private bus), never a developer's own keyring.
 */
export function realKeychainGate(): Gate {
  if (process.env['BEACON_KEYCHAIN'] !== '1') {
    return closed('BEACON_KEYCHAIN is not 1: run under `bash scripts/with-keychain.sh npx vitest run ...` to use a private gnome-keyring');
  }
  if (!process.env['DBUS_SESSION_BUS_ADDRESS']) {
    return closed('DBUS_SESSION_BUS_ADDRESS is unset: no session bus, so no Secret Service');
  }
  return OPEN;
}

function onPath(cmd: string): boolean {
  return (process.env['PATH'] ?? '').split(':').some((dir) => {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function removeScratchDirs(): void {
  for (const d of scratchDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** keytar's native build is present (the failure tests run it in child processes). */
export function keytarGate(): Gate {
  return existsSync(join(REPO, 'node_modules/keytar/build/Release/keytar.node'))
    ? OPEN
    : closed('keytar has no native build (run `npm rebuild keytar`; needs libsecret-1-dev)');
}

/** Tools the failure-reproduction tests need (they make their own private buses). */
export function toolsGate(tools: readonly string[]): Gate {
  const missing = tools.filter((t) => !onPath(t));
  return missing.length === 0
    ? OPEN
    : closed(`missing ${missing.join(', ')} (apt-get install dbus gnome-keyring)`);
}

export type ChildLine =
  | { op: string; ok: true; value: unknown }
  | { op: string; ok: false; kind: string; message: string; detail?: string };

const scratchDirs: string[] = [];

/** A scratch HOME/XDG set so nothing a child starts can reach the real user's keyrings. */
export function scratchEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-vault-'));
  scratchDirs.push(dir);
  return {
    HOME: dir,
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    XDG_RUNTIME_DIR: dir,
  };
}

/**
 * Runs vault-child.ts with `ops`, optionally wrapped (e.g. in dbus-run-session),
 * with the given environment changes (undefined deletes a variable).
 */
export function runVaultChild(opts: {
  ops: string[];
  env?: Record<string, string | undefined>;
  wrap?: string[];
  timeoutMs?: number;
}): Promise<{ lines: ChildLine[]; stderr: string; code: number | null }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const nodeArgs = ['--import', 'tsx', CHILD, ...opts.ops];
  const [cmd, ...args] = [...(opts.wrap ?? []), process.execPath, ...nodeArgs];
  return new Promise((resolvePromise) => {
    execFile(cmd ?? process.execPath, args, { cwd: REPO, env, timeout: opts.timeoutMs ?? 20_000 }, (err, stdout, stderr) => {
      const lines = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as ChildLine);
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : err ? null : 0;
      resolvePromise({ lines, stderr, code });
    });
  });
}
