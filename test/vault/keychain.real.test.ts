// The vault against the real gnome-keyring Secret Service on a private bus:
//   bash scripts/with-keychain.sh npx vitest run test/vault
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHECK_ACCOUNT, createTokenStore, loadKeytar, OsKeychain } from '../../src/main/vault';
import { describeWhen } from '../support/system-gate';
import { realKeychainGate } from './support/keychain-env';

// A service of its own, so parallel suites sharing the keyring never collide.
const SERVICE = `BeaconTest-vault-${process.pid}-${Date.now()}`;
const A = 'wss://chat-a.example.com/ws';
const B = 'wss://chat-b.example.com:8443/socket?tenant=blue';

describeWhen(realKeychainGate(), 'OS keychain (real gnome-keyring)', () => {
  const vault = new OsKeychain({ service: SERVICE });

  beforeAll(async () => {
    // The gate says a keychain should be there: if it is not usable, fail loudly.
    await vault.check();
  });

  afterAll(async () => {
    const keytar = await loadKeytar();
    for (const c of await keytar.findCredentials(SERVICE)) await keytar.deletePassword(SERVICE, c.account);
  });

  it('stores and reads a token under service/account = server URL', async () => {
    await vault.write(A, 'token-a-1');
    expect(await vault.read(A)).toBe('token-a-1');
    const keytar = await loadKeytar();
    expect(await keytar.getPassword(SERVICE, A)).toBe('token-a-1');
  });

  it('replaces a token in place', async () => {
    await vault.write(A, 'token-a-2');
    expect(await vault.read(A)).toBe('token-a-2');
    expect((await vault.list()).filter((x) => x === A)).toHaveLength(1);
  });

  it('keeps two servers side by side and lists them', async () => {
    await vault.write(B, 'token-b-1');
    expect(await vault.read(A)).toBe('token-a-2');
    expect(await vault.read(B)).toBe('token-b-1');
    expect(await vault.list()).toEqual([A, B].sort());
  });

  it('deletes one server without touching the other', async () => {
    expect(await vault.delete(A)).toBe(true);
    expect(await vault.read(A)).toBeNull();
    expect(await vault.delete(A)).toBe(false);
    expect(await vault.read(B)).toBe('token-b-1');
    expect(await vault.list()).toEqual([B]);
  });

  it('leaves no trace of its keychain check', async () => {
    await vault.check();
    const keytar = await loadKeytar();
    const accounts = (await keytar.findCredentials(SERVICE)).map((c) => c.account);
    expect(accounts).not.toContain(CHECK_ACCOUNT);
  });

  it('TokenStore reports the OS keychain as usable', async () => {
    const store = createTokenStore({ service: SERVICE, log: console });
    expect(await store.check()).toEqual({ keychain: 'os', problem: null, kind: null });
    await store.write(A, 'token-a-3');
    expect(await vault.read(A)).toBe('token-a-3');
    expect(await store.delete(A)).toEqual({ removed: true, problem: null });
  });
});
