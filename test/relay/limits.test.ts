import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY_CHARS, MAX_ECHO_ID_CHARS, MAX_FRAME_BYTES } from '../../src/relay';
import { TEAM, cleanup, dataOf, signIn, startTestRelay, until, type Frame } from './helpers';
import { sleep } from '../support/wait';

afterEach(cleanup);

describe('relay limits and liveness', () => {
  it('closes with 1009 on a frame over 1 MiB', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const ann = await signIn(relay, 'ann');
    ann.send({ type: 'send', thread_id: 't1', client_id: 'big', body: 'x'.repeat(MAX_FRAME_BYTES) });
    expect((await ann.waitClosed()).code).toBe(1009);
    await until(() => relay.connectionCount() === 0, 'the relay to drop the connection');
  });

  it('answers each invalid frame with an error frame and closes with 1008 at the limit', async () => {
    const relay = await startTestRelay({ workspace: TEAM, invalidFrameLimit: 4 });
    const ann = await signIn(relay, 'ann');
    ann.send('{not json');
    ann.send('[1,2]');
    ann.send({ type: 'subscribe' });
    await ann.waitForCount((f) => f.type === 'error', 3, 'errors');
    expect(ann.ofType('error').map((f) => dataOf(f).error)).toEqual([
      'Invalid message format: not JSON',
      'Invalid message format: expected a JSON object',
      expect.stringMatching(/^Invalid subscribe frame: thread_id/),
    ]);
    ann.send({ type: 'ping' });
    await ann.waitForType('pong'); // still usable
    ann.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await ann.waitClosed()).toEqual({ code: 1008, reason: 'too many invalid frames' });
    expect(ann.ofType('error')).toHaveLength(4);
  });

  it('answers a well-formed request that breaks a field rule with its ids, and never counts it toward 1008', async () => {
    const relay = await startTestRelay({ workspace: TEAM, invalidFrameLimit: 3 });
    const ann = await signIn(relay, 'ann');
    const big = 'x'.repeat(MAX_BODY_CHARS + 1);
    for (let i = 0; i < 20; i++) ann.send({ type: 'send', thread_id: 't1', client_id: `big-${i}`, body: big });
    ann.send({ type: 'send', thread_id: 't1', client_id: 'empty', body: '' });
    ann.send({ type: 'send', thread_id: 't1', client_id: 'y'.repeat(129), body: 'hi' });
    ann.send({ type: 'send', thread_id: 'z'.repeat(129), client_id: 'long-thread', body: 'hi' });
    ann.send({ type: 'subscribe', thread_id: 't1', since: -1 });
    ann.send({ type: 'read', thread_id: 't1', seq: 1.5 });
    ann.send({ type: 'user_presence', data: 'invisible' });
    const errors = await ann.waitForCount((f) => f.type === 'error', 26, 'errors');
    await ann.sync();
    expect(ann.closeInfo).toBeNull();
    const data = errors.map((e) => dataOf(e));
    expect(data.slice(0, 20).map((d) => d.client_id)).toEqual(Array.from({ length: 20 }, (_, i) => `big-${i}`));
    expect(data[0]).toEqual({ error: `send rejected: body is at most ${MAX_BODY_CHARS} characters`, thread_id: 't1', client_id: 'big-0' });
    expect(data.slice(20)).toEqual([
      { error: 'send rejected: body must not be empty', thread_id: 't1', client_id: 'empty' },
      { error: 'send rejected: client_id is at most 128 characters', thread_id: 't1', client_id: 'y'.repeat(129) },
      { error: 'send rejected: thread_id is at most 128 characters', thread_id: 'z'.repeat(129), client_id: 'long-thread' },
      { error: 'subscribe rejected: since must not be negative', thread_id: 't1' },
      { error: 'read rejected: seq must be a whole number', thread_id: 't1' },
      { error: 'user_presence rejected: data must be online, away, busy or offline' },
    ]);
    expect(relay.frameStats()).toMatchObject({ malformed: 0, rejected: 26, byType: { send: 23, subscribe: 1, read: 1, user_presence: 1 } });

    // Nothing was stored, and the connection still works.
    ann.send({ type: 'send', thread_id: 't1', client_id: 'fine', body: 'ok' });
    expect(await ann.waitForType('ack')).toMatchObject({ client_id: 'fine', seq: 1 });

    // Malformed frames still count, and their error names the ids it could read.
    ann.send({ type: 'send', thread_id: 't1', client_id: 'typed', body: 42 });
    ann.send({ type: 'send', thread_id: 't1', client_id: 'q'.repeat(MAX_ECHO_ID_CHARS + 1) });
    const malformed = await ann.waitForCount((f) => f.type === 'error', 28, 'errors');
    expect(dataOf(malformed[26] as Frame)).toEqual({ error: expect.stringMatching(/^Invalid send frame: body: /), thread_id: 't1', client_id: 'typed' });
    expect(dataOf(malformed[27] as Frame)).toEqual({ error: expect.stringMatching(/^Invalid send frame: body/), thread_id: 't1' });
    ann.send('{');
    expect(await ann.waitClosed()).toEqual({ code: 1008, reason: 'too many invalid frames' });
    expect(relay.frameStats()).toMatchObject({ malformed: 3, rejected: 26 });
  });

  it('answers an unknown frame type with an error but does not count it toward the limit', async () => {
    const relay = await startTestRelay({ workspace: TEAM, invalidFrameLimit: 2 });
    const ann = await signIn(relay, 'ann');
    for (let i = 0; i < 5; i++) ann.send({ type: 'typing', thread_id: 't1' });
    const errors = await ann.waitForCount((f) => f.type === 'error', 5, 'errors');
    expect(dataOf(errors[0] ?? { type: '' }).error).toBe('Unknown frame type: typing');
    await ann.sync();
    expect(ann.closeInfo).toBeNull();
  });

  it('forgets invalid frames older than the window', async () => {
    const relay = await startTestRelay({ workspace: TEAM, invalidFrameLimit: 2, invalidFrameWindowMs: 200 });
    const ann = await signIn(relay, 'ann');
    ann.send('nope');
    await ann.waitForType('error');
    await sleep(300);
    ann.send('nope');
    await ann.waitForCount((f) => f.type === 'error', 2, 'errors');
    await ann.sync();
    expect(ann.closeInfo).toBeNull();
  });

  it('drops clients silent longer than idleTimeoutMs, counting any frame or a WebSocket pong as activity', async () => {
    // Generous against the keep-alive period so a loaded machine does not drop the active clients.
    const relay = await startTestRelay({ workspace: TEAM, idleTimeoutMs: 1000 });
    const silent = await signIn(relay, 'ann');
    const chatty = await signIn(relay, 'ben');
    const ponger = await signIn(relay, 'cat');
    const keepAlive = setInterval(() => {
      chatty.send({ type: 'ping' });
      ponger.ws.pong();
    }, 100);
    try {
      const closed = await silent.waitClosed(5000);
      expect(closed.code).toBe(1001);
      expect(closed.reason).toBe('idle timeout');
      await sleep(1200);
      expect(chatty.closeInfo).toBeNull();
      expect(ponger.closeInfo).toBeNull();
    } finally {
      clearInterval(keepAlive);
    }
  });

  it('closes a client too slow to take its frames with 1013, and cuts it off when it does not answer the close', async () => {
    const relay = await startTestRelay({ workspace: TEAM, maxBufferedBytes: 1024 * 1024 });
    const token = await relay.mintToken('ann');
    // A raw socket that completes the upgrade and then never reads: everything sent to it piles up in the relay.
    const socket = net.connect(relay.port, '127.0.0.1');
    socket.on('error', () => {});
    socket.pause();
    try {
      socket.write(
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${token}\r\n\r\n`,
      );
      await until(() => relay.connectionCount('ann') === 1, 'the upgrade');
      const big = 'x'.repeat(512 * 1024); // within the frame limit, which the relay never exceeds
      for (let i = 0; i < 128; i++) relay.announce(big, 'ann'); // far more than socket buffers hold
      // The close frame waits behind the unsent data, so only the cut-off (2 s, not ws's own 30 s) frees the socket.
      await until(() => relay.connectionCount('ann') === 0, 'the relay to drop the slow client', 10_000);
    } finally {
      socket.destroy();
    }
  });

  it('sends {"type":"ping"} every serverPingMs when asked to', async () => {
    const relay = await startTestRelay({ workspace: TEAM, serverPingMs: 100 });
    const ann = await signIn(relay, 'ann');
    const pings = await ann.waitForCount((f) => f.type === 'ping', 2, 'server pings');
    expect(typeof pings[0]?.timestamp).toBe('string');
  });

  it('closes every client with 1012 on close() and stops listening', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const a = await signIn(relay, 'ann');
    const b = await signIn(relay, 'ben');
    await relay.close();
    expect((await a.waitClosed()).code).toBe(1012);
    expect((await b.waitClosed()).code).toBe(1012);
    await expect(fetch(`${relay.httpUrl}/healthz`)).rejects.toThrow();
    await relay.close(); // idempotent
  });

  it('refuses a chunked HTTP body over 1 MiB with 413', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${relay.httpUrl}/api/notify`, { method: 'POST', headers: { Authorization: `Bearer ${relay.adminToken}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(256 * 1024, 'x');
      for (let i = 0; i < 5; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });

  it('streams 20 000 messages through one thread to two subscribers, in order and without loss', async () => {
    const relay = await startTestRelay({ workspace: TEAM, historyLimit: 100_000 });
    const ann = await signIn(relay, 'ann');
    const ben = await signIn(relay, 'ben');
    for (const c of [ann, ben]) c.send({ type: 'subscribe', thread_id: 't1' });
    await Promise.all([ann.sync(), ben.sync()]);
    const n = 20_000;
    const started = Date.now();
    for (let i = 0; i < n; i++) ann.send({ type: 'send', thread_id: 't1', client_id: `c${i}`, body: `msg ${i}` });
    await ann.waitForCount((f) => f.type === 'ack', n, 'acks', 30_000);
    const got = await ben.waitForCount((f) => f.type === 'message', n, 'messages', 30_000);
    const elapsed = Date.now() - started;
    expect(got.every((m, i) => m.seq === i + 1 && m.body === `msg ${i}`)).toBe(true);
    console.log(`relay: ${n} messages to 2 subscribers in ${elapsed} ms`);
  });
});
