// Clients that never read: what the relay holds for them is bounded per
// connection, per user and in total, every answer they cause is charged, and
// shutdown stays prompt however far behind they are.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Relay } from '../../src/relay';
import { TEAM, api, cleanup, startTestRelay, until } from './helpers';

afterEach(cleanup);

const sockets = new Set<net.Socket>();
afterEach(() => {
  for (const s of sockets) s.destroy();
  sockets.clear();
});

/** A socket that completes the upgrade and then never reads. */
async function nonReader(relay: Relay, userId: string): Promise<net.Socket> {
  const token = await relay.mintToken(userId);
  const before = relay.connectionCount(userId);
  const socket = net.connect(relay.port, '127.0.0.1');
  sockets.add(socket);
  socket.on('error', () => {});
  socket.pause();
  socket.write(
    `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${token}\r\n\r\n`,
  );
  await until(() => relay.connectionCount(userId) > before, 'the upgrade');
  return socket;
}

/** A masked client text frame, as a browser would send it. */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x81, 0x80 | len]) : Buffer.from([0x81, 0x80 | 126, len >> 8, len & 0xff]);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = (payload[i] as number) ^ (mask[i % 4] as number);
  return Buffer.concat([head, mask, body]);
}

const unsent = async (relay: Relay): Promise<number> => (await api(relay, 'GET', '/healthz', undefined, null)).json.unsentBytes as number;
const MiB = 1024 * 1024;
const big = 'x'.repeat(512 * 1024);

describe('unsent bytes under abuse', () => {
  it('caps what one user\'s connections hold together, below the per-connection cap', async () => {
    const relay = await startTestRelay({ workspace: TEAM, maxBufferedBytes: 64 * MiB, maxUserBufferedBytes: 24 * MiB });
    for (let i = 0; i < 4; i++) await nonReader(relay, 'ann');
    for (let i = 0; i < 40; i++) relay.announce(big, 'ann'); // 20 MiB to each connection
    await until(() => relay.connectionCount('ann') < 4, 'the relay to cut ann\'s connections', 5000);
    expect(await unsent(relay)).toBeLessThanOrEqual(24 * MiB + MiB);
  });

  it('caps what all connections hold together', async () => {
    const relay = await startTestRelay({ workspace: TEAM, maxBufferedBytes: 64 * MiB, maxTotalBufferedBytes: 24 * MiB });
    for (const user of ['ann', 'ben', 'cat']) await nonReader(relay, user);
    for (let i = 0; i < 40; i++) relay.announce(big); // 20 MiB to everyone
    await until(() => relay.connectionCount() < 3, 'the relay to cut connections', 5000);
    expect(await unsent(relay)).toBeLessThanOrEqual(24 * MiB + MiB);
  });

  it('charges the answers a client causes: error answers and replays stop when it does not read', async () => {
    const relay = await startTestRelay({ workspace: TEAM, historyLimit: 200 });
    for (let i = 0; i < 100; i++) await relay.postMessage('t1', 'ben', 'y'.repeat(60_000)); // a 6 MB replay
    const socket = await nonReader(relay, 'ann');
    const unknown = clientFrame(JSON.stringify({ type: 'nonsense', thread_id: 'z'.repeat(1000) }));
    const subscribe = clientFrame(JSON.stringify({ type: 'subscribe', thread_id: 't1' }));
    // 20 replays (120 MB) and 30 000 error answers (33 MB) asked for; the client reads nothing.
    for (let round = 0; round < 20; round++) {
      socket.write(subscribe);
      socket.write(Buffer.concat(Array.from({ length: 1500 }, () => unknown)));
    }
    await new Promise((r) => setTimeout(r, 1500));
    expect(relay.connectionCount('ann')).toBe(1); // not cut: it is only held back
    expect(await unsent(relay)).toBeLessThan(16 * MiB);
  });

  it('closes promptly while clients are far behind', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    for (const user of ['ann', 'ben', 'cat']) await nonReader(relay, user);
    for (let i = 0; i < 40; i++) relay.announce(big);
    const started = Date.now();
    await relay.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
