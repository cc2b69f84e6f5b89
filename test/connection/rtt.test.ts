// RTT has its own event: a state listener hears only real changes, not a new
// `connected` after every pong.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../src/relay';
import type { Relay } from '../../src/relay';
import { client, SECRET, startConnRelay, stopClients } from './support/setup';
import { waitFor } from './support/wait';

let relay: Relay;
beforeAll(async () => {
  relay = await startConnRelay();
});
afterEach(stopClients);
afterAll(() => relay.close());

describe('rtt event', () => {
  it('each pong is an rtt event; the state is entered once and its rttMs kept current', async () => {
    const c = client({ url: relay.url, token: await mintToken(SECRET, 'u1') });
    const rtts: number[] = [];
    c.engine.on('rtt', ({ rttMs }) => rtts.push(rttMs));
    c.engine.start();
    await waitFor(() => rtts.length >= 3, 'three pongs', 10_000); // heartbeat every 300 ms
    expect(rtts.every((r) => Number.isFinite(r) && r >= 0)).toBe(true);
    expect(c.rec.states.map((s) => s.state)).toEqual(['connecting', 'connected']);
    const state = c.engine.state;
    expect(state.state === 'connected' ? state.rttMs : 'not connected').toBe(rtts.at(-1));
    expect(c.engine.diagnostics().rttMs).toBe(rtts.at(-1));
  });
});
