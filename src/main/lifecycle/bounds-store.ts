// Where the window's bounds are kept between runs: the settings' windowBounds
// (validated by its schema, written by the settings store). A bad stored
// value has already been dropped by the settings' own checks on load.
import type { Settings, SettingsStore } from '../settings';
import type { WindowBounds } from '../settings/schema';
import { WindowBoundsSchema } from '../settings/schema';
import type { Rect } from './window-bounds';

export interface BoundsStore {
  load(): Rect | null;
  save(bounds: Rect): void;
}

export function settingsBoundsStore(settings: Pick<SettingsStore, 'get' | 'set'>, log: (line: string) => void): BoundsStore {
  return {
    load: () => settings.get('windowBounds'),
    save(bounds) {
      // Rounded, and held to the schema: a window made tiny on some platform is not saved smaller than the schema's minimum.
      const parsed = WindowBoundsSchema.safeParse(roundBounds(bounds));
      if (!parsed.success) {
        log('window: bounds not saved (outside the allowed sizes)');
        return;
      }
      const current: Settings['windowBounds'] = settings.get('windowBounds');
      if (current && JSON.stringify(current) === JSON.stringify(parsed.data)) return;
      try {
        settings.set('windowBounds', parsed.data);
      } catch (error) {
        log(`window: could not save its bounds: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

const roundBounds = (b: Rect): WindowBounds => ({ x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) });
