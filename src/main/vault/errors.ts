// Turns whatever keytar (libsecret, D-Bus, the native loader) throws into one
// of a few kinds a person can act on. Matching is on the messages those layers
// really produce; each pattern below was seen from keytar 7.9 on Linux.
import { redact } from '../../shared/redact';

export const VAULT_ERROR_KINDS = [
  'no-session-bus',
  'no-secret-service',
  'keyring-not-unlocked',
  'collection-locked',
  'native-module-missing',
  'disabled',
  'unknown',
] as const;
export type VaultErrorKind = (typeof VAULT_ERROR_KINDS)[number];

/** What the person can do about it; shown in the UI as is. */
export const VAULT_ERROR_TEXT: Readonly<Record<VaultErrorKind, string>> = {
  'no-session-bus':
    'Beacon cannot reach the desktop session bus (D-Bus), so it cannot use the system keychain. ' +
    'Start Beacon from a desktop session (or set DBUS_SESSION_BUS_ADDRESS) to have your sign-in remembered.',
  'no-secret-service':
    'No keychain service is running on this computer (nothing provides org.freedesktop.secrets). ' +
    'Install and start GNOME Keyring, or KeePassXC with its Secret Service integration, to have your sign-in remembered.',
  'keyring-not-unlocked':
    'Your login keyring does not exist yet or has not been unlocked. ' +
    'Open "Passwords and Keys" (Seahorse), create or unlock the Login keyring, then sign in again.',
  'collection-locked':
    'Your keyring is locked. Unlock it (for example in "Passwords and Keys"), then sign in again.',
  'native-module-missing':
    "Beacon's keychain component (keytar) could not be loaded: it is missing, built for another runtime, " +
    'or the libsecret library is not installed. Reinstall Beacon (from source: "npm rebuild keytar").',
  // Not a failure: the keychain was switched off on purpose (BEACON_NO_KEYCHAIN=1, tests).
  disabled: 'The system keychain is switched off for this run.',
  unknown: 'The system keychain reported an unexpected error.',
};

/** The text, with the detail where it tells the person something: what went wrong, or what switched the keychain off. */
function messageFor(kind: VaultErrorKind, detail: string): string {
  const text = VAULT_ERROR_TEXT[kind];
  if (!detail) return text;
  if (kind === 'unknown') return `${text} (${detail})`;
  if (kind === 'disabled') return `${text.slice(0, -1)} (${detail}).`;
  return text;
}

export class VaultError extends Error {
  override readonly name = 'VaultError';
  readonly kind: VaultErrorKind;
  /** The underlying message (redacted), for logs and bug reports. */
  readonly detail: string;

  constructor(kind: VaultErrorKind, detail: string) {
    super(messageFor(kind, detail));
    this.kind = kind;
    this.detail = detail;
  }
}

type Rule = { kind: VaultErrorKind; test: RegExp };

// Order matters: a missing provider's message also mentions D-Bus, so the
// provider rules run before the generic bus rules.
const RULES: readonly Rule[] = [
  { kind: 'native-module-missing', test: /keytar\.node|NODE_MODULE_VERSION|was compiled against a different Node|invalid ELF header|Cannot find module ['"]?keytar|wrong ELF class/i },
  { kind: 'no-secret-service', test: /org\.freedesktop\.secrets was not provided by any \.service files|ServiceUnknown.*org\.freedesktop\.secrets|StartServiceByName for org\.freedesktop\.secrets/i },
  { kind: 'keyring-not-unlocked', test: /Object does not exist at path .*\/collection\/(login|default)|No such object path '\/org\/freedesktop\/secrets\/(aliases|collection)\//i },
  { kind: 'collection-locked', test: /Cannot create an item in a locked collection|locked collection|Cannot get secret of a locked object|is locked/i },
  { kind: 'no-session-bus', test: /Cannot autolaunch D-Bus|Unable to autolaunch a dbus-daemon|dbus-launch|Could not connect: (No such file or directory|Connection refused)|Failed to connect to socket|DBUS_SESSION_BUS_ADDRESS|Cannot spawn a message bus/i },
];

const NATIVE_LOAD_CODES = new Set(['MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND', 'ERR_DLOPEN_FAILED']);

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return String(err);
}

function codeOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * Classifies a failure from keytar. `loading` says it happened while loading
 * the native module, so any error there means the module cannot be used.
 */
export function classifyKeychainError(
  err: unknown,
  opts: { loading?: boolean; secrets?: readonly string[] } = {},
): VaultError {
  if (err instanceof VaultError) return err;
  const detail = redact(messageOf(err), opts.secrets ?? []).slice(0, 500);
  if (opts.loading || NATIVE_LOAD_CODES.has(codeOf(err) ?? '')) {
    return new VaultError('native-module-missing', detail);
  }
  for (const rule of RULES) if (rule.test.test(detail)) return new VaultError(rule.kind, detail);
  return new VaultError('unknown', detail);
}
