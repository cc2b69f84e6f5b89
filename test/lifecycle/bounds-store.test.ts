// The window's bounds kept in the settings (a real conf store in a temp dir):
// round trip, rounding, the schema's minimum, a failed write logged.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsBoundsStore } from '../../src/main/lifecycle';
import { openConfSettings } from '../../src/main/settings';

const dirs: string[] = [];
function settingsIn(): ReturnType<typeof openConfSettings> {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-bounds-'));
  dirs.push(dir);
  return openConfSettings({ dir, log: { info: () => {}, warn: () => {} } });
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('settingsBoundsStore', () => {
  it('nothing saved yet: null; saved bounds (rounded) come back, negative coordinates included, and survive a reopen', () => {
    const settings = settingsIn();
    const log: string[] = [];
    const store = settingsBoundsStore(settings, (l) => log.push(l));
    expect(store.load()).toBeNull();
    store.save({ x: -1500.4, y: 100, width: 900.6, height: 700 });
    expect(store.load()).toEqual({ x: -1500, y: 100, width: 901, height: 700 });
    expect(settings.get('windowBounds')).toEqual({ x: -1500, y: 100, width: 901, height: 700 });
    const again = openConfSettings({ dir: dirs[0]!, log: { info: () => {}, warn: () => {} } });
    expect(settingsBoundsStore(again, () => {}).load()).toEqual({ x: -1500, y: 100, width: 901, height: 700 });
    expect(log).toEqual([]);
  });

  it('bounds outside the schema are not written', () => {
    const settings = settingsIn();
    const log: string[] = [];
    const store = settingsBoundsStore(settings, (l) => log.push(l));
    store.save({ x: 0, y: 0, width: 100, height: 100 });
    expect(settings.get('windowBounds')).toBeNull();
    expect(log).toEqual(['window: bounds not saved (outside the allowed sizes)']);
  });

  it('a failed write is logged, not thrown (the window keeps working)', () => {
    const log: string[] = [];
    const store = settingsBoundsStore(
      {
        get: (() => null) as never,
        set: () => {
          throw new Error('disk full');
        },
      },
      (l) => log.push(l),
    );
    store.save({ x: 0, y: 0, width: 400, height: 300 });
    expect(log).toEqual(['window: could not save its bounds: disk full']);
  });
});
