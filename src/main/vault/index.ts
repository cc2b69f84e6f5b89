// Token vault: the session token in the OS keychain (keytar), with an
// in-memory fallback that is always reported, never silent. No Electron here.
import { OsKeychain, type OsKeychainOptions } from './os-keychain';
import type { Logger } from '../log';
import { TokenStore } from './token-store';

export { VAULT_ERROR_KINDS, VAULT_ERROR_TEXT, VaultError, classifyKeychainError } from './errors';
export type { VaultErrorKind } from './errors';
export { loadKeytar } from './keytar-loader';
export { OsKeychain, CHECK_ACCOUNT } from './os-keychain';
export { MemoryKeychain } from './memory-keychain';
export { SwitchedOffKeychain } from './switched-off-keychain';
export { TokenStore } from './token-store';
export type { KeychainStatus, DeleteOutcome, CheckableKeychain } from './token-store';

/**
 * The token store main uses: OS keychain (service "Beacon") with the memory
 * fallback; or, with `keychain: 'off'`, one that never touches the OS keychain
 * and says so (`switchedOffBy` names the switch, e.g. "BEACON_NO_KEYCHAIN=1").
 */
export function createTokenStore(
  opts: OsKeychainOptions & { log: Logger; keychain?: 'os' | 'off'; switchedOffBy?: string },
): TokenStore {
  const { log, keychain = 'os', switchedOffBy, ...osOpts } = opts;
  if (keychain === 'off') return TokenStore.withKeychainOff(log, switchedOffBy);
  return new TokenStore(new OsKeychain(osOpts), log);
}
