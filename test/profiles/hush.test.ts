// What hush needs beyond the conformance suite, against its fake: subscribe_user
// after every sign-in, encrypted messages once each, receipts and confirmations
// known and quiet (message_seen twice at a subscribed sender), the heartbeat as
// a sign of life, error frames, read-only sending, 4001 and 403 as "sign in
// again", the cookie never in a log or an error, and detection.
import { afterEach, describe, expect, it } from 'vitest';
import { probeServer, SendNotSupportedError } from '../../src/main/connection';
import type { Client } from '../connection/support/setup';
import { client, stopClients, visibleText } from '../connection/support/setup';
import { sleep, waitFor } from '../connection/support/wait';
import { mintHushToken, startHushFake, type HushFake, type HushFakeOptions } from './fakes/hush';
import { startHushProxy, type HushProxy } from './hush-proxy';

const ME = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const C_1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const C_2 = 'aaaaaaaa-0000-4000-8000-000000000002';
const COOKIE = { kind: 'cookie', name: 'access_token' } as const;

let fake: HushFake | null = null;
let proxy: HushProxy | null = null;
afterEach(async () => {
  await stopClients();
  await proxy?.close();
  await fake?.close();
  fake = proxy = null;
});

async function startFake(opts: HushFakeOptions = {}): Promise<HushFake> {
  return (fake = await startHushFake({ conversations: { [C_1]: [ME, BOB], [C_2]: [ME, BOB] }, ...opts }));
}

async function signedIn(opts: HushFakeOptions = {}, extra: Partial<Parameters<typeof client>[0]> = {}): Promise<{ c: Client; f: HushFake; token: string }> {
  const f = await startFake(opts);
  const token = await mintHushToken(ME);
  const c = client({ url: f.url, token, profile: 'hush', ...extra });
  c.engine.start();
  await waitFor(() => c.engine.state.state === 'connected', 'connected');
  return { c, f, token };
}

const typesSent = (f: HushFake): unknown[] => f.received.map((x) => (x as { type?: unknown }).type);
const subscribedEverywhere = (f: HushFake) => () => f.subscriptionsOf(ME).length === 1 && f.subscriptionsOf(ME).every((s) => s.length === 2);

function quiet(c: Client): void {
  const d = c.engine.diagnostics();
  expect({ unknown: d.unknownFrameTypes, malformed: d.malformedFrames, ignoredFields: d.ignoredFields }).toEqual({ unknown: 0, malformed: 0, ignoredFields: 0 });
  expect(c.logs.filter((l) => /ignored/.test(l))).toEqual([]);
}

describe('hush against its fake', () => {
  it('signed in by the upgrade as the JWT sub; subscribe_user after each sign-in, its answer known', async () => {
    const { c, f } = await signedIn();
    expect(c.engine.state).toMatchObject({ state: 'connected', userId: ME });
    await waitFor(subscribedEverywhere(f), 'subscribed to both conversations');
    await f.restart();
    await waitFor(() => c.engine.diagnostics().reconnects === 1 && c.engine.state.state === 'connected', 'reconnected');
    await waitFor(subscribedEverywhere(f), 'subscribed again after the restart');
    expect(typesSent(f)).toEqual(['subscribe_user', 'subscribe_user']);
    // Following a conversation adds no frame: subscribe_user covers every one of the user's.
    c.engine.follow(C_1);
    await sleep(100);
    expect(typesSent(f)).toEqual(['subscribe_user', 'subscribe_user']);
    expect(c.engine.diagnostics().framesIn).toBe(2); // the two user_subscribed answers
    quiet(c);
  });

  it('encrypted messages arrive once each, in arrival order, per conversation; our own message and its receipts (twice) are quiet', async () => {
    const { c, f } = await signedIn();
    await waitFor(subscribedEverywhere(f), 'subscribed');
    const a = f.postEncrypted(C_1, BOB, { groupEpoch: 1, expiresAfterSeenSec: 30, clientMessageId: 'bob-1' });
    const b = f.postEncrypted(C_2, BOB);
    const mine = f.postEncrypted(C_1, ME, { clientMessageId: 'from-my-phone' });
    await waitFor(() => c.rec.messages.length === 3, 'three messages');
    expect(c.rec.messages.map((m) => [m.threadId, m.id, m.sender, m.body, m.encrypted, m.seq, m.ts])).toEqual([
      [C_1, a.id, BOB, null, true, null, a.created_at],
      [C_2, b.id, BOB, null, true, null, b.created_at],
      [C_1, mine.id, ME, null, true, null, mine.created_at],
    ]);
    // Bob reads our message: the fake sends message_seen to the conversation's subscribers and to the sender's sockets, so we get it twice.
    const framesBefore = c.engine.diagnostics().framesIn;
    f.markSeen(mine.id, BOB);
    await waitFor(() => c.engine.diagnostics().framesIn === framesBefore + 2, 'the receipt twice');
    await sleep(100);
    expect(c.rec.messages).toHaveLength(3);
    expect([c.rec.of('error'), c.rec.of('notification'), c.rec.of('activity')]).toEqual([[], [], []]);
    const text = visibleText(c);
    for (const m of [a, b, mine]) expect(text).not.toContain(m.ciphertext);
    quiet(c);
  });

  it('a message delivered again (the same id) is dropped; the server heartbeat keeps a link whose pongs are lost', async () => {
    const f = await startFake({ heartbeatIntervalMs: 60 });
    let last: string | null = null;
    proxy = await startHushProxy({ target: f.url, drop: (t) => t === '{"type":"pong"}' });
    const c = client({ url: proxy.url, token: await mintHushToken(ME), profile: 'hush', heartbeatMs: 150, pongTimeoutMs: 150 });
    c.engine.on('message', (m) => (last = m.id));
    c.engine.start();
    await waitFor(subscribedEverywhere(f), 'subscribed');
    const m = f.postEncrypted(C_1, BOB);
    await waitFor(() => last === m.id, 'the message');
    proxy.inject(JSON.stringify(m));
    await sleep(1_000); // over three times heartbeatMs + pongTimeoutMs: no pong came back, heartbeats did
    expect(c.rec.messages).toHaveLength(1);
    expect(c.engine.diagnostics().duplicatesDropped).toBe(1);
    expect(c.rec.stateNames()).toEqual(['connecting', 'connected']);
    expect(c.engine.diagnostics().deadLinks).toBe(0);
    quiet(c);
  });

  it('without heartbeats or pongs the same link is declared dead (the control for the test above)', async () => {
    const f = await startFake({ heartbeatIntervalMs: 600_000 });
    proxy = await startHushProxy({ target: f.url, drop: (t) => t === '{"type":"pong"}' });
    const c = client({ url: proxy.url, token: await mintHushToken(ME), profile: 'hush', heartbeatMs: 150, pongTimeoutMs: 150 });
    c.engine.start();
    await waitFor(() => c.engine.diagnostics().deadLinks >= 1, 'a dead link', 3_000);
  });

  it("a server error frame is the engine's error event (code and client_message_id as sent)", async () => {
    const f = await startFake();
    proxy = await startHushProxy({ target: f.url });
    const c = client({ url: proxy.url, token: await mintHushToken(ME), profile: 'hush' });
    c.engine.start();
    await waitFor(subscribedEverywhere(f), 'subscribed');
    proxy.inject(JSON.stringify({ type: 'error', message: 'Unknown message type: typing' }));
    proxy.inject(JSON.stringify({ type: 'error', code: 'forbidden', message: 'Not a participant in this conversation', client_message_id: 'c-7' }));
    await waitFor(() => c.rec.of('error').length === 2, 'two errors');
    expect(c.rec.of('error')).toEqual([
      { kind: 'server', message: 'Unknown message type: typing', clientId: null, threadId: null },
      { kind: 'server', message: 'Not a participant in this conversation', clientId: 'c-7', threadId: null },
    ]);
    expect(c.engine.state.state).toBe('connected');
    quiet(c);
  });

  it('read-only: send throws with the reason; presence and read marks send nothing, so hush answers no error', async () => {
    const { c, f } = await signedIn();
    await waitFor(subscribedEverywhere(f), 'subscribed');
    expect(c.engine.canSend).toEqual({ ok: false, reason: expect.stringMatching(/Beacon holds none of your keys/) });
    expect(() => c.engine.send(C_1, 'hi')).toThrow(SendNotSupportedError);
    expect(() => c.engine.send(C_1, 'hi')).toThrow(/^send: Hush messages are end-to-end encrypted/);
    c.engine.setPresence('busy');
    c.engine.markRead(C_1, 1);
    await f.restart(); // and nothing is replayed after a reconnect either
    await waitFor(() => c.engine.diagnostics().reconnects === 1 && c.engine.state.state === 'connected', 'reconnected');
    await waitFor(subscribedEverywhere(f), 'subscribed again');
    await sleep(150);
    expect(typesSent(f)).toEqual(['subscribe_user', 'subscribe_user']);
    expect(c.engine.pendingMessages()).toEqual([]);
    expect(c.rec.of('error')).toEqual([]);
    quiet(c);
  });

  it('close 4001 after sign-in is "sign in again", not forbidden and not retried; the token shows nowhere', async () => {
    const { c, f, token } = await signedIn();
    f.dropAll(4001);
    await waitFor(() => c.engine.state.state === 'auth_failed', 'auth_failed');
    expect(c.engine.state).toMatchObject({ code: 4001, forbidden: false, reason: expect.stringMatching(/^Hush did not accept your sign-in.*Sign in to Hush again/) });
    await sleep(300);
    expect(c.engine.diagnostics().connectAttempts).toBe(1);
    expect(visibleText(c)).not.toContain(token);
    expect(visibleText(c)).not.toContain(token.split('.')[2]);
  });

  it('the cookie is in no log, state or probe answer, refused or not', async () => {
    const f = await startFake();
    const tokens = [await mintHushToken(ME), await mintHushToken(ME, { expiresInSec: -5 }), await mintHushToken(ME, { secret: 'not-the-secret-0123456789abcdef' })];
    for (const token of tokens) {
      const c = client({ url: f.url, token, profile: 'hush' });
      c.engine.start();
      await waitFor(() => ['connected', 'auth_failed'].includes(c.engine.state.state), 'an outcome');
      const probed = await probeServer({ url: f.url, token, profile: 'hush', allowInsecure: false, upgradeQuietMs: 100 });
      for (const text of [visibleText(c), JSON.stringify(probed)]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain(token.split('.')[1]);
        expect(text).not.toMatch(/access_token=/);
      }
    }
    expect(f.upgrades).toBe(6);
  });

  it('the probe signs in as the JWT sub; an expired token is refused in the same words', async () => {
    const f = await startFake();
    expect(await probeServer({ url: f.url, token: await mintHushToken(ME), profile: 'hush', allowInsecure: false, upgradeQuietMs: 100 })).toEqual({ ok: true, userId: ME });
    const r = await probeServer({ url: f.url, token: await mintHushToken(ME, { expiresInSec: -5 }), profile: 'hush', allowInsecure: false });
    expect(r).toEqual({ ok: false, reason: 'auth_refused', message: expect.stringMatching(new RegExp(`^127\\.0\\.0\\.1:${f.port}: Hush did not accept your sign-in`)) });
  });
});

describe('detection', () => {
  const detect = async (token: string, transport?: Parameters<typeof probeServer>[0]['transport']) =>
    probeServer({ url: (fake as HushFake).url, token, transport, profile: 'detect', allowInsecure: false, upgradeQuietMs: 150 });

  it('HTTP 403 to a cookie-less upgrade (header or query), then silence after the cookie upgrade: hush, with its cookie', async () => {
    const f = await startFake();
    const token = await mintHushToken(ME);
    for (const t of [undefined, { kind: 'header' } as const, { kind: 'query', param: 'access_token' } as const]) {
      expect(await detect(token, t)).toEqual({ ok: true, userId: ME, profile: 'hush', transport: COOKIE });
    }
    expect(f.upgrades).toBe(6);
    expect(f.received).toEqual([]);
  });

  it('the token already in the access_token cookie: hush at the first upgrade', async () => {
    const f = await startFake();
    expect(await detect(await mintHushToken(ME), COOKIE)).toEqual({ ok: true, userId: ME, profile: 'hush', transport: COOKIE });
    expect(f.upgrades).toBe(1);
  });

  it('an expired token: refused with the cookie too, in the words that say sign in again; no profile is picked', async () => {
    const f = await startFake();
    const token = await mintHushToken(ME, { expiresInSec: -5 });
    expect(await detect(token)).toEqual({ ok: false, reason: 'auth_refused', message: expect.stringMatching(/Hush did not accept your sign-in/) });
    expect(await detect(token, COOKIE)).toEqual({ ok: false, reason: 'auth_refused', message: expect.stringMatching(/Hush did not accept your sign-in/) });
    expect(f.connections).toBe(0);
  });
});
