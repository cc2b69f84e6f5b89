// window.beacon as the renderer sees it: the preload (Electron) and the web
// bridge (browser) both install exactly this.
import type { BeaconApi } from '../shared/ipc/client';

declare global {
  interface Window {
    readonly beacon: BeaconApi;
  }
}

export {};
