// A relay that restarts its seq numbering (memory-only) must not make the client
// skip new messages as "already seen" (PROTOCOL.md, Authentication: historyId).
// The relay runs as a real process and is restarted between posts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../src/relay';
import { killRelay, postBatch, spawnRelay } from './support/relay-process';
import type { RelayProcess } from './support/relay-process';
import { client, SECRET, stopClients, WORKSPACE } from './support/setup';
import type { Client } from './support/setup';
import { startRewriteProxy, stripHistoryId } from './support/ws-rewrite-proxy';
import { waitFor } from './support/wait';

const ADMIN = 'admin-token-for-history-tests';
let root: string;
const running = new Set<RelayProcess>();

async function relay(port?: number, dataDir?: string): Promise<RelayProcess> {
  const r = await spawnRelay({ workspace: WORKSPACE, adminToken: ADMIN, port, dataDir });
  running.add(r);
  void r.exited.then(() => running.delete(r));
  return r;
}

const post = (r: RelayProcess, bodies: string[]) => postBatch(r.httpUrl, ADMIN, 't1', 'u2', bodies);
const range = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
const bodiesIn = (c: Client): string[] => c.rec.inThread('t1').map((m) => m.body ?? '');

async function connected(c: Client): Promise<void> {
  await waitFor(() => c.engine.state.state === 'connected' && c.rec.of('threads').length > 0, 'connected with a threads list');
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'beacon-history-'));
});
afterEach(stopClients);
afterAll(async () => {
  await Promise.all([...running].map((r) => killRelay(r)));
  rmSync(root, { recursive: true, force: true });
});

describe('history identity', () => {
  it('a memory-only relay restarted under new posts: every new message arrives (historyId changed)', async () => {
    let r = await relay();
    const c = client({ url: r.url, token: await mintToken(SECRET, 'u1') });
    c.engine.start();
    await connected(c);
    await post(r, range('before-', 1, 5));
    await waitFor(() => bodiesIn(c).length === 5, 'seq 1-5 held');
    const firstHistory = c.engine.historyId;
    expect(firstHistory).toEqual(expect.any(String));

    // Offline while the relay restarts and gets 7 new posts: its lastSeq (7) is above our cursor
    // (5), so only the historyId can tell the numbering restarted.
    c.engine.networkChanged(false);
    await killRelay(r, 'SIGTERM');
    r = await relay(r.port);
    await post(r, range('after-', 1, 7));
    c.engine.networkChanged(true);
    await waitFor(() => bodiesIn(c).length >= 12, 'after-1..7 delivered', 10_000).catch(() => {});

    expect(bodiesIn(c)).toEqual([...range('before-', 1, 5), ...range('after-', 1, 7)]);
    expect(c.engine.historyId).not.toBe(firstHistory);
    expect(c.engine.cursors().t1).toBe(7);
    // Live messages keep flowing on the new numbering.
    await post(r, ['after-8']);
    await waitFor(() => bodiesIn(c).includes('after-8'), 'after-8 live');
  });

  it('a server without historyId: a lastSeq below the cursor restarts the thread from 0', async () => {
    let r = await relay();
    const proxy = await startRewriteProxy({ target: () => r.url, rewrite: stripHistoryId });
    try {
      const c = client({ url: proxy.url, token: await mintToken(SECRET, 'u1') });
      c.engine.start();
      await connected(c);
      expect(c.engine.historyId).toBeNull();
      await post(r, range('before-', 1, 5));
      await waitFor(() => bodiesIn(c).length === 5, 'seq 1-5 held');

      c.engine.networkChanged(false);
      await killRelay(r, 'SIGTERM');
      r = await relay(r.port);
      await post(r, range('after-', 1, 3)); // lastSeq 3, below our cursor 5
      c.engine.networkChanged(true);
      await connected(c);
      await waitFor(() => bodiesIn(c).length >= 8, 'after-1..3 replayed', 5_000).catch(() => {});
      await post(r, range('after-', 4, 7));
      await waitFor(() => bodiesIn(c).length >= 12, 'after-4..7 live', 5_000).catch(() => {});

      expect(bodiesIn(c)).toEqual([...range('before-', 1, 5), ...range('after-', 1, 7)]);
      expect(c.engine.cursors().t1).toBe(7);
    } finally {
      await proxy.close();
    }
  });

  it('a relay with --data keeps its historyId across restarts: cursors stay, nothing is replayed again', async () => {
    const dataDir = join(root, 'durable');
    let r = await relay(undefined, dataDir);
    const c = client({ url: r.url, token: await mintToken(SECRET, 'u1') });
    c.engine.start();
    await connected(c);
    await post(r, range('m', 1, 5));
    await waitFor(() => bodiesIn(c).length === 5, 'seq 1-5 held');
    const firstHistory = c.engine.historyId;
    expect(firstHistory).toEqual(expect.any(String));

    c.engine.networkChanged(false);
    await killRelay(r, 'SIGTERM');
    r = await relay(r.port, dataDir);
    await post(r, ['m6']);
    c.engine.networkChanged(true);
    await waitFor(() => bodiesIn(c).length >= 6, 'm6 delivered');

    expect(c.engine.historyId).toBe(firstHistory);
    expect(bodiesIn(c)).toEqual(range('m', 1, 6));
    // Subscribed from 5, not 0: the relay replayed nothing the client had to drop.
    expect(c.engine.diagnostics().duplicatesDropped).toBe(0);
  });
});
