// createMainWindow against a small fake BrowserWindow: the lockdown it asks
// for, and that a packaged window (devTools false) refuses DevTools three ways.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  class FakeWebContents {
    readonly listeners = new Map<string, Listener[]>();
    devToolsClosed = 0;
    loaded: string | null = null;
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    emit(event: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
    }
    setWindowOpenHandler(): void {}
    closeDevTools(): void {
      this.devToolsClosed++;
    }
    loadURL(url: string): Promise<void> {
      this.loaded = url;
      return Promise.resolve();
    }
  }
  class FakeBrowserWindow {
    static last: FakeBrowserWindow | null = null;
    readonly webContents = new FakeWebContents();
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      FakeBrowserWindow.last = this;
    }
    once(): this {
      return this;
    }
    loadURL(url: string): Promise<void> {
      return this.webContents.loadURL(url);
    }
  }
  return { FakeBrowserWindow };
});

vi.mock('electron', () => ({ BrowserWindow: fake.FakeBrowserWindow }));

const { createMainWindow } = await import('./window');

function open(devTools: boolean) {
  const log: string[] = [];
  createMainWindow({ preloadPath: '/p/index.cjs', url: 'app://beacon/index.html', isTrustedUrl: () => true, devTools, log: (line) => log.push(line) });
  const win = fake.FakeBrowserWindow.last!;
  return { win, contents: win.webContents, log };
}

function press(contents: { emit: (event: string, ...args: unknown[]) => void }, key: Partial<Record<'key' | 'code' | 'control' | 'shift' | 'meta' | 'alt', unknown>>): boolean {
  const event = { defaultPrevented: false, preventDefault() {
    this.defaultPrevented = true;
  } };
  contents.emit('before-input-event', event, { type: 'keyDown', key: 'a', code: 'KeyA', control: false, shift: false, meta: false, alt: false, ...key });
  return event.defaultPrevented;
}

describe('createMainWindow', () => {
  beforeEach(() => {
    fake.FakeBrowserWindow.last = null;
  });

  it('asks for an isolated, sandboxed page without Node, webviews or Auxclick', () => {
    const { win, contents } = open(false);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(contents.loaded).toBe('app://beacon/index.html');
  });

  it('packaged (devTools false): DevTools off in webPreferences, shortcuts swallowed, an opened DevTools closed', () => {
    const { win, contents, log } = open(false);
    expect(win.options.webPreferences['devTools']).toBe(false);
    expect(press(contents, { key: 'F12', code: 'F12' })).toBe(true);
    expect(press(contents, { key: 'I', code: 'KeyI', control: true, shift: true })).toBe(true);
    expect(press(contents, { key: 'ˆ', code: 'KeyI', meta: true, alt: true })).toBe(true);
    expect(press(contents, { key: 'c', code: 'KeyC', control: true })).toBe(false);
    contents.emit('devtools-opened');
    expect(contents.devToolsClosed).toBe(1);
    expect(log).toEqual(['window: closed DevTools (packaged build)']);
  });

  it('development (devTools true): DevTools allowed and nothing intercepted', () => {
    const { win, contents } = open(true);
    expect(win.options.webPreferences['devTools']).toBe(true);
    expect(press(contents, { key: 'F12', code: 'F12' })).toBe(false);
    contents.emit('devtools-opened');
    expect(contents.devToolsClosed).toBe(0);
  });
});
