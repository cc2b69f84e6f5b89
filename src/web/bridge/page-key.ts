// The page key on the page's side: read from the address's fragment (put
// there by the launch redirect; a fragment never reaches any server) and
// offered only on the bridge socket, as a subprotocol entry the host checks
// and never echoes. It stays in the address so that a reload still works:
// the renderer keeps nothing in web storage.
import { BRIDGE_PROTOCOL, PAGE_KEY_PARAM, PAGE_KEY_PROTOCOL_PREFIX } from '../wire';

/** A subprotocol entry must be an HTTP token; base64url keys always are. */
const KEY_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/** The page key in a location hash (`#k=KEY`), or null. */
export function pageKeyFromHash(hash: string): string | null {
  const key = new URLSearchParams(hash.replace(/^#/, '')).get(PAGE_KEY_PARAM);
  return key !== null && KEY_SHAPE.test(key) ? key : null;
}

/** What the bridge offers as Sec-WebSocket-Protocol: the protocol the host answers with, then the key. */
export function bridgeProtocols(pageKey: string): string[] {
  return [BRIDGE_PROTOCOL, `${PAGE_KEY_PROTOCOL_PREFIX}${pageKey}`];
}
