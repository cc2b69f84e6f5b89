// The tray with Electron's Tray, Menu and badge; all the work is in tray-edge.ts.
import { app, Menu, nativeImage, Tray, type NativeImage } from 'electron';
import { systemClock } from '../connection/clock';
import type { AppServices } from '../services';
import { trayIconKey, trayIconPng, type TrayShellActions } from '../tray';
import { createTrayWith, type TrayLike } from './tray-edge';

function trayLike(image: NativeImage): TrayLike {
  const tray = new Tray(image);
  return {
    setImage: (i) => tray.setImage(i as NativeImage),
    setToolTip: (text) => tray.setToolTip(text),
    setTitle: (text) => tray.setTitle(text),
    setContextMenu: (menu) => tray.setContextMenu(menu as Electron.Menu),
    on: (event, listener) => tray.on(event, listener),
    destroy: () => tray.destroy(),
  };
}

export function createTray(services: AppServices, shell: TrayShellActions): () => void {
  const icons = new Map<string, NativeImage>();
  return createTrayWith(
    {
      createTray: (image) => trayLike(image as NativeImage),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      icon: (variant) => {
        const key = trayIconKey(variant);
        let image = icons.get(key);
        if (!image) {
          image = nativeImage.createFromBuffer(trayIconPng(variant, 16));
          image.addRepresentation({ scaleFactor: 2, buffer: trayIconPng(variant, 32) });
          icons.set(key, image);
        }
        return image;
      },
      // macOS dock and Linux Unity launchers; elsewhere Electron ignores it (the Windows overlay icon is not done).
      setBadgeCount: (count) => void app.setBadgeCount(count),
    },
    systemClock,
    services,
    shell,
  );
}
