// Small fakes of Electron's Notification and Tray/Menu/app badge, recording
// what the edge asked of them, in the style of test/ipc/fake-electron.ts.
import type { TrayIcon } from '../../src/main/tray';
import type { NativeNotification, NotificationApi } from '../../src/main/electron/notification-edge';
import type { TrayApi, TrayLike, TrayMenu } from '../../src/main/electron/tray-edge';

/** Electron's MenuItemConstructorOptions, as the edge passes it (tests may not import 'electron'). */
type MenuItemConstructorOptions = Parameters<TrayApi['buildMenu']>[0][number];

export class FakeNotification implements NativeNotification {
  shown = false;
  /** Gone for good: closed by us, or by the user (or the system elsewhere than Windows). */
  closed = false;
  /** Windows: the toast timed out and left the screen, but is still in the Action Center (clickable). */
  inActionCenter = false;
  #closeEmitted = false;
  readonly listeners = new Map<string, () => void>();
  constructor(readonly options: { title: string; body: string; silent: boolean }) {}
  show(): void {
    this.shown = true;
  }
  /** Like Electron: closing emits 'close', but never a second time (Windows: after a timeout it only leaves the Action Center). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.inActionCenter = false;
    this.#emitClose();
  }
  /** Windows' system timeout: 'close' is emitted, yet the toast stays in the Action Center (electron.d.ts, Notification 'close'). */
  timeOut(): void {
    if (this.closed) return;
    this.inActionCenter = true;
    this.#emitClose();
  }
  on(event: 'click' | 'close', listener: () => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  /** The user activates it (on screen or in the Action Center); the system then removes it. */
  click(): void {
    if (this.closed) return;
    this.closed = true;
    this.inActionCenter = false;
    this.listeners.get('click')?.();
  }
  #emitClose(): void {
    if (this.#closeEmitted) return;
    this.#closeEmitted = true;
    this.listeners.get('close')?.();
  }
}

export class FakeNotificationApi implements NotificationApi {
  supported = true;
  readonly created: FakeNotification[] = [];
  constructor(readonly platform: NodeJS.Platform = 'linux') {}
  isSupported(): boolean {
    return this.supported;
  }
  create(options: { title: string; body: string; silent: boolean }): FakeNotification {
    const n = new FakeNotification(options);
    this.created.push(n);
    return n;
  }
  /** What is on screen now (or, on Windows, still in the Action Center). */
  visible(): FakeNotification[] {
    return this.created.filter((n) => n.shown && !n.closed);
  }
}

/**
 * A built menu, like Electron's: 'menu-will-show' when the user opens it from
 * the tray, 'menu-will-close' when it goes (Windows and macOS; Linux's
 * AppIndicator menus emit neither, electron/electron#28837).
 */
export class FakeMenu implements TrayMenu {
  readonly listeners = new Map<string, (() => void)[]>();
  constructor(readonly items: MenuItemConstructorOptions[]) {}
  on(event: 'menu-will-show' | 'menu-will-close', listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: 'menu-will-show' | 'menu-will-close'): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}

export class FakeTray implements TrayLike {
  image: unknown = null;
  tooltip = '';
  title = '';
  menu: MenuItemConstructorOptions[] = [];
  menus = 0;
  built: FakeMenu | null = null;
  /** Whether the user has the context menu open; replacing it then closes it under the cursor (electron/electron#4796). */
  menuOpen = false;
  closedUnderCursor = 0;
  destroyed = false;
  onClick: () => void = () => {};
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.title = text;
  }
  setContextMenu(menu: unknown): void {
    if (this.menuOpen) {
      this.closedUnderCursor++;
      this.closeMenu();
    }
    this.built = menu as FakeMenu;
    this.menu = this.built.items;
    this.menus++;
  }
  /** The user opens the context menu (Windows, macOS). */
  openMenu(): void {
    this.menuOpen = true;
    this.built?.emit('menu-will-show');
  }
  closeMenu(): void {
    if (!this.menuOpen) return;
    this.menuOpen = false;
    this.built?.emit('menu-will-close');
  }
  on(_event: 'click', listener: () => void): this {
    this.onClick = listener;
    return this;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeTrayApi implements TrayApi {
  readonly tray = new FakeTray();
  constructor(readonly platform: NodeJS.Platform = 'linux') {}
  badge: number | null = null;
  badgeCalls = 0;
  createTray(image: unknown): FakeTray {
    this.tray.image = image;
    return this.tray;
  }
  buildMenu(template: MenuItemConstructorOptions[]): FakeMenu {
    return new FakeMenu(template);
  }
  icon(icon: TrayIcon): string {
    return `icon:${icon.connection}:${icon.presence ?? 'none'}`;
  }
  setBadgeCount(count: number): void {
    this.badge = count;
    this.badgeCalls++;
  }
  /** A menu item by label, submenus included. */
  item(label: string, items: MenuItemConstructorOptions[] = this.tray.menu): MenuItemConstructorOptions | undefined {
    for (const i of items) {
      if (i.label === label) return i;
      const sub = Array.isArray(i.submenu) ? this.item(label, i.submenu) : undefined;
      if (sub) return sub;
    }
    return undefined;
  }
}
