// The hush profile's data and codec: every frame of issue 11 §2 in the exact
// shape the hush fake (and the real server) sends, decoded with nothing
// counted unknown; the client frames written the way hush reads them.
import { describe, expect, it } from 'vitest';
import type { DecodeResult, ServerEvent } from '../../src/shared/protocol';
import { jwtClaim, requireProfile, transportAllowed, upgradeUserId } from '../../src/shared/protocol/profiles';
import { pythonIso } from './fakes/hush';

const hush = requireProfile('hush');
const ANN = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const CONV = 'aaaaaaaa-0000-4000-8000-000000000001';
const MSG = 'bbbbbbbb-0000-4000-8000-000000000009';
const AT = pythonIso(new Date('2026-11-29T21:30:00.123Z'));

function ok(r: DecodeResult): ServerEvent {
  if (!r.ok) throw new Error(`not decoded: ${r.reason} ${r.detail}`);
  expect(r.unknownFields).toBe(0);
  return r.event;
}
const decode = (frame: object): ServerEvent => ok(hush.codec.decode(JSON.stringify(frame)));

const message = {
  type: 'message',
  id: MSG,
  conversation_id: CONV,
  sender_id: BOB,
  client_message_id: 'c-41',
  group_epoch: 3,
  expires_after_seen_sec: 30,
  ciphertext: Buffer.from('sealed for someone else').toString('base64'),
  iv: Buffer.alloc(12, 7).toString('base64'),
  created_at: AT,
};

describe('hush profile data', () => {
  it('token only in the access_token cookie; signed in by the upgrade as the JWT sub; no presence; read-only with the reason', () => {
    expect(hush.token.default).toEqual({ kind: 'cookie', name: 'access_token' });
    expect(transportAllowed(hush, { kind: 'cookie', name: 'access_token' })).toBe(true);
    for (const t of [{ kind: 'header' }, { kind: 'query', param: 'access_token' }, { kind: 'subprotocol' }, { kind: 'cookie', name: 'session' }] as const) {
      expect(transportAllowed(hush, t)).toBe(false);
    }
    expect(hush).toMatchObject({ signIn: 'upgrade', subscribe: 'all', hasPresence: false, welcome: null, notificationRules: [] });
    expect(hush.heartbeat).toEqual({ clientPing: 'json', lifeSigns: ['heartbeat'] });
    expect(hush.canSend).toEqual({ ok: false, reason: expect.stringMatching(/end-to-end encrypted and Beacon holds none of your keys.*reply in Hush/) });
    const jwt = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: ANN, username: 'ann' })).toString('base64url')}.sig`;
    expect(jwtClaim(jwt, 'sub')).toBe(ANN);
    expect(upgradeUserId(hush.identity, jwt)).toBe(ANN);
    expect(upgradeUserId(hush.identity, 'tok-a1b2c3d4e5')).toBeNull();
  });

  it('HTTP 403 and close 4001 both mean "sign in again" (never forbidden), in words a person reads', () => {
    for (const o of [hush.refusals.http[403], hush.refusals.close[4001]]) {
      expect(o).toEqual({ action: 'reauth', message: expect.stringMatching(/^Hush did not accept your sign-in: the access token has expired or is not valid\. Sign in to Hush again/) });
    }
  });
});

describe('hush codec: server frames', () => {
  it('message → an encrypted message: no body, no ciphertext, no seq; the conversation is the thread', () => {
    expect(decode(message)).toEqual({
      type: 'message', threadId: CONV, id: MSG, seq: null, sender: BOB, body: null, encrypted: true, ciphertext: null, iv: null, ts: AT, clientId: null, compat: false,
    });
    expect(Date.parse(AT)).toBe(Date.parse('2026-11-29T21:30:00.123Z'));
    // The nullable fields as hush sends them for a message from its web client without a TTL.
    expect(decode({ ...message, client_message_id: null, group_epoch: null, expires_after_seen_sec: null })).toMatchObject({ id: MSG, encrypted: true, body: null });
    // Whatever the ciphertext looks like, it is never a failure and never shown.
    for (const odd of [{ ciphertext: '' }, { ciphertext: 'not base64 at all!', iv: 42 }, { ciphertext: undefined, iv: undefined }]) {
      expect(decode({ ...message, ...odd })).toMatchObject({ encrypted: true, body: null, ciphertext: null, iv: null });
    }
    // A field hush may add later is ignored and counted, not fatal.
    expect(hush.codec.decode(JSON.stringify({ ...message, reply_to: MSG }))).toMatchObject({ ok: true, unknownFields: 1 });
    // With no id it cannot be told from its duplicates: malformed, not unknown.
    expect(hush.codec.decode(JSON.stringify({ ...message, id: undefined }))).toMatchObject({ ok: false, reason: 'invalid_frame', frameType: 'message' });
  });

  it('confirmations, receipts and the heartbeat are known and shown nowhere', () => {
    const frames = [
      { type: 'user_subscribed', conversation_count: 2 },
      { type: 'user_subscribed', conversation_count: 0 },
      { type: 'subscribed', conversation_id: CONV },
      { type: 'unsubscribed', conversation_id: CONV },
      { type: 'message_sent', id: MSG, conversation_id: CONV, client_message_id: 'c-41', created_at: AT },
      {
        type: 'message_seen', message_id: MSG, conversation_id: CONV, seen_by: ANN, seen_at: AT,
        seen_count: 1, total_recipients: 2, all_recipients_seen: false, sender_delete_after_seen_at: null,
      },
      {
        type: 'message_seen', message_id: MSG, conversation_id: CONV, seen_by: ANN, seen_at: AT,
        seen_count: 2, total_recipients: 2, all_recipients_seen: true, sender_delete_after_seen_at: AT,
      },
      { type: 'heartbeat' },
    ];
    for (const f of frames) expect(decode(f)).toEqual({ type: 'known', frameType: f.type });
    expect(decode({ type: 'pong' })).toEqual({ type: 'pong' });
  });

  it('error frames, with and without code and client_message_id, become the error event', () => {
    expect(decode({ type: 'error', message: 'Unknown message type: typing' })).toEqual({ type: 'error', message: 'Unknown message type: typing', clientId: null, threadId: null });
    expect(decode({ type: 'error', code: 'message_not_found', message: 'Message not found' })).toEqual({ type: 'error', message: 'Message not found', clientId: null, threadId: null });
    expect(decode({ type: 'error', code: 'forbidden', message: 'Not a participant in this conversation', client_message_id: 'c-7' })).toEqual({
      type: 'error', message: 'Not a participant in this conversation', clientId: 'c-7', threadId: null,
    });
  });

  it('anything else is unknown or malformed, never a crash', () => {
    expect(hush.codec.decode('{"type":"user_presence","data":{"userId":"x","status":"away"}}')).toMatchObject({ ok: false, reason: 'unknown_type' });
    expect(hush.codec.decode('{"type":"typing"}')).toMatchObject({ ok: false, reason: 'unknown_type' });
    expect(hush.codec.decode('not json')).toMatchObject({ ok: false, reason: 'invalid_json' });
    expect(hush.codec.decode('[1,2]')).toMatchObject({ ok: false, reason: 'not_object' });
    expect(hush.codec.decode('{"conversation_id":"x"}')).toMatchObject({ ok: false, reason: 'missing_type' });
  });
});

describe('hush codec: client frames', () => {
  it('writes subscribe_user, conversation subscribe/unsubscribe and ping; nothing for presence, read, send or pong', () => {
    expect(hush.codec.encode({ type: 'subscribe_all' })).toBe('{"type":"subscribe_user"}');
    expect(hush.codec.encode({ type: 'subscribe', threadId: CONV, since: 4 })).toBe(`{"type":"subscribe","conversation_id":"${CONV}"}`);
    expect(hush.codec.encode({ type: 'unsubscribe', threadId: CONV })).toBe(`{"type":"unsubscribe","conversation_id":"${CONV}"}`);
    expect(hush.codec.encode({ type: 'ping' })).toBe('{"type":"ping"}');
    // hush answers each of these with an error frame: they are never sent.
    expect(hush.codec.encode({ type: 'user_presence', status: 'away' })).toBeNull();
    expect(hush.codec.encode({ type: 'read', threadId: CONV, seq: 1 })).toBeNull();
    expect(hush.codec.encode({ type: 'send', threadId: CONV, clientId: 'c1', body: 'hi' })).toBeNull();
    expect(hush.codec.encode({ type: 'pong' })).toBeNull();
  });
});
