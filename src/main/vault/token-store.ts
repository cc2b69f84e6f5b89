// The one place the rest of main gets tokens from. It uses the OS keychain
// while that works; the first time it does not, it says so (status and one
// log line) and holds tokens in memory until the keychain works again (every
// later write tries it first), so signing in still works but is not
// remembered. It never falls back to a file.
import type { Logger } from '../log';
import { classifyKeychainError, type VaultError, type VaultErrorKind } from './errors';
import { MemoryKeychain } from './memory-keychain';
import type { Keychain } from './os-keychain';
import { SwitchedOffKeychain } from './switched-off-keychain';

export type KeychainMode = 'os' | 'memory-only';

export interface KeychainStatus {
  keychain: KeychainMode;
  /** Person-readable: what went wrong and what it means for the sign-in. */
  problem: string | null;
  kind: VaultErrorKind | null;
}

export interface DeleteOutcome {
  /** A token for that server existed and is gone. */
  removed: boolean;
  /** Set when the OS keychain could not confirm the removal. */
  problem: string | null;
}

/** A keychain the TokenStore can check before trusting it (OsKeychain is one). */
export interface CheckableKeychain extends Keychain {
  check(): Promise<void>;
}

const MEMORY_ONLY = 'Beacon keeps your token in memory only: you will need to sign in again after Beacon restarts.';

/** What the keychain problem means for the sign-in. "Until then" only where the person can fix something. */
function memoryOnlyProblem(e: VaultError): string {
  return e.kind === 'disabled' ? `${e.message} ${MEMORY_ONLY}` : `${e.message} Until then ${MEMORY_ONLY}`;
}

export class TokenStore {
  readonly #os: CheckableKeychain;
  readonly #memory = new MemoryKeychain();
  readonly #log: Logger;
  readonly #listeners = new Set<(s: KeychainStatus) => void>();
  #status: KeychainStatus = { keychain: 'os', problem: null, kind: null };
  /**
   * Accounts whose token may be in the OS keychain: one was written or found
   * there, or a read failed before it could tell. Only for these can a failed
   * delete leave a token behind, so only these get the sign-out warning.
   */
  readonly #osMayHold = new Set<string>();

  constructor(os: CheckableKeychain, log: Logger) {
    this.#os = os;
    this.#log = log;
  }

  /**
   * A store that never touches the OS keychain: memory-only from the start, and
   * its status says the keychain is switched off (kind `disabled`), not broken.
   * `switchedOffBy` names the switch for the person, e.g. "BEACON_NO_KEYCHAIN=1".
   */
  static withKeychainOff(log: Logger, switchedOffBy = ''): TokenStore {
    const os = new SwitchedOffKeychain(switchedOffBy);
    const store = new TokenStore(os, log);
    store.#status = { keychain: 'memory-only', problem: memoryOnlyProblem(os.error), kind: 'disabled' };
    log.info(`vault: the system keychain is switched off${switchedOffBy ? ` (${switchedOffBy})` : ''}; keeping tokens in memory for this run`);
    return store;
  }

  status(): KeychainStatus {
    return { ...this.#status };
  }

  onStatus(cb: (s: KeychainStatus) => void): () => void {
    this.#listeners.add(cb);
    return () => this.#listeners.delete(cb);
  }

  /** Switches to memory-only for `err` (saying so when that is news) and returns it classified. */
  #fallBack(err: unknown, secrets: readonly string[] = []): VaultError {
    const e = classifyKeychainError(err, { secrets });
    const problem = memoryOnlyProblem(e);
    const changed = this.#status.keychain !== 'memory-only' || this.#status.kind !== e.kind;
    this.#status = { keychain: 'memory-only', problem, kind: e.kind };
    if (changed) {
      this.#log.warn(`vault: system keychain unusable (${e.kind}: ${e.detail}); keeping tokens in memory until it works again`);
      for (const cb of this.#listeners) cb(this.status());
    }
    return e;
  }

  get #usingOs(): boolean {
    return this.#status.keychain === 'os';
  }

  /** Confirms the OS keychain works now (so the UI can warn before sign-in). */
  async check(): Promise<KeychainStatus> {
    if (this.#usingOs) {
      try {
        await this.#os.check();
      } catch (err) {
        this.#fallBack(err);
      }
    }
    return this.status();
  }

  async read(serverUrl: string): Promise<string | null> {
    if (this.#usingOs) {
      try {
        const token = await this.#os.read(serverUrl);
        if (token !== null) this.#osMayHold.add(serverUrl);
        return token;
      } catch (err) {
        this.#osMayHold.add(serverUrl);
        this.#fallBack(err);
      }
    }
    return this.#memory.read(serverUrl);
  }

  /**
   * Stores the token in the OS keychain, or in memory while that cannot be
   * used. In memory-only mode each write first tries the keychain again: the
   * person is told to unlock it and sign in again, and that sign-in must then
   * reach the keychain (with the tokens held in memory so far).
   */
  async write(serverUrl: string, token: string): Promise<void> {
    if (token.length === 0) throw new Error('refusing to store an empty token');
    if (!this.#usingOs && this.#status.kind !== 'disabled') await this.retryKeychain();
    if (this.#usingOs) {
      try {
        await this.#os.write(serverUrl, token);
        this.#osMayHold.add(serverUrl);
        return;
      } catch (err) {
        this.#fallBack(err, [token]);
      }
    }
    await this.#memory.write(serverUrl, token);
  }

  /**
   * Removes the token from memory and from the OS keychain. The keychain is
   * tried even in memory-only mode: an earlier run may have stored a token
   * there. A failed removal is reported only when this run knows a token may
   * be there (#osMayHold): a sign-out that did not warn about a keychain that
   * never held the token. (An earlier run whose own removal failed already said so.)
   */
  async delete(serverUrl: string): Promise<DeleteOutcome> {
    const fromMemory = await this.#memory.delete(serverUrl);
    // Switched off: this run never touched the keychain and must not start now.
    if (this.#status.kind === 'disabled') return { removed: fromMemory, problem: null };
    try {
      const fromOs = await this.#os.delete(serverUrl);
      this.#osMayHold.delete(serverUrl);
      return { removed: fromOs || fromMemory, problem: null };
    } catch (err) {
      const e = this.#fallBack(err);
      if (!this.#osMayHold.has(serverUrl)) return { removed: fromMemory, problem: null };
      return {
        removed: fromMemory,
        problem: `Beacon could not make sure no token is left in the system keychain. ${e.message}`,
      };
    }
  }

  async list(): Promise<string[]> {
    if (this.#usingOs) {
      try {
        return await this.#os.list();
      } catch (err) {
        this.#fallBack(err);
      }
    }
    return this.#memory.list();
  }

  /**
   * After the person fixed the keychain (e.g. unlocked it): use it again and
   * move the tokens held in memory into it.
   */
  async retryKeychain(): Promise<KeychainStatus> {
    if (this.#usingOs) return this.check();
    const pending = this.#memory.entries();
    try {
      await this.#os.check();
      for (const [account, token] of pending) {
        await this.#os.write(account, token);
        this.#osMayHold.add(account);
      }
    } catch (err) {
      this.#fallBack(err, pending.map(([, t]) => t));
      return this.status();
    }
    this.#memory.clear();
    this.#status = { keychain: 'os', problem: null, kind: null };
    this.#log.info('vault: system keychain usable again; tokens moved out of memory');
    for (const cb of this.#listeners) cb(this.status());
    return this.status();
  }
}
