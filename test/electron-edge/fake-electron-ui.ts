// Small fakes of Electron's Notification and Tray/Menu/app badge, recording
// what the edge asked of them, in the style of test/ipc/fake-electron.ts.
import type { TrayIcon } from '../../src/main/tray';
import type { NativeNotification, NotificationApi } from '../../src/main/electron/notification-edge';
import type { TrayApi, TrayLike } from '../../src/main/electron/tray-edge';

/** Electron's MenuItemConstructorOptions, as the edge passes it (tests may not import 'electron'). */
type MenuItemConstructorOptions = Parameters<TrayApi['buildMenu']>[0][number];

export class FakeNotification implements NativeNotification {
  shown = false;
  closed = false;
  readonly listeners = new Map<string, () => void>();
  constructor(readonly options: { title: string; body: string; silent: boolean }) {}
  show(): void {
    this.shown = true;
  }
  /** Like Electron: closing emits 'close'. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.get('close')?.();
  }
  on(event: 'click' | 'close', listener: () => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  click(): void {
    this.listeners.get('click')?.();
  }
}

export class FakeNotificationApi implements NotificationApi {
  supported = true;
  readonly created: FakeNotification[] = [];
  isSupported(): boolean {
    return this.supported;
  }
  create(options: { title: string; body: string; silent: boolean }): FakeNotification {
    const n = new FakeNotification(options);
    this.created.push(n);
    return n;
  }
  /** What is on screen now. */
  visible(): FakeNotification[] {
    return this.created.filter((n) => n.shown && !n.closed);
  }
}

export class FakeTray implements TrayLike {
  image: unknown = null;
  tooltip = '';
  title = '';
  menu: MenuItemConstructorOptions[] = [];
  menus = 0;
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
    this.menu = menu as MenuItemConstructorOptions[];
    this.menus++;
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
  badge: number | null = null;
  badgeCalls = 0;
  createTray(image: unknown): FakeTray {
    this.tray.image = image;
    return this.tray;
  }
  /** The template itself stands for the built menu. */
  buildMenu(template: MenuItemConstructorOptions[]): unknown {
    return template;
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
