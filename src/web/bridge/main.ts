// Injected into the web preview's page before the renderer: installs
// window.beacon over the host's loopback WebSocket, built by the same client
// maker the Electron preload uses. The renderer cannot tell the difference.
// (Typed against the browser globals it uses, so it checks with the Node
// config like the rest of src/web.)
import { createBeaconClient } from '../../shared/ipc/client';
import { BRIDGE_LOST_EVENT } from '../../shared/web-bridge';
import { BRIDGE_SOCKET_PATH } from '../wire';
import { bridgeProtocols, pageKeyFromHash } from './page-key';
import { socketTransport, unavailableTransport, type SocketLike } from './transport';

const page = globalThis as unknown as {
  readonly location: { readonly href: string; readonly hash: string };
  readonly WebSocket: new (url: string, protocols: string[]) => SocketLike;
  readonly Event: new (type: string) => object;
  dispatchEvent(event: object): boolean;
};

function connect() {
  // Read once, kept only in this closure and the address bar (a reload needs it).
  const pageKey = pageKeyFromHash(page.location.hash);
  if (pageKey === null) {
    return unavailableTransport(
      'this page was opened without the Beacon web preview\'s key: open the address the preview printed in its terminal',
    );
  }
  const url = new URL(BRIDGE_SOCKET_PATH, page.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  // The session cookie (HttpOnly, SameSite=Strict) and the page key (a
  // subprotocol entry; the host answers with the bridge protocol only) authenticate the upgrade.
  // The window says so at once (not only when the next call fails): nothing reaches main any more.
  const onLost = (): void => {
    page.dispatchEvent(new page.Event(BRIDGE_LOST_EVENT));
  };
  return socketTransport(new page.WebSocket(url.href, bridgeProtocols(pageKey)), { onLost });
}

Object.defineProperty(globalThis, 'beacon', {
  value: createBeaconClient(connect()),
  writable: false,
  configurable: false,
  enumerable: true,
});
