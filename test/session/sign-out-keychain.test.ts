// Sign-out and the system keychain (issue 7 §5): it warns that a token may be
// left in the keychain only when one may really be there, never for a
// keychain that was switched off or never held this server's token.
import { afterEach, describe, expect, it } from 'vitest';
import { harness } from './support';

const TOKEN = 'tok-A1b2C3d4-secret';
const SERVER = 'wss://chat.example.com/ws';
const LEFT_BEHIND = /could not make sure no token is left/;
let h: ReturnType<typeof harness> | undefined;
afterEach(() => h?.cleanup());

const signIn = (m: ReturnType<NonNullable<typeof h>['make']>) => m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });

describe('sign-out in memory-only mode', () => {
  it('with the keychain switched off: signs out without a keychain warning', async () => {
    h = harness({ keychain: 'off' });
    const m = h.make();
    const off = (await m.start()).keychainProblem;
    expect(off).toMatch(/^The system keychain is switched off for this run \(BEACON_NO_KEYCHAIN=1\)\./);
    expect((await signIn(m)).ok).toBe(true);
    expect(await h.tokens.read(SERVER)).toBe(TOKEN);
    const st = await m.signOut();
    expect(st).toMatchObject({ signedIn: false, keychain: 'memory-only', keychainProblem: off });
    expect(await h.tokens.read(SERVER)).toBeNull();
    expect(h.lines.filter((l) => l.startsWith('warn'))).toEqual([]);
  });

  it('with a broken keychain where no token was ever stored: signs out without a keychain warning', async () => {
    h = harness();
    h.keychain.failWith = 'Cannot autolaunch D-Bus without X11 $DISPLAY';
    const m = h.make();
    const broken = (await m.start()).keychainProblem;
    expect(broken).toMatch(/D-Bus.*memory only/);
    expect(await signIn(m)).toMatchObject({ ok: true, status: { keychain: 'memory-only' } });
    const st = await m.signOut();
    expect(st).toMatchObject({ signedIn: false, keychain: 'memory-only', keychainProblem: broken });
    expect(st.keychainProblem).not.toMatch(LEFT_BEHIND);
    expect(h.lines.join('\n')).not.toMatch(LEFT_BEHIND);
    expect(await h.tokens.read(SERVER)).toBeNull();
  });

  it('still warns when a token may really be left: stored in the keychain, which then locked', async () => {
    h = harness();
    const m = h.make();
    await signIn(m);
    h.keychain.failWith = 'Cannot create an item in a locked collection';
    const st = await m.signOut();
    expect(st.keychainProblem).toMatch(/could not make sure no token is left.*locked/);
    expect(h.lines.join('\n')).toMatch(/warn session: Beacon could not make sure no token is left/);
  });

  it('still warns when the keychain failed the read at start, so a token from an earlier run may be there', async () => {
    h = harness();
    await signIn(h.make());
    h.keychain.failWith = 'Cannot create an item in a locked collection';
    const m = h.make(); // the next run
    expect(await m.start()).toMatchObject({ signedIn: false, keychain: 'memory-only' });
    expect((await m.signOut()).keychainProblem).toMatch(LEFT_BEHIND);
  });

  it('the warning goes with the next successful sign-in', async () => {
    h = harness();
    const m = h.make();
    await signIn(m);
    h.keychain.failWith = 'Cannot create an item in a locked collection';
    expect((await m.signOut()).keychainProblem).toMatch(LEFT_BEHIND);
    h.keychain.failWith = null;
    expect(await signIn(m)).toMatchObject({ ok: true, status: { keychain: 'os', keychainProblem: null } });
  });
});
