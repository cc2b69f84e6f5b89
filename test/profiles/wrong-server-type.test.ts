// A server type picked wrongly never "signs in" as someone made up: an identity
// the profile cannot read from the token fails the sign-in with words saying so
// (never the host as the user), a well-formed `auth` refusal frame is a refusal
// on every profile whatever its sign-in mode, and a refusal saying no token
// arrived says where it went and suggests Detect (real fakes, real sockets).
import { afterEach, describe, expect, it } from 'vitest';
import { probeServer } from '../../src/main/connection';
import { availableProfiles, requireProfile, upgradeIdentity } from '../../src/shared/protocol/profiles';
import { client, stopClients } from '../connection/support/setup';
import { waitFor } from '../connection/support/wait';
import { startCodeCloudAgentsFake, type CodeCloudAgentsFake } from './fakes/code-cloud-agents';
import { mintHushToken } from './fakes/hush';

let cca: CodeCloudAgentsFake | null = null;
afterEach(async () => {
  await stopClients();
  await cca?.close();
  cca = null;
});

const TOKEN = 'tok-a1b2c3d4e5';

describe('a wrong server type', () => {
  it('Hush against Code Cloud Agents with a token that is not a JWT: refused as not a Hush token, never the host as the user', async () => {
    cca = await startCodeCloudAgentsFake();
    const r = await probeServer({ url: cca.url, token: TOKEN, profile: 'hush', allowInsecure: false });
    expect(r).toEqual({ ok: false, reason: 'auth_refused', message: expect.stringMatching(/this token is not a Hush access token: Hush reads who you are from the token's `sub` claim, and this token is not a JWT\./) });
    if (!r.ok) {
      expect(r.message).toMatch(/Detect/);
      expect(r.message).not.toContain(TOKEN);
    }

    const c = client({ url: cca.url, token: TOKEN, profile: 'hush', transport: { kind: 'cookie', name: 'access_token' } });
    const states: string[] = [];
    c.engine.on('state', (s) => states.push(s.state === 'connected' ? `connected as ${s.userId}` : s.state));
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'auth_failed', 'auth_failed');
    expect(c.engine.state).toMatchObject({ state: 'auth_failed', reason: expect.stringMatching(/not a Hush access token/) });
    expect(states.filter((s) => s.startsWith('connected'))).toEqual([]);
  });

  it('Hush against Code Cloud Agents with a JWT: the "No token provided" frame is a refusal that says where the token went', async () => {
    cca = await startCodeCloudAgentsFake();
    const jwt = await mintHushToken('11111111-1111-4111-8111-111111111111');
    const r = await probeServer({ url: cca.url, token: jwt, profile: 'hush', allowInsecure: false });
    expect(r).toEqual({
      ok: false,
      reason: 'token_not_received',
      message: expect.stringMatching(/did not receive the token where it expects it \(it answered "No token provided"\).*Choose Detect, or the server's own type/),
    });
  });

  it('Beacon relay against Code Cloud Agents: not "refused the token" but the token not received where the server looks, with Detect suggested', async () => {
    cca = await startCodeCloudAgentsFake();
    const r = await probeServer({ url: cca.url, token: TOKEN, profile: 'beacon-v1', allowInsecure: false });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('token_not_received');
      expect(r.message).not.toMatch(/refused the token/);
      expect(r.message).toMatch(/did not receive the token where it expects it.*Detect/);
    }
    const c = client({ url: cca.url, token: TOKEN, profile: 'beacon-v1' });
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'auth_failed', 'auth_failed');
    expect(c.engine.state).toMatchObject({ reason: expect.stringMatching(/^the server did not receive the token where it expects it/) });
  });

  it('an identity the token cannot give is a refusal in words, for a JWT without the claim too (never a fallback)', () => {
    const jwt = (claims: object) => `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
    const hush = requireProfile('hush');
    const agentcmd = requireProfile('agentcmd');
    expect(upgradeIdentity(hush.identity, jwt({ sub: 'ann' }), hush.label)).toEqual({ ok: true, userId: 'ann' });
    expect(upgradeIdentity(hush.identity, jwt({ user: 'ann' }), hush.label)).toEqual({
      ok: false,
      problem: "this token is not a Hush access token: Hush reads who you are from the token's `sub` claim, and this JWT has no `sub` claim. Use a token from Hush, or choose Detect or the server's own type.",
    });
    expect(upgradeIdentity(agentcmd.identity, TOKEN, agentcmd.label)).toMatchObject({ ok: false, problem: expect.stringMatching(/^this token is not an AgentCmd access token: .*`userId` claim, and this token is not a JWT\./) });
  });

  it('a well-formed auth refusal frame decodes as a refusal on every profile', () => {
    const frame = '{"type":"auth","data":{"success":false,"error":"No token provided"}}';
    for (const p of availableProfiles()) {
      expect([p.id, p.codec.decode(frame)]).toEqual([p.id, { ok: true, event: { type: 'auth', ok: false, reason: 'No token provided' }, unknownFields: 0 }]);
    }
  });
});
