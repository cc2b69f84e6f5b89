// Saves the window's bounds while the user moves and resizes it (debounced: a
// drag sends dozens of events a second) and at once when it closes or hides.
// Only the normal bounds are saved: a maximized, full-screen or minimized
// window's own bounds are not where it should reopen.
import type { Clock, TimerHandle } from '../connection/clock';
import { sameRect, type Rect } from './window-bounds';

export const SAVE_BOUNDS_DEBOUNCE_MS = 500;

export type BoundsEvent = 'move' | 'resize' | 'close' | 'hide';

/** The part of a BrowserWindow used here. */
export interface BoundsWindow {
  on(event: BoundsEvent, listener: () => void): unknown;
  off(event: BoundsEvent, listener: () => void): unknown;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  /** The bounds of the window in its normal state, whatever its state now. */
  getNormalBounds(): Rect;
}

export function trackBounds(win: BoundsWindow, save: (bounds: Rect) => void, clock: Clock, initial: Rect | null = null): () => void {
  let last = initial;
  let timer: TimerHandle | null = null;

  const flush = (): void => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (win.isDestroyed()) return;
    const bounds = win.getNormalBounds();
    if (sameRect(bounds, last)) return;
    last = bounds;
    save(bounds);
  };
  const changed = (): void => {
    // A maximize, full-screen or minimize also moves and resizes; those bounds are not the ones to keep.
    if (win.isDestroyed() || win.isMinimized() || win.isMaximized() || win.isFullScreen()) return;
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(flush, SAVE_BOUNDS_DEBOUNCE_MS);
  };

  const listeners: Record<BoundsEvent, () => void> = { move: changed, resize: changed, close: flush, hide: flush };
  const events = Object.keys(listeners) as BoundsEvent[];
  for (const event of events) win.on(event, listeners[event]);
  return () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (!win.isDestroyed()) for (const event of events) win.off(event, listeners[event]);
  };
}
