// A hole no replay fills becomes a client-side gap within holeTimeoutMs of the
// oldest message held behind it, whatever else is held and whenever the hole
// timer was armed. A server on real sockets skips seqs on purpose; the engine's
// clock is fake so the deadlines are checked to the millisecond.
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { CompatServer } from './support/compat-server';
import { startCompatServer } from './support/compat-server';
import { FakeClock } from './support/fake-clock';
import type { Client } from './support/setup';
import { client } from './support/setup';
import { waitFor } from './support/wait';

const HOLE_MS = 5_000;
/** Far beyond any advance here, so only the hole timer acts on the fake clock. */
const QUIET = { heartbeatMs: 600_000, pongTimeoutMs: 600_000, stableAfterMs: 600_000, handshakeTimeoutMs: 600_000, holeTimeoutMs: HOLE_MS };

const open: { server: CompatServer; c: Client }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.c.engine.stop();
    await o.server.close();
  }
});

const message = (seq: number) => JSON.stringify({ type: 'message', thread_id: 't1', id: `m${seq}`, seq, sender: 'u2', body: `b${seq}` });

/** A v1 server that signs the client in and then sends only what the test tells it to. */
async function setup(): Promise<{ c: Client; clock: FakeClock; send: (...seqs: number[]) => Promise<void>; socket: () => WebSocket }> {
  const sockets: WebSocket[] = [];
  const server = await startCompatServer({
    acceptToken: () => true,
    onConnection: (ws) => {
      sockets.push(ws);
      ws.send(JSON.stringify({ type: 'auth', data: { success: true, userId: 'u1' } }));
    },
  });
  const clock = new FakeClock();
  const c = client({ url: server.url, token: 'hole-token', transport: { kind: 'query', param: 'access_token' }, clock, ...QUIET });
  open.push({ server, c });
  c.engine.start();
  await waitFor(() => c.engine.state.state === 'connected', 'connected');
  const socket = (): WebSocket => sockets.at(-1)!;
  const send = async (...seqs: number[]): Promise<void> => {
    const before = c.engine.diagnostics().framesIn;
    for (const s of seqs) socket().send(message(s));
    // Every frame handled by the engine before the fake clock moves.
    await waitFor(() => c.engine.diagnostics().framesIn >= before + seqs.length, `seqs ${seqs.join(',')} received`);
  };
  return { c, clock, send, socket };
}

const gaps = (c: Client) => c.rec.of('gap').map((g) => [g.from, g.to, g.source]);
const seqs = (c: Client) => c.rec.inThread('t1').map((m) => m.seq);

describe('holes nobody fills', () => {
  it('every hole held past the limit becomes a gap in the same timer run', async () => {
    const { c, clock, send } = await setup();
    const idle = clock.pending; // the heartbeat and the stable-connection timers
    await send(1, 3, 5);
    expect(seqs(c)).toEqual([1]);
    expect(clock.pending).toBe(idle + 1);
    clock.advance(HOLE_MS - 1);
    expect(gaps(c)).toEqual([]);
    clock.advance(1);
    expect(gaps(c)).toEqual([[2, 2, 'client'], [4, 4, 'client']]);
    expect(seqs(c)).toEqual([1, 3, 5]);
    expect(clock.pending).toBe(idle); // nothing held: no hole timer left
  });

  it('a hole opened while the timer waits for an earlier one is declared holeTimeoutMs after its own start', async () => {
    const { c, clock, send } = await setup();
    await send(1, 3); // hole at 2; the timer is armed for it
    clock.advance(HOLE_MS / 2);
    await send(2); // filled
    expect(seqs(c)).toEqual([1, 2, 3]);
    clock.advance(HOLE_MS / 2 - 100);
    await send(5); // a new hole at 4, 100 ms before the timer armed for the first one fires
    clock.advance(100);
    expect(gaps(c)).toEqual([]);
    clock.advance(HOLE_MS - 101);
    expect(gaps(c)).toEqual([]);
    clock.advance(1);
    expect(gaps(c)).toEqual([[4, 4, 'client']]);
    expect(seqs(c)).toEqual([1, 2, 3, 5]);
  });

  it('the wait counts only while connected: after a reconnect the replay gets the full holeTimeoutMs', async () => {
    const { c, clock, send, socket } = await setup();
    await send(1, 3);
    clock.advance(HOLE_MS - 10);
    const first = socket();
    first.close(1001, 'going away'); // retried after a backoff wait on the fake clock
    await waitFor(() => c.engine.state.state === 'reconnecting', 'reconnecting');
    clock.advance(60_000); // a long time offline: the hole is not declared meanwhile
    await waitFor(() => c.engine.state.state === 'connected' && socket() !== first, 'connected again');
    expect(gaps(c)).toEqual([]);
    clock.advance(HOLE_MS - 1);
    expect(gaps(c)).toEqual([]);
    clock.advance(1);
    expect(gaps(c)).toEqual([[2, 2, 'client']]);
    expect(seqs(c)).toEqual([1, 3]);
  });
});
