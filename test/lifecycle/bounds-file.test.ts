// The bounds file in a temp dir: round trip, atomic replace, bad files ignored.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BOUNDS_FILE, boundsFileStore } from '../../src/main/lifecycle';

const dirs: string[] = [];
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-bounds-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('boundsFileStore', () => {
  it('nothing saved yet: null; saved bounds (rounded) come back, negative coordinates included; no temp file left', () => {
    const dir = temp();
    const log: string[] = [];
    const store = boundsFileStore(dir, (l) => log.push(l));
    expect(store.load()).toBeNull();
    store.save({ x: -1500.4, y: 100, width: 900.6, height: 700 });
    expect(store.load()).toEqual({ x: -1500, y: 100, width: 901, height: 700 });
    store.save({ x: 1, y: 2, width: 300, height: 300 });
    expect(store.load()).toEqual({ x: 1, y: 2, width: 300, height: 300 });
    expect(readdirSync(dir)).toEqual([BOUNDS_FILE]);
    expect(log).toEqual([]);
  });

  it('a bad or foreign file is ignored with a log line (and not echoed)', () => {
    const dir = temp();
    const log: string[] = [];
    const store = boundsFileStore(dir, (l) => log.push(l));
    for (const text of ['{not json', '{"x":1,"y":2,"width":5,"height":300}', '{"x":1,"y":2,"width":500,"height":300,"token":"abc"}']) {
      writeFileSync(join(dir, BOUNDS_FILE), text);
      expect(store.load(), text).toBeNull();
    }
    expect(log).toHaveLength(3);
    expect(log.join('\n')).not.toContain('abc');
  });

  it('bounds outside the schema are not written', () => {
    const dir = temp();
    const log: string[] = [];
    const store = boundsFileStore(dir, (l) => log.push(l));
    store.save({ x: 0, y: 0, width: 100, height: 100 });
    expect(readdirSync(dir)).toEqual([]);
    expect(log).toEqual(['window: bounds not saved (outside the allowed sizes)']);
    store.save({ x: 0, y: 0, width: 400, height: 300 });
    expect(JSON.parse(readFileSync(join(dir, BOUNDS_FILE), 'utf8'))).toEqual({ x: 0, y: 0, width: 400, height: 300 });
  });
});
