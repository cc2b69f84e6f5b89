// keytar is a native addon: importing it at the top of main would turn a
// missing or mismatched build into a crash at start. It is loaded on first
// use instead, and a failure becomes a VaultError like any other.
import { classifyKeychainError } from './errors';

/** The part of keytar's API the vault uses. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** Returns the raw module (or its namespace); shape-checked by loadKeytar. */
export type KeytarImporter = () => Promise<unknown>;

export const importKeytar: KeytarImporter = () => import('keytar');

function pick(mod: unknown): KeytarLike | null {
  const candidates = [mod, (mod as { default?: unknown } | null)?.default];
  for (const c of candidates) {
    if (typeof c !== 'object' || c === null) continue;
    const k = c as Record<string, unknown>;
    if (
      typeof k['getPassword'] === 'function' &&
      typeof k['setPassword'] === 'function' &&
      typeof k['deletePassword'] === 'function' &&
      typeof k['findCredentials'] === 'function'
    ) {
      return c as KeytarLike;
    }
  }
  return null;
}

/** Loads keytar through `importer`; throws a VaultError ('native-module-missing') if it cannot. */
export async function loadKeytar(importer: KeytarImporter = importKeytar): Promise<KeytarLike> {
  let mod: unknown;
  try {
    mod = await importer();
  } catch (err) {
    throw classifyKeychainError(err, { loading: true });
  }
  const keytar = pick(mod);
  if (!keytar) {
    throw classifyKeychainError(new Error('the keytar module loaded but does not have the expected functions'), {
      loading: true,
    });
  }
  return keytar;
}
