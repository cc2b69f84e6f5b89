import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKeytar, OsKeychain, VaultError } from '../../src/main/vault';

const dir = mkdtempSync(join(tmpdir(), 'beacon-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function vaultErrorOf(p: Promise<unknown>): Promise<VaultError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VaultError);
  return err as VaultError;
}

describe('lazy keytar loading', () => {
  it('turns a module that is not installed into native-module-missing', async () => {
    const missing = join(dir, 'no-such-keytar', 'index.js');
    const e = await vaultErrorOf(loadKeytar(() => import(missing)));
    expect(e.kind).toBe('native-module-missing');
    expect(e.message).toMatch(/npm rebuild keytar/);
  });

  it('turns a native file that will not load (a broken build) into native-module-missing', async () => {
    const broken = join(dir, 'keytar.node');
    writeFileSync(broken, 'this is not a shared object');
    const require = createRequire(import.meta.url);
    const e = await vaultErrorOf(loadKeytar(async () => require(broken)));
    expect(e.kind).toBe('native-module-missing');
    expect(e.detail).toMatch(/keytar\.node|invalid ELF header|file too short/);
  });

  it('rejects a module without keytar functions', async () => {
    const e = await vaultErrorOf(loadKeytar(async () => ({ default: { getPassword: 1 } })));
    expect(e.kind).toBe('native-module-missing');
  });

  it('does not load anything until first use, and each operation then fails clearly', async () => {
    let calls = 0;
    const vault = new OsKeychain({
      importer: async () => {
        calls += 1;
        throw Object.assign(new Error("Cannot find module 'keytar'"), { code: 'ERR_MODULE_NOT_FOUND' });
      },
    });
    expect(calls).toBe(0);
    expect((await vaultErrorOf(vault.read('wss://a.example'))).kind).toBe('native-module-missing');
    expect((await vaultErrorOf(vault.write('wss://a.example', 't'))).kind).toBe('native-module-missing');
    expect(calls).toBe(1);
  });
});
