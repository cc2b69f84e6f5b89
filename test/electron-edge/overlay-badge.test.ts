// The Windows overlay badge: the tray edge hands the unread total to
// setOverlayBadge when it changes (only where tray.ts provides it), and the
// overlay edge puts the badge on every window, new and re-shown ones included.
import { describe, expect, it } from 'vitest';
import type { ThreadView } from '../../src/shared/ipc/workspace-schemas';
import type { SessionStatus } from '../../src/shared/types';
import { overlayBadgeWith, type OverlayWindow } from '../../src/main/electron/overlay-edge';
import { createTrayWith, REFRESH_MS } from '../../src/main/electron/tray-edge';
import type { AppServices } from '../../src/main/services';
import { FakeClock } from '../connection/support/fake-clock';
import { FakeTrayApi } from './fake-electron-ui';

class OverlayTrayApi extends FakeTrayApi {
  readonly overlays: [number, string][] = [];
  setOverlayBadge(count: number, description: string): void {
    this.overlays.push([count, description]);
  }
}

const thread = (id: string, unread: number): ThreadView => ({ id, title: id, unread, lastActivity: 0, muted: false, preview: null });

function trayWith(api: FakeTrayApi, initial: ThreadView[]) {
  const clock = new FakeClock();
  let threads = initial;
  const batches = new Set<() => void>();
  const status: SessionStatus = { signedIn: true, serverUrl: 'ws://r/', lastServerUrl: 'ws://r/', userId: 'you', keychain: 'os', keychainProblem: null };
  const services = {
    connection: { state: () => ({ state: 'connected', userId: 'you', since: 0, rttMs: null }), subscribe: () => () => {} },
    session: { status: () => status, onStatus: () => () => {} },
    presence: { get: () => 'online', subscribe: () => () => {}, effective: () => 'online', onEffective: () => () => {} },
    workspace: { snapshot: () => ({ threads }), onBatch: (l: () => void) => (batches.add(l), () => void batches.delete(l)) },
    notifications: { pausedUntil: () => null, onPause: () => () => {} },
  } as unknown as AppServices;
  const off = createTrayWith(api, clock, services, { openWindow: () => {}, openThread: () => {}, quit: () => {}, log: () => {} });
  return {
    clock,
    off,
    set(next: ThreadView[]) {
      threads = next;
      for (const l of batches) l();
      clock.advance(REFRESH_MS);
    },
  };
}

describe('tray edge → overlay badge', () => {
  it('follows the unread total of unmuted threads, with its description, only when it changes; 0 clears it', () => {
    const api = new OverlayTrayApi();
    const r = trayWith(api, [thread('deploys', 3), thread('general', 1)]);
    r.set([thread('deploys', 3), thread('general', 1)]);
    r.set([thread('deploys', 12), thread('general', 0)]);
    r.set([thread('deploys', 0)]);
    expect(api.overlays).toEqual([
      [4, '4 unread messages'],
      [12, 'More than 9 unread messages'],
      [0, ''],
    ]);
    expect(api.badge).toBe(0);
    r.off();
  });

  it('without setOverlayBadge (macOS, Linux) only the badge count is set', () => {
    const api = new FakeTrayApi();
    const r = trayWith(api, [thread('deploys', 2)]);
    expect(api.badge).toBe(2);
    expect('setOverlayBadge' in api).toBe(false);
    r.off();
  });
});

class FakeWindow implements OverlayWindow {
  destroyed = false;
  readonly overlays: [unknown, string][] = [];
  readonly shows: (() => void)[] = [];
  isDestroyed = (): boolean => this.destroyed;
  setOverlayIcon(image: unknown, description: string): void {
    this.overlays.push([image, description]);
  }
  on(_event: 'show', listener: () => void): this {
    this.shows.push(listener);
    return this;
  }
  show(): void {
    for (const l of this.shows) l();
  }
}

describe('overlay edge', () => {
  function rig() {
    const windows: FakeWindow[] = [];
    const created = new Set<(win: OverlayWindow) => void>();
    const badge = overlayBadgeWith({
      windows: () => windows,
      onWindowCreated: (l) => (created.add(l), () => void created.delete(l)),
      image: (count) => (count === 0 ? null : `badge:${Math.min(count, 10)}`),
    });
    const open = (): FakeWindow => {
      const win = new FakeWindow();
      windows.push(win);
      for (const l of created) l(win);
      return win;
    };
    return { badge, open, created };
  }

  it('a count set before the window exists is applied when it is created, and again each time it is shown', () => {
    const r = rig();
    r.badge.set(3, '3 unread messages');
    const win = r.open();
    expect(win.overlays).toEqual([['badge:3', '3 unread messages']]);
    r.badge.set(0, '');
    expect(win.overlays.at(-1)).toEqual([null, '']);
    r.badge.set(25, 'More than 9 unread messages');
    win.show();
    expect(win.overlays.slice(-2)).toEqual([
      ['badge:10', 'More than 9 unread messages'],
      ['badge:10', 'More than 9 unread messages'],
    ]);
  });

  it('destroyed windows are left alone; dispose clears the overlay and stops following new windows', () => {
    const r = rig();
    const win = r.open();
    const gone = r.open();
    gone.destroyed = true;
    r.badge.set(2, '2 unread messages');
    expect(gone.overlays).toEqual([[null, '']]);
    r.badge.dispose();
    expect(win.overlays.at(-1)).toEqual([null, '']);
    expect(r.created.size).toBe(0);
    const later = r.open();
    expect(later.overlays).toEqual([]);
  });
});
