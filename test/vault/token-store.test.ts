// TokenStore's fallback rules, with a small scripted keychain. The real
// keychain paths are covered in keychain.real.test.ts and failures.real.test.ts.
import { describe, expect, it } from 'vitest';
import { createTokenStore, TokenStore, type KeychainStatus } from '../../src/main/vault';
import { ScriptedKeychain } from './support/scripted-keychain';

function setup() {
  const os = new ScriptedKeychain();
  const lines: string[] = [];
  const store = new TokenStore(os, { info: (m) => lines.push(m), warn: (m) => lines.push(m) });
  const seen: KeychainStatus[] = [];
  store.onStatus((s) => seen.push(s));
  return { os, store, lines, seen };
}

const TOKEN = 'tok-4f1c-very-secret';

describe('TokenStore', () => {
  it('uses the OS keychain while it works', async () => {
    const { os, store } = setup();
    await store.write('wss://a.example', TOKEN);
    expect(await os.read('wss://a.example')).toBe(TOKEN);
    expect(await store.read('wss://a.example')).toBe(TOKEN);
    expect(await store.list()).toEqual(['wss://a.example']);
    expect(await store.delete('wss://a.example')).toEqual({ removed: true, problem: null });
    expect(store.status()).toEqual({ keychain: 'os', problem: null, kind: null });
  });

  it('falls back to memory on a failed write, says so once, and never logs the token', async () => {
    const { os, store, lines, seen } = setup();
    os.failWith = 'Cannot create an item in a locked collection';
    await store.write('wss://a.example', TOKEN);
    await store.write('wss://b.example', TOKEN + '2');
    expect(await store.read('wss://a.example')).toBe(TOKEN);
    expect(await store.list()).toEqual(['wss://a.example', 'wss://b.example']);
    const s = store.status();
    expect(s.keychain).toBe('memory-only');
    expect(s.kind).toBe('collection-locked');
    expect(s.problem).toMatch(/keyring is locked.*memory only.*sign in again after Beacon restarts/);
    expect(seen).toHaveLength(1);
    expect(lines).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('check() reports an unusable keychain before anyone signs in', async () => {
    const { os, store } = setup();
    os.failWith = 'The name org.freedesktop.secrets was not provided by any .service files';
    const s = await store.check();
    expect(s).toMatchObject({ keychain: 'memory-only', kind: 'no-secret-service' });
    expect(await store.read('wss://a.example')).toBeNull();
  });

  it('reports a token it could not remove from the keychain', async () => {
    const { os, store } = setup();
    await store.write('wss://a.example', TOKEN);
    os.failWith = 'Cannot create an item in a locked collection';
    const out = await store.delete('wss://a.example');
    expect(out.removed).toBe(false);
    expect(out.problem).toMatch(/could not make sure no token is left.*locked/);
  });

  it('retryKeychain moves in-memory tokens into a keychain that works again', async () => {
    const { os, store, seen } = setup();
    os.failWith = 'Cannot autolaunch D-Bus without X11 $DISPLAY';
    await store.write('wss://a.example', TOKEN);
    expect((await store.retryKeychain()).keychain).toBe('memory-only');
    os.failWith = null;
    expect(await store.retryKeychain()).toEqual({ keychain: 'os', problem: null, kind: null });
    expect(await os.read('wss://a.example')).toBe(TOKEN);
    expect(seen.map((s) => s.keychain)).toEqual(['memory-only', 'os']);
  });

  it('a write after the keychain works again goes to it, with the tokens held in memory', async () => {
    const { os, store, lines, seen } = setup();
    os.failWith = 'Cannot create an item in a locked collection';
    await store.write('wss://a.example', TOKEN);
    await store.write('wss://a.example', TOKEN); // still locked: memory again, nothing new said
    expect(store.status()).toMatchObject({ keychain: 'memory-only', kind: 'collection-locked' });
    expect(lines).toHaveLength(1);
    os.failWith = null; // the person unlocked the keyring and signs in again
    await store.write('wss://b.example', `${TOKEN}2`);
    expect(store.status()).toEqual({ keychain: 'os', problem: null, kind: null });
    expect(await os.read('wss://a.example')).toBe(TOKEN);
    expect(await os.read('wss://b.example')).toBe(`${TOKEN}2`);
    expect(seen.map((s) => s.keychain)).toEqual(['memory-only', 'os']);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('a write in memory-only mode that still cannot reach the keychain says so when the reason changes', async () => {
    const { os, store, seen } = setup();
    os.failWith = 'Cannot create an item in a locked collection';
    await store.write('wss://a.example', TOKEN);
    os.failWith = 'Could not connect: No such file or directory';
    await store.write('wss://a.example', TOKEN);
    expect(store.status()).toMatchObject({ keychain: 'memory-only', kind: 'no-session-bus' });
    expect(seen.map((s) => s.kind)).toEqual(['collection-locked', 'no-session-bus']);
    expect(await store.read('wss://a.example')).toBe(TOKEN);
  });

  it('refuses an empty token', async () => {
    const { store } = setup();
    await expect(store.write('wss://a.example', '')).rejects.toThrow(/empty token/);
  });
});

describe('TokenStore.delete in memory-only mode', () => {
  it('still tries the OS keychain, removing a token an earlier run stored there', async () => {
    const { os, store } = setup();
    await os.write('wss://a.example', 'from-an-earlier-run');
    expect(await store.read('wss://a.example')).toBe('from-an-earlier-run'); // what start() does
    os.failWith = 'Cannot create an item in a locked collection';
    await store.write('wss://a.example', TOKEN); // now memory-only
    os.failWith = null;
    expect(await store.delete('wss://a.example')).toEqual({ removed: true, problem: null });
    expect(await os.read('wss://a.example')).toBeNull();
    // Removed for sure: a keychain failing afterwards cannot have kept it.
    os.failWith = 'Could not connect: No such file or directory';
    expect(await store.delete('wss://a.example')).toEqual({ removed: false, problem: null });
  });

  it('reports when a token it found in the keychain may be left there', async () => {
    const { os, store } = setup();
    await os.write('wss://a.example', 'from-an-earlier-run');
    expect(await store.read('wss://a.example')).toBe('from-an-earlier-run');
    os.failWith = 'Could not connect: No such file or directory';
    await store.write('wss://a.example', TOKEN); // memory-only
    const out = await store.delete('wss://a.example');
    expect(out.removed).toBe(true); // from memory
    expect(out.problem).toMatch(/could not make sure no token is left.*D-Bus/);
  });

  it('reports when a read failed before it could tell whether a token is there', async () => {
    const { os, store } = setup();
    await os.write('wss://a.example', 'from-an-earlier-run');
    os.failWith = 'Cannot create an item in a locked collection';
    expect(await store.read('wss://a.example')).toBeNull(); // unknown: the keychain did not answer
    expect((await store.delete('wss://a.example')).problem).toMatch(/could not make sure no token is left.*locked/);
  });

  it('a broken keychain where no token was ever stored: sign-out removes the token from memory and warns about nothing', async () => {
    const { os, store, lines } = setup();
    os.failWith = 'Cannot autolaunch D-Bus without X11 $DISPLAY';
    expect((await store.check()).keychain).toBe('memory-only');
    await store.write('wss://a.example', TOKEN);
    expect(await store.read('wss://a.example')).toBe(TOKEN);
    expect(await store.delete('wss://a.example')).toEqual({ removed: true, problem: null });
    expect(await store.read('wss://a.example')).toBeNull();
    // Only the switch to memory-only was said, once; nothing about a token left behind.
    expect(lines).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/left|could not make sure/);
    expect(store.status()).toMatchObject({ keychain: 'memory-only', kind: 'no-session-bus' });
  });

  it('a token only another server had in the keychain does not make this server\'s sign-out warn', async () => {
    const { os, store } = setup();
    await store.write('wss://b.example', TOKEN); // in the keychain
    os.failWith = 'Cannot create an item in a locked collection';
    await store.write('wss://a.example', `${TOKEN}2`); // memory-only
    expect((await store.delete('wss://a.example')).problem).toBeNull();
    expect((await store.delete('wss://b.example')).problem).toMatch(/could not make sure no token is left/);
  });
});

describe('TokenStore with the keychain switched off', () => {
  const OFF = 'The system keychain is switched off for this run (BEACON_NO_KEYCHAIN=1).';

  it('is memory-only from the start and says the keychain is off, not broken', async () => {
    const lines: string[] = [];
    const store = TokenStore.withKeychainOff({ info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) }, 'BEACON_NO_KEYCHAIN=1');
    const expected: KeychainStatus = {
      keychain: 'memory-only',
      kind: 'disabled',
      problem: `${OFF} Beacon keeps your token in memory only: you will need to sign in again after Beacon restarts.`,
    };
    expect(store.status()).toEqual(expected);
    expect(store.status().problem).not.toMatch(/Until then|unexpected/);
    expect(lines).toEqual(['info vault: the system keychain is switched off (BEACON_NO_KEYCHAIN=1); keeping tokens in memory for this run']);

    const seen: KeychainStatus[] = [];
    store.onStatus((s) => seen.push(s));
    await store.write('wss://a.example', TOKEN);
    expect(await store.read('wss://a.example')).toBe(TOKEN);
    expect(await store.list()).toEqual(['wss://a.example']);
    expect(await store.check()).toEqual(expected);
    expect(await store.retryKeychain()).toEqual(expected); // nothing to fix: it stays off, quietly
    expect(await store.delete('wss://a.example')).toEqual({ removed: true, problem: null });
    expect(await store.list()).toEqual([]);
    expect(seen).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('createTokenStore({ keychain: "off" }) builds the same, and without a named switch the text still reads', async () => {
    const log = { info: () => {}, warn: () => {} };
    expect(createTokenStore({ log, keychain: 'off', switchedOffBy: 'BEACON_NO_KEYCHAIN=1' }).status().problem).toMatch(/^The system keychain is switched off for this run \(BEACON_NO_KEYCHAIN=1\)\. Beacon keeps/);
    expect(TokenStore.withKeychainOff(log).status().problem).toBe(
      'The system keychain is switched off for this run. Beacon keeps your token in memory only: you will need to sign in again after Beacon restarts.',
    );
  });

  it('a failing keychain still reads as a problem to fix, with "Until then"', async () => {
    const { os, store } = setup();
    os.failWith = 'Something nobody has seen before';
    expect((await store.check()).problem).toBe(
      'The system keychain reported an unexpected error. (Something nobody has seen before) Until then Beacon keeps your token in memory only: you will need to sign in again after Beacon restarts.',
    );
  });
});
