// The one signal the web preview's bridge gives the page outside the IPC
// contract: its socket to the host is gone, so no call or event will come
// through again until a reload. (The Electron app has no such bridge; the
// event never fires there.) No imports: the bridge and the renderer share it.

/** Dispatched on the page's window (a plain Event) when the bridge has lost the host. */
export const BRIDGE_LOST_EVENT = 'beacon:bridge-lost';

/** What every call made after that fails with, and what the window says. */
export const BRIDGE_LOST_TEXT = 'lost contact with Beacon — reload the page';
