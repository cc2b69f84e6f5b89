// Frames between the web bridge (in the page) and the web host, over the
// loopback WebSocket. No schema library here: the bridge bundle imports this.
// The host parses what the page sends (page-frame.ts); the bridge checks the
// shape of what the host sends, trusting it as the preload trusts ipcMain.

export const BRIDGE_SOCKET_PATH = '/__beacon/ipc';
export const BRIDGE_SCRIPT_PATH = '/__beacon/bridge.js';
export const LAUNCH_PATH = '/launch';
export const SESSION_COOKIE = 'beacon_web_session';

export interface InvokeFrame {
  readonly t: 'invoke';
  readonly id: number;
  readonly channel: string;
  /** Absent for calls that take nothing (JSON has no undefined). */
  readonly arg?: unknown;
}

export type HostFrame =
  | { readonly t: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly t: 'result'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly t: 'event'; readonly channel: string; readonly payload: unknown };
