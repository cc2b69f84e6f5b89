// createMainWindow with a bounds store, against fakes of Electron's
// BrowserWindow and screen: it opens where the saved bounds are while a
// connected display shows them, else centred on the primary display, and
// saves the normal bounds as the window moves, resizes, hides and closes.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Rect } from '../../src/main/lifecycle';
import { FakeClock } from '../connection/support/fake-clock';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Listener): this {
      return this.on(event, listener);
    }
    off(event: string, listener: Listener): this {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
      return this;
    }
    emit(event: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
    }
  }
  class FakeWebContents extends Emitter {
    setWindowOpenHandler(): void {}
    closeDevTools(): void {}
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
  }
  class FakeBrowserWindow extends Emitter {
    static last: FakeBrowserWindow | null = null;
    readonly webContents = new FakeWebContents();
    normal: { x: number; y: number; width: number; height: number };
    maximized = false;
    constructor(readonly options: { x?: number; y?: number; width: number; height: number }) {
      super();
      this.normal = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
      FakeBrowserWindow.last = this;
    }
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
    isDestroyed = (): boolean => false;
    isMinimized = (): boolean => false;
    isMaximized = (): boolean => this.maximized;
    isFullScreen = (): boolean => false;
    getNormalBounds = () => ({ ...this.normal });
  }
  const screen = {
    displays: [] as { workArea: { x: number; y: number; width: number; height: number } }[],
    getAllDisplays() {
      return this.displays;
    },
    getPrimaryDisplay() {
      return this.displays[0];
    },
  };
  return { FakeBrowserWindow, screen };
});

vi.mock('electron', () => ({ BrowserWindow: fake.FakeBrowserWindow, screen: fake.screen }));

const { createMainWindow } = await import('../../src/main/electron/window');

const primary = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const left = { workArea: { x: -1280, y: 0, width: 1280, height: 984 } };

function open(saved: Rect | null) {
  const writes: Rect[] = [];
  const clock = new FakeClock();
  createMainWindow({
    preloadPath: '/p/index.cjs',
    url: 'app://beacon/index.html',
    isTrustedUrl: () => true,
    devTools: false,
    log: () => {},
    bounds: { load: () => saved, save: (b) => writes.push(b) },
    clock,
  });
  return { win: fake.FakeBrowserWindow.last!, writes, clock };
}

describe('main window bounds', () => {
  beforeEach(() => {
    fake.screen.displays = [primary, left];
  });

  it('opens at the saved bounds on the left monitor (negative x) while it is connected', () => {
    const { win } = open({ x: -1000, y: 100, width: 900, height: 700 });
    expect(win.options).toMatchObject({ x: -1000, y: 100, width: 900, height: 700 });
  });

  it('opens centred on the primary display when the saved monitor is unplugged', () => {
    fake.screen.displays = [primary];
    const { win } = open({ x: -1000, y: 100, width: 900, height: 700 });
    expect(win.options).toMatchObject({ x: 480, y: 200, width: 960, height: 640 });
  });

  it('saves the normal bounds after moves settle and on hide, not while maximized', () => {
    const { win, writes, clock } = open(null);
    win.normal = { ...win.normal, x: 100 };
    win.emit('move');
    clock.advance(499);
    expect(writes).toEqual([]);
    clock.advance(1);
    expect(writes).toEqual([{ x: 100, y: 200, width: 960, height: 640 }]);
    win.maximized = true;
    win.emit('resize');
    clock.advance(1000);
    expect(writes).toHaveLength(1);
    win.normal = { ...win.normal, y: 50 };
    win.emit('hide');
    expect(writes.at(-1)).toEqual({ x: 100, y: 50, width: 960, height: 640 });
    win.emit('closed');
    expect(win.listeners.get('move')).toEqual([]);
  });
});
