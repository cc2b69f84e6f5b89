import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { mintToken, verifyToken } from '../../src/relay';
import { TEAM, attempt, cleanup, connect, connectWithToken, dataOf, startTestRelay, type Transport } from './helpers';

afterEach(cleanup);

describe('relay authentication', () => {
  it('rejects an upgrade without a token, with a bad signature, or with garbage, using HTTP 401 and a JSON error', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const none = await attempt(relay.url, null);
    expect(none).toMatchObject({ ok: false, status: 401 });
    expect(JSON.parse((none as { body: string }).body)).toEqual({ error: 'missing token' });

    const forged = await mintToken('some-other-secret-entirely', 'ann');
    for (const transport of ['header', 'query', 'access_token', 'subprotocol'] as Transport[]) {
      const bad = await attempt(relay.url, forged, transport);
      expect(bad, transport).toMatchObject({ ok: false, status: 401 });
      expect((bad as { body: string }).body).not.toContain(forged);
    }
    expect(await attempt(relay.url, 'not-a-jwt')).toMatchObject({ ok: false, status: 401 });
    expect(relay.connectionCount()).toBe(0);
  });

  it('rejects an already expired token at the upgrade', async () => {
    const secret = 'auth-test-secret-0123456789abcdef';
    const relay = await startTestRelay({ workspace: TEAM, secret });
    const past = Math.floor(Date.now() / 1000) - 10;
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ann').setExpirationTime(past).sign(new TextEncoder().encode(secret));
    const result = await attempt(relay.url, token);
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect((result as { body: string }).body).toContain('token expired');
  });

  it('rejects a token issued in the future', async () => {
    const secret = 'auth-test-secret-0123456789abcdef';
    const relay = await startTestRelay({ workspace: TEAM, secret });
    const now = Math.floor(Date.now() / 1000);
    const sign = (iat: number) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ann').setIssuedAt(iat).setExpirationTime(now + 7200).sign(new TextEncoder().encode(secret));
    expect(await attempt(relay.url, await sign(now + 3600))).toMatchObject({ ok: false, status: 401 });
    expect((await attempt(relay.url, await sign(now + 2))).ok).toBe(true); // a little clock skew is fine
  });

  it.each(['header', 'query', 'access_token', 'subprotocol'] as Transport[])('accepts the token by %s', async (transport) => {
    const relay = await startTestRelay({ workspace: TEAM });
    const client = await connect(relay, 'ann', transport);
    const auth = await client.waitForType('auth');
    expect(dataOf(auth)).toEqual({ success: true, userId: 'ann', historyId: expect.any(String) });
    // The subprotocol transport gets beacon.v1 back, never the token.
    expect(client.ws.protocol).toBe(transport === 'subprotocol' ? 'beacon.v1' : '');
  });

  it('sends auth, then threads (members only, with unread and lastSeq), then presence_snapshot, all timestamped', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    await relay.postMessage('t1', 'ben', 'one');
    await relay.postMessage('t1', 'ben', 'two');
    const client = await connect(relay, 'ann');
    await client.waitForType('presence_snapshot');
    const [auth, threads, snapshot] = client.frames;
    expect(auth).toMatchObject({ type: 'auth', data: { success: true, userId: 'ann' } });
    expect(threads).toMatchObject({
      type: 'threads',
      data: [
        { id: 't1', title: 'General', unread: 2, lastSeq: 2 },
        { id: 't2', title: 'Ann and Ben', unread: 0, lastSeq: 0 },
      ],
    });
    expect((threads?.data as unknown[]).length).toBe(2);
    expect(snapshot?.type).toBe('presence_snapshot');
    for (const f of [auth, threads, snapshot]) expect(new Date(String(f?.timestamp)).toString()).not.toBe('Invalid Date');
  });

  it('accepts a valid token for a user outside the workspace: no threads, nobody to see', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const client = await connect(relay, 'stranger');
    const snapshot = await client.waitForType('presence_snapshot');
    expect(client.ofType('threads')[0]?.data).toEqual([]);
    expect(snapshot.data).toEqual([{ userId: 'stranger', status: 'online' }]);
  });

  it('closes a connection with 4401 "token expired" when its token expires', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const token = await relay.mintToken('ann', { expiresInSec: 1 });
    const client = await connectWithToken(relay.url, token);
    await client.waitForType('auth');
    expect(await client.waitClosed(8000)).toEqual({ code: 4401, reason: 'token expired' });
  });

  it('mints HS256 tokens whose subject and expiry verify, and rejects them under another secret', async () => {
    const token = await mintToken('s3cret', 'u1', { expiresInSec: 60 });
    const ok = await verifyToken('s3cret', token);
    expect(ok.ok && ok.token.userId).toBe('u1');
    expect(ok.ok && ok.token.expiresAt).toBeGreaterThan(Date.now() + 50_000);
    expect(await verifyToken('other', token)).toEqual({ ok: false, error: 'invalid token' });
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { alg: string };
    expect(header.alg).toBe('HS256');
  });
});
