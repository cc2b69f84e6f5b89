import { describe, expect, it } from 'vitest';
import { isDevToolsShortcut, type KeyInput } from './devtools-shortcut';
import { contentSecurityPolicy } from '../serve/csp';
import { launchOptions } from './launch-options';

const DEV_ENV = { ELECTRON_RENDERER_URL: 'http://localhost:5173/', BEACON_USER_DATA_DIR: '/tmp/beacon-profile' };

describe('launchOptions', () => {
  it('honours the dev server, the profile directory and DevTools when not packaged', () => {
    expect(launchOptions({ isPackaged: false, env: DEV_ENV })).toEqual({
      devServerUrl: 'http://localhost:5173/',
      userDataDir: '/tmp/beacon-profile',
      devTools: true,
      refused: [],
    });
  });

  it('ignores both switches and DevTools in a packaged build, saying so without the values', () => {
    const options = launchOptions({ isPackaged: true, env: DEV_ENV });
    expect(options).toEqual({
      devServerUrl: undefined,
      userDataDir: undefined,
      devTools: false,
      refused: ['ELECTRON_RENDERER_URL is ignored in a packaged build', 'BEACON_USER_DATA_DIR is ignored in a packaged build'],
    });
    expect(options.refused.join(' ')).not.toContain('5173');
  });

  it('a packaged build with neither switch set has nothing to report', () => {
    expect(launchOptions({ isPackaged: true, env: {} })).toEqual({ devServerUrl: undefined, userDataDir: undefined, devTools: false, refused: [] });
  });

  it('treats empty variables as unset', () => {
    expect(launchOptions({ isPackaged: false, env: { ELECTRON_RENDERER_URL: '', BEACON_USER_DATA_DIR: '' } })).toEqual({
      devServerUrl: undefined,
      userDataDir: undefined,
      devTools: true,
      refused: [],
    });
  });

  it.each([
    ['not a URL', 'http://'],
    ['not http(s)', 'localhost:5173'],
    ['not http(s)', 'file:///etc/passwd'],
    ['not http(s)', 'app://beacon/index.html'],
    ['not a loopback host', 'http://192.168.1.20:5173/'],
    ['not a loopback host', 'https://evil.example/'],
    ['not a loopback host', 'http://localhost.evil.example:5173/'],
    ['carries credentials', 'http://user:pw@127.0.0.1:5173/'],
  ])('refuses a dev server URL that is %s (%s)', (reason, url) => {
    const options = launchOptions({ isPackaged: false, env: { ELECTRON_RENDERER_URL: url } });
    expect(options.devServerUrl).toBeUndefined();
    expect(options.refused).toEqual([`ELECTRON_RENDERER_URL is ignored: ${reason}`]);
  });

  it.each(['http://127.0.0.1:5173', 'https://[::1]:5173/'])('accepts the loopback dev server %s', (url) => {
    expect(launchOptions({ isPackaged: false, env: { ELECTRON_RENDERER_URL: url } }).devServerUrl).toBe(new URL(url).href);
  });

  it('refuses a relative profile directory (Electron would throw on it)', () => {
    const options = launchOptions({ isPackaged: false, env: { BEACON_USER_DATA_DIR: 'profile' } });
    expect(options.userDataDir).toBeUndefined();
    expect(options.refused).toEqual(['BEACON_USER_DATA_DIR is ignored: not an absolute path']);
  });
});

describe('the renderer policy for a launch', () => {
  const policy = (isPackaged: boolean, env: Record<string, string>): Map<string, string[]> => {
    const text = contentSecurityPolicy({ devServerUrl: launchOptions({ isPackaged, env }).devServerUrl });
    return new Map(text.split('; ').map((d) => [d.split(' ')[0] ?? '', d.split(' ').slice(1)]));
  };

  it('under the dev server (unpackaged, loopback URL): inline script and style for Vite, and its HMR socket; nothing else loosened', () => {
    const dev = policy(false, DEV_ENV);
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(dev.get('default-src')).toEqual(["'self'"]);
    expect(dev.get('object-src')).toEqual(["'none'"]);
    expect(dev.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('a packaged build with ELECTRON_RENDERER_URL set, or a refused dev URL, keeps the strict policy', () => {
    const strict = contentSecurityPolicy();
    expect(contentSecurityPolicy({ devServerUrl: launchOptions({ isPackaged: true, env: DEV_ENV }).devServerUrl })).toBe(strict);
    expect(contentSecurityPolicy({ devServerUrl: launchOptions({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'https://evil.example/' } }).devServerUrl })).toBe(strict);
    expect(strict).not.toContain('unsafe-inline');
  });
});

describe('isDevToolsShortcut', () => {
  const key = (over: Partial<KeyInput>): KeyInput => ({ type: 'keyDown', key: 'a', code: 'KeyA', control: false, meta: false, shift: false, alt: false, ...over });

  it.each([
    ['F12', key({ key: 'F12', code: 'F12' })],
    ['Ctrl+Shift+I', key({ key: 'I', code: 'KeyI', control: true, shift: true })],
    ['Ctrl+Shift+J', key({ key: 'J', code: 'KeyJ', control: true, shift: true })],
    ['Ctrl+Shift+C', key({ key: 'C', code: 'KeyC', control: true, shift: true })],
    // macOS: Option composes the key ("ˆ", "∆", "ç" on a US layout); the physical key is what counts.
    ['Cmd+Alt+I', key({ key: 'ˆ', code: 'KeyI', meta: true, alt: true })],
    ['Cmd+Alt+J', key({ key: '∆', code: 'KeyJ', meta: true, alt: true })],
    ['Cmd+Alt+C', key({ key: 'ç', code: 'KeyC', meta: true, alt: true })],
  ])('catches %s', (_name, input) => {
    expect(isDevToolsShortcut(input)).toBe(true);
  });

  it.each([
    ['plain I', key({ key: 'i', code: 'KeyI' })],
    ['Ctrl+I', key({ key: 'i', code: 'KeyI', control: true })],
    ['Ctrl+Shift+K', key({ key: 'k', code: 'KeyK', control: true, shift: true })],
    ['F12 released', key({ key: 'F12', code: 'F12', type: 'keyUp' })],
    ['Ctrl+C (copy)', key({ key: 'c', code: 'KeyC', control: true })],
    ['Cmd+Alt+K', key({ key: '˚', code: 'KeyK', meta: true, alt: true })],
  ])('lets %s through', (_name, input) => {
    expect(isDevToolsShortcut(input)).toBe(false);
  });
});
