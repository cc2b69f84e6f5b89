// A replay or flood arrives as many socket reads in one event-loop turn. The
// link must let the loop run between bursts (timers, IPC, the window's
// batches), not hand thousands of frames to the app in one go: counted in
// loop turns, so the test does not depend on the machine's speed.
import { describe, expect, it } from 'vitest';
import { useScriptedServers } from './support/scripted-client';
import { waitFor } from './support/wait';

const scripted = useScriptedServers();

describe('a flood of frames', () => {
  it('is delivered in full, in order, at most about one socket read past 300 frames per event-loop turn', async () => {
    const N = 20_000;
    const { c } = await scripted((ws) => {
      ws.send(JSON.stringify({ type: 'auth', data: { success: true, userId: 'u1' } }));
      // One synchronous burst: the kernel hands it over in as few reads as it can.
      for (let seq = 1; seq <= N; seq++) {
        ws.send(JSON.stringify({ type: 'message', thread_id: 't1', id: `m${seq}`, seq, sender: 'bot', body: `flood ${seq}` }));
      }
    }, 'flood-token-0123456');

    let turn = 0;
    let spinning = true;
    const spin = (): void => {
      turn++;
      if (spinning) setImmediate(spin);
    };
    spin();
    const perTurn = new Map<number, number>();
    const seqs: number[] = [];
    c.engine.on('message', (m) => {
      perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1);
      seqs.push(m.seq ?? -1);
    });
    c.engine.start();
    await waitFor(() => seqs.length === N, 'every flooded message delivered', 30_000);
    spinning = false;
    expect(seqs).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    // Before the fix: the whole flood (20 000) in one or two turns. The link pauses the socket after
    // 300 frames; the rest of the 64 KiB read it is in (about 700 frames this size) still comes in that turn.
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(300 + 1_000);
    expect(perTurn.size).toBeGreaterThan(N / 1_300);
  });
});
