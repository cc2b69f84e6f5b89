// The sign-in's outcome names the server type it signed in to, so the window
// can say "Detected: Code Cloud Agents"; the session's profile() says it too.
import { afterEach, describe, expect, it } from 'vitest';
import { harness } from './support';

const TOKEN = 'tok-A1b2C3d4-secret';
const SERVER = 'ws://127.0.0.1:3000/ws';
let h: ReturnType<typeof harness>;
afterEach(() => h?.cleanup());

describe('the sign-in outcome’s profile', () => {
  it('is the detected one after Detect, and the session reports it until sign-out', async () => {
    h = harness({ probe: () => ({ ok: true, userId: 'user_tok-A1b2', profile: 'code-cloud-agents', transport: { kind: 'query', param: 'token' } }) });
    const m = h.make();
    expect(m.profile()).toBeNull();
    const r = await m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' }, profile: 'detect' });
    expect(r).toMatchObject({ ok: true, profile: 'code-cloud-agents' });
    expect(m.profile()).toBe('code-cloud-agents');
    await m.signOut();
    expect(m.profile()).toBeNull();
  });

  it('is the chosen one, and beacon-v1 when none was chosen', async () => {
    h = harness({ probe: () => ({ ok: true, userId: 'user_tok-A1b2' }) });
    const m = h.make();
    expect(await m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'query', param: 'token' }, profile: 'code-cloud-agents' })).toMatchObject({ ok: true, profile: 'code-cloud-agents' });
    expect(await m.signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' } })).toMatchObject({ ok: true, profile: 'beacon-v1' });
  });

  it('a refusal carries the profile’s own words, and no profile', async () => {
    h = harness();
    const r = await h.make().signIn({ serverUrl: SERVER, token: TOKEN, transport: { kind: 'header' }, profile: 'hush' });
    expect(r).toEqual({ ok: false, reason: 'invalid_input', message: 'Hush servers take the token in the `access_token` cookie, not in the Authorization header.' });
  });
});
