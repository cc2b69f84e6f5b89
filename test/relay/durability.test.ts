import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRelay } from '../../src/relay';
import { TEAM, api, cleanup, num, signIn, startTestRelay, until } from './helpers';
import { sleep } from '../support/wait';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beacon-relay-'));
});
afterEach(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const logFile = (): string => path.join(dir, 'relay-log.jsonl');

describe('relay durability with a data directory', () => {
  it('keeps history, seq, reads, added threads and de-duplication across a restart', async () => {
    let relay = await startTestRelay({ workspace: TEAM, dataDir: dir });
    const ann = await signIn(relay, 'ann');
    ann.send({ type: 'send', thread_id: 't1', client_id: 'k1', body: 'first' });
    const ack1 = await ann.waitForType('ack');
    await relay.postMessage('t1', 'ben', 'second');
    ann.send({ type: 'read', thread_id: 't1', seq: 1 });
    await ann.sync();
    expect((await api(relay, 'POST', '/api/threads', { id: 'later', title: 'Later', members: ['ann'] })).status).toBe(201);
    await relay.close();

    relay = await startTestRelay({ dataDir: dir }); // no workspace: everything comes from the log
    const again = await signIn(relay, 'ann');
    expect(again.ofType('threads')[0]?.data).toEqual([
      { id: 't1', title: 'General', unread: 1, lastSeq: 2 },
      { id: 't2', title: 'Ann and Ben', unread: 0, lastSeq: 0 },
      { id: 'later', title: 'Later', unread: 0, lastSeq: 0 },
    ]);
    again.send({ type: 'send', thread_id: 't1', client_id: 'k1', body: 'first' });
    const dup = await again.waitForType('ack');
    expect({ id: dup.id, seq: dup.seq }).toEqual({ id: ack1.id, seq: ack1.seq });
    again.send({ type: 'send', thread_id: 't1', client_id: 'k2', body: 'third' });
    expect(num(await again.waitFor((f) => f.type === 'ack' && f.client_id === 'k2'), 'seq')).toBe(3);
    again.send({ type: 'subscribe', thread_id: 't1' });
    const msgs = await again.waitForCount((f) => f.type === 'message', 3, 'messages');
    expect(msgs.map((m) => [m.seq, m.sender, m.body])).toEqual([
      [1, 'ann', 'first'],
      [2, 'ben', 'second'],
      [3, 'ann', 'third'],
    ]);
    expect(msgs[0]?.id).toBe(ack1.id);
  });

  it('writes a message to the log before acknowledging it', async () => {
    const relay = await startTestRelay({ workspace: TEAM, dataDir: dir });
    const ann = await signIn(relay, 'ann');
    ann.send({ type: 'send', thread_id: 't1', client_id: 'w1', body: 'on disk?' });
    await ann.waitForType('ack');
    // A line is the record's JSON, a tab and its CRC-32.
    const lines = fs.readFileSync(logFile(), 'utf8').trim().split('\n').map((l) => JSON.parse(l.split('\t')[0] ?? '') as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ k: 'msg', t: 't1', seq: 1, b: 'on disk?', u: 'ann', c: 'w1' }));
  });

  it('tolerates a torn last line (a crash mid-write) and keeps appending cleanly', async () => {
    let relay = await startTestRelay({ workspace: TEAM, dataDir: dir });
    await relay.postMessage('t1', 'ben', 'kept');
    await relay.close();
    fs.appendFileSync(logFile(), '{"k":"msg","t":"t1","seq":2,"id":"torn","s":"ben","b":"half');
    const lines: string[] = [];
    relay = await startTestRelay({ dataDir: dir, log: (l) => lines.push(l) });
    expect(lines.some((l) => l.includes('torn last line'))).toBe(true);
    expect(await relay.postMessage('t1', 'ben', 'next')).toMatchObject({ seq: 2 });
    await relay.close();
    relay = await startTestRelay({ dataDir: dir });
    const ann = await signIn(relay, 'ann');
    ann.send({ type: 'subscribe', thread_id: 't1' });
    const msgs = await ann.waitForCount((f) => f.type === 'message', 2, 'messages');
    expect(msgs.map((m) => m.body)).toEqual(['kept', 'next']);
  });

  it('compacts a log that outgrew its history, keeping seq and de-duplication of evicted messages', async () => {
    let relay = await startTestRelay({ workspace: TEAM, dataDir: dir, historyLimit: 10 });
    const ann = await signIn(relay, 'ann');
    ann.send({ type: 'send', thread_id: 't1', client_id: 'early', body: 'early' });
    const early = await ann.waitForType('ack');
    await api(relay, 'POST', '/api/threads/t1/messages', { sender: 'bot', bodies: Array.from({ length: 10_000 }, (_, i) => `b${i}`) });
    await api(relay, 'POST', '/api/threads/t1/messages', { sender: 'bot', bodies: Array.from({ length: 100 }, (_, i) => `c${i}`) });
    ann.send({ type: 'send', thread_id: 't1', client_id: 'late', body: 'late' }); // still in history at compaction
    const late = await ann.waitFor((f) => f.type === 'ack' && f.client_id === 'late');
    ann.send({ type: 'read', thread_id: 't1', seq: 10_100 });
    await ann.sync();
    await relay.close();
    const before = fs.statSync(logFile()).size;

    const lines: string[] = [];
    relay = await startTestRelay({ dataDir: dir, historyLimit: 10, log: (l) => lines.push(l) });
    expect(lines.some((l) => l.startsWith('log: compacted'))).toBe(true);
    expect(fs.statSync(logFile()).size).toBeLessThan(before / 100);
    const again = await signIn(relay, 'ann');
    again.send({ type: 'send', thread_id: 't1', client_id: 'early', body: 'early' });
    expect(await again.waitForType('ack')).toMatchObject({ id: early.id, seq: 1 });
    expect(await relay.postMessage('t1', 'bot', 'after')).toMatchObject({ seq: 10_103 });

    // Later starts read the compacted log (plus what was appended to it): nothing may be lost there either.
    for (let restart = 2; restart <= 3; restart++) {
      await relay.close();
      const startLines: string[] = [];
      relay = await startTestRelay({ dataDir: dir, historyLimit: 10, log: (l) => startLines.push(l) });
      expect(startLines.some((l) => l.startsWith('log: compacted')), `restart ${restart}`).toBe(false);
      const client = await signIn(relay, 'ann');
      expect(client.ofType('threads')[0]?.data, `restart ${restart}`).toContainEqual({ id: 't1', title: 'General', unread: 3, lastSeq: 10_103 });
      client.send({ type: 'subscribe', thread_id: 't1' });
      const replay = await client.waitForCount((f) => f.type === 'message', 10, 'replayed messages');
      expect(replay.map((m) => m.seq), `restart ${restart}`).toEqual(Array.from({ length: 10 }, (_, i) => 10_094 + i));
      expect(replay.slice(-3).map((m) => m.body)).toEqual(['c99', 'late', 'after']);
      expect(client.ofType('gap')).toEqual([expect.objectContaining({ from: 1, to: 10_093 })]);
      for (const [clientId, ack] of [['early', early], ['late', late]] as const) {
        client.send({ type: 'send', thread_id: 't1', client_id: clientId, body: clientId });
        expect(await client.waitFor((f) => f.type === 'ack' && f.client_id === clientId), `${clientId} after restart ${restart}`).toMatchObject({ id: ack.id, seq: ack.seq });
      }
      await client.sync();
      expect(client.messages().length, `restart ${restart}: a resend is not stored again`).toBe(10);
    }
  });

  it('syncs the log every fsyncIntervalMs, an option validated like the others', async () => {
    await expect(startRelay({ port: 0, dataDir: dir, fsyncIntervalMs: 0 })).rejects.toThrow(/fsyncIntervalMs must be a positive integer/);
    const syncs = vi.spyOn(fs, 'fdatasync');
    try {
      const started = Date.now();
      const relay = await startTestRelay({ workspace: TEAM, dataDir: dir, fsyncIntervalMs: 20 });
      await relay.postMessage('t1', 'ben', 'soon on the platter');
      await until(() => syncs.mock.calls.length > 0, 'a background fdatasync');
      expect(Date.now() - started).toBeLessThan(1000); // the default period could not have fired yet
    } finally {
      syncs.mockRestore();
    }
  });

  it('stops, closing every client with 1011, rather than serve a message whose log write failed', async () => {
    const fatal: Error[] = [];
    const lines: string[] = [];
    let relay = await startTestRelay({ workspace: TEAM, dataDir: dir, log: (l) => lines.push(l), onFatal: (e) => fatal.push(e) });
    const ann = await signIn(relay, 'ann');
    const ben = await signIn(relay, 'ben');
    ben.send({ type: 'subscribe', thread_id: 't1' });
    ann.send({ type: 'send', thread_id: 't1', client_id: 'k1', body: 'kept' });
    await ben.waitFor((f) => f.type === 'message' && f.body === 'kept');

    // The disk fills up in the middle of the next write: part of a line lands, then ENOSPC.
    const write = fs.writeSync as (...args: unknown[]) => number;
    let calls = 0;
    const failing = vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      if (!Buffer.isBuffer(data) || !data.includes('"b":"doomed"')) return write(fd, data, ...rest);
      if (calls++ === 0) return write(fd, data, 0, 10);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }) as typeof fs.writeSync);
    try {
      ann.send({ type: 'send', thread_id: 't1', client_id: 'k2', body: 'doomed' });
      expect(await ann.waitClosed()).toEqual({ code: 1011, reason: 'relay storage failed' });
      expect(await ben.waitClosed()).toMatchObject({ code: 1011 });
      await until(() => fatal.length > 0, 'onFatal');
    } finally {
      failing.mockRestore();
    }
    expect(fatal[0]?.message).toMatch(/log write failed: ENOSPC/);
    expect(lines.some((l) => l.startsWith('FATAL') && l.includes('ENOSPC'))).toBe(true);
    expect(ann.ofType('ack').map((a) => a.client_id)).toEqual(['k1']);
    expect(ben.messages().map((m) => m.body)).toEqual(['kept']);
    await expect(fetch(`${relay.httpUrl}/healthz`)).rejects.toThrow(); // stopped, lock released

    // Restarted, the relay holds exactly what the log holds; the client's resend is stored then.
    relay = await startTestRelay({ dataDir: dir, log: (l) => lines.push(l) });
    expect(lines.some((l) => l.includes('torn last line'))).toBe(true);
    const again = await signIn(relay, 'ann');
    expect(again.ofType('threads')[0]?.data).toContainEqual({ id: 't1', title: 'General', unread: 1, lastSeq: 1 });
    again.send({ type: 'send', thread_id: 't1', client_id: 'k2', body: 'doomed' });
    expect(await again.waitForType('ack')).toMatchObject({ client_id: 'k2', seq: 2 });
    again.send({ type: 'subscribe', thread_id: 't1' });
    expect((await again.waitForCount((f) => f.type === 'message', 2, 'messages')).map((m) => m.body)).toEqual(['kept', 'doomed']);
  });

  it('refuses a second relay on the same data directory while the first runs', async () => {
    await startTestRelay({ workspace: TEAM, dataDir: dir });
    await expect(startRelay({ port: 0, dataDir: dir })).rejects.toThrow(/in use/);
  });
});

describe('relay demo mode', () => {
  it('keeps a workspace override of a demo thread', async () => {
    const override = { users: [], threads: [{ id: 'general', title: 'Everyone', members: ['you', 'zed'] }] };
    const relay = await startTestRelay({ demo: true, demoIntervalMs: 60_000, workspace: override });
    const { json } = await api(relay, 'GET', '/api/workspace');
    expect(json.threads).toContainEqual({ id: 'general', title: 'Everyone', members: ['you', 'zed'], lastSeq: 3 });
    const zed = await signIn(relay, 'zed');
    expect(zed.ofType('threads')[0]?.data).toEqual([{ id: 'general', title: 'Everyone', unread: 3, lastSeq: 3 }]);
    const alice = await signIn(relay, 'alice');
    expect((alice.ofType('threads')[0]?.data as { id: string }[]).map((t) => t.id)).toEqual(['design', 'random']);
  });

  it('seeds history once per data directory and stops its bot on close()', async () => {
    let relay = await startTestRelay({ demo: true, demoIntervalMs: 20, dataDir: dir });
    const you = await signIn(relay, 'you');
    const seeded = you.ofType('threads')[0]?.data as { id: string; lastSeq: number }[];
    expect(seeded.every((t) => t.lastSeq > 0)).toBe(true);
    await sleep(150);
    await relay.close();
    const size = fs.statSync(logFile()).size;
    await sleep(150);
    expect(fs.statSync(logFile()).size).toBe(size); // the bot is stopped

    relay = await startTestRelay({ demo: true, demoIntervalMs: 60_000, dataDir: dir });
    const again = await signIn(relay, 'you');
    const bodies = new Map<string, number>();
    for (const t of seeded) {
      again.send({ type: 'subscribe', thread_id: t.id });
    }
    await again.sync();
    for (const m of again.messages()) bodies.set(String(m.body), (bodies.get(String(m.body)) ?? 0) + 1);
    expect(bodies.get('Morning all! Stand-up moved to 10:15 today.')).toBe(1); // not seeded twice
  });
});
