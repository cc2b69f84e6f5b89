// The OS keychain through keytar: one item per server, service "Beacon",
// account = the server URL.
//
// libsecret hides a locked or missing keyring on reads: getPassword answers
// null and deletePassword false as if there were nothing, and findCredentials
// on a locked collection crashes the whole process (keytar dereferences a null
// secret). So a "nothing there" answer, and every list, is first confirmed by
// a write check, which does fail with a clear message when the keyring is
// locked or absent.
import { classifyKeychainError, VaultError } from './errors';
import { importKeytar, loadKeytar, type KeytarImporter, type KeytarLike } from './keytar-loader';

export const VAULT_SERVICE = 'Beacon';
/** Account used by the write check; never a server URL (those are ws:// or wss://). */
export const CHECK_ACCOUNT = 'beacon:keychain-check';

/** The operations every token keychain offers (the OS one and the in-memory one). */
export interface Keychain {
  read(account: string): Promise<string | null>;
  write(account: string, secret: string): Promise<void>;
  /** true if an item was removed, false if there was none. */
  delete(account: string): Promise<boolean>;
  /** Accounts (server URLs) that have a stored token, sorted. */
  list(): Promise<string[]>;
}

export interface OsKeychainOptions {
  service?: string;
  importer?: KeytarImporter;
}

export class OsKeychain implements Keychain {
  readonly service: string;
  readonly #importer: KeytarImporter;
  #keytar: Promise<KeytarLike> | null = null;

  constructor(opts: OsKeychainOptions = {}) {
    this.service = opts.service ?? VAULT_SERVICE;
    this.#importer = opts.importer ?? importKeytar;
  }

  #load(): Promise<KeytarLike> {
    this.#keytar ??= loadKeytar(this.#importer);
    return this.#keytar;
  }

  async #call<T>(op: (k: KeytarLike) => Promise<T>, secrets: readonly string[] = []): Promise<T> {
    const keytar = await this.#load();
    try {
      return await op(keytar);
    } catch (err) {
      throw classifyKeychainError(err, { secrets });
    }
  }

  /** Throws a VaultError unless an item can be written and removed right now. */
  async check(): Promise<void> {
    const value = `check-${Date.now()}`;
    await this.#call((k) => k.setPassword(this.service, CHECK_ACCOUNT, value));
    await this.#call((k) => k.deletePassword(this.service, CHECK_ACCOUNT));
  }

  async read(account: string): Promise<string | null> {
    const secret = await this.#call((k) => k.getPassword(this.service, account));
    if (secret !== null) return secret;
    await this.check();
    return null;
  }

  async write(account: string, secret: string): Promise<void> {
    if (account === CHECK_ACCOUNT) throw new VaultError('unknown', 'reserved account name');
    await this.#call((k) => k.setPassword(this.service, account, secret), [secret]);
  }

  async delete(account: string): Promise<boolean> {
    const removed = await this.#call((k) => k.deletePassword(this.service, account));
    if (removed) return true;
    await this.check();
    return false;
  }

  async list(): Promise<string[]> {
    await this.check();
    const found = await this.#call((k) => k.findCredentials(this.service));
    return found
      .map((c) => c.account)
      .filter((a) => a !== CHECK_ACCOUNT)
      .sort();
  }
}
