// Each keychain failure reproduced for real, in a child process with the D-Bus
// environment that causes it, asserting the error kind and text and that the
// TokenStore falls back to memory (and the process does not crash); and a
// locked keyring unlocked again, after which the next write reaches it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { VAULT_ERROR_TEXT, type VaultErrorKind } from '../../src/main/vault';
import {
  keytarGate, removeScratchDirs, REPO, runVaultChild, scratchEnv, toolsGate, type ChildLine,
} from './support/keychain-env';
import { allGates, describeWhen } from '../support/system-gate';

const SECRET = 'tok-never-in-a-message-91c2';
const dir = mkdtempSync(join(tmpdir(), 'beacon-bus-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  removeScratchDirs();
});

function expectFailure(line: ChildLine | undefined, op: string, kind: VaultErrorKind, detail: RegExp): void {
  expect(line, `no output line for ${op}`).toBeDefined();
  expect(line).toMatchObject({ op, ok: false, kind });
  if (line && !line.ok) {
    expect(line.message).toContain(VAULT_ERROR_TEXT[kind]);
    expect(line.detail).toMatch(detail);
    expect(JSON.stringify(line)).not.toContain(SECRET);
  }
}

function expectMemoryFallback(lines: ChildLine[], kind: VaultErrorKind): void {
  const read = lines.find((l) => l.op === 'store-read');
  expect(read).toMatchObject({ ok: true, value: SECRET });
  const status = lines.find((l) => l.op === 'store-status');
  expect(status).toMatchObject({ ok: true, value: { keychain: 'memory-only', kind } });
  expect(JSON.stringify(status)).not.toContain(SECRET);
}

const STORE_OPS = ['store-write', 'wss://x.example', SECRET, 'store-read', 'wss://x.example', 'store-status'];

describeWhen(keytarGate(), 'keychain failures: no session bus', () => {
  it('DBUS_SESSION_BUS_ADDRESS pointing nowhere → no-session-bus', async () => {
    const { lines, code } = await runVaultChild({
      ops: ['write', 'wss://x.example', SECRET, 'read', 'wss://x.example', 'list', ...STORE_OPS],
      env: { ...scratchEnv(), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', DISPLAY: undefined },
    });
    expect(code).toBe(0);
    expectFailure(lines[0], 'write', 'no-session-bus', /Could not connect: No such file or directory/);
    expectFailure(lines[1], 'read', 'no-session-bus', /Could not connect/);
    expectFailure(lines[2], 'list', 'no-session-bus', /Could not connect/);
    expectMemoryFallback(lines, 'no-session-bus');
  });

  it('no DBUS_SESSION_BUS_ADDRESS and no $DISPLAY → no-session-bus', async () => {
    const { lines, code } = await runVaultChild({
      ops: ['write', 'wss://x.example', SECRET, ...STORE_OPS],
      env: { ...scratchEnv(), DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined, WAYLAND_DISPLAY: undefined },
    });
    expect(code).toBe(0);
    expectFailure(lines[0], 'write', 'no-session-bus', /Cannot autolaunch D-Bus without X11 \$DISPLAY/);
    expectMemoryFallback(lines, 'no-session-bus');
  });

  it('sign-out with no token ever stored in the unreachable keychain: removed from memory, no warning', async () => {
    const { lines, code } = await runVaultChild({
      ops: ['store-write', 'wss://x.example', SECRET, 'store-delete', 'wss://x.example', 'store-read', 'wss://x.example', 'store-status'],
      env: { ...scratchEnv(), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', DISPLAY: undefined },
    });
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({ op: 'store-write', ok: true });
    expect(lines[1]).toEqual({ op: 'store-delete', ok: true, value: { removed: true, problem: null } });
    expect(lines[2]).toEqual({ op: 'store-read', ok: true, value: null });
    expect(lines[3]).toMatchObject({ op: 'store-status', ok: true, value: { keychain: 'memory-only', kind: 'no-session-bus' } });
    // One line: the switch to memory. Nothing about a token left in the keychain.
    expect(lines[3]?.ok && (lines[3].value as { logs: string[] }).logs).toEqual([expect.stringMatching(/^vault: system keychain unusable \(no-session-bus/)]);
  });
});

describeWhen(allGates(keytarGate(), toolsGate(['dbus-run-session'])), 'keychain failures: a bus without a Secret Service', () => {
  it('nothing provides org.freedesktop.secrets → no-secret-service', async () => {
    // A session bus with no service directories, so nothing can be activated.
    const conf = join(dir, 'bare-session.conf');
    writeFileSync(conf, `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`);
    const { lines, code } = await runVaultChild({
      wrap: ['dbus-run-session', `--config-file=${conf}`, '--'],
      ops: ['write', 'wss://x.example', SECRET, 'read', 'wss://x.example', 'list', ...STORE_OPS],
      env: scratchEnv(),
    });
    expect(code).toBe(0);
    const detail = /org\.freedesktop\.secrets was not provided by any \.service files/;
    expectFailure(lines[0], 'write', 'no-secret-service', detail);
    expectFailure(lines[1], 'read', 'no-secret-service', detail);
    expectFailure(lines[2], 'list', 'no-secret-service', detail);
    expectMemoryFallback(lines, 'no-secret-service');
  });
});

describeWhen(
  allGates(keytarGate(), toolsGate(['dbus-run-session', 'gnome-keyring-daemon'])),
  'keychain failures: a Secret Service without a login keyring',
  () => {
    it('gnome-keyring started on demand, nothing unlocked → keyring-not-unlocked (reads too)', async () => {
      const { lines, code } = await runVaultChild({
        wrap: ['dbus-run-session', '--'],
        ops: ['write', 'wss://x.example', SECRET, 'read', 'wss://x.example', 'delete', 'wss://x.example', ...STORE_OPS],
        env: scratchEnv(),
      });
      expect(code).toBe(0);
      const detail = /Object does not exist at path .\/org\/freedesktop\/secrets\/collection\/login/;
      expectFailure(lines[0], 'write', 'keyring-not-unlocked', detail);
      // libsecret answers "nothing there" for reads; the vault's check turns that into the real reason.
      expectFailure(lines[1], 'read', 'keyring-not-unlocked', detail);
      expectFailure(lines[2], 'delete', 'keyring-not-unlocked', detail);
      expectMemoryFallback(lines, 'keyring-not-unlocked');
    });
  },
);

describeWhen(
  allGates(keytarGate(), toolsGate(['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'])),
  'keychain failures: a locked collection',
  () => {
    it('locking the login collection over D-Bus → collection-locked, and list does not crash', async () => {
      // Its own private keyring (nested with-keychain.sh): locking the shared one would break parallel suites.
      const { lines, code, stderr } = await runVaultChild({
        wrap: ['bash', join(REPO, 'scripts/with-keychain.sh')],
        ops: [
          'write', 'wss://x.example', 'before-lock', 'lock',
          'write', 'wss://x.example', SECRET, 'read', 'wss://x.example', 'list', 'delete', 'wss://x.example',
          ...STORE_OPS,
        ],
        env: { HOME: scratchEnv()['HOME'] },
      });
      expect(code, stderr).toBe(0);
      expect(lines[0]).toMatchObject({ op: 'write', ok: true });
      expect(lines[1]).toMatchObject({ op: 'lock', ok: true });
      const detail = /Cannot create an item in a locked collection/;
      expectFailure(lines[2], 'write', 'collection-locked', detail);
      expectFailure(lines[3], 'read', 'collection-locked', detail);
      // keytar's findCredentials segfaults on locked items; the vault must not get there.
      expectFailure(lines[4], 'list', 'collection-locked', detail);
      expectFailure(lines[5], 'delete', 'collection-locked', detail);
      expectMemoryFallback(lines, 'collection-locked');
    });

    it('sign-out after the keyring locked over a token Beacon stored there: warns that it may be left', async () => {
      const { lines, code, stderr } = await runVaultChild({
        wrap: ['bash', join(REPO, 'scripts/with-keychain.sh')],
        ops: ['store-write', 'wss://x.example', SECRET, 'lock', 'store-delete', 'wss://x.example', 'store-status'],
        env: { HOME: scratchEnv()['HOME'] },
      });
      expect(code, stderr).toBe(0);
      expect(lines[0]).toMatchObject({ op: 'store-write', ok: true });
      expect(lines[1]).toMatchObject({ op: 'lock', ok: true });
      expect(lines[2]).toMatchObject({
        op: 'store-delete',
        ok: true,
        value: { removed: false, problem: expect.stringMatching(/^Beacon could not make sure no token is left in the system keychain\. .*locked/) },
      });
      expect(lines[3]).toMatchObject({ op: 'store-status', ok: true, value: { keychain: 'memory-only', kind: 'collection-locked' } });
      expect(JSON.stringify(lines)).not.toContain(SECRET);
    });
  },
);

describeWhen(
  allGates(keytarGate(), toolsGate(['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'])),
  'keychain failures: a locked collection, unlocked again',
  () => {
    it('after the person unlocks the keyring, the next sign-in stores the token in the keychain', async () => {
      // A private keyring with a password the child knows, so it can unlock it (with-keychain.sh hides its own).
      const password = `beacon-unlock-${process.pid}-${Date.now()}`;
      const later = 'tok-after-unlock-5d7e';
      const { lines, code, stderr } = await runVaultChild({
        wrap: [
          'dbus-run-session', '--', 'sh', '-c',
          'printf %s "$BEACON_TEST_KEYRING_PW" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"',
          'unlock-test',
        ],
        ops: [
          'write', 'wss://x.example', 'before-lock', 'lock',
          'store-write', 'wss://x.example', SECRET, 'store-status',
          'store-write', 'wss://x.example', SECRET, 'store-status',
          'unlock',
          'store-write', 'wss://y.example', later, 'store-status',
          'read', 'wss://y.example', 'read', 'wss://x.example',
        ],
        env: { ...scratchEnv(), BEACON_TEST_KEYRING_PW: password },
      });
      expect(code, stderr).toBe(0);
      expect(lines[0]).toMatchObject({ op: 'write', ok: true });
      expect(lines[1]).toMatchObject({ op: 'lock', ok: true });
      // Locked: the token is held in memory, and a second try while still locked says nothing new.
      expect(lines[2]).toMatchObject({ op: 'store-write', ok: true });
      expect(lines[3]).toMatchObject({ op: 'store-status', ok: true, value: { keychain: 'memory-only', kind: 'collection-locked' } });
      expect(lines[5]).toMatchObject({ op: 'store-status', ok: true, value: { keychain: 'memory-only', kind: 'collection-locked' } });
      expect(lines[5]?.ok && (lines[5].value as { logs: string[] }).logs).toHaveLength(1);
      expect(lines[6], stderr).toMatchObject({ op: 'unlock', ok: true });
      // Unlocked: the next write reaches the keychain, and takes the token held in memory with it.
      expect(lines[7]).toMatchObject({ op: 'store-write', ok: true });
      expect(lines[8]).toMatchObject({ op: 'store-status', ok: true, value: { keychain: 'os', kind: null, problem: null } });
      expect(lines[9]).toMatchObject({ op: 'read', ok: true, value: later });
      expect(lines[10]).toMatchObject({ op: 'read', ok: true, value: SECRET });
      for (const i of [3, 5, 8]) expect(JSON.stringify(lines[i])).not.toContain(SECRET);
      expect(JSON.stringify(lines[8])).not.toContain(later);
    });
  },
);
