import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutboxFullError } from '../../src/main/connection';
import { Outbox, readOutboxEntries } from '../../src/main/connection/outbox';
import { ThreadTracker } from '../../src/main/connection/thread-tracker';
import type { WireMessage } from '../../src/shared/protocol';

const msg = (threadId: string, seq: number | null, id = `${threadId}-${seq}`): WireMessage => ({
  threadId, id, seq, sender: 'u2', body: `b${seq}`, encrypted: false, ciphertext: null, iv: null, ts: null, clientId: null, compat: seq === null,
});
const seqs = (r: { deliver: WireMessage[] }) => r.deliver.map((m) => m.seq);

describe('ThreadTracker', () => {
  it('delivers in seq order, holding early arrivals until the hole fills', () => {
    const t = new ThreadTracker();
    expect(seqs(t.accept(msg('t1', 5), () => 0))).toEqual([5]);
    expect(t.accept(msg('t1', 7), () => 0).outcome).toBe('held');
    expect(t.accept(msg('t1', 8), () => 0).outcome).toBe('held');
    expect(seqs(t.accept(msg('t1', 6), () => 0))).toEqual([6, 7, 8]);
    expect(t.subscriptions()).toEqual([{ threadId: 't1', since: 8 }]);
  });

  it('drops duplicates by seq and by id', () => {
    const t = new ThreadTracker();
    t.accept(msg('t1', 1), () => 0);
    t.accept(msg('t1', 3), () => 0);
    expect(t.accept(msg('t1', 1), () => 0).outcome).toBe('duplicate');
    expect(t.accept(msg('t1', 3), () => 0).outcome).toBe('duplicate'); // already held
    // Same id as seq 1 under seq 2: dropped, but seq 2 is spent, so 3 (held) follows at once.
    expect(seqs(t.accept(msg('t1', 2, 't1-1'), () => 0))).toEqual([3]);
    expect(t.accept(msg('t1', 4, 't1-3'), () => 0).outcome).toBe('duplicate');
    expect(seqs(t.accept(msg('t1', 5), () => 0))).toEqual([5]);
    expect(t.accept(msg('t2', null, 'x'), () => 0).outcome).toBe('delivered');
    expect(t.accept(msg('t2', null, 'x'), () => 0).outcome).toBe('duplicate');
    expect(t.duplicates).toBe(5);
  });

  it('forgets ids beyond its memory, keeping memory bounded', () => {
    const t = new ThreadTracker({ maxAhead: 10, idMemory: 3 });
    for (const id of ['a', 'b', 'c', 'd']) t.accept(msg('t', null, id), () => 0);
    expect(t.accept(msg('t', null, 'b'), () => 0).outcome).toBe('duplicate');
    expect(t.accept(msg('t', null, 'a'), () => 0).outcome).toBe('delivered'); // remembered ids: b c d
  });

  it('moves past a server gap and delivers what waited behind it', () => {
    const t = new ThreadTracker(undefined, { t1: 118 });
    expect(t.subscriptions()).toEqual([{ threadId: 't1', since: 118 }]);
    t.accept(msg('t1', 141), () => 0);
    const r = t.gap('t1', 119, 140);
    expect(r.gaps).toEqual([{ threadId: 't1', from: 119, to: 140, source: 'server' }]);
    expect(seqs(r)).toEqual([141]);
  });

  it('declares a client-side gap for a hole nobody fills, after the timeout', () => {
    const t = new ThreadTracker();
    t.accept(msg('t1', 1), () => 0);
    t.accept(msg('t1', 4), () => 100);
    expect(t.expireHoles(1000, 5000).deliver).toEqual([]);
    const r = t.expireHoles(5100, 5000);
    expect(r.gaps).toEqual([{ threadId: 't1', from: 2, to: 3, source: 'client' }]);
    expect(seqs(r)).toEqual([4]);
    expect(t.heldBack).toBe(0);
  });

  it('expires every hole of a thread that is past the limit in one run, and no younger one', () => {
    const t = new ThreadTracker();
    expect(t.oldestHeldAt()).toBeNull();
    t.accept(msg('t1', 1), () => 0);
    t.accept(msg('t1', 3), () => 100);
    t.accept(msg('t1', 5), () => 200);
    t.accept(msg('t1', 8), () => 3000);
    t.accept(msg('t2', 1), () => 0);
    t.accept(msg('t2', 4), () => 50);
    expect(t.oldestHeldAt()).toBe(50);
    const r = t.expireHoles(5200, 5000);
    expect(r.gaps).toEqual([
      { threadId: 't1', from: 2, to: 2, source: 'client' },
      { threadId: 't1', from: 4, to: 4, source: 'client' },
      { threadId: 't2', from: 2, to: 3, source: 'client' },
    ]);
    expect(seqs(r)).toEqual([3, 5, 4]);
    expect(t.oldestHeldAt()).toBe(3000); // seq 8 waits for its own limit
    expect(t.expireHoles(7999, 5000).gaps).toEqual([]);
    expect(t.expireHoles(8000, 5000).gaps).toEqual([{ threadId: 't1', from: 6, to: 7, source: 'client' }]);
    expect(t.oldestHeldAt()).toBeNull();
  });

  it('bounds the reorder buffer', () => {
    const t = new ThreadTracker({ maxAhead: 3, idMemory: 100 });
    t.accept(msg('t1', 1), () => 0);
    for (const s of [3, 4, 5]) t.accept(msg('t1', s), () => 0);
    const r = t.accept(msg('t1', 6), () => 0);
    expect(r.gaps).toEqual([{ threadId: 't1', from: 2, to: 2, source: 'client' }]);
    expect(seqs(r)).toEqual([3, 4, 5, 6]);
  });
});

describe('Outbox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-outbox-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('persists before add() returns, reloads in order, and removes settled entries', async () => {
    const path = join(dir, 'a', 'outbox.json');
    const o = new Outbox(path, 10);
    const a = o.add('t1', 'first', 1);
    const b = o.add('t2', 'second', 2);
    expect(readOutboxEntries(path).map((e) => (e as { body: string }).body)).toEqual(['first', 'second']);
    const again = new Outbox(path, 10);
    expect(again.load()).toEqual({ loaded: 2, rejected: [], problem: null });
    expect(again.pending().map((e) => e.clientId)).toEqual([a.clientId, b.clientId]);
    again.remove(a.clientId);
    again.flush();
    const third = new Outbox(path, 10);
    third.load();
    expect(third.pending().map((e) => e.body)).toEqual(['second']);
    expect(readdirSync(join(dir, 'a'))).toEqual(['outbox.json']); // no temp file left behind
  });

  it('is bounded: past the limit add() throws and nothing is dropped', () => {
    const o = new Outbox(null, 3);
    for (let i = 0; i < 3; i++) o.add('t', `m${i}`, i);
    expect(() => o.add('t', 'm3', 3)).toThrow(OutboxFullError);
    expect(() => o.add('t', 'm3', 3)).toThrow(/3 messages are already waiting/);
    expect(o.pending().map((e) => e.body)).toEqual(['m0', 'm1', 'm2']);
  });

  it('keeps an unreadable file aside instead of deleting it, and skips duplicate client ids', () => {
    const path = join(dir, 'corrupt.json');
    writeFileSync(path, '{"version":1,"entries":[{"clientId":"c-');
    const o = new Outbox(path, 10);
    expect(o.load().problem).toMatch(/kept as/);
    expect(readdirSync(dir).some((f) => f.startsWith('corrupt.json.corrupt-'))).toBe(true);

    const dup = join(dir, 'dup.json');
    const e = { clientId: 'c-1', threadId: 't', body: 'x', createdAt: 1 };
    writeFileSync(dup, JSON.stringify({ version: 1, entries: [e, e, { nonsense: true }] }));
    const d = new Outbox(dup, 10);
    const report = d.load();
    expect(report).toMatchObject({ loaded: 1, rejected: [] });
    expect(report.problem).toMatch(/^2 unreadable or duplicate outbox entries were skipped\. The file as it was is kept as .*dup\.json\.rejected-\d+\.$/);
  });
});
