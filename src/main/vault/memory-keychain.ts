// Tokens held for this run only, used when the OS keychain cannot be. Never
// written to disk: the alternative (a plaintext file) would be a silent downgrade.
import type { Keychain } from './os-keychain';

export class MemoryKeychain implements Keychain {
  readonly #items = new Map<string, string>();

  async read(account: string): Promise<string | null> {
    return this.#items.get(account) ?? null;
  }

  async write(account: string, secret: string): Promise<void> {
    this.#items.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.#items.delete(account);
  }

  async list(): Promise<string[]> {
    return [...this.#items.keys()].sort();
  }

  /** Hands every item over (used when the OS keychain becomes usable again). */
  entries(): Array<[string, string]> {
    return [...this.#items.entries()];
  }

  clear(): void {
    this.#items.clear();
  }
}
