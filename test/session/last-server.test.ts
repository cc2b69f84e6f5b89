// The last server URL (issue 7 §5): kept after sign-out and across a restart,
// so the sign-in form can offer it again, while the session itself is gone.
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../src/shared/types';
import { harness } from './support';

const TOKEN = 'tok-A1b2C3d4-secret';
const SERVER = 'wss://chat.example.com/ws';
const OTHER = 'wss://other.example.com/ws';
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function make(opts: Parameters<typeof harness>[0] = {}) {
  const h = harness(opts);
  cleanups.push(h.cleanup);
  return h;
}

describe('the last server URL', () => {
  it('survives sign-out: the status and its event still name it, nothing else of the session stays', async () => {
    const h = make();
    const m = h.make();
    await m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    const seen: SessionStatus[] = [];
    m.onStatus((s) => seen.push(s));
    const st = await m.signOut();
    expect(st).toMatchObject({ signedIn: false, serverUrl: null, lastServerUrl: SERVER, userId: null });
    expect(seen.at(-1)).toEqual(st);
    expect(await h.keychain.list()).toEqual([]);
    expect(h.settings.get('serverUrl')).toBeNull();
    expect(h.engines[0]?.calls).toEqual(['start', 'stop']);
    expect(JSON.stringify([st, seen])).not.toContain(TOKEN);
  });

  it('survives a restart after sign-out: a new SessionManager over the same settings offers it, and stays signed out', async () => {
    const h = make();
    const first = h.make();
    await first.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    await first.signOut();
    await first.close();

    const again = h.make(); // a new app run over the same settings store
    expect(again.status()).toMatchObject({ signedIn: false, serverUrl: null, lastServerUrl: SERVER });
    expect(await again.start()).toMatchObject({ signedIn: false, serverUrl: null, lastServerUrl: SERVER });
    expect(h.engines).toHaveLength(1); // only the first run's

    // A real restart: a new settings store and token store reading the same settings file.
    const restarted = make({ settingsDir: h.dir });
    const m = restarted.make();
    expect(await m.start()).toEqual({ signedIn: false, serverUrl: null, lastServerUrl: SERVER, userId: null, keychain: 'os', keychainProblem: null });
    expect(restarted.keychain.calls).toEqual(['check']); // no saved session, so no token to read
    expect(restarted.engines).toHaveLength(0);
  });

  it('survives a restart without a stored token (memory-only last run): offered, with sign-in needed', async () => {
    const h = make();
    await h.make().signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    // The next run finds the saved server but no token (the keychain lost it, or it was memory-only).
    const restarted = make({ settingsDir: h.dir });
    const st = await restarted.make().start();
    expect(st).toMatchObject({ signedIn: false, serverUrl: null, lastServerUrl: SERVER });
    expect(restarted.lines.join('\n')).toMatch(/no stored token for chat\.example\.com; sign-in needed/);
  });

  it('follows the latest successful sign-in, not a failed attempt', async () => {
    let accept = true;
    const h = make({ probe: () => (accept ? { ok: true, userId: 'u1' } : { ok: false, reason: 'auth_refused', message: 'refused the token (HTTP 401).' }) });
    const m = h.make();
    await m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } });
    await m.signIn({ serverUrl: OTHER, token: TOKEN, transport: { kind: 'header' } });
    expect(m.status()).toMatchObject({ serverUrl: OTHER, lastServerUrl: OTHER });
    await m.signOut();
    accept = false;
    expect(await m.signIn({ serverUrl: 'wss://third.example.com/ws', token: TOKEN, transport: { kind: 'header' } })).toMatchObject({ ok: false });
    expect(m.status()).toMatchObject({ signedIn: false, lastServerUrl: OTHER });
    expect(make({ settingsDir: h.dir }).settings.get('lastServerUrl')).toBe(OTHER);
  });

  it('is null on a first run', async () => {
    const h = make();
    expect(await h.make().start()).toMatchObject({ signedIn: false, serverUrl: null, lastServerUrl: null });
  });
});
