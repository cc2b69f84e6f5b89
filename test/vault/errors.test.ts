import { describe, expect, it } from 'vitest';
import { redact } from '../../src/shared/redact';
import { classifyKeychainError, SwitchedOffKeychain, VAULT_ERROR_KINDS, VAULT_ERROR_TEXT, VaultError } from '../../src/main/vault';

// Messages as keytar 7.9 / libsecret / Node really produce them (collected on Debian).
const KNOWN: Array<[string, string]> = [
  ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no-session-bus'],
  ['Could not connect: No such file or directory', 'no-session-bus'],
  ['Could not connect: Connection refused', 'no-session-bus'],
  ['Unable to autolaunch a dbus-daemon without a $DISPLAY for X11', 'no-session-bus'],
  ["Error spawning command line “dbus-launch --autolaunch=abc --binary-syntax --close-stderr”: Child process exited with code 1", 'no-session-bus'],
  ['The name org.freedesktop.secrets was not provided by any .service files', 'no-secret-service'],
  ['GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files', 'no-secret-service'],
  ['Error calling StartServiceByName for org.freedesktop.secrets: Timeout was reached', 'no-secret-service'],
  ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'keyring-not-unlocked'],
  ['Object does not exist at path "/org/freedesktop/secrets/collection/login"', 'keyring-not-unlocked'],
  ['Cannot create an item in a locked collection', 'collection-locked'],
  ["Cannot find module '../build/Release/keytar.node'", 'native-module-missing'],
  ["The module '/app/node_modules/keytar/build/Release/keytar.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 131.", 'native-module-missing'],
  ['Something nobody has seen before', 'unknown'],
];

describe('keychain error mapping', () => {
  it.each(KNOWN)('maps %j to %s', (message, kind) => {
    const e = classifyKeychainError(new Error(message));
    expect(e).toBeInstanceOf(VaultError);
    expect(e.kind).toBe(kind);
    expect(e.message).toContain(VAULT_ERROR_TEXT[e.kind]);
    expect(e.detail).toBe(message);
  });

  it('gives every kind its own actionable text', () => {
    const texts = VAULT_ERROR_KINDS.map((k) => VAULT_ERROR_TEXT[k]);
    expect(new Set(texts).size).toBe(VAULT_ERROR_KINDS.length);
    expect(VAULT_ERROR_TEXT['no-session-bus']).toMatch(/D-Bus/);
    expect(VAULT_ERROR_TEXT['no-secret-service']).toMatch(/GNOME Keyring/);
    expect(VAULT_ERROR_TEXT['keyring-not-unlocked']).toMatch(/unlock the Login keyring/);
    expect(VAULT_ERROR_TEXT['collection-locked']).toMatch(/locked\. Unlock it/);
    expect(VAULT_ERROR_TEXT['native-module-missing']).toMatch(/npm rebuild keytar/);
  });

  it('says a switched-off keychain is off, naming the switch, and classifies it as itself', () => {
    const off = new VaultError('disabled', 'BEACON_NO_KEYCHAIN=1');
    expect(off.message).toBe('The system keychain is switched off for this run (BEACON_NO_KEYCHAIN=1).');
    expect(new VaultError('disabled', '').message).toBe(VAULT_ERROR_TEXT.disabled);
    expect(VAULT_ERROR_TEXT.disabled).toBe('The system keychain is switched off for this run.');
    expect(classifyKeychainError(off)).toBe(off);
    expect(new SwitchedOffKeychain('BEACON_NO_KEYCHAIN=1').error).toMatchObject({ kind: 'disabled', message: off.message });
  });

  it('treats anything thrown while loading the module as native-module-missing', () => {
    const e = classifyKeychainError(Object.assign(new Error('libsecret-1.so.0: cannot open shared object file'), { code: 'ERR_DLOPEN_FAILED' }));
    expect(e.kind).toBe('native-module-missing');
    expect(classifyKeychainError(new Error('odd'), { loading: true }).kind).toBe('native-module-missing');
  });

  it('keeps the token out of the message and the detail', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.secret-part';
    const e = classifyKeychainError(new Error(`weird failure storing ${token} for you`), { secrets: [token] });
    expect(e.kind).toBe('unknown');
    expect(e.message).not.toContain(token);
    expect(e.detail).not.toContain(token);
    expect(e.message).toContain('[redacted]');
    expect(redact('a tok b tok', ['tok', ''])).toBe('a [redacted] b [redacted]');
  });

  it('scrubs a URL-encoded token too (the query transport puts it in a URL)', () => {
    const token = "ab/c+d=e!f~g'h";
    const url = new URL('wss://h.example/ws');
    url.searchParams.set('token', token);
    const e = classifyKeychainError(new Error(`failed for ${url.href} (${encodeURIComponent(token)}) with ${token}`), { secrets: [token] });
    expect(e.detail).toBe('failed for wss://h.example/ws?token=[redacted] ([redacted]) with [redacted]');
    expect(redact('x a%2Fb%3D y', ['a/b=', ''])).toBe('x [redacted] y');
    expect(redact('nothing to hide', [''])).toBe('nothing to hide');
  });

  it('accepts non-Error throwables', () => {
    expect(classifyKeychainError('Cannot create an item in a locked collection').kind).toBe('collection-locked');
    expect(classifyKeychainError(42).kind).toBe('unknown');
  });
});
