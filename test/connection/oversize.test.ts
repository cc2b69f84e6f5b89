// A frame over 1 MiB from the server: we close 1009, and the state says so in
// words (not "connection lost (1006)"); diagnostics count it.
import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../src/shared/protocol';
import { useScriptedServers } from './support/scripted-client';
import { waitFor } from './support/wait';

const scripted = useScriptedServers();

describe('oversize frame from the server', () => {
  it('shows 1009 "a message from the server was too large" and counts it', async () => {
    let n = 0;
    const { c } = await scripted((ws) => {
      n++;
      ws.send(JSON.stringify({ type: 'auth', data: { success: true, userId: 'u1' } }));
      if (n === 1) ws.send(JSON.stringify({ type: 'announcement', message: 'x'.repeat(MAX_FRAME_BYTES) }));
    }, 'oversize-token-0123');
    c.engine.start();
    await waitFor(() => n === 2 && c.engine.state.state === 'connected', 'reconnected after the oversize frame');
    const retry = c.rec.states.find((s) => s.state === 'reconnecting');
    expect(retry).toMatchObject({ lastCloseCode: 1009, reason: 'a message from the server was too large (1009)' });
    expect(c.engine.diagnostics()).toMatchObject({ oversizeCloses: 1, lastCloseCode: 1009 });
  });
});
