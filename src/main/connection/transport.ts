// Builds the upgrade request for a token transport (header, query, subprotocol, cookie). The query transport is the
// only case where the token goes into a URL, and that URL is never logged: the
// result keeps it in `secretUrl`, separate from the loggable `endpoint`.
import { BEACON_SUBPROTOCOL, BEARER_SUBPROTOCOL_PREFIX } from '../../shared/protocol';
import { redact as redactSecrets } from '../../shared/redact';
import type { SubprotocolForm } from '../../shared/protocol/profiles';
import { MAX_TOKEN_CHARS, type TokenTransport } from '../../shared/types';
import { describeEndpoint } from './url';

export interface ConnectRequest {
  /** The URL to dial. With the query transport it contains the token: never log it. */
  secretUrl: string;
  headers: Record<string, string>;
  protocols: string[];
  /** Safe for logs and messages. */
  endpoint: string;
}

// RFC 7230 token characters: what a subprotocol name may contain.
const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Visible ASCII: what an HTTP header value may safely carry.
const HEADER_SAFE = /^[\x21-\x7e]+$/;
// RFC 6265 cookie-octet: visible ASCII without `"`, `,`, `;` and `\`.
const COOKIE_SAFE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;

/** Why this token cannot travel this way, or null. Never includes the token itself. */
export function tokenProblem(token: string, transport: TokenTransport): string | null {
  if (typeof token !== 'string' || token.length === 0) return 'The token is empty.';
  if (token.length > MAX_TOKEN_CHARS) return `The token is longer than ${MAX_TOKEN_CHARS} characters.`;
  if (!HEADER_SAFE.test(token)) return 'The token contains spaces or characters that cannot be sent (only visible ASCII is allowed).';
  if (transport.kind === 'subprotocol' && !TCHAR.test(token)) {
    return 'This token contains characters that cannot travel in the Sec-WebSocket-Protocol header; use the Authorization header or the query transport.';
  }
  if (transport.kind === 'cookie' && !COOKIE_SAFE.test(token)) {
    return 'This token contains characters that cannot travel in a cookie (a quote, comma, semicolon or backslash).';
  }
  return null;
}

/** Beacon's own subprotocol form (PROTOCOL.md): `beacon.v1, bearer.<token>`. */
const BEACON_FORM: SubprotocolForm = { offer: [BEACON_SUBPROTOCOL], tokenPrefix: BEARER_SUBPROTOCOL_PREFIX };

/** `form`: how the server's profile offers the token as a subprotocol (default Beacon's). */
export function buildConnectRequest(url: URL, token: string, transport: TokenTransport, form: SubprotocolForm = BEACON_FORM): ConnectRequest {
  const endpoint = describeEndpoint(url);
  switch (transport.kind) {
    case 'header':
      return { secretUrl: url.href, headers: { Authorization: `Bearer ${token}` }, protocols: [], endpoint };
    case 'query': {
      const withToken = new URL(url.href);
      withToken.searchParams.set(transport.param, token);
      return { secretUrl: withToken.href, headers: {}, protocols: [], endpoint };
    }
    case 'subprotocol':
      return { secretUrl: url.href, headers: {}, protocols: [...form.offer, `${form.tokenPrefix}${token}`], endpoint };
    case 'cookie':
      return { secretUrl: url.href, headers: { Cookie: `${transport.name}=${token}` }, protocols: [], endpoint };
  }
}

/**
 * Replaces every occurrence of the token, plain or URL-encoded, in a message
 * (e.g. an error from a library) before it goes anywhere: the shared rule, for
 * the one token this module's callers hold.
 */
export function redact(text: string, token: string): string {
  return redactSecrets(text, [token]);
}
