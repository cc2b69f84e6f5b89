// Membership is judged when a frame leaves, not when a request came: with a
// data directory a subscribe waits for the pending log write, and what happens
// meanwhile (a removal, new messages) must neither leak nor arrive twice.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Relay } from '../../src/relay';
import { TEAM, cleanup, num, signIn, startTestRelay, until, type TestClient } from './helpers';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beacon-relay-members-'));
});
afterEach(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

function seqCounts(client: TestClient, threadId: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const f of client.messages(threadId)) counts.set(num(f, 'seq'), (counts.get(num(f, 'seq')) ?? 0) + 1);
  return counts;
}

/** Raw HTTP/1.1 requests pipelined on one socket, so the relay reads them in one go and in order. */
async function pipelined(relay: Relay, requests: { route: string; body: unknown }[]): Promise<{ written: () => void; answered: Promise<void> }> {
  const socket = net.connect(relay.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let text = '';
  const answered = new Promise<void>((resolve, reject) => {
    socket.on('data', (c: Buffer) => {
      text += c.toString();
      if ((text.match(/HTTP\/1\.1 \d{3}/g) ?? []).length >= requests.length) resolve();
    });
    socket.on('error', reject);
  });
  const bytes = requests
    .map(({ route, body }) => {
      const json = JSON.stringify(body);
      return `POST ${route} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${relay.adminToken}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
    })
    .join('');
  return { written: () => socket.write(bytes), answered: answered.finally(() => socket.destroy()) };
}

describe('membership at delivery and replay (with --data)', () => {
  it('never replays a message that then also arrives live', async () => {
    const relay = await startTestRelay({ workspace: TEAM, dataDir: dir });
    const ann = await signIn(relay, 'ann');
    for (let round = 0; round < 20; round++) {
      // One socket read: a pending write, the subscribe that waits for it, then sends it must not replay.
      ann.send({ type: 'send', thread_id: 't2', client_id: `p-${round}`, body: 'pending' });
      ann.send({ type: 'subscribe', thread_id: 't1', since: round * 3 });
      for (let i = 0; i < 3; i++) ann.send({ type: 'send', thread_id: 't1', client_id: `m-${round}-${i}`, body: `m${i}` });
      await ann.waitForCount((f) => f.type === 'ack', (round + 1) * 4, 'acks');
      await ann.sync();
      ann.send({ type: 'unsubscribe', thread_id: 't1' });
    }
    const counts = seqCounts(ann, 't1');
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(counts.size).toBe(60);
  });

  it('sends a member removed while their subscribe waited nothing posted after the removal', async () => {
    const relay = await startTestRelay({ workspace: TEAM, dataDir: dir });
    const cat = await signIn(relay, 'cat');
    const all = ['ann', 'ben', 'cat'];
    for (let cycle = 0; cycle < 60; cycle++) {
      relay.addThread({ id: 't1', title: 'General', members: all });
      await cat.sync();
      const http = await pipelined(relay, [
        { route: '/api/threads', body: { id: 't1', title: 'General', members: ['ann', 'ben'] } },
        { route: '/api/threads/t1/messages', body: { sender: 'ann', body: `after-removal-${cycle}` } },
      ]);
      cat.send({ type: 'send', thread_id: 't3', client_id: `c-${cycle}`, body: 'pending write' });
      cat.send({ type: 'subscribe', thread_id: 't1', since: cycle }); // everything before this cycle's message
      http.written();
      await http.answered;
      await cat.sync();
    }
    await until(() => relay.connectionCount('cat') === 1, 'cat still connected');
    expect(cat.messages('t1').map((f) => f.body)).toEqual([]);
  });
});
