// TokenStore's fallback rules, with a small scripted keychain. The real
// keychain paths are covered in keychain.real.test.ts and failures.real.test.ts.
import { describe, expect, it } from 'vitest';
import { classifyKeychainError, MemoryKeychain, TokenStore, type CheckableKeychain, type KeychainStatus } from '../../src/main/vault';

class ScriptedKeychain extends MemoryKeychain implements CheckableKeychain {
  failWith: string | null = null;
  #guard(): void {
    if (this.failWith) throw classifyKeychainError(new Error(this.failWith));
  }
  async check(): Promise<void> {
    this.#guard();
  }
  override async read(a: string) { this.#guard(); return super.read(a); }
  override async write(a: string, s: string) { this.#guard(); return super.write(a, s); }
  override async delete(a: string) { this.#guard(); return super.delete(a); }
  override async list() { this.#guard(); return super.list(); }
}

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

  it('refuses an empty token', async () => {
    const { store } = setup();
    await expect(store.write('wss://a.example', '')).rejects.toThrow(/empty token/);
  });
});

describe('TokenStore.delete in memory-only mode', () => {
  it('still tries the OS keychain, and reports when it cannot', async () => {
    const { os, store } = setup();
    await os.write('wss://a.example', 'from-an-earlier-run');
    os.failWith = 'Cannot create an item in a locked collection';
    await store.write('wss://a.example', TOKEN); // now memory-only
    os.failWith = null;
    expect(await store.delete('wss://a.example')).toEqual({ removed: true, problem: null });
    expect(await os.read('wss://a.example')).toBeNull();
    os.failWith = 'Could not connect: No such file or directory';
    expect((await store.delete('wss://a.example')).problem).toMatch(/no token is left.*D-Bus/);
  });
});
