import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileNotifiedStore } from './notified-store';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('FileNotifiedStore', () => {
  it('saves once per burst and loads what it saved', async () => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-notified-'));
    const path = join(dir, 'sub', 'notified.json');
    const store = new FileNotifiedStore(path, () => {}, 60_000);
    expect(store.load()).toEqual({ scope: null, since: null, threads: [], notices: [], activity: [] });
    store.save({ scope: 's', since: 5, threads: [['a', { seq: 1, ts: null }]], notices: [], activity: [] });
    store.save({ scope: 's', since: 5, threads: [['a', { seq: 2, ts: null }], ['__proto__', { seq: 7, ts: null }]], notices: ['n:1'], activity: [['agent_status:A', ['ab']]] });
    await store.flush();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ scope: 's', since: 5, threads: [['a', { seq: 2, ts: null }], ['__proto__', { seq: 7, ts: null }]], notices: ['n:1'], activity: [['agent_status:A', ['ab']]] });
    expect(new FileNotifiedStore(path, () => {}).load().threads).toEqual([['a', { seq: 2, ts: null }], ['__proto__', { seq: 7, ts: null }]]);
  });

  it('writes at once on quit', () => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-notified-'));
    const path = join(dir, 'notified.json');
    const store = new FileNotifiedStore(path, () => {}, 60_000);
    store.save({ scope: null, since: null, threads: [['a', { seq: null, ts: 5 }]], notices: [], activity: [] });
    store.flushSync();
    expect(new FileNotifiedStore(path, () => {}).load().threads).toEqual([['a', { seq: null, ts: 5 }]]);
  });

  it('reads a file written before activity rules (no activity list)', () => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-notified-'));
    const path = join(dir, 'notified.json');
    writeFileSync(path, JSON.stringify({ scope: 's', since: 5, threads: [], notices: ['n:1'] }));
    expect(new FileNotifiedStore(path, () => {}).load()).toEqual({ scope: 's', since: 5, threads: [], notices: ['n:1'], activity: [] });
  });

  it('starts from nothing, with a warning, when the file is damaged', () => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-notified-'));
    const path = join(dir, 'notified.json');
    writeFileSync(path, '{"scope": 3');
    const warnings: string[] = [];
    expect(new FileNotifiedStore(path, (l) => warnings.push(l)).load()).toEqual({ scope: null, since: null, threads: [], notices: [], activity: [] });
    expect(warnings).toHaveLength(1);
  });
});
