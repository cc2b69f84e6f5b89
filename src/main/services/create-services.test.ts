import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppServices } from './create-services';
import type { AppServices } from './services';

let dir: string | null = null;
let services: AppServices | null = null;
afterEach(async () => {
  await services?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  services = null;
  dir = null;
});

describe('createAppServices with the keychain switched off', () => {
  it('reports memory-only because the keychain is off (naming the switch), not as a keychain error', async () => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-services-'));
    const logs: string[] = [];
    services = await createAppServices({
      dataDir: dir,
      settingsEngine: 'conf',
      log: (l) => logs.push(l),
      keychain: 'memory',
      keychainSwitchedOffBy: 'BEACON_NO_KEYCHAIN=1',
    });
    expect(services.session.status()).toEqual({
      signedIn: false,
      serverUrl: null,
      lastServerUrl: null,
      userId: null,
      keychain: 'memory-only',
      keychainProblem:
        'The system keychain is switched off for this run (BEACON_NO_KEYCHAIN=1). Beacon keeps your token in memory only: you will need to sign in again after Beacon restarts.',
    });
    expect(logs.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });
});
