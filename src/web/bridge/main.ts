// Injected into the web preview's page before the renderer: installs
// window.beacon over the host's loopback WebSocket, built by the same client
// maker the Electron preload uses. The renderer cannot tell the difference.
import { createBeaconClient } from '../../shared/ipc/client';
import { BRIDGE_SOCKET_PATH } from '../wire';
import { socketTransport } from './transport';

const url = new URL(BRIDGE_SOCKET_PATH, window.location.href);
url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
// The session cookie (HttpOnly, SameSite=Strict) authenticates the upgrade.
const socket = new WebSocket(url.href);

Object.defineProperty(window, 'beacon', {
  value: createBeaconClient(socketTransport(socket)),
  writable: false,
  configurable: false,
  enumerable: true,
});
