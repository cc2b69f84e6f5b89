// The relay as a real process: killed with SIGKILL mid-stream and restarted on
// the same data, and frozen with SIGSTOP (a half-open link).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../src/relay';
import type { Client } from './support/setup';
import { client, FAST, SECRET, WORKSPACE } from './support/setup';
import { seqProblem } from './support/recorder';
import { killRelay, postBatch, spawnRelay, threadLastSeq } from './support/relay-process';
import type { RelayProcess } from './support/relay-process';
import { sleep, waitFor } from './support/wait';

const ADMIN = 'admin-token-for-connection-tests';
let root: string;
const running = new Set<RelayProcess>();
const engines: Client[] = [];

async function relayOn(dataDir: string, port?: number): Promise<RelayProcess> {
  const r = await spawnRelay({ dataDir, workspace: WORKSPACE, adminToken: ADMIN, port, extra: ['--history', '100000'] });
  running.add(r);
  void r.exited.then(() => running.delete(r));
  return r;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'beacon-relay-proc-'));
});
afterAll(async () => {
  await Promise.all(engines.map((c) => c.engine.stop()));
  await Promise.all([...running].map((r) => killRelay(r)));
  rmSync(root, { recursive: true, force: true });
});

/** Every message the relay acknowledged is delivered once, and each thread is exactly 1..lastSeq, in order. */
async function expectComplete(c: Client, relay: RelayProcess, acked: Set<string>): Promise<void> {
  const last = await threadLastSeq(relay.httpUrl, ADMIN);
  await waitFor(() => Object.entries(last).every(([t, n]) => c.rec.inThread(t).length >= n), 'every stored message delivered', 15_000);
  for (const [t, n] of Object.entries(last)) expect(seqProblem(c.rec.inThread(t), 1, n), `thread ${t}`).toBeNull();
  const bodies = c.rec.messages.map((m) => m.body);
  expect(new Set(bodies).size).toBe(bodies.length);
  for (const b of acked) expect(bodies, b).toContain(b);
}

describe('relay process failures', () => {
  it('SIGKILL mid-stream, restart with the same --data: reconnects by itself, every message exactly once, in order', async () => {
    const dataDir = join(root, 'kill');
    let relay = await relayOn(dataDir);
    const port = relay.port;
    const c = client({ url: relay.url, token: await mintToken(SECRET, 'u1') });
    engines.push(c);
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'connected' && c.rec.of('threads').length > 0, 'connected');

    const acked = new Set<string>();
    let killed = false;
    let restarted = false;
    const stream = (async () => {
      for (let batch = 0; batch < 40; batch++) {
        const threadId = batch % 2 ? 't2' : 't1';
        const bodies = Array.from({ length: 20 }, (_, i) => `b${batch}-${i}`);
        for (;;) {
          try {
            for (const m of await postBatch(`http://127.0.0.1:${port}`, ADMIN, threadId, 'u2', bodies)) expect(m.seq).toBeGreaterThan(0);
            bodies.forEach((b) => acked.add(b));
            break;
          } catch (err) {
            // Refused: the relay is down and stored nothing; try again once it is back.
            // Anything else is ambiguous (killed mid-request): not counted as acknowledged.
            if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') break;
            await sleep(50);
          }
        }
        if (batch === 15) {
          await killRelay(relay, 'SIGKILL');
          killed = true;
        }
        await sleep(15);
      }
    })();
    const sent: string[] = [];
    const sender = (async () => {
      for (let i = 0; i < 10; i++) {
        sent.push(c.engine.send('t1', `mine-${i}`));
        await sleep(60);
      }
    })();

    await waitFor(() => killed, 'kill');
    await waitFor(() => c.engine.state.state === 'reconnecting', 'client notices');
    relay = await relayOn(dataDir, port);
    restarted = true;
    await Promise.all([stream, sender]);
    expect(restarted).toBe(true);
    await waitFor(() => c.rec.delivered().length === 10, 'all own messages acked', 15_000);
    expect(new Set(c.rec.delivered().map((d) => d.clientId))).toEqual(new Set(sent));
    expect(c.rec.deliveries.filter((d) => d.status === 'failed')).toEqual([]);
    await expectComplete(c, relay, acked);
    expect(c.engine.diagnostics().reconnects).toBeGreaterThanOrEqual(1);
    expect(acked.size).toBeGreaterThanOrEqual(700);
  }, 60_000);

  it('SIGSTOP (half-open link): dead link found within heartbeat + timeout, recovery after SIGCONT and after a restart', async () => {
    const dataDir = join(root, 'stop');
    let relay = await relayOn(dataDir);
    const port = relay.port;
    const c = client({ url: relay.url, token: await mintToken(SECRET, 'u1'), handshakeTimeoutMs: 1_000 });
    engines.push(c);
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'connected' && c.rec.of('threads').length > 0, 'connected');
    await postBatch(relay.httpUrl, ADMIN, 't1', 'u2', ['before']);
    await waitFor(() => c.rec.messages.length === 1, 'first message');
    const limit = FAST.heartbeatMs + FAST.pongTimeoutMs;

    for (const recovery of ['SIGCONT', 'restart'] as const) {
      const deadBefore = c.engine.diagnostics().deadLinks;
      relay.child.kill('SIGSTOP');
      const frozenAt = Date.now();
      await waitFor(() => c.engine.state.state !== 'connected', 'dead link detected', 5_000, 5);
      const detectedMs = Date.now() - frozenAt;
      expect(c.engine.diagnostics().deadLinks).toBe(deadBefore + 1);
      expect(c.engine.state).toMatchObject({ state: 'reconnecting', reason: expect.stringContaining('presumed dead') });
      // Timer slack on a loaded machine on top of heartbeat + timeout.
      expect(detectedMs).toBeLessThan(limit + 500);
      // Attempts against a frozen server time out in the handshake and keep retrying.
      await sleep(1_500);
      expect(c.engine.state.state).not.toBe('connected');

      if (recovery === 'SIGCONT') {
        relay.child.kill('SIGCONT');
      } else {
        await killRelay(relay, 'SIGKILL');
        relay = await relayOn(dataDir, port);
      }
      await waitFor(() => c.engine.state.state === 'connected', `connected after ${recovery}`, 15_000);
      await postBatch(relay.httpUrl, ADMIN, 't1', 'u2', [`after ${recovery}`]);
      await waitFor(() => c.rec.messages.some((m) => m.body === `after ${recovery}`), `message after ${recovery}`);
    }
    await expectComplete(c, relay, new Set(['before', 'after SIGCONT', 'after restart']));
  }, 60_000);
});
