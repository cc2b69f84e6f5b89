// The token in `Sec-WebSocket-Protocol` (the subprotocol transport): the client
// offers `beacon.v1` and `bearer.<token>`; the server selects `beacon.v1`, never
// the bearer entry, which would echo the token in its response. Client and
// relay both import these, so the contract is written once.
export const BEACON_SUBPROTOCOL = 'beacon.v1';
export const BEARER_SUBPROTOCOL_PREFIX = 'bearer.';
