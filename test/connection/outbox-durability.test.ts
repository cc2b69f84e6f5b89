// The outbox's write sequence, as the file system sees it: the temp file is
// fsynced before the rename, and the directory after it (the rename itself is
// only durable once the directory entry is on disk). node:fs is wrapped to
// record each call and then do the real thing; the files are real.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Outbox } from '../../src/main/connection/outbox';

const calls = vi.hoisted(() => ({ list: [] as string[], fds: new Map<number, string>() }));

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
  it('fsync the temp file before the rename and the directory after it; create the directory once', () => {
    const folder = join(dir, 'nested', 'outbox');
    const path = join(folder, 'outbox.json');
    const tmp = `${path}.${process.pid}.tmp`;
    const o = new Outbox(path, 10);
    const a = o.add('t1', 'first', 1);
    expect(calls.list).toEqual([`mkdir ${folder}`, `open ${tmp}`, `fsync ${tmp}`, `rename ${tmp} -> ${path}`, `open ${folder}`, `fsync ${folder}`]);

    calls.list.length = 0;
    o.add('t1', 'second', 2);
    o.remove(a.clientId);
    o.flush();
    const one = [`open ${tmp}`, `fsync ${tmp}`, `rename ${tmp} -> ${path}`, `open ${folder}`, `fsync ${folder}`];
    expect(calls.list).toEqual([...one, ...one]);
    expect(JSON.parse(readFileSync(path, 'utf8')).entries.map((e: { body: string }) => e.body)).toEqual(['second']);
  });
});
