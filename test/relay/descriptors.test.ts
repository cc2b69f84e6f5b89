// Sockets anyone can open without a token: silent ones, half-sent headers and
// crawling bodies must not pile up until descriptors run out and real clients
// and /healthz are locked out.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Relay } from '../../src/relay';
import { TEAM, api, cleanup, signIn, startTestRelay, until } from './helpers';

afterEach(cleanup);
const opened: net.Socket[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.destroy();
});

/** A raw socket that sends `data` (maybe nothing) and records when and how the relay ended it. */
async function rawSocket(relay: Relay, data = ''): Promise<{ closedAt: () => number | null; answer: () => string }> {
  const socket = net.connect(relay.port, '127.0.0.1');
  opened.push(socket);
  let closedAt: number | null = null;
  let answer = '';
  socket.on('data', (c: Buffer) => (answer += c.toString()));
  socket.on('error', () => {});
  socket.on('close', () => (closedAt = Date.now()));
  await new Promise((resolve) => socket.once('connect', resolve));
  if (data) socket.write(data);
  return { closedAt: () => closedAt, answer: () => answer };
}

describe('sockets without a token', () => {
  it('holds at most maxUnauthenticatedSockets silent sockets, dropping the oldest; clients and /healthz still get in', async () => {
    const relay = await startTestRelay({ workspace: TEAM, maxUnauthenticatedSockets: 20 });
    const ann = await signIn(relay, 'ann');
    const silent: Awaited<ReturnType<typeof rawSocket>>[] = [];
    for (let i = 0; i < 60; i++) silent.push(await rawSocket(relay));
    await until(() => silent.filter((s) => s.closedAt() !== null).length >= 40, 'the oldest silent sockets to be dropped', 3000);
    expect(silent.slice(-10).every((s) => s.closedAt() === null)).toBe(true); // the newest are kept
    expect((await api(relay, 'GET', '/healthz', undefined, null)).status).toBe(200);
    const ben = await signIn(relay, 'ben');
    await ben.sync();
    await ann.sync(); // an authenticated client is never counted, never dropped
    expect(ann.closeInfo).toBeNull();
  });

  it('answers incomplete request headers with 408 once headersTimeoutMs has passed', async () => {
    const relay = await startTestRelay({ workspace: TEAM, headersTimeoutMs: 300 });
    const started = Date.now();
    const partial = await rawSocket(relay, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n`);
    const silent = await rawSocket(relay);
    await until(() => partial.closedAt() !== null && silent.closedAt() !== null, 'both sockets to be closed', 3000);
    expect(partial.answer()).toMatch(/^HTTP\/1\.1 408/);
    expect((partial.closedAt() ?? 0) - started).toBeLessThan(2000);
  });

  it('cuts off a request body that crawls, after requestTimeoutMs', async () => {
    const relay = await startTestRelay({ workspace: TEAM, requestTimeoutMs: 500 });
    const slow = await rawSocket(
      relay,
      `POST /api/notify HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${relay.adminToken}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"level":`,
    );
    await until(() => slow.closedAt() ?? undefined, 'the slow request to be cut off', 3000);
    expect(slow.answer()).toMatch(/^HTTP\/1\.1 408/);
  });
});
