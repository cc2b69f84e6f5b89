// What the outbox does with the file it finds at start: an old or hand-edited
// file may hold entries send() would never have queued (a frame over 1 MiB, an
// empty body, malformed fields) or be corrupt. Such entries are settled as
// failed once the engine starts and never sent, which would otherwise mean a
// 1009 close and a reconnect loop; a corrupt file never takes the engine down
// or loses the entries that are fine; nothing is deleted from disk.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Outbox, readOutboxEntries } from '../../src/main/connection/outbox';
import type { OutboxEntry } from '../../src/main/connection';
import { encodeClientFrame, MAX_FRAME_BYTES } from '../../src/shared/protocol';
import type { Relay } from '../../src/relay';
import { client, startConnRelay, stopClients } from './support/setup';
import { waitFor } from './support/wait';

let dir: string;
let relay: Relay;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'beacon-outbox-load-'));
  relay = await startConnRelay();
  token = await relay.mintToken('u1');
});
afterEach(stopClients);
afterAll(async () => {
  await relay.close();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (clientId: string, body: unknown, threadId = 't1'): Record<string, unknown> => ({ clientId, threadId, body, createdAt: 1 });
/** A body whose `send` frame (thread t1, this client id) is exactly `bytes` long. */
function bodyForFrame(clientId: string, bytes: number): string {
  const overhead = Buffer.byteLength(encodeClientFrame({ type: 'send', threadId: 't1', clientId, body: '' }));
  return 'z'.repeat(bytes - overhead);
}
function outboxFile(name: string, content: string): string {
  const path = join(dir, name, 'outbox.json');
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(path, content);
  return path;
}
const fileEntries = (path: string): OutboxEntry[] => readOutboxEntries(path) as OutboxEntry[];
const asideFiles = (name: string, kind: string) => readdirSync(join(dir, name)).filter((f) => f.startsWith(`outbox.json.${kind}-`));

describe('Outbox.load', () => {
  it('rejects entries send() would refuse, skips unreadable and duplicate ones, keeps the rest in order, and keeps the original aside', () => {
    const original = JSON.stringify({
      version: 1,
      entries: [
        entry('c-ok-1', 'first'),
        entry('c-big', bodyForFrame('c-big', MAX_FRAME_BYTES + 1)),
        entry('c-bytes', 'é'.repeat(600_000)), // 600 000 characters, 1.2 MB as UTF-8
        entry('c-blank', '  \n '),
        entry('c-number', 42),
        { clientId: 'c-no-thread', body: 'x', createdAt: 1 },
        { nonsense: true },
        entry('c-ok-1', 'same client id again'),
        entry('c-limit', bodyForFrame('c-limit', MAX_FRAME_BYTES)), // exactly 1 MiB: fine
      ],
    });
    const path = outboxFile('unit', original);
    const o = new Outbox(path, 10);
    const report = o.load();

    expect(o.pending().map((e) => e.clientId)).toEqual(['c-ok-1', 'c-limit']);
    expect(o.pending()[0]?.body).toBe('first');
    expect(report.loaded).toBe(2);
    expect(report.rejected.map((r) => [r.clientId, r.threadId])).toEqual([['c-big', 't1'], ['c-bytes', 't1'], ['c-blank', 't1'], ['c-number', 't1']]);
    const [big, bytes, blank, num] = report.rejected.map((r) => r.reason);
    expect(big).toBe(`Not sent: the message is too large: it would be a ${MAX_FRAME_BYTES + 1}-byte frame, and the protocol allows at most ${MAX_FRAME_BYTES} bytes (1 MiB).`);
    expect(bytes).toMatch(/^Not sent: the message is too large: it would be a 12000\d\d-byte frame/);
    expect(blank).toBe('Not sent: the message is empty.');
    expect(num).toMatch(/^Not sent: the saved message is malformed \(body: .*string.*\)\.$/);
    expect(report.problem).toMatch(/^3 unreadable or duplicate outbox entries were skipped\. 4 outbox entries could never be sent and are marked failed\. The file as it was is kept as .*outbox\.json\.rejected-\d+\.$/);

    // The file now holds only what will be sent; the original, byte for byte, is beside it.
    expect(fileEntries(path).map((e) => e.clientId)).toEqual(['c-ok-1', 'c-limit']);
    const aside = asideFiles('unit', 'rejected');
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, 'unit', aside[0]!), 'utf8')).toBe(original);
  });

  it('reads a file that starts with a byte-order mark', () => {
    const path = outboxFile('bom', `\uFEFF${JSON.stringify({ version: 1, entries: [entry('c-1', 'hello')] })}`);
    const o = new Outbox(path, 10);
    expect(o.load()).toEqual({ loaded: 1, rejected: [], problem: null });
  });
});

describe('the engine with the outbox file it finds', () => {
  it('settles an unsendable entry as failed once it starts and never sends it; the others go out on one connection', async () => {
    const path = outboxFile('engine', JSON.stringify({
      version: 1,
      entries: [entry('c-before', 'before the big one'), entry('c-huge', 'h'.repeat(MAX_FRAME_BYTES)), entry('c-after', 'after the big one')],
    }));
    const a = client({ url: relay.url, token, outboxPath: path });
    expect(a.engine.pendingMessages().map((e) => e.clientId)).toEqual(['c-before', 'c-after']);
    expect(a.rec.deliveries).toEqual([]); // not before start: nobody may be listening yet

    const sendsBefore = relay.frameStats().byType.send ?? 0;
    a.engine.start();
    expect(a.rec.deliveries).toEqual([
      { clientId: 'c-huge', threadId: 't1', status: 'failed', reason: expect.stringMatching(/^Not sent: the message is too large: it would be a \d+-byte frame/) },
    ]);
    await waitFor(() => a.rec.delivered().length === 2, 'both sendable entries delivered');
    expect(a.rec.delivered().map((d) => d.clientId)).toEqual(['c-before', 'c-after']);
    expect(a.rec.of('error')).toEqual([
      { kind: 'outbox', message: expect.stringMatching(/1 outbox entries could never be sent and are marked failed\. The file as it was is kept as /), clientId: null, threadId: null },
    ]);
    // One connection, no 1009, and the relay saw exactly the two sendable frames.
    expect(a.rec.stateNames()).toEqual(['connecting', 'connected']);
    expect(a.engine.diagnostics()).toMatchObject({ oversizeCloses: 0, reconnects: 0, outboxSize: 0 });
    expect(relay.frameStats()).toMatchObject({ malformed: 0, byType: { send: sendsBefore + 2 } });

    // Reported once: not again on a restart of this engine, nor by the next one (the file no longer holds it).
    await a.engine.stop();
    a.engine.start();
    await waitFor(() => a.engine.state.state === 'connected', 'connected again');
    expect(a.rec.deliveries.filter((d) => d.status === 'failed')).toHaveLength(1);
    const b = client({ url: relay.url, token, outboxPath: path });
    b.engine.start();
    expect(b.engine.pendingMessages()).toEqual([]);
    expect(b.rec.deliveries).toEqual([]);
  });

  it.each([
    ['truncated JSON', '{"version":1,"entries":[{"clientId":"c-1","threadId":"t1","bo'],
    ['not JSON at all', '\u0000\u0001 garbage'],
    ['JSON null', 'null'],
    ['an array', '[]'],
    ['another version', JSON.stringify({ version: 2, entries: [entry('c-1', 'x')] })],
    ['entries not a list', JSON.stringify({ version: 1, entries: { a: 1 } })],
  ])('survives a corrupt file (%s): it is kept aside, reported, and sending works', async (name, content) => {
    const folder = `corrupt-${name.replace(/\W+/g, '-')}`;
    const path = outboxFile(folder, content);
    const a = client({ url: relay.url, token, outboxPath: path });
    a.engine.start();
    await waitFor(() => a.engine.state.state === 'connected', 'connected');
    expect(a.rec.of('error')).toEqual([{ kind: 'outbox', message: expect.stringMatching(/^The outbox file was unreadable; it is kept as .*\.corrupt-\d+\.$/), clientId: null, threadId: null }]);
    const aside = asideFiles(folder, 'corrupt');
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, folder, aside[0]!), 'utf8')).toBe(content);

    const id = a.engine.send('t1', `after a corrupt file (${name})`);
    await waitFor(() => a.rec.delivered().some((d) => d.clientId === id), 'the new message delivered');
    await a.engine.stop(); // flushes the coalesced removal
    expect(fileEntries(path)).toEqual([]);
  });

  it('survives an outbox path it cannot read (a directory): reported, connected, and a send fails with a clear error', async () => {
    const path = join(dir, 'is-a-directory');
    mkdirSync(path, { recursive: true });
    const a = client({ url: relay.url, token, outboxPath: path });
    a.engine.start();
    await waitFor(() => a.engine.state.state === 'connected', 'connected');
    expect(a.rec.of('error').map((e) => e.message)).toEqual(['Could not read the outbox file (EISDIR).']);
    expect(() => a.engine.send('t1', 'hello')).toThrow(/^Could not save the message to the outbox: /);
    expect(a.engine.pendingMessages()).toEqual([]);
  });
});
