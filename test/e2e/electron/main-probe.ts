// What the suites see of the app's main process. The Electron edge keeps its
// Notification and Tray objects private (notification-edge.ts, tray-edge.ts),
// and the app has no test hooks; so, right after launch, a probe wraps three
// Electron methods the edge calls: Notification.prototype.show (the instances
// shown), Tray.prototype.setContextMenu (the tray's current menu) and
// app.setBadgeCount (what the badge was asked to show). Each wrapper records,
// then calls the original: the app behaves exactly as without the probe.
//
// The functions passed to app.evaluate run inside Electron, serialised as
// text: they must use nothing from this module but their arguments.
import type { ElectronApplication } from 'playwright';

interface Probe {
  readonly shown: Electron.Notification[];
  menu: Electron.Menu | null;
  readonly badges: { count: number; kept: boolean }[];
}

export interface MenuEntry {
  readonly label: string;
  readonly type: string;
  readonly checked: boolean;
  readonly enabled: boolean;
}

/** Must run before the tray's menu changes (sign-in changes it) and before any notification. */
export function installProbe(app: ElectronApplication): Promise<void> {
  return app.evaluate(({ app: electronApp, Notification, Tray }) => {
    const g = globalThis as unknown as { __beaconProbe?: Probe };
    if (g.__beaconProbe) return;
    const probe: Probe = { shown: [], menu: null, badges: [] };
    g.__beaconProbe = probe;
    const show = Notification.prototype.show;
    Notification.prototype.show = function (this: Electron.Notification) {
      probe.shown.push(this);
      show.call(this);
    };
    const setContextMenu = Tray.prototype.setContextMenu;
    Tray.prototype.setContextMenu = function (this: Electron.Tray, menu: Electron.Menu | null) {
      probe.menu = menu;
      setContextMenu.call(this, menu);
    };
    const setBadgeCount = electronApp.setBadgeCount.bind(electronApp);
    electronApp.setBadgeCount = (count?: number) => {
      // false where the platform keeps no badge (Linux without Unity): then getBadgeCount() stays 0.
      const kept = setBadgeCount(count);
      probe.badges.push({ count: count ?? 0, kept });
      return kept;
    };
  });
}

/** Title and body of every notification the app has shown, oldest first. */
export function shownNotifications(app: ElectronApplication): Promise<{ title: string; body: string }[]> {
  return app.evaluate(() => {
    const probe = (globalThis as unknown as { __beaconProbe: Probe }).__beaconProbe;
    return probe.shown.map((n) => ({ title: n.title, body: n.body }));
  });
}

/**
 * Clicks the newest notification with this title the way Electron reports a
 * user's click: its 'click' event, which the edge listens to. False if none.
 */
export function clickNotification(app: ElectronApplication, title: string): Promise<boolean> {
  return app.evaluate((_electron, wanted) => {
    const probe = (globalThis as unknown as { __beaconProbe: Probe }).__beaconProbe;
    const n = [...probe.shown].reverse().find((x) => x.title === wanted);
    if (!n) return false;
    n.emit('click', { preventDefault: () => {} });
    return true;
  }, title);
}

/** The tray menu's items, submenus flattened in order. */
export function trayMenu(app: ElectronApplication): Promise<MenuEntry[]> {
  return app.evaluate(() => {
    const probe = (globalThis as unknown as { __beaconProbe: Probe }).__beaconProbe;
    const flat = (menu: Electron.Menu | null): MenuEntry[] =>
      (menu?.items ?? []).flatMap((i) => [{ label: i.label, type: i.type, checked: i.checked, enabled: i.enabled }, ...flat(i.submenu ?? null)]);
    return flat(probe.menu);
  });
}

/**
 * Clicks the tray menu item with this label as Electron does when the user
 * picks it (MenuItem.click: flips a radio, then runs the item's handler).
 * Returns why it could not, or null.
 */
export function clickTrayItem(app: ElectronApplication, label: string): Promise<string | null> {
  return app.evaluate((_electron, wanted) => {
    const probe = (globalThis as unknown as { __beaconProbe: Probe }).__beaconProbe;
    const find = (menu: Electron.Menu | null): Electron.MenuItem | null => {
      for (const item of menu?.items ?? []) {
        if (item.label === wanted) return item;
        const inner = find(item.submenu ?? null);
        if (inner) return inner;
      }
      return null;
    };
    const item = find(probe.menu);
    if (!item) return probe.menu ? `no "${wanted}" in the tray menu` : 'the tray menu has not been set since launch';
    if (!item.enabled) return `"${wanted}" is disabled`;
    (item.click as (event: unknown, window?: unknown, contents?: unknown) => void)({}, undefined, undefined);
    return null;
  }, label);
}

/** The badge's last requested count (null before any), and what app.getBadgeCount() says where the platform keeps one. */
export function badge(app: ElectronApplication): Promise<{ requested: number | null; kept: boolean; reported: number }> {
  return app.evaluate(({ app: electronApp }) => {
    const probe = (globalThis as unknown as { __beaconProbe: Probe }).__beaconProbe;
    const last = probe.badges.at(-1);
    return { requested: last?.count ?? null, kept: last?.kept ?? false, reported: electronApp.getBadgeCount() };
  });
}

/** The (only) window: shown, focused, minimized. Null when there is none. */
export function windowState(app: ElectronApplication): Promise<{ visible: boolean; focused: boolean; minimized: boolean } | null> {
  return app.evaluate(({ BrowserWindow }) => {
    const w = BrowserWindow.getAllWindows().find((x) => !x.isDestroyed());
    return w ? { visible: w.isVisible(), focused: w.isFocused(), minimized: w.isMinimized() } : null;
  });
}

/** Hides the window, as its close button does in this tray app: the app is in the background. */
export function hideWindow(app: ElectronApplication): Promise<void> {
  return app.evaluate(({ BrowserWindow }) => {
    for (const w of BrowserWindow.getAllWindows()) if (!w.isDestroyed()) w.hide();
  });
}
