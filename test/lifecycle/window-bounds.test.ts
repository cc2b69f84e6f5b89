// restoreBounds with displays as data: the saved bounds only while their title
// bar is on a connected display, fitted to it; otherwise the default, centred.
import { describe, expect, it } from 'vitest';
import { clampToArea, DEFAULT_WINDOW_SIZE, restoreBounds, titleBarVisible, type DisplayArea } from '../../src/main/lifecycle';

const display = (x: number, y: number, width: number, height: number): DisplayArea => ({ workArea: { x, y, width, height } });
const laptop = display(0, 25, 1440, 875); // macOS menu bar above
const external = display(1440, 0, 2560, 1400);
const left = display(-1920, 0, 1920, 1040); // a monitor left of the primary: negative x

describe('restoreBounds', () => {
  it('first run (nothing saved): the default size centred on the primary display', () => {
    expect(restoreBounds(null, [laptop], laptop)).toEqual({ x: 240, y: 142, width: 960, height: 640 });
    expect(DEFAULT_WINDOW_SIZE).toEqual({ width: 960, height: 640 });
  });

  it('saved bounds on a connected display are kept as they are', () => {
    const saved = { x: 2000, y: 200, width: 1200, height: 800 };
    expect(restoreBounds(saved, [laptop, external], laptop)).toEqual(saved);
  });

  it('unplugged monitor: bounds saved on the external display open centred on the primary', () => {
    const saved = { x: 2000, y: 200, width: 1200, height: 800 };
    expect(restoreBounds(saved, [laptop], laptop)).toEqual({ x: 240, y: 142, width: 960, height: 640 });
  });

  it('negative coordinates on a left monitor are a real place, kept while that monitor is there', () => {
    const saved = { x: -1500, y: 100, width: 900, height: 700 };
    expect(restoreBounds(saved, [laptop, left], laptop)).toEqual(saved);
    expect(restoreBounds(saved, [laptop], laptop)).toEqual({ x: 240, y: 142, width: 960, height: 640 });
  });

  it('resolution change: bounds larger than the display now are shrunk to it and moved inside', () => {
    const saved = { x: 300, y: 100, width: 1800, height: 1100 };
    const smaller = display(0, 0, 1280, 680);
    expect(restoreBounds(saved, [smaller], smaller)).toEqual({ x: 0, y: 0, width: 1280, height: 680 });
    const partly = { x: 1000, y: 500, width: 800, height: 600 };
    expect(restoreBounds(partly, [smaller], smaller)).toEqual({ x: 480, y: 80, width: 800, height: 600 });
  });

  it('a window spanning two displays goes to the one holding most of it', () => {
    const saved = { x: 1000, y: 100, width: 1000, height: 600 }; // 440 px on the laptop, 560 on the external
    expect(restoreBounds(saved, [laptop, external], laptop)).toEqual({ x: 1440, y: 100, width: 1000, height: 600 });
  });

  it('a title bar above the top (under the menu bar) or only a sliver on screen does not count', () => {
    expect(restoreBounds({ x: 100, y: -200, width: 900, height: 600 }, [laptop], laptop)).toEqual({ x: 240, y: 142, width: 960, height: 640 });
    expect(restoreBounds({ x: 1400, y: 100, width: 900, height: 600 }, [laptop], laptop)).toEqual({ x: 240, y: 142, width: 960, height: 640 });
  });

  it('the default on a primary display smaller than the default size fills it', () => {
    const tiny = display(0, 0, 800, 560);
    expect(restoreBounds(null, [tiny], tiny)).toEqual({ x: 0, y: 0, width: 800, height: 560 });
  });

  it('nonsense numbers (NaN, zero size) mean nothing saved', () => {
    expect(restoreBounds({ x: Number.NaN, y: 0, width: 900, height: 600 }, [laptop], laptop)).toEqual({ x: 240, y: 142, width: 960, height: 640 });
    expect(restoreBounds({ x: 10, y: 30, width: 0, height: 600 }, [laptop], laptop)).toEqual({ x: 240, y: 142, width: 960, height: 640 });
  });
});

describe('titleBarVisible and clampToArea', () => {
  it('needs 100 px of the title bar, 20 px high, inside the work area', () => {
    const area = { x: 0, y: 0, width: 1000, height: 800 };
    expect(titleBarVisible({ x: 900, y: 0, width: 500, height: 400 }, area)).toBe(true);
    expect(titleBarVisible({ x: 901, y: 0, width: 500, height: 400 }, area)).toBe(false);
    expect(titleBarVisible({ x: 0, y: -12, width: 500, height: 400 }, area)).toBe(true);
    expect(titleBarVisible({ x: 0, y: -13, width: 500, height: 400 }, area)).toBe(false);
    expect(titleBarVisible({ x: 0, y: 781, width: 500, height: 400 }, area)).toBe(false);
  });

  it('rounds fractional bounds (scaled displays) and keeps a window that fits where it is', () => {
    expect(clampToArea({ x: 10.4, y: 20.6, width: 500.5, height: 300.2 }, { x: 0, y: 0, width: 1000, height: 800 })).toEqual({ x: 10, y: 21, width: 501, height: 300 });
  });
});
