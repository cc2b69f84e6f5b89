// A keychain for unit tests: in memory, failing on every operation with a
// real keytar/libsecret message while `failWith` is set, and recording what
// it was asked. The real keychain is in keychain.real.test.ts and failures.real.test.ts.
import { classifyKeychainError, MemoryKeychain, type CheckableKeychain } from '../../../src/main/vault';

export class ScriptedKeychain extends MemoryKeychain implements CheckableKeychain {
  failWith: string | null = null;
  /** Every operation asked of it, in order. */
  readonly calls: string[] = [];

  #guard(op: string): void {
    this.calls.push(op);
    if (this.failWith) throw classifyKeychainError(new Error(this.failWith));
  }

  async check(): Promise<void> {
    this.#guard('check');
  }

  override async read(account: string): Promise<string | null> {
    this.#guard('read');
    return super.read(account);
  }

  override async write(account: string, secret: string): Promise<void> {
    this.#guard('write');
    return super.write(account, secret);
  }

  override async delete(account: string): Promise<boolean> {
    this.#guard('delete');
    return super.delete(account);
  }

  override async list(): Promise<string[]> {
    this.#guard('list');
    return super.list();
  }
}
