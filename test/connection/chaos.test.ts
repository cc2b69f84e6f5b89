// Chaos: a TCP proxy between client and relay cuts the link 100 times (FIN,
// RST, or a silent black hole) while the relay streams 5 000 messages over 5
// threads and the client sends 500. Nothing may be lost, duplicated or reordered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Relay } from '../../src/relay';
import { seqProblem } from './support/recorder';
import { postBatch, threadLastSeq } from './support/relay-process';
import type { Client } from './support/setup';
import { client, startConnRelay } from './support/setup';
import { TcpProxy } from './support/tcp-proxy';
import { sleep, waitFor } from './support/wait';

const THREADS = ['t1', 't2', 't3', 't4', 't5'];
const STREAMED = 5_000;
const BATCH = 50;
const SENT = 500;
const CUTS = 100;

let relay: Relay;
let proxy: TcpProxy;
let c: Client;

beforeAll(async () => {
  relay = await startConnRelay({
    historyLimit: 100_000,
    workspace: {
      users: [{ id: 'u1', name: 'Ada' }, { id: 'bot', name: 'Bot' }],
      threads: THREADS.map((id) => ({ id, title: id, members: ['u1', 'bot'] })),
    },
  });
  proxy = await new TcpProxy(relay.port).start();
});
afterAll(async () => {
  await c?.engine.stop();
  await proxy.close();
  await relay.close();
});

describe('chaos', () => {
  it('100 random cuts while 5 000 messages stream in and 500 go out: zero lost, zero duplicated, order kept, 500 acked once each', async () => {
    c = client({
      url: proxy.url,
      token: await relay.mintToken('u1'),
      heartbeatMs: 200,
      pongTimeoutMs: 200,
      handshakeTimeoutMs: 2_000,
      backoff: { baseMs: 10, capMs: 100 },
    });
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'connected' && c.rec.of('threads').length > 0, 'connected');

    let cuts = 0;
    const modes = { fin: 0, rst: 0, blackhole: 0 };
    let streaming = true;
    const cutter = (async () => {
      while (cuts < CUTS) {
        await sleep(20 + Math.random() * 80);
        await waitFor(() => proxy.live() > 0, 'a live link to cut', 10_000, 5);
        const roll = Math.random();
        const mode = roll < 0.1 ? 'blackhole' : roll < 0.55 ? 'fin' : 'rst';
        if (proxy.cut(mode) > 0) {
          cuts++;
          modes[mode]++;
        }
      }
    })();

    const streamedBodies: string[] = [];
    const stream = (async () => {
      for (let b = 0; b < STREAMED / BATCH; b++) {
        const threadId = THREADS[b % THREADS.length]!;
        const bodies = Array.from({ length: BATCH }, (_, i) => `s${b}-${i}`);
        await postBatch(relay.httpUrl, relay.adminToken, threadId, 'bot', bodies);
        streamedBodies.push(...bodies);
        await sleep(60);
      }
      streaming = false;
    })();

    const sent = new Map<string, string>();
    const sender = (async () => {
      for (let i = 0; i < SENT; i++) {
        const body = `mine-${i}`;
        sent.set(c.engine.send(THREADS[i % THREADS.length]!, body), body);
        await sleep(streaming ? 20 : 2);
      }
    })();

    await Promise.all([cutter, stream, sender]);
    expect(cuts).toBe(CUTS);

    await waitFor(() => c.rec.delivered().length >= SENT, 'all 500 sent messages acked', 30_000);
    const last = await threadLastSeq(relay.httpUrl, relay.adminToken);
    // The relay stored each message once: resends after cuts were de-duplicated on client_id.
    expect(Object.values(last).reduce((a, b) => a + b, 0)).toBe(STREAMED + SENT);
    await waitFor(() => c.rec.messages.length >= STREAMED + SENT, 'every message received', 30_000);
    await sleep(300); // anything extra (a duplicate) would arrive now

    for (const t of THREADS) expect(seqProblem(c.rec.inThread(t), 1, last[t]!), `thread ${t}`).toBeNull();
    const bodies = c.rec.messages.map((m) => m.body);
    expect(bodies.length).toBe(STREAMED + SENT);
    expect(new Set(bodies).size).toBe(bodies.length);
    for (const b of streamedBodies) expect(bodies.includes(b)).toBe(true);
    for (const b of sent.values()) expect(bodies.includes(b)).toBe(true);

    const delivered = c.rec.delivered();
    expect(delivered.length).toBe(SENT);
    expect(new Set(delivered.map((d) => d.clientId))).toEqual(new Set(sent.keys()));
    expect(c.rec.deliveries.filter((d) => d.status === 'failed')).toEqual([]);
    expect(c.rec.of('gap')).toEqual([]);
    expect(c.engine.pendingMessages()).toEqual([]);

    const d = c.engine.diagnostics();
    expect(d.reconnects).toBeGreaterThanOrEqual(CUTS - 5);
    expect(d.malformedFrames).toBe(0);
    console.log(`chaos: ${cuts} cuts (${JSON.stringify(modes)}), ${d.reconnects} reconnects, ${d.deadLinks} dead links detected, ${d.duplicatesDropped} duplicate frames dropped, ${proxy.accepted} TCP connections`);
  }, 120_000);
});
