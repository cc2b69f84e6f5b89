import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY_CHARS } from '../../src/relay';
import { TEAM, cleanup, dataOf, num, signIn, startTestRelay, type Frame } from './helpers';

afterEach(cleanup);

const seqs = (frames: Frame[]): number[] => frames.map((f) => num(f, 'seq'));

describe('relay threads and messages', () => {
  it('keeps threads private: a non-member cannot subscribe and never receives the messages', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const cat = await signIn(relay, 'cat');
    cat.send({ type: 'subscribe', thread_id: 't2' });
    const err = await cat.waitForType('error');
    expect(err).toMatchObject({ type: 'error', data: { thread_id: 't2' } });
    expect(String(dataOf(err).error)).toMatch(/not a member/);
    cat.send({ type: 'subscribe', thread_id: 't1' });
    await relay.postMessage('t2', 'ann', 'secret');
    await relay.postMessage('t1', 'ann', 'public');
    await cat.waitFor((f) => f.type === 'message' && f.body === 'public');
    cat.send({ type: 'send', thread_id: 't2', client_id: 'x1', body: 'let me in' });
    cat.send({ type: 'read', thread_id: 't2', seq: 1 });
    await cat.sync();
    expect(cat.messages('t2')).toEqual([]);
    expect(cat.ofType('ack')).toEqual([]);
    expect(cat.ofType('error').map((e) => dataOf(e).thread_id)).toEqual(['t2', 't2', 't2']);
    expect(cat.closeInfo).toBeNull(); // not fatal
  });

  it('replays every retained message after `since`, then streams live ones in seq order', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    for (let i = 1; i <= 5; i++) await relay.postMessage('t1', 'ben', `m${i}`);
    const ann = await signIn(relay, 'ann');
    ann.send({ type: 'subscribe', thread_id: 't1', since: 3 });
    await ann.waitForCount((f) => f.type === 'message', 2, 'replayed messages');
    await relay.postMessage('t1', 'ben', 'm6');
    const all = await ann.waitForCount((f) => f.type === 'message', 3, 'messages');
    expect(seqs(all)).toEqual([4, 5, 6]);
    expect(all[0]).toMatchObject({ type: 'message', thread_id: 't1', seq: 4, sender: 'ben', body: 'm4' });
    expect(typeof all[0]?.id).toBe('string');
    expect(new Date(String(all[0]?.ts)).getTime()).toBeGreaterThan(0);
    expect(new Set(all.map((m) => m.id)).size).toBe(3);
    expect(ann.ofType('gap')).toEqual([]);
  });

  it('without `since` replays the whole retained history', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    for (let i = 1; i <= 3; i++) await relay.postMessage('t1', 'ben', `m${i}`);
    const ann = await signIn(relay, 'ann');
    ann.send({ type: 'subscribe', thread_id: 't1' });
    expect(seqs(await ann.waitForCount((f) => f.type === 'message', 3, 'messages'))).toEqual([1, 2, 3]);
  });

  it('sends a gap before the replay when history no longer reaches `since`', async () => {
    const relay = await startTestRelay({ workspace: TEAM, historyLimit: 5 });
    for (let i = 1; i <= 12; i++) await relay.postMessage('t1', 'ben', `m${i}`);
    const ann = await signIn(relay, 'ann');
    ann.send({ type: 'subscribe', thread_id: 't1', since: 2 });
    const msgs = await ann.waitForCount((f) => f.type === 'message', 5, 'messages');
    expect(seqs(msgs)).toEqual([8, 9, 10, 11, 12]);
    const gapIndex = ann.frames.findIndex((f) => f.type === 'gap');
    expect(ann.frames[gapIndex]).toMatchObject({ type: 'gap', thread_id: 't1', from: 3, to: 7 });
    expect(gapIndex).toBeLessThan(ann.frames.indexOf(msgs[0] as Frame));

    // Without `since` the client holds nothing: the same gap, from 1.
    const fresh = await signIn(relay, 'ann');
    fresh.send({ type: 'subscribe', thread_id: 't1' });
    await fresh.waitForCount((f) => f.type === 'message', 5, 'messages');
    expect(fresh.ofType('gap')).toEqual([expect.objectContaining({ from: 1, to: 7 })]);

    // Up to date, or only just behind what history holds: no gap.
    const ben = await signIn(relay, 'ben');
    ben.send({ type: 'subscribe', thread_id: 't1', since: 7 });
    ben.send({ type: 'subscribe', thread_id: 't2', since: 0 });
    await ben.waitForCount((f) => f.type === 'message', 5, 'messages');
    await ben.sync();
    expect(ben.ofType('gap')).toEqual([]);
  });

  it('acks a send and broadcasts it to subscribers, the sender\'s other connection and the sending connection included', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const annPhone = await signIn(relay, 'ann');
    const annLaptop = await signIn(relay, 'ann');
    const ben = await signIn(relay, 'ben');
    const cat = await signIn(relay, 'cat'); // member of t1 but not subscribed
    for (const c of [annPhone, annLaptop, ben]) c.send({ type: 'subscribe', thread_id: 't1' });
    await Promise.all([annPhone.sync(), annLaptop.sync(), ben.sync()]);
    annPhone.send({ type: 'send', thread_id: 't1', client_id: 'c-1', body: 'hello' });
    const ack = await annPhone.waitForType('ack');
    expect(ack).toMatchObject({ type: 'ack', client_id: 'c-1', seq: 1 });
    for (const c of [annPhone, annLaptop, ben]) {
      const msg = await c.waitFor((f) => f.type === 'message');
      expect(msg).toMatchObject({ thread_id: 't1', id: ack.id, seq: 1, sender: 'ann', body: 'hello' });
    }
    // The ack comes before the sending connection's copy of the message.
    expect(annPhone.frames.findIndex((f) => f.type === 'ack')).toBeLessThan(annPhone.frames.findIndex((f) => f.type === 'message'));
    expect(annLaptop.ofType('ack')).toEqual([]);
    await cat.sync();
    expect(cat.messages()).toEqual([]);
  });

  it('de-duplicates on (user, client_id): a resend gets the same ack and no second message', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const ann = await signIn(relay, 'ann');
    const ben = await signIn(relay, 'ben');
    ben.send({ type: 'subscribe', thread_id: 't1' });
    await ben.sync();
    ann.send({ type: 'send', thread_id: 't1', client_id: 'same', body: 'once' });
    const first = await ann.waitForType('ack');
    ann.ws.close();
    const again = await signIn(relay, 'ann');
    again.send({ type: 'send', thread_id: 't1', client_id: 'same', body: 'once' });
    const second = await again.waitForType('ack');
    expect({ id: second.id, seq: second.seq, client_id: second.client_id }).toEqual({ id: first.id, seq: first.seq, client_id: 'same' });
    // Another user may use the same client_id: it is a different key.
    ben.send({ type: 'send', thread_id: 't1', client_id: 'same', body: 'mine' });
    expect(await ben.waitForType('ack')).toMatchObject({ seq: 2 });
    await ben.waitForCount((f) => f.type === 'message', 2, 'messages');
    await ben.sync();
    expect(ben.messages().map((m) => m.body)).toEqual(['once', 'mine']);
  });

  it('rejects invalid sends with an error frame naming the client_id, without closing', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const ann = await signIn(relay, 'ann');
    ann.send({ type: 'send', thread_id: 't1', client_id: 'c1', body: '' });
    ann.send({ type: 'send', thread_id: 't1', client_id: 'x'.repeat(129), body: 'hi' });
    ann.send({ type: 'send', thread_id: 't1', client_id: '', body: 'hi' });
    ann.send({ type: 'send', thread_id: 't1', client_id: 'c2', body: 'x'.repeat(MAX_BODY_CHARS + 1) });
    ann.send({ type: 'send', thread_id: 't1', client_id: 'c3', body: 42 });
    ann.send({ type: 'send', thread_id: 'nope', client_id: 'c4', body: 'hi' });
    const errors = await ann.waitForCount((f) => f.type === 'error', 6, 'errors');
    expect(errors.map((e) => String(dataOf(e).error))).toEqual([
      expect.stringMatching(/body must not be empty/),
      expect.stringMatching(/client_id is at most 128/),
      expect.stringMatching(/client_id must not be empty/),
      expect.stringMatching(/body is at most/),
      expect.stringMatching(/body/),
      expect.stringMatching(/not a member: nope/),
    ]);
    expect(dataOf(errors[5] as Frame).client_id).toBe('c4');
    ann.send({ type: 'send', thread_id: 't1', client_id: 'x'.repeat(128), body: 'ok' });
    expect(await ann.waitForType('ack')).toMatchObject({ seq: 1 });
  });

  it('stops live delivery on unsubscribe', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const ann = await signIn(relay, 'ann');
    ann.send({ type: 'subscribe', thread_id: 't1' });
    await relay.postMessage('t1', 'ben', 'before');
    await ann.waitFor((f) => f.body === 'before');
    ann.send({ type: 'unsubscribe', thread_id: 't1' });
    await ann.sync();
    await relay.postMessage('t1', 'ben', 'after');
    await ann.sync();
    expect(ann.messages().map((m) => m.body)).toEqual(['before']);
  });

  it('stores read positions, echoes them to the user\'s other connections and reports unread', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    for (let i = 1; i <= 5; i++) await relay.postMessage('t1', 'ben', `m${i}`);
    const phone = await signIn(relay, 'ann');
    const laptop = await signIn(relay, 'ann');
    const ben = await signIn(relay, 'ben');
    phone.send({ type: 'read', thread_id: 't1', seq: 3 });
    expect(await laptop.waitForType('read')).toMatchObject({ type: 'read', thread_id: 't1', seq: 3 });
    // An older position from a stale device does not move it back; one past the end is clamped.
    phone.send({ type: 'read', thread_id: 't1', seq: 1 });
    phone.send({ type: 'read', thread_id: 't1', seq: 99 });
    await laptop.waitFor((f) => f.type === 'read' && f.seq === 5);
    await Promise.all([phone.sync(), ben.sync()]);
    expect(phone.ofType('read')).toEqual([]);
    expect(laptop.ofType('read').map((f) => f.seq)).toEqual([3, 5]);
    expect(ben.ofType('read')).toEqual([]);

    await relay.postMessage('t1', 'ben', 'm6');
    const later = await signIn(relay, 'ann');
    expect(later.ofType('threads')[0]?.data).toContainEqual({ id: 't1', title: 'General', unread: 1, lastSeq: 6 });
  });

  it('announces a thread added at runtime to its connected members with a fresh threads list', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const cat = await signIn(relay, 'cat');
    relay.addThread({ id: 't9', title: 'New', members: ['cat', 'ann'] });
    const threads = await cat.waitFor((f) => f.type === 'threads' && Array.isArray(f.data) && f.data.length === 3);
    expect(threads.data).toContainEqual({ id: 't9', title: 'New', unread: 0, lastSeq: 0 });
    cat.send({ type: 'subscribe', thread_id: 't9' });
    await cat.sync();
    // Removing a member stops their delivery.
    relay.addThread({ id: 't9', title: 'New', members: ['ann'] });
    await cat.waitFor((f) => f.type === 'threads' && Array.isArray(f.data) && f.data.length === 2);
    await relay.postMessage('t9', 'ann', 'not for cat');
    await cat.sync();
    expect(cat.messages('t9')).toEqual([]);
  });
});
