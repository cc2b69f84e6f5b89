// One bad message must never lock a user out: against the real relay, a send
// it rejects settles as `failed` with the relay's reason, leaves the outbox
// (memory and file), keeps the connection, and is not resent after a reconnect.
// A frame over the protocol's 1 MiB is refused at send() and never queued.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readOutboxEntries } from '../../src/main/connection/outbox';
import { MAX_FRAME_BYTES, encodeClientFrame } from '../../src/shared/protocol';
import { MAX_BODY_CHARS } from '../../src/relay';
import type { Relay } from '../../src/relay';
import type { Client } from './support/setup';
import { client, startConnRelay, stopClients } from './support/setup';
import { waitFor } from './support/wait';

const REJECTED = `send rejected: body is at most ${MAX_BODY_CHARS} characters`;

let dir: string;
const relays: Relay[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'beacon-rejected-send-'));
});
afterEach(async () => {
  await stopClients();
  await Promise.all(relays.splice(0).map((r) => r.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function connectedClient(name: string): Promise<{ relay: Relay; a: Client; outboxPath: string }> {
  const relay = await startConnRelay();
  relays.push(relay);
  const outboxPath = join(dir, name, 'outbox.json');
  const a = client({ url: relay.url, token: await relay.mintToken('u1'), outboxPath });
  a.engine.start();
  await waitFor(() => a.engine.state.state === 'connected', 'connected');
  return { relay, a, outboxPath };
}

const updatesFor = (c: Client, clientId: string) => c.rec.deliveries.filter((d) => d.clientId === clientId);
const statusOf = (c: Client, clientId: string) => updatesFor(c, clientId).at(-1)?.status;

describe('a send the relay rejects', () => {
  it('fails with the relay reason, leaves the outbox, keeps the connection, and is not resent after a reconnect', async () => {
    const { relay, a, outboxPath } = await connectedClient('one');
    const id = a.engine.send('t1', 'x'.repeat(70_000));
    await waitFor(() => statusOf(a, id) === 'failed', 'the failed delivery');
    expect(updatesFor(a, id)).toEqual([
      { clientId: id, threadId: 't1', status: 'pending' },
      { clientId: id, threadId: 't1', status: 'failed', reason: REJECTED },
    ]);
    expect(a.engine.pendingMessages()).toEqual([]);
    expect(a.rec.of('error')).toEqual([]); // settled as the delivery, not reported twice
    expect(a.engine.state.state).toBe('connected');
    expect(relay.frameStats()).toMatchObject({ malformed: 0, rejected: 1, byType: { send: 1 } });

    // Forced reconnect: the outbox is replayed on the new link.
    a.engine.networkChanged(false);
    await waitFor(() => relay.connectionCount('u1') === 0, 'the relay to see the link gone');
    a.engine.networkChanged(true);
    await waitFor(() => a.engine.state.state === 'connected', 'reconnected');
    const marker = a.engine.send('t1', 'after the reconnect');
    await waitFor(() => statusOf(a, marker) === 'delivered', 'the marker ack');
    // One link's frames are handled in order: by the marker's ack, any resend would have been counted.
    expect(relay.frameStats()).toMatchObject({ malformed: 0, rejected: 1, byType: { send: 2 } });
    expect(a.rec.stateNames()).toEqual(['connecting', 'connected', 'offline', 'connecting', 'connected']);
    expect(updatesFor(a, id)).toHaveLength(2);

    // The outbox file does not hold it either: a restarted app has nothing to resend.
    await a.engine.stop();
    expect(readOutboxEntries(outboxPath)).toEqual([]);
    const restarted = client({ url: relay.url, token: 'unused-token', outboxPath });
    expect(restarted.engine.pendingMessages()).toEqual([]);
  });

  it('twenty rejected sends in a row do not get the client closed', async () => {
    const { relay, a } = await connectedClient('twenty');
    const ids = Array.from({ length: 20 }, () => a.engine.send('t1', 'y'.repeat(70_000)));
    await waitFor(() => ids.every((id) => statusOf(a, id) === 'failed'), 'twenty failed deliveries');
    const marker = a.engine.send('t1', 'still here');
    await waitFor(() => statusOf(a, marker) === 'delivered', 'a normal message after them');
    expect(a.rec.stateNames()).toEqual(['connecting', 'connected']);
    expect(relay.connectionCount('u1')).toBe(1);
    expect(relay.frameStats()).toMatchObject({ malformed: 0, rejected: 20 });
    expect(a.engine.pendingMessages()).toEqual([]);
  });
});

describe('a message too big for one frame', () => {
  it('is refused at send() with a RangeError and nothing queued; a frame of exactly 1 MiB still goes out', async () => {
    const { relay, a } = await connectedClient('big');
    const overhead = Buffer.byteLength(encodeClientFrame({ type: 'send', threadId: 't1', clientId: `c-${'0'.repeat(36)}`, body: '' }));
    const fits = 'z'.repeat(MAX_FRAME_BYTES - overhead);
    const before = { out: a.engine.diagnostics().framesOut, bytes: a.engine.diagnostics().bytesOut, updates: a.rec.deliveries.length };

    expect(() => a.engine.send('t1', `${fits}z`)).toThrow(RangeError);
    expect(() => a.engine.send('t1', `${fits}z`)).toThrow(/too large: it would be a 1048577-byte frame.*at most 1048576 bytes/);
    // Bytes, not characters: 600 000 two-byte characters are well over 1 MiB.
    expect(() => a.engine.send('t1', 'é'.repeat(600_000))).toThrow(RangeError);
    expect(a.engine.pendingMessages()).toEqual([]);
    expect(a.rec.deliveries).toHaveLength(before.updates);
    expect(a.engine.diagnostics().framesOut).toBe(before.out);

    // At the limit the frame is sent: the relay takes it (no 1009) and rejects the body as a request.
    const id = a.engine.send('t1', fits);
    // Written at once, counted as the exact frame send() measured.
    expect(a.engine.diagnostics().framesOut).toBe(before.out + 1);
    expect(a.engine.diagnostics().bytesOut - before.bytes).toBe(MAX_FRAME_BYTES);
    await waitFor(() => statusOf(a, id) === 'failed', 'the relay to answer the 1 MiB frame');
    expect(updatesFor(a, id).at(-1)).toMatchObject({ status: 'failed', reason: REJECTED });
    expect(a.rec.stateNames()).toEqual(['connecting', 'connected']);
    expect(relay.frameStats()).toMatchObject({ malformed: 0, rejected: 1, byType: { send: 1 } });
  });
});
