// Frames between the web bridge (in the page) and the web host, over the
// loopback WebSocket. No schema library here: the bridge bundle imports this.
// The host parses what the page sends (page-frame.ts); the bridge checks the
// shape of what the host sends, trusting it as the preload trusts ipcMain.

export const BRIDGE_SOCKET_PATH = '/__beacon/ipc';
export const BRIDGE_SCRIPT_PATH = '/__beacon/bridge.js';
export const LAUNCH_PATH = '/launch';
export const SESSION_COOKIE = 'beacon_web_session';
/** The launch redirect's fragment carries the page key as `#k=KEY` (a fragment is never sent to any server). */
export const PAGE_KEY_PARAM = 'k';
/** The subprotocol the host agrees to on the bridge socket (the only one it ever echoes). */
export const BRIDGE_PROTOCOL = 'beacon.bridge.v1';
/** The bridge offers the page key as a second subprotocol entry, `beacon.key.KEY`; the host never echoes it. */
export const PAGE_KEY_PROTOCOL_PREFIX = 'beacon.key.';

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
