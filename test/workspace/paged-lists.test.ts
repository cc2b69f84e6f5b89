// The workspace against the real relay when `threads` and `presence_snapshot`
// come in pages: it must end with every thread and every person, as if each
// list had come in one frame (a page taken for the whole list would drop the
// threads of the pages before it and show their people offline).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src/main/workspace';
import type { Workspace } from '../../src/main/workspace';
import type { Relay } from '../../src/relay';
import { bigWorkspace } from '../connection/support/big-workspace';
import { client, startConnRelay, stopClients } from '../connection/support/setup';
import { waitFor } from '../connection/support/wait';
import { Lines, mutes } from './support/fakes';

let relay: Relay | null = null;
let ws: Workspace | null = null;
let dir = '';
afterEach(async () => {
  await stopClients();
  await ws?.close();
  await relay?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  relay = null;
  ws = null;
  dir = '';
});

describe('workspace with paged lists from the real relay', () => {
  it('ends with all threads and all people, each with the status the relay gives them', async () => {
    relay = await startConnRelay();
    const big = bigWorkspace(relay);
    dir = mkdtempSync(join(tmpdir(), 'beacon-ws-paged-'));
    const w = openWorkspace({ dir, log: new Lines().log, ...mutes() });
    ws = w;
    const c = client({ url: relay.url, token: await relay.mintToken('u1') });
    w.attach(c.engine);
    c.engine.start();
    // A barrier: this message is sent after both lists on the same socket.
    await waitFor(() => c.engine.state.state === 'connected', 'connected', 20_000);
    await relay.postMessage(big.lastThread, 'u2', 'after the lists');
    await waitFor(() => w.snapshot().threads.find((t) => t.id === big.lastThread)?.unread === 1, 'the message after the lists', 20_000);

    const snap = w.snapshot();
    expect(snap.threads.length).toBe(big.threadIds.length);
    expect(new Set(snap.threads.map((t) => t.id))).toEqual(new Set(big.threadIds));
    expect(new Map(snap.people.map((p) => [p.id, p.status]))).toEqual(big.people);
  }, 60_000);
});
