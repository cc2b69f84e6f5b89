// The tray icon, badge and menu, rebuilt from trayView whenever what it shows
// changes: connection, session, presence, pause, and the workspace's unread
// counts (its batches, at most every REFRESH_MS). Electron's API comes in as a
// parameter (tray.ts passes the real one; tests a fake).
import type { MenuItemConstructorOptions } from 'electron';
import type { Clock, TimerHandle } from '../connection/clock';
import type { AppServices } from '../services';
import { badgeDescription, trayAction, trayIconKey, trayView, type TrayIcon, type TrayItem, type TrayShellActions, type TrayView } from '../tray';

/** Workspace batches come up to 60 times a second; the menu need not follow faster than this. */
export const REFRESH_MS = 250;
/** The countdown in the tooltip while reconnecting. */
export const TICK_MS = 1000;
/**
 * A menu held open longer than this no longer holds back rebuilds: should a
 * platform lose 'menu-will-close', the menu must not stay stale for good.
 */
export const MENU_HOLD_MAX_MS = 30_000;

/** The built menu (Electron's Menu): it says when it opens and closes. */
export interface TrayMenu {
  on(event: 'menu-will-show', listener: () => void): unknown;
  on(event: 'menu-will-close', listener: () => void): unknown;
}

export interface TrayLike {
  setImage(image: unknown): void;
  setToolTip(text: string): void;
  setTitle(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayApi {
  /** darwin: a click on the icon only opens the menu (see createTrayWith). */
  readonly platform: NodeJS.Platform;
  createTray(image: unknown): TrayLike;
  buildMenu(template: MenuItemConstructorOptions[]): TrayMenu;
  /** The image of a variant (tray.ts draws it with tray/tray-icon.ts). */
  icon(icon: TrayIcon): unknown;
  /** The unread badge where the platform has one (macOS dock, Linux Unity); 0 clears it. */
  setBadgeCount(count: number): void;
  /**
   * Windows only (tray.ts leaves it out elsewhere): the taskbar overlay on the
   * main window, the image drawn by tray/badge-icon.ts; 0 clears it.
   */
  setOverlayBadge?(count: number, description: string): void;
}

/**
 * On Windows `&` marks a mnemonic: every label is taken literally, since any
 * may hold outside text (a thread called "R&D", the status line's reason from
 * the server).
 */
const literal = (label: string): string => label.replace(/&/g, '&&');

function menuItem(item: TrayItem, onClick: (item: TrayItem) => void): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'status':
      return { label: literal(item.label), enabled: false };
    case 'presence':
      return { type: 'radio', label: literal(item.label), checked: item.checked, enabled: item.enabled, click: () => onClick(item) };
    case 'thread':
      return { label: literal(item.label), click: () => onClick(item) };
    case 'pause':
    case 'action':
      return { label: literal(item.label), enabled: item.enabled, click: () => onClick(item) };
    case 'submenu':
      return { label: literal(item.label), submenu: item.items.map((i) => menuItem(i, onClick)) };
  }
}

export function createTrayWith(api: TrayApi, clock: Clock, services: AppServices, shell: TrayShellActions): () => void {
  const tray = api.createTray(api.icon({ connection: 'signed-out', presence: null }));
  const onClick = (item: TrayItem): void => trayAction(services, shell, item);
  let shown: { icon: string; tooltip: string; title: string; badge: number } | null = null;
  /** What the menu set on the tray shows (JSON of its items). */
  let menuShown: string | null = null;
  /**
   * Replacing the context menu while it is open closes it under the cursor
   * (electron/electron#4796): while open (since when), rebuilds wait, and the
   * latest is applied when it closes. Linux's AppIndicator menus say neither
   * (electron/electron#28837): there a rebuild is never held back.
   */
  let menuOpenSince: number | null = null;
  let afterClose: TimerHandle | null = null;
  let built: TrayMenu | null = null;
  const setMenu = (items: readonly TrayItem[], json: string): void => {
    const menu = api.buildMenu(items.map((item) => menuItem(item, onClick)));
    // Only the menu on the tray now speaks.
    const current = (): boolean => built === menu;
    menu.on('menu-will-show', () => {
      if (current()) menuOpenSince = clock.now();
    });
    menu.on('menu-will-close', () => {
      if (!current()) return;
      menuOpenSince = null;
      // Not from inside the menu's own close: the next turn sets the latest.
      afterClose ??= clock.setTimeout(() => {
        afterClose = null;
        refresh();
      }, 0);
    });
    built = menu;
    menuShown = json;
    menuOpenSince = null;
    tray.setContextMenu(menu);
  };
  const menuHeld = (): boolean => menuOpenSince !== null && clock.now() - menuOpenSince < MENU_HOLD_MAX_MS;

  const view = (): TrayView =>
    trayView({
      connection: services.connection.state(),
      session: services.session.status(),
      presence: services.presence.get(),
      effectivePresence: services.presence.effective(),
      threads: services.session.status().signedIn ? services.workspace.snapshot().threads : [],
      pausedUntil: services.notifications.pausedUntil(),
      now: clock.now(),
    });

  // A pause ends by itself: the menu must stop saying "paused until" then.
  let pauseEnd: { at: number; timer: TimerHandle } | null = null;
  const followPause = (): void => {
    const until = services.notifications.pausedUntil();
    if (pauseEnd?.at === until) return;
    if (pauseEnd) clock.clearTimeout(pauseEnd.timer);
    pauseEnd = until === null ? null : { at: until, timer: clock.setTimeout(refresh, Math.max(0, until - clock.now()) + 1) };
  };

  // Each part is set only when it changed: a batch that changes nothing the tray shows costs no menu.
  function refresh(): void {
    followPause();
    const v = view();
    const items = JSON.stringify(v.items);
    const icon = trayIconKey(v.icon);
    if (shown?.icon !== icon) tray.setImage(api.icon(v.icon));
    if (shown?.tooltip !== v.tooltip) tray.setToolTip(v.tooltip);
    if (shown?.title !== v.title) tray.setTitle(v.title);
    if (shown?.badge !== v.badge) {
      api.setBadgeCount(v.badge);
      api.setOverlayBadge?.(v.badge, badgeDescription(v.badge));
    }
    if (menuShown !== items && !menuHeld()) setMenu(v.items, items);
    shown = { icon, tooltip: v.tooltip, title: v.title, badge: v.badge };
  }

  let pending: TimerHandle | null = null;
  const soon = (): void => {
    pending ??= clock.setTimeout(() => {
      pending = null;
      refresh();
    }, REFRESH_MS);
  };
  let tick: TimerHandle | null = null;
  const ticking = (): void => {
    tick = clock.setTimeout(() => {
      if (services.connection.state().state === 'reconnecting') refresh();
      ticking();
    }, TICK_MS);
  };

  refresh();
  ticking();
  const offs = [
    services.connection.subscribe(refresh),
    services.session.onStatus(refresh),
    services.presence.subscribe(refresh),
    services.presence.onEffective(refresh),
    services.notifications.onPause(refresh),
    services.workspace.onBatch(soon),
  ];
  tray.on('click', () => {
    // macOS emits 'click' on mouse-down even with a context menu set
    // (electron/electron#24200): the click that opens the menu would also pull
    // the window in front. There the menu's "Open Beacon" opens it.
    if (api.platform === 'darwin' && shown !== null) return;
    shell.openWindow();
  });
  return () => {
    if (tick !== null) clock.clearTimeout(tick);
    if (afterClose !== null) clock.clearTimeout(afterClose);
    if (pending !== null) clock.clearTimeout(pending);
    if (pauseEnd) clock.clearTimeout(pauseEnd.timer);
    for (const off of offs) off();
    tray.destroy();
  };
}
