// Which bounds the window opens with: the saved ones only while they are still
// on a connected display (a monitor unplugged, a resolution lowered, a laptop
// undocked would otherwise open it off screen or larger than the screen), else
// the default size centred on the primary display. Displays come in as data.

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DisplayArea {
  /** The display's work area (without taskbar, dock, menu bar), in screen coordinates (negative left of / above the primary). */
  readonly workArea: Rect;
}

export interface WindowSize {
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_WINDOW_SIZE: WindowSize = { width: 960, height: 640 };
/** The strip along the window's top edge that must be on a display: the title bar, to drag it back. */
export const TITLE_BAR_HEIGHT = 32;
/** How much of that strip must show: enough to grab it, not a sliver. */
export const MIN_VISIBLE_TITLE = { width: 100, height: 20 };

function intersection(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/** Whether enough of the title bar lies in this work area to see and drag it. */
export function titleBarVisible(bounds: Rect, area: Rect): boolean {
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: TITLE_BAR_HEIGHT };
  const i = intersection(titleBar, area);
  return i.width >= Math.min(MIN_VISIBLE_TITLE.width, bounds.width) && i.height >= MIN_VISIBLE_TITLE.height;
}

/** The window fitted into one work area: no larger than it, and moved (not resized more than needed) to lie inside it. */
export function clampToArea(bounds: Rect, area: Rect): Rect {
  const width = Math.min(Math.round(bounds.width), area.width);
  const height = Math.min(Math.round(bounds.height), area.height);
  const x = Math.min(Math.max(Math.round(bounds.x), area.x), area.x + area.width - width);
  const y = Math.min(Math.max(Math.round(bounds.y), area.y), area.y + area.height - height);
  return { x, y, width, height };
}

export function centredIn(size: WindowSize, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: area.x + Math.floor((area.width - width) / 2),
    y: area.y + Math.floor((area.height - height) / 2),
    width,
    height,
  };
}

const finite = (r: Rect): boolean => [r.x, r.y, r.width, r.height].every(Number.isFinite) && r.width > 0 && r.height > 0;

/**
 * The bounds to open with. `saved` is used when its title bar is visible on a
 * connected display, fitted to the display holding most of it; otherwise the
 * default size, centred on the primary display.
 */
export function restoreBounds(saved: Rect | null, displays: readonly DisplayArea[], primary: DisplayArea, size: WindowSize = DEFAULT_WINDOW_SIZE): Rect {
  if (saved && finite(saved)) {
    const onScreen = displays.filter((d) => titleBarVisible(saved, d.workArea));
    if (onScreen.length > 0) {
      const overlap = (d: DisplayArea): number => {
        const i = intersection(saved, d.workArea);
        return i.width * i.height;
      };
      const best = onScreen.reduce((a, b) => (overlap(b) > overlap(a) ? b : a));
      return clampToArea(saved, best.workArea);
    }
  }
  return centredIn(size, primary.workArea);
}

export const sameRect = (a: Rect | null, b: Rect | null): boolean =>
  a === b || (a !== null && b !== null && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height);
