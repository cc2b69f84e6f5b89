// Injected into the web preview's page before the renderer: installs
// window.beacon over the host's loopback WebSocket, built by the same client
// maker the Electron preload uses. The renderer cannot tell the difference.
// (Typed against the two browser globals it uses, so it checks with the Node
// config like the rest of src/web.)
import { createBeaconClient } from '../../shared/ipc/client';
import { BRIDGE_SOCKET_PATH } from '../wire';
import { socketTransport, type SocketLike } from './transport';

const page = globalThis as unknown as {
  readonly location: { readonly href: string };
  readonly WebSocket: new (url: string) => SocketLike;
};

const url = new URL(BRIDGE_SOCKET_PATH, page.location.href);
url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
// The session cookie (HttpOnly, SameSite=Strict) authenticates the upgrade.
const socket = new page.WebSocket(url.href);

Object.defineProperty(globalThis, 'beacon', {
  value: createBeaconClient(socketTransport(socket)),
  writable: false,
  configurable: false,
  enumerable: true,
});
