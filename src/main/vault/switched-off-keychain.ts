// The OS keychain switched off on purpose (BEACON_NO_KEYCHAIN=1, tests outside
// a throwaway keyring): nothing is in it and nothing can be put in it, so a
// TokenStore over it keeps tokens in memory and clean-ups find nothing.
import { VaultError } from './errors';
import type { CheckableKeychain } from './token-store';

export class SwitchedOffKeychain implements CheckableKeychain {
  readonly error: VaultError;

  /** `switchedOffBy` names the switch for the person, e.g. "BEACON_NO_KEYCHAIN=1"; may be empty. */
  constructor(switchedOffBy = '') {
    this.error = new VaultError('disabled', switchedOffBy);
  }

  check(): Promise<void> {
    return Promise.reject(this.error);
  }

  write(): Promise<void> {
    return Promise.reject(this.error);
  }

  read(): Promise<string | null> {
    return Promise.resolve(null);
  }

  delete(): Promise<boolean> {
    return Promise.resolve(false);
  }

  list(): Promise<string[]> {
    return Promise.resolve([]);
  }
}
