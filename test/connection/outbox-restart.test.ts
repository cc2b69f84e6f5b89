// The outbox survives the client object (an app restart), and a resend after
// a crash creates no duplicate message on the server.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutboxFullError } from '../../src/main/connection';
import { readOutboxEntries } from '../../src/main/connection/outbox';
import type { Relay } from '../../src/relay';
import { closedPort } from '../support/ports';
import { client, startConnRelay, stopClients } from './support/setup';
import { seqProblem } from './support/recorder';
import { threadLastSeq } from './support/relay-process';
import { waitFor } from './support/wait';

let relay: Relay;
let token: string;
let dir: string;
let deadUrl: string;

beforeAll(async () => {
  relay = await startConnRelay();
  token = await relay.mintToken('u1');
  dir = mkdtempSync(join(tmpdir(), 'beacon-outbox-it-'));
  deadUrl = `ws://127.0.0.1:${await closedPort()}`;
});
afterEach(stopClients);
afterAll(async () => {
  await relay.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('outbox across client restarts', () => {
  it('messages queued while the server is unreachable are sent, in order, by the next client object', async () => {
    const outboxPath = join(dir, 'queued', 'outbox.json');
    const first = client({ url: deadUrl, token, outboxPath, maxOutbox: 3 });
    first.engine.start();
    const ids = ['m1', 'm2', 'm3'].map((b) => first.engine.send('t2', b));
    expect(() => first.engine.send('t2', 'm4')).toThrow(OutboxFullError);
    expect(first.rec.deliveries.map((d) => d.status)).toEqual(['pending', 'pending', 'pending']);
    await first.engine.stop();
    expect(readOutboxEntries(outboxPath).map((e) => (e as { clientId: string }).clientId)).toEqual(ids);

    const second = client({ url: relay.url, token, outboxPath });
    expect(second.engine.pendingMessages().map((e) => e.body)).toEqual(['m1', 'm2', 'm3']);
    second.engine.start();
    await waitFor(() => second.rec.delivered().length === 3, 'three acks');
    expect(second.rec.delivered().map((d) => [d.clientId, d.seq])).toEqual([[ids[0], 1], [ids[1], 2], [ids[2], 3]]);
    await waitFor(() => second.rec.inThread('t2').length === 3, 'broadcasts');
    expect(seqProblem(second.rec.inThread('t2'), 1, 3)).toBeNull();
    expect(second.rec.inThread('t2').map((m) => m.body)).toEqual(['m1', 'm2', 'm3']);
    await second.engine.stop();
    expect(readOutboxEntries(outboxPath)).toEqual([]);
  });

  it('a resend after a crash (the ack never reached the disk) does not duplicate the message', async () => {
    const outboxPath = join(dir, 'crash', 'outbox.json');
    const snapshot = join(dir, 'crash', 'snapshot.json');
    const a = client({ url: relay.url, token, outboxPath });
    a.engine.start();
    await waitFor(() => a.engine.state.state === 'connected', 'connected');
    await waitFor(() => a.rec.of('threads').length === 1, 'threads');
    const id = a.engine.send('t1', 'exactly once please');
    copyFileSync(outboxPath, snapshot); // what the disk held at the moment of the "crash"
    await waitFor(() => a.rec.delivered().length === 1, 'ack');
    const { seq } = a.rec.delivered()[0]!;
    await a.engine.stop();
    copyFileSync(snapshot, outboxPath);

    const b = client({ url: relay.url, token, outboxPath });
    expect(b.engine.pendingMessages().map((e) => e.clientId)).toEqual([id]);
    b.engine.start();
    await waitFor(() => b.rec.delivered().length === 1, 'ack of the resend');
    expect(b.rec.delivered()[0]).toMatchObject({ clientId: id, seq });
    // Replay of the whole thread: the body is there once, and nothing follows it.
    await waitFor(() => b.rec.inThread('t1').some((m) => m.seq === seq), 'replay');
    expect(b.rec.inThread('t1').filter((m) => m.body === 'exactly once please')).toHaveLength(1);
    expect(Math.max(...b.rec.inThread('t1').map((m) => m.seq ?? 0))).toBe(seq);
    expect((await threadLastSeq(relay.httpUrl, relay.adminToken)).t1).toBe(seq);
    await b.engine.stop();
  });
});
