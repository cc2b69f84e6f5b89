// Self-test of the hush fake: cookie-only JWT, 403 refusals, silence after accept,
// subscriptions, encrypted messages, delivery and seen receipts, errors, heartbeat, restart.
import { afterEach, describe, expect, it } from 'vitest';
import { mintHushToken, startHushFake, type HushFake, type HushFakeOptions } from './hush';
import { RawClient, closeClients, until } from './raw-client';

const ANN = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const CAT = '33333333-3333-4333-8333-333333333333';
const C_AB = 'aaaaaaaa-0000-4000-8000-000000000001';
const C_ABC = 'aaaaaaaa-0000-4000-8000-000000000002';
const C_BC = 'aaaaaaaa-0000-4000-8000-000000000003';
const IV = Buffer.alloc(12, 1).toString('base64');
const CONVERSATIONS = { [C_AB]: [ANN, BOB], [C_ABC]: [ANN, BOB, CAT], [C_BC]: [BOB, CAT] };

const fakes: HushFake[] = [];
async function fake(opts: HushFakeOptions = {}): Promise<HushFake> {
  const f = await startHushFake({ conversations: CONVERSATIONS, ...opts });
  fakes.push(f);
  return f;
}
afterEach(async () => {
  closeClients();
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function as(f: HushFake, userId: string): Promise<RawClient> {
  return RawClient.open(f.url, { headers: { Cookie: `theme=dark; access_token=${await mintHushToken(userId)}` } });
}

describe('hush fake', () => {
  it('refuses with HTTP 403 before accept: no cookie, token in header or query only, bad signature, expired, garbage, other path', async () => {
    const f = await fake();
    const good = await mintHushToken(ANN);
    const attempts = [
      RawClient.connect(f.url),
      RawClient.connect(f.url, { headers: { Authorization: `Bearer ${good}` } }),
      RawClient.connect(`${f.url}?access_token=${good}`),
      RawClient.connect(f.url, { headers: { Cookie: `access_token=${await mintHushToken(ANN, { secret: 'another-secret-entirely-0123456' })}` } }),
      RawClient.connect(f.url, { headers: { Cookie: `access_token=${await mintHushToken(ANN, { expiresInSec: -10 })}` } }),
      RawClient.connect(f.url, { headers: { Cookie: 'access_token=not-a-jwt' } }),
      RawClient.connect(`ws://127.0.0.1:${f.port}/other`, { headers: { Cookie: `access_token=${good}` } }),
    ];
    for (const a of attempts) expect(await a.waitRefused()).toBe(403);
    expect(f.upgrades).toBe(attempts.length);
    expect(f.connections).toBe(0);
  });

  it('accepts a cookie token and then sends nothing until there is traffic; ping → pong', async () => {
    const f = await fake();
    const c = await as(f, ANN);
    expect(f.connections).toBe(1);
    expect(await c.quietFor(200)).toBe(true);
    expect(c.frames).toEqual([]);
    c.send({ type: 'ping' });
    expect(await c.waitType('pong')).toEqual({ type: 'pong' });
  });

  it('subscribe_user joins every conversation of the user and counts them; subscribe and unsubscribe single ones', async () => {
    const f = await fake();
    const ann = await as(f, ANN);
    ann.send({ type: 'subscribe_user' });
    expect(await ann.waitType('user_subscribed')).toEqual({ type: 'user_subscribed', conversation_count: 2 });
    expect(f.subscriptionsOf(ANN)).toEqual([[C_AB, C_ABC]]);

    const cat = await as(f, CAT);
    cat.send({ type: 'subscribe', conversation_id: C_BC });
    expect(await cat.waitType('subscribed')).toEqual({ type: 'subscribed', conversation_id: C_BC });
    cat.send({ type: 'unsubscribe', conversation_id: C_BC });
    expect(await cat.waitType('unsubscribed')).toEqual({ type: 'unsubscribed', conversation_id: C_BC });
    expect(f.subscriptionsOf(CAT)).toEqual([[]]);

    cat.send({ type: 'subscribe' });
    cat.send({ type: 'subscribe', conversation_id: 'general' });
    cat.send({ type: 'subscribe', conversation_id: C_AB });
    await until(() => cat.ofType('error').length === 3, 'three errors');
    expect(cat.ofType('error').map((e) => e.message)).toEqual(['Missing conversation_id', 'Invalid conversation_id format', 'Not a participant in this conversation']);
  });

  it('delivers postEncrypted only to subscribers, in the exact message shape', async () => {
    const f = await fake();
    const ann = await as(f, ANN);
    const cat = await as(f, CAT);
    ann.send({ type: 'subscribe_user' });
    await ann.waitType('user_subscribed');
    const posted = f.postEncrypted(C_AB, BOB, { groupEpoch: 3, expiresAfterSeenSec: 30 });
    const got = await ann.waitType('message');
    expect(got).toEqual(posted);
    expect(Object.keys(got).sort()).toEqual(['ciphertext', 'client_message_id', 'conversation_id', 'created_at', 'expires_after_seen_sec', 'group_epoch', 'id', 'iv', 'sender_id', 'type']);
    expect(got).toMatchObject({ conversation_id: C_AB, sender_id: BOB, client_message_id: null, group_epoch: 3, expires_after_seen_sec: 30 });
    expect(got.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(Buffer.from(String(got.iv), 'base64')).toHaveLength(12);
    expect(await cat.quietFor(100)).toBe(true);
    expect(cat.frames).toEqual([]);
  });

  it('a client message is broadcast to subscribers and confirmed to its socket with message_sent', async () => {
    const f = await fake();
    const ann = await as(f, ANN);
    const bob = await as(f, BOB);
    bob.send({ type: 'subscribe', conversation_id: C_AB });
    await bob.waitType('subscribed');
    ann.send({ type: 'message', conversation_id: C_AB, client_message_id: 'c-1', ciphertext: 'c2VhbGVk', iv: IV });
    const sent = await ann.waitType('message_sent');
    const delivered = await bob.waitType('message');
    expect(delivered).toMatchObject({ conversation_id: C_AB, sender_id: ANN, client_message_id: 'c-1', ciphertext: 'c2VhbGVk', iv: IV, group_epoch: null });
    expect(sent).toEqual({ type: 'message_sent', id: delivered.id, conversation_id: C_AB, client_message_id: 'c-1', created_at: delivered.created_at });
    // The sender's socket was subscribed by sending, so it gets its own message too.
    expect((await ann.waitType('message')).id).toBe(delivered.id);
  });

  it('answers bad client input with error frames (code and client_message_id when known); unknown types and user_presence too', async () => {
    const f = await fake();
    const cat = await as(f, CAT);
    const bad = [
      [{ type: 'message', client_message_id: 'x1', conversation_id: C_BC }, 'invalid_request'],
      [{ type: 'message', client_message_id: 'x2', conversation_id: 'nope', ciphertext: 'YQ==', iv: IV }, 'invalid_conversation_id'],
      [{ type: 'message', client_message_id: 'x3', conversation_id: C_BC, ciphertext: 'YQ==', iv: 'YQ==' }, 'invalid_payload'],
      [{ type: 'message', client_message_id: 'x4', conversation_id: C_BC, ciphertext: 'YQ==', iv: IV, expires_after_seen_sec: 7 }, 'invalid_expires_after_seen'],
      [{ type: 'message', client_message_id: 'x5', conversation_id: C_AB, ciphertext: 'YQ==', iv: IV }, 'forbidden'],
    ] as const;
    for (const [frame] of bad) cat.send(frame);
    await until(() => cat.ofType('error').length === bad.length, 'an error per bad message');
    expect(cat.ofType('error').map((e) => [e.code, e.client_message_id])).toEqual(bad.map(([frame, code]) => [code, frame.client_message_id]));
    for (const e of cat.ofType('error')) expect(typeof e.message).toBe('string');

    cat.send({ type: 'user_presence', data: 'away' });
    cat.send({ type: 'typing' });
    await until(() => cat.ofType('error').length === bad.length + 2, 'unknown type errors');
    expect(cat.ofType('error').slice(-2)).toEqual([
      { type: 'error', message: 'Unknown message type: user_presence' },
      { type: 'error', message: 'Unknown message type: typing' },
    ]);
    expect(cat.frames.some((fr) => fr.type === 'user_presence')).toBe(false);
  });

  it('sends message_seen with its counts to subscribers and to the sender (twice when the sender is subscribed)', async () => {
    const f = await fake();
    const ann = await as(f, ANN);
    const bob = await as(f, BOB);
    for (const c of [ann, bob]) c.send({ type: 'subscribe', conversation_id: C_ABC });
    await ann.waitType('subscribed');
    await bob.waitType('subscribed');
    ann.send({ type: 'message', conversation_id: C_ABC, ciphertext: 'YQ==', iv: IV });
    const msg = await bob.waitType('message');
    bob.send({ type: 'message_seen', message_id: msg.id, conversation_id: C_ABC });
    await until(() => ann.ofType('message_seen').length === 2, 'the seen receipt twice at the sender');
    const receipt = ann.ofType('message_seen')[0];
    expect(receipt).toMatchObject({ message_id: msg.id, conversation_id: C_ABC, seen_by: BOB, seen_count: 1, total_recipients: 2, all_recipients_seen: false, sender_delete_after_seen_at: null });
    expect(receipt?.seen_at).toMatch(/\+00:00$/);
    expect((await bob.waitType('message_seen')).seen_by).toBe(BOB);

    f.markSeen(String(msg.id), CAT);
    await until(() => ann.ofType('message_seen').length === 4, 'the second receipt');
    expect(ann.ofType('message_seen')[3]).toMatchObject({ seen_by: CAT, seen_count: 2, total_recipients: 2, all_recipients_seen: true });

    ann.send({ type: 'message_seen', message_id: msg.id, conversation_id: C_ABC });
    expect((await ann.waitType('error')).code).toBe('invalid_seen_actor');
  });

  it('sends {"type":"heartbeat"} on its interval to every socket, subscribed or not', async () => {
    const f = await fake({ heartbeatIntervalMs: 50 });
    const c = await as(f, ANN);
    await until(() => c.ofType('heartbeat').length >= 3, 'three heartbeats');
    expect(c.frames.every((fr) => JSON.stringify(fr) === '{"type":"heartbeat"}')).toBe(true);
  });

  it('closes normally (1000) on text that is not a JSON object', async () => {
    const f = await fake();
    const c = await as(f, ANN);
    c.send('hello?');
    expect((await c.waitClosed()).code).toBe(1000);
    expect(f.received).toEqual(['hello?']);
  });

  it('restart closes with 1012, forgets socket subscriptions and listens again on the same port', async () => {
    const f = await fake();
    const port = f.port;
    const c = await as(f, ANN);
    c.send({ type: 'subscribe_user' });
    await c.waitType('user_subscribed');
    await f.restart();
    expect((await c.waitClosed()).code).toBe(1012);
    expect(f.port).toBe(port);
    const again = await as(f, ANN);
    expect(f.subscriptionsOf(ANN)).toEqual([[]]);
    f.postEncrypted(C_AB, BOB);
    expect(await again.quietFor(100)).toBe(true);
    f.dropAll(4001);
    expect((await again.waitClosed()).code).toBe(4001);
  });
});
