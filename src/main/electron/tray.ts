// The tray icon and menu, rebuilt from trayView whenever what it shows changes.
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { AppServices } from '../services';
import { trayAction, trayView, type TrayItem, type TrayShellActions } from '../tray';
import { TRAY_ICON_PNG_BASE64 } from './icons';

function menuItem(item: TrayItem, onClick: (item: TrayItem) => void): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'status':
      return { label: item.label, enabled: false };
    case 'presence':
      return { type: 'radio', label: item.label, checked: item.checked, enabled: item.enabled, click: () => onClick(item) };
    case 'action':
      return { label: item.label, enabled: item.enabled, click: () => onClick(item) };
  }
}

export function createTray(services: AppServices, shell: TrayShellActions): () => void {
  const icons = new Map<string, Electron.NativeImage>();
  const icon = (tone: keyof typeof TRAY_ICON_PNG_BASE64): Electron.NativeImage => {
    let image = icons.get(tone);
    if (!image) icons.set(tone, (image = nativeImage.createFromBuffer(Buffer.from(TRAY_ICON_PNG_BASE64[tone], 'base64'))));
    return image;
  };
  const tray = new Tray(icon('idle'));
  const onClick = (item: TrayItem): void => trayAction(services, shell, item);

  const refresh = (): void => {
    const view = trayView({
      connection: services.connection.state(),
      session: services.session.status(),
      presence: services.presence.get(),
      now: Date.now(),
    });
    tray.setImage(icon(view.tone));
    tray.setToolTip(view.tooltip);
    tray.setTitle(view.title);
    tray.setContextMenu(Menu.buildFromTemplate(view.items.map((item) => menuItem(item, onClick))));
  };

  refresh();
  // The tooltip counts down to the next attempt; a slow tick is enough.
  const tick = setInterval(() => {
    if (services.connection.state().state === 'reconnecting') refresh();
  }, 1000);
  const offs = [
    services.connection.subscribe(refresh),
    services.session.onStatus(refresh),
    services.presence.subscribe(refresh),
  ];
  tray.on('click', () => shell.openWindow());
  return () => {
    clearInterval(tick);
    for (const off of offs) off();
    tray.destroy();
  };
}
