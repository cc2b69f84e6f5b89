// Where the window's bounds are kept between runs: userData/window-bounds.json.
// (The settings schema has a windowBounds key, but the settings store is
// reachable only inside the services, whose surface has no bounds; see
// docs/lifecycle.md.) A missing or bad file means "no saved bounds".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WindowBoundsSchema, type WindowBounds } from '../settings/schema';
import { writeFileAtomicSync } from './atomic-write';
import type { Rect } from './window-bounds';

export const BOUNDS_FILE = 'window-bounds.json';

export interface BoundsStore {
  load(): Rect | null;
  save(bounds: Rect): void;
}

export function boundsFileStore(dir: string, log: (line: string) => void): BoundsStore {
  const file = join(dir, BOUNDS_FILE);
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return null; // first run
      }
      try {
        const parsed = WindowBoundsSchema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {
        // not JSON: same as a bad value
      }
      log(`window: ignoring ${BOUNDS_FILE} (not valid bounds); opening at the default size`);
      return null;
    },
    save(bounds) {
      // Rounded, and held to the schema: a window made tiny on some platform is not saved smaller than the schema's minimum.
      const parsed = WindowBoundsSchema.safeParse(roundBounds(bounds));
      if (!parsed.success) {
        log('window: bounds not saved (outside the allowed sizes)');
        return;
      }
      try {
        writeFileAtomicSync(file, `${JSON.stringify(parsed.data)}\n`, 0o600);
      } catch (error) {
        log(`window: could not save its bounds: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

const roundBounds = (b: Rect): WindowBounds => ({ x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) });
