import { describe, expect, it } from 'vitest';
import { ConnectionEngine, describeEndpoint, isLoopbackHost, probeServer, tokenProblem, validateServerUrl } from '../../src/main/connection';
import { closeAction, httpAction } from '../../src/main/connection/close-policy';
import { buildConnectRequest, redact } from '../../src/main/connection/transport';

describe('validateServerUrl', () => {
  it('accepts wss:// anywhere and ws:// only on loopback', () => {
    for (const u of ['wss://relay.example.com/ws', 'wss://10.0.0.5:8443', 'ws://127.0.0.1:8787', 'ws://127.9.9.9', 'ws://localhost:1', 'ws://[::1]:80', 'ws://[::ffff:127.0.0.1]:80', 'ws://app.localhost']) {
      expect(validateServerUrl(u, false), u).toMatchObject({ ok: true });
    }
    const r = validateServerUrl('wss://relay.example.com/ws?x=1', false);
    expect(r.ok && r.url.host).toBe('relay.example.com');
  });

  it('refuses ws:// to other hosts unless insecure hosts are allowed', () => {
    for (const u of ['ws://relay.example.com', 'ws://10.0.0.5', 'ws://128.0.0.1', 'ws://[::2]', 'ws://localhost.example.com']) {
      expect(validateServerUrl(u, false), u).toMatchObject({ ok: false, reason: 'insecure_url' });
      expect(validateServerUrl(u, true), u).toMatchObject({ ok: true });
    }
  });

  it('calls everything else a bad URL, with a message that does not echo the URL', () => {
    const secret = 'tok-SECRET-123';
    for (const u of ['', '   ', 'relay.example.com', `https://relay.example.com/?token=${secret}`, 'ftp://x', `wss://user:${secret}@host`, 'wss://host/#frag', 'ws://', `not a url ${secret}`]) {
      const r = validateServerUrl(u, true);
      expect(r, u).toMatchObject({ ok: false, reason: 'bad_url' });
      if (!r.ok) expect(r.message).not.toContain(secret);
    }
    expect(validateServerUrl('https://x', false)).toMatchObject({ message: expect.stringContaining('wss://') });
  });

  it('recognises loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
  });
});

describe('token transports', () => {
  const url = new URL('wss://relay.example.com/ws?room=1');
  const token = 'eyJhbGciOi.payload.sig';

  it('header: token only in Authorization, no subprotocol offered', () => {
    const r = buildConnectRequest(url, token, { kind: 'header' });
    expect(r).toEqual({ secretUrl: url.href, headers: { Authorization: `Bearer ${token}` }, protocols: [], endpoint: 'wss://relay.example.com/ws' });
  });

  it('query: the only case the token is in a URL, and the loggable endpoint never has it', () => {
    const r = buildConnectRequest(url, token, { kind: 'query', param: 'access_token' });
    expect(new URL(r.secretUrl).searchParams.get('access_token')).toBe(token);
    expect(new URL(r.secretUrl).searchParams.get('room')).toBe('1');
    expect(r.headers).toEqual({});
    expect(r.endpoint).not.toContain(token);
  });

  it('subprotocol: beacon.v1 plus bearer.<token>', () => {
    const r = buildConnectRequest(url, token, { kind: 'subprotocol' });
    expect(r.protocols).toEqual(['beacon.v1', `bearer.${token}`]);
    expect(r.secretUrl).not.toContain(token);
  });

  it('rejects tokens that cannot travel, without quoting them', () => {
    expect(tokenProblem('', { kind: 'header' })).toMatch(/empty/);
    expect(tokenProblem('a b', { kind: 'header' })).toMatch(/spaces/);
    expect(tokenProblem('line\r\nX-Evil: 1', { kind: 'header' })).not.toContain('Evil');
    expect(tokenProblem('a/b=c', { kind: 'subprotocol' })).toMatch(/Sec-WebSocket-Protocol/);
    expect(tokenProblem('a/b=c', { kind: 'query', param: 'token' })).toBeNull();
    expect(tokenProblem(token, { kind: 'subprotocol' })).toBeNull();
  });

  it('redacts the token, plain or URL-encoded', () => {
    expect(redact('failed for wss://h/?token=a%2Fb%3D and a/b=', 'a/b=')).toBe('failed for wss://h/?token=[redacted] and [redacted]');
    expect(describeEndpoint(new URL('ws://127.0.0.1:9/p?token=zzz'))).toBe('ws://127.0.0.1:9/p');
  });
});

describe('close-code policy (PROTOCOL.md table)', () => {
  it('maps every listed code', () => {
    for (const c of [1008, 4001, 4401]) expect(closeAction(c)).toEqual({ kind: 'auth_failed', forbidden: false });
    for (const c of [4003, 4403]) expect(closeAction(c)).toEqual({ kind: 'auth_failed', forbidden: true });
    expect(closeAction(1001)).toEqual({ kind: 'retry', first: 'now', oversize: false });
    expect(closeAction(1012)).toEqual({ kind: 'retry', first: 'jitter', oversize: false });
    expect(closeAction(1009)).toEqual({ kind: 'retry', first: 'backoff', oversize: true });
    for (const c of [1000, 1005, 1006, 1011, 1013, 4000, 4999]) expect(closeAction(c)).toEqual({ kind: 'retry', first: 'backoff', oversize: false });
  });

  it('maps an HTTP answer to the upgrade: 401 refused, 403 forbidden, anything else retried', () => {
    expect(httpAction(401)).toEqual({ kind: 'auth_failed', forbidden: false });
    expect(httpAction(403)).toEqual({ kind: 'auth_failed', forbidden: true });
    for (const s of [0, 200, 400, 404, 426, 500, 502, 503]) expect(httpAction(s)).toEqual({ kind: 'retry', first: 'backoff', oversize: false });
  });
});

describe('one URL check per sign-in', () => {
  it('the engine and the probe take a checked address as checked, and check a string themselves', async () => {
    const lan = validateServerUrl('ws://192.0.2.10:9/', true);
    if (!lan.ok) throw new Error('expected the check to pass with insecure hosts allowed');
    // The session checked it with the user's setting; the engine does not re-judge it with its own default.
    expect(() => new ConnectionEngine({ url: lan.url, token: 'tok', transport: { kind: 'header' } })).not.toThrow();
    expect(() => new ConnectionEngine({ url: 'ws://192.0.2.10:9/', token: 'tok', transport: { kind: 'header' } })).toThrow(/unencrypted/);
    expect(await probeServer({ url: 'ws://192.0.2.10:9/', token: 'tok', transport: { kind: 'header' }, allowInsecure: false })).toMatchObject({
      ok: false,
      reason: 'insecure_url',
    });
  });
});
