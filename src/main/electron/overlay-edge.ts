// The Windows taskbar overlay badge on Beacon's window(s). The window may not
// exist yet when the first count comes (the tray starts first), and the
// taskbar forgets an overlay set while the window was hidden, so the last
// count is applied again to each new window and whenever one is shown.
// Electron's API comes in as a parameter (tray.ts passes the real one; tests a fake).

export interface OverlayWindow {
  isDestroyed(): boolean;
  setOverlayIcon(image: unknown, description: string): void;
  on(event: 'show', listener: () => void): unknown;
}

export interface OverlayApi {
  windows(): readonly OverlayWindow[];
  /** Calls back for each window created from now on; returns the unsubscribe. */
  onWindowCreated(listener: (win: OverlayWindow) => void): () => void;
  /** The badge image for this count; null at 0 (setOverlayIcon(null) clears). */
  image(count: number): unknown;
}

export interface OverlayBadge {
  set(count: number, description: string): void;
  dispose(): void;
}

export function overlayBadgeWith(api: OverlayApi): OverlayBadge {
  let last = { count: 0, description: '' };
  let disposed = false;
  const apply = (win: OverlayWindow): void => {
    if (disposed || win.isDestroyed()) return;
    win.setOverlayIcon(api.image(last.count), last.description);
  };
  const off = api.onWindowCreated((win) => {
    apply(win);
    win.on('show', () => apply(win));
  });
  return {
    set(count, description) {
      last = { count, description };
      for (const win of api.windows()) apply(win);
    },
    dispose() {
      if (disposed) return;
      for (const win of api.windows()) if (!win.isDestroyed()) win.setOverlayIcon(null, '');
      disposed = true;
      off();
    },
  };
}
