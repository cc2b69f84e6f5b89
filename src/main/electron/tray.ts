// The tray with Electron's Tray, Menu and badge; all the work is in tray-edge.ts.
import { app, BrowserWindow, Menu, nativeImage, Tray, type NativeImage } from 'electron';
import { systemClock } from '../connection/clock';
import type { AppServices } from '../services';
import { badgePng, trayIconKey, trayIconPng, type TrayShellActions } from '../tray';
import { overlayBadgeWith, type OverlayBadge } from './overlay-edge';
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

/** Windows' taskbar overlay on our window: the unread total as a badge image (tray/badge-icon.ts). */
function windowsOverlay(): OverlayBadge {
  const images = new Map<number, NativeImage>();
  return overlayBadgeWith({
    windows: () => BrowserWindow.getAllWindows(),
    onWindowCreated: (listener) => {
      const created = (_event: Electron.Event, win: BrowserWindow): void => listener(win);
      app.on('browser-window-created', created);
      return () => void app.off('browser-window-created', created);
    },
    image: (count) => {
      // Above nine every count draws the same "9+".
      const key = Math.min(count, 10);
      const cached = images.get(key);
      if (cached) return cached;
      const small = badgePng(count, 16);
      const large = badgePng(count, 32);
      if (small === null || large === null) return null;
      const image = nativeImage.createFromBuffer(small);
      image.addRepresentation({ scaleFactor: 2, buffer: large });
      images.set(key, image);
      return image;
    },
  });
}

export function createTray(services: AppServices, shell: TrayShellActions): () => void {
  const icons = new Map<string, NativeImage>();
  const overlay = process.platform === 'win32' ? windowsOverlay() : null;
  const stop = createTrayWith(
    {
      platform: process.platform,
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
      // macOS dock and Linux Unity launchers; elsewhere Electron ignores it.
      setBadgeCount: (count) => void app.setBadgeCount(count),
      ...(overlay ? { setOverlayBadge: (count: number, description: string) => overlay.set(count, description) } : {}),
    },
    systemClock,
    services,
    shell,
  );
  return () => {
    stop();
    overlay?.dispose();
  };
}
