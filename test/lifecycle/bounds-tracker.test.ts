// trackBounds with a fake window and clock: debounced saves while moving,
// an immediate save on close/hide, and only ever the normal bounds.
import { describe, expect, it } from 'vitest';
import { SAVE_BOUNDS_DEBOUNCE_MS, trackBounds, type BoundsEvent, type BoundsWindow, type Rect } from '../../src/main/lifecycle';
import { FakeClock } from '../connection/support/fake-clock';

class FakeWindow implements BoundsWindow {
  readonly listeners = new Map<BoundsEvent, Set<() => void>>();
  normal: Rect = { x: 10, y: 20, width: 900, height: 600 };
  minimized = false;
  maximized = false;
  fullScreen = false;
  destroyed = false;
  on(event: BoundsEvent, listener: () => void): this {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }
  off(event: BoundsEvent, listener: () => void): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }
  emit(event: BoundsEvent): void {
    for (const l of this.listeners.get(event) ?? []) l();
  }
  isDestroyed = (): boolean => this.destroyed;
  isMinimized = (): boolean => this.minimized;
  isMaximized = (): boolean => this.maximized;
  isFullScreen = (): boolean => this.fullScreen;
  getNormalBounds = (): Rect => ({ ...this.normal });
  /** Like a drag: each step moves the window and says so. */
  moveTo(x: number): void {
    this.normal = { ...this.normal, x };
    this.emit('move');
  }
}

function rig(initial: Rect | null = null) {
  const win = new FakeWindow();
  const clock = new FakeClock();
  const saved: Rect[] = [];
  const stop = trackBounds(win, (b) => saved.push(b), clock, initial);
  return { win, clock, saved, stop };
}

describe('trackBounds', () => {
  it('a drag of many moves is saved once, SAVE_BOUNDS_DEBOUNCE_MS after the last', () => {
    const r = rig();
    for (let x = 11; x <= 60; x++) {
      r.win.moveTo(x);
      r.clock.advance(16);
    }
    expect(r.saved).toEqual([]);
    r.clock.advance(SAVE_BOUNDS_DEBOUNCE_MS);
    expect(r.saved).toEqual([{ x: 60, y: 20, width: 900, height: 600 }]);
  });

  it('close and hide save at once (the app may quit right after), and nothing unchanged is written again', () => {
    const r = rig();
    r.win.moveTo(100);
    r.win.emit('hide');
    expect(r.saved).toEqual([{ x: 100, y: 20, width: 900, height: 600 }]);
    r.clock.advance(SAVE_BOUNDS_DEBOUNCE_MS);
    r.win.emit('close');
    expect(r.saved).toHaveLength(1);
  });

  it('bounds equal to what was restored are not written back', () => {
    const r = rig({ x: 10, y: 20, width: 900, height: 600 });
    r.win.emit('resize');
    r.clock.advance(SAVE_BOUNDS_DEBOUNCE_MS);
    r.win.emit('close');
    expect(r.saved).toEqual([]);
  });

  it('maximized, full screen or minimized: the move/resize is not saved, but close saves the normal bounds', () => {
    const r = rig();
    for (const state of ['maximized', 'fullScreen', 'minimized'] as const) {
      r.win[state] = true;
      r.win.emit('resize');
      r.win.emit('move');
      r.clock.advance(SAVE_BOUNDS_DEBOUNCE_MS);
      expect(r.saved, state).toEqual([]);
      r.win[state] = false;
    }
    r.win.maximized = true;
    r.win.normal = { x: 50, y: 60, width: 1000, height: 700 };
    r.win.emit('close');
    expect(r.saved).toEqual([{ x: 50, y: 60, width: 1000, height: 700 }]);
  });

  it('stop removes the listeners and the pending save; a destroyed window is never asked', () => {
    const r = rig();
    r.win.moveTo(30);
    r.stop();
    expect(r.clock.pending).toBe(0);
    expect([...r.win.listeners.values()].every((s) => s.size === 0)).toBe(true);
    const d = rig();
    d.win.moveTo(40);
    d.win.destroyed = true;
    d.clock.advance(SAVE_BOUNDS_DEBOUNCE_MS);
    d.win.emit('close');
    expect(d.saved).toEqual([]);
  });
});
