// The outbox's write sequence, as the file system sees it. A rewrite (the first
// write, compaction): the temp file is fsynced before the rename, and the
// directory after it (the rename itself is only durable once the directory
// entry is on disk). An add: one appended line written before add() returns
// and fdatasynced off the main thread (syncs coalesce while one runs), so n
// adds write O(n) bytes and never wait for the disk. node:fs is wrapped to
// record each call and then do the real thing; the files are real.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Outbox, readOutboxEntries } from '../../src/main/connection/outbox';

const calls = vi.hoisted(() => ({ list: [] as string[], fds: new Map<number, string>(), bytes: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const name = (fd: number) => calls.fds.get(fd) ?? `fd ${fd}`;
  const wrapped = {
    ...fs,
    mkdirSync: ((path: string, opts?: unknown) => {
      calls.list.push(`mkdir ${path}`);
      return fs.mkdirSync(path, opts as never);
    }) as typeof fs.mkdirSync,
    openSync: ((path: string, flags: string, mode?: number) => {
      const fd = fs.openSync(path, flags, mode);
      calls.fds.set(fd, path);
      calls.list.push(`open ${path}`);
      return fd;
    }) as typeof fs.openSync,
    fsyncSync: (fd: number) => {
      calls.list.push(`fsync ${name(fd)}`);
      fs.fsyncSync(fd);
    },
    fdatasyncSync: (fd: number) => {
      calls.list.push(`fdatasyncSync ${name(fd)}`);
      fs.fdatasyncSync(fd);
    },
    fdatasync: ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      calls.list.push(`fdatasync ${name(fd)}`);
      fs.fdatasync(fd, cb);
    }) as typeof fs.fdatasync,
    writeSync: ((fd: number, buf: Buffer, off?: number, len?: number) => {
      const n = fs.writeSync(fd, buf, off, len);
      calls.list.push(`write ${name(fd)}`);
      calls.bytes += n;
      return n;
    }) as typeof fs.writeSync,
    renameSync: (from: string, to: string) => {
      calls.list.push(`rename ${from} -> ${to}`);
      fs.renameSync(from, to);
    },
  };
  return { ...wrapped, default: wrapped };
});

const dir = mkdtempSync(join(tmpdir(), 'beacon-outbox-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  calls.list.length = 0;
});

describe('Outbox writes', () => {
  it('the first write creates the file atomically (fsync, rename, fsync of the directory); each add is then one append, synced in the background', async () => {
    const folder = join(dir, 'nested', 'outbox');
    const path = join(folder, 'outbox.json');
    const tmp = `${path}.${process.pid}.tmp`;
    const o = new Outbox(path, 10);
    const a = o.add('t1', 'first', 1);
    expect(calls.list).toEqual([`mkdir ${folder}`, `open ${tmp}`, `write ${tmp}`, `fsync ${tmp}`, `rename ${tmp} -> ${path}`, `open ${folder}`, `fsync ${folder}`]);

    calls.list.length = 0;
    o.add('t1', 'second', 2);
    expect(calls.list).toEqual([`open ${path}`, `write ${path}`, `fdatasync ${path}`]); // the sync is started, not awaited
    await o.whenSynced();
    calls.list.length = 0;
    o.add('t1', 'third', 3);
    o.add('t1', 'fourth', 4);
    // No directory, no rename, no rewrite; the fourth add's sync waits for the third's and covers it.
    expect(calls.list).toEqual([`write ${path}`, `fdatasync ${path}`, `write ${path}`]);
    await o.whenSynced();
    expect(calls.list).toEqual([`write ${path}`, `fdatasync ${path}`, `write ${path}`, `fdatasync ${path}`]);

    calls.list.length = 0;
    o.remove(a.clientId);
    o.flush(); // on stop: deletions written and synced on the spot
    expect(calls.list).toEqual([`write ${path}`, `fdatasyncSync ${path}`]);
    expect(readOutboxEntries(path).map((e) => (e as { body: string }).body)).toEqual(['second', 'third', 'fourth']);
  });

  it('the first send into a missing file creates it in place and waits for no disk: its data and directory sync run in the background', async () => {
    const folder = join(dir, 'fresh');
    const path = join(folder, 'outbox.json');
    const o = new Outbox(path, 10);
    expect(o.load()).toEqual({ loaded: 0, rejected: [], problem: null });
    calls.list.length = 0;
    o.add('t1', 'first', 1);
    expect(calls.list).toEqual([`mkdir ${folder}`, `open ${path}`, `write ${path}`, `fdatasync ${path}`]);
    await o.whenSynced();
    o.add('t1', 'second', 2);
    await o.whenSynced();
    expect(readOutboxEntries(path).map((e) => (e as { body: string }).body)).toEqual(['first', 'second']);
  });

  it('1 000 adds write O(n) bytes, one write each, at most one sync each', async () => {
    const path = join(dir, 'many', 'outbox.json');
    const o = new Outbox(path, 1_000);
    o.add('t1', 'creates the file', 0);
    o.add('t1', 'opens it for appending', 0);
    await o.whenSynced();
    calls.list.length = 0;
    calls.bytes = 0;
    const body = 'b'.repeat(100);
    for (let i = 2; i < 1_000; i++) o.add('t1', body, i);
    await o.whenSynced();
    // One line is about 200 bytes; rewriting the whole file on every add was about 100 MB.
    expect(calls.bytes).toBeLessThan(998 * 250);
    expect(calls.list.filter((c) => c.startsWith('write')).length).toBe(998);
    expect(calls.list.filter((c) => c.startsWith('fdatasync')).length).toBeGreaterThanOrEqual(1);
    expect(calls.list.filter((c) => c.startsWith('fdatasync')).length).toBeLessThanOrEqual(998);
    expect(calls.list.filter((c) => !c.startsWith('write') && !c.startsWith('fdatasync'))).toEqual([]);
    expect(readOutboxEntries(path)).toHaveLength(1_000);
  });

  it('settled entries are compacted away: an emptied outbox is rewritten to its header, a mostly dead one to its live entries', () => {
    const path = join(dir, 'compact', 'outbox.json');
    const o = new Outbox(path, 1_000);
    const ids = Array.from({ length: 600 }, (_, i) => o.add('t1', 'c'.repeat(200), i).clientId);
    for (const id of ids.slice(0, 599)) o.remove(id);
    o.flush();
    const size = statSync(path).size;
    expect(size).toBeLessThan(64 * 1024 + 2_000); // not 600 adds plus 599 deletions (~170 KB)
    const again = new Outbox(path, 1_000);
    expect(again.load()).toEqual({ loaded: 1, rejected: [], problem: null });
    again.remove(ids[599]!);
    again.flush();
    expect(readFileSync(path, 'utf8')).toBe('{"outbox":2}\n');
  });

  it('a crash mid-append (a torn last line) loses only that add, which never returned', () => {
    const path = join(dir, 'torn', 'outbox.json');
    const o = new Outbox(path, 10);
    o.add('t1', 'kept', 1);
    o.flush();
    appendFileSync(path, '{"a":{"clientId":"c-torn","threadId":"t1","bo');
    const again = new Outbox(path, 10);
    expect(again.load()).toEqual({ loaded: 1, rejected: [], problem: null });
    expect(again.pending().map((e) => e.body)).toEqual(['kept']);
    again.add('t1', 'after', 2);
    expect(readOutboxEntries(path).map((e) => (e as { body: string }).body)).toEqual(['kept', 'after']);
  });

  it('reads a version-1 file (one JSON document) and continues it as a log', () => {
    const path = join(dir, 'v1', 'outbox.json');
    mkdirSync(join(dir, 'v1'), { recursive: true });
    writeFileSync(path, JSON.stringify({ version: 1, entries: [{ clientId: 'c-old', threadId: 't1', body: 'old', createdAt: 1 }] }));
    const o = new Outbox(path, 10);
    expect(o.load()).toEqual({ loaded: 1, rejected: [], problem: null });
    o.add('t1', 'new', 2);
    expect(readFileSync(path, 'utf8').startsWith('{"outbox":2}\n')).toBe(true);
    expect(readOutboxEntries(path).map((e) => (e as { body: string }).body)).toEqual(['old', 'new']);
  });
});
